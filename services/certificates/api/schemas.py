"""The typed answers of the certificate API as the OpenAPI schema publishes them (output.py builds
them; these only describe them, and the contract tests hold the two together). `*_display` and
`*_label` fields are for people, in the request's language."""

from rest_framework import serializers

from backend.payments.api.schemas import amount_field, display_field


class CertificateFormFieldOut(serializers.Serializer):
    code = serializers.CharField()
    label = display_field()
    type = serializers.CharField()
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.JSONField())


class CertificateRequiredDocumentOut(serializers.Serializer):
    code = serializers.CharField()
    label = display_field()
    required = serializers.BooleanField()


class CertificateTypeOut(serializers.Serializer):
    code = serializers.CharField()
    name = display_field()
    name_en = serializers.CharField()
    name_bn = serializers.CharField()
    fee_bn = amount_field()
    fee_bn_display = display_field("Fee for a certificate printed in Bangla.")
    fee_en = amount_field()
    fee_en_display = display_field("Fee for a certificate printed in English.")
    sla_days = serializers.IntegerField()
    sla_days_display = display_field()
    validity_days = serializers.IntegerField(allow_null=True)
    validity_days_display = display_field(null=True)
    lists_heirs = serializers.BooleanField()
    form_fields = CertificateFormFieldOut(many=True)
    required_documents = CertificateRequiredDocumentOut(many=True)
    upload_purpose = serializers.CharField()


class CertificateTypesOut(serializers.Serializer):
    results = CertificateTypeOut(many=True)


class CertificateNamedRef(serializers.Serializer):
    code = serializers.CharField()
    name = display_field()


class CertificatePersonOut(serializers.Serializer):
    name_en = serializers.CharField(allow_blank=True)
    name_bn = serializers.CharField(allow_blank=True)
    name = display_field()
    nid = serializers.CharField(allow_blank=True)
    birth_registration_number = serializers.CharField(allow_blank=True)


class CertificateSubjectOut(CertificatePersonOut):
    father_name_en = serializers.CharField(allow_blank=True)
    father_name_bn = serializers.CharField(allow_blank=True)
    mother_name_en = serializers.CharField(allow_blank=True)
    mother_name_bn = serializers.CharField(allow_blank=True)
    spouse_name_en = serializers.CharField(allow_blank=True)
    spouse_name_bn = serializers.CharField(allow_blank=True)
    date_of_birth = serializers.DateField(allow_null=True)
    date_of_birth_display = display_field(null=True)
    address_en = serializers.CharField(allow_blank=True)
    address_bn = serializers.CharField(allow_blank=True)


class CertificateDeceasedOut(CertificatePersonOut):
    father_or_husband_name_en = serializers.CharField(allow_blank=True)
    father_or_husband_name_bn = serializers.CharField(allow_blank=True)
    date_of_death = serializers.DateField(allow_null=True)
    date_of_death_display = display_field(null=True)
    death_registration_number = serializers.CharField(allow_blank=True)


class CertificateHeirOut(CertificatePersonOut):
    position = serializers.IntegerField()
    relation = serializers.CharField()
    relation_label = display_field()
    date_of_birth = serializers.DateField(allow_null=True)
    date_of_birth_display = display_field(null=True)
    age_years = serializers.IntegerField(allow_null=True)
    age_display = display_field(null=True)


class CertificateRequestOut(serializers.Serializer):
    method = serializers.CharField()
    url = serializers.CharField()
    body = serializers.JSONField()


class CertificatePayHowOut(serializers.Serializer):
    bill = CertificateRequestOut(help_text="Make a bill of the fee's demand...")
    payment = CertificateRequestOut(help_text="...then pay the bill online.")


class CertificateFeeOut(serializers.Serializer):
    amount = amount_field()
    amount_display = display_field()
    paid_at = serializers.DateTimeField(allow_null=True)
    paid_at_display = display_field(null=True)
    demand_id = serializers.IntegerField(allow_null=True)
    demand_status = serializers.CharField(allow_null=True)
    demand_status_label = display_field(null=True)
    due_date = serializers.DateField(allow_null=True)
    due_date_display = display_field(null=True)
    pay = CertificatePayHowOut(required=False, help_text="How to pay, while the fee is unpaid.")


class CertificateAttachmentOut(serializers.Serializer):
    document_code = serializers.CharField()
    upload = serializers.UUIDField()
    name = serializers.CharField(allow_blank=True)
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    url = serializers.CharField()


class IssuedCertificateOut(serializers.Serializer):
    number = serializers.CharField()
    language = serializers.CharField()
    issued_at = serializers.DateTimeField(allow_null=True)
    issued_at_display = display_field(null=True)
    status = serializers.CharField()
    status_label = display_field()
    download_url = serializers.CharField()


class CertificateHistoryOut(serializers.Serializer):
    action = serializers.CharField()
    action_label = display_field()
    from_state = serializers.CharField(allow_blank=True)
    from_state_label = display_field()
    to_state = serializers.CharField()
    to_state_label = display_field()
    comment = serializers.CharField(allow_blank=True, help_text="As written.")
    comment_display = display_field("The platform's own notes in the request's language.")
    at = serializers.DateTimeField()
    at_display = display_field()
    actor = serializers.CharField(required=False, help_text="Staff only.")
    actor_role = serializers.CharField(required=False, allow_blank=True, help_text="Staff only.")


class CertificateActionOut(serializers.Serializer):
    action = serializers.CharField()
    label = display_field()
    needs_comment = serializers.BooleanField()


class CertificateApplicationOut(serializers.Serializer):
    number = serializers.CharField()
    pourashava = CertificateNamedRef()
    ward = serializers.IntegerField()
    mahalla = serializers.IntegerField(allow_null=True)
    type = CertificateNamedRef()
    language = serializers.CharField()
    relation = serializers.CharField(allow_blank=True)
    state = serializers.CharField()
    state_label = display_field()
    waits_on = serializers.ListField(child=serializers.CharField())
    waits_on_labels = serializers.ListField(child=display_field())
    submitted_at = serializers.DateTimeField(allow_null=True)
    submitted_at_display = display_field(null=True)
    state_due_at = serializers.DateTimeField(allow_null=True)
    state_due_at_display = display_field(null=True)
    due_by = serializers.DateTimeField(allow_null=True)
    due_by_display = display_field(null=True)
    late = serializers.BooleanField()
    closed_at = serializers.DateTimeField(allow_null=True)
    closed_at_display = display_field(null=True)
    subject = CertificateSubjectOut()
    answers = serializers.DictField(child=serializers.JSONField())
    fee = CertificateFeeOut()
    deceased = CertificateDeceasedOut(allow_null=True)
    heirs = CertificateHeirOut(many=True)
    attachments = CertificateAttachmentOut(many=True)
    certificate = IssuedCertificateOut(allow_null=True)


class CertificateApplicationDetailOut(CertificateApplicationOut):
    history = CertificateHistoryOut(many=True)
    actions = CertificateActionOut(many=True)


class CertificateApplicantOut(serializers.Serializer):
    name_en = serializers.CharField(allow_blank=True)
    name_bn = serializers.CharField(allow_blank=True)
    mobile = serializers.CharField()


class StaffCertificateApplicationOut(CertificateApplicationDetailOut):
    applicant = CertificateApplicantOut()


class CertificateApplicationPage(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = CertificateApplicationOut(many=True)
