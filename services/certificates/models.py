"""Councillor certificates: the kinds a pourashava issues (as data), applications for them, the
people an heir certificate lists, and who signs.

The workflow state lives on backend.workflow's Application (one table for every kind, so queues
and SLA span services); CertificateApplication holds what is particular to a certificate.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from backend.common.money import MoneyField
from backend.documents.models import DocumentLanguage, IssuedDocument
from backend.municipality.models import Mahalla, Pourashava, Ward
from backend.payments.models import Demand
from backend.uploads.models import Upload
from backend.workflow.models import Application


class CertificateType(models.Model):
    """One kind of certificate in one pourashava: its form, documents, fees, SLA and wording.

    `form_fields`: [{"code", "label_en", "label_bn", "type": text|date|number|choice,
    "required": bool, "choices": [...]}], the type-specific answers an application carries.
    `required_documents`: [{"code", "label_en", "label_bn", "required": bool}], uploads asked for.
    `body_en` / `body_bn`: the certificate's wording, with {placeholders} filled from the
    application (see services/certificates/wording.py for the names).
    """

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="certificate_types"
    )
    code = models.SlugField(max_length=40)
    name_en = models.CharField(max_length=150)
    name_bn = models.CharField(max_length=150)
    form_fields = models.JSONField(default=list, blank=True)
    required_documents = models.JSONField(default=list, blank=True)
    fee_bn = MoneyField(help_text="Fee for a copy in Bangla (taka).")
    fee_en = MoneyField(help_text="Fee for a copy in English (taka).")
    sla_days = models.PositiveSmallIntegerField(help_text="Days promised from payment to issue.")
    lists_heirs = models.BooleanField(
        default=False, help_text="Records a deceased person and prints the heirs as a table."
    )
    validity_days = models.PositiveIntegerField(
        null=True, blank=True, help_text="Days the certificate stays valid; empty: no expiry."
    )
    body_en = models.TextField()
    body_bn = models.TextField()
    is_active = models.BooleanField(default=True)
    source = models.TextField(
        blank=True, help_text="Where the fee and SLA come from; defaults are marked as such."
    )

    class Meta:
        ordering = ["pourashava", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "code"], name="certificate_type_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.pourashava.code})"

    def fee_for(self, language: str):
        return self.fee_en if language == DocumentLanguage.EN else self.fee_bn


class Relation(models.TextChoices):
    """Whom a certificate is about, seen from the applicant; also an heir's relation to the
    deceased."""

    SELF = "self", "Self"
    WIFE = "wife", "Wife"
    HUSBAND = "husband", "Husband"
    SON = "son", "Son"
    DAUGHTER = "daughter", "Daughter"
    FATHER = "father", "Father"
    MOTHER = "mother", "Mother"
    BROTHER = "brother", "Brother"
    SISTER = "sister", "Sister"
    GRANDSON = "grandson", "Grandson"
    GRANDDAUGHTER = "granddaughter", "Granddaughter"
    OTHER = "other", "Other"


class CertificateApplication(models.Model):
    """What a certificate application says: about whom, which type, in which language, and the
    answers to the type's form. The person it is about may be the applicant or a family member."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="certificate"
    )
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="+")
    mahalla = models.ForeignKey(
        Mahalla, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    certificate_type = models.ForeignKey(
        CertificateType, on_delete=models.PROTECT, related_name="applications"
    )
    language = models.CharField(max_length=2, choices=DocumentLanguage.choices)
    relation = models.CharField(max_length=16, choices=Relation.choices, default=Relation.SELF)
    name_en = models.CharField(max_length=150)
    name_bn = models.CharField(max_length=150)
    father_name_en = models.CharField(max_length=150, blank=True)
    father_name_bn = models.CharField(max_length=150, blank=True)
    mother_name_en = models.CharField(max_length=150, blank=True)
    mother_name_bn = models.CharField(max_length=150, blank=True)
    spouse_name_en = models.CharField(max_length=150, blank=True)
    spouse_name_bn = models.CharField(max_length=150, blank=True)
    nid = models.CharField(max_length=17, blank=True)
    birth_registration_number = models.CharField(max_length=17, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    address_en = models.CharField(max_length=300, blank=True)
    address_bn = models.CharField(max_length=300, blank=True)
    answers = models.JSONField(default=dict, blank=True, help_text="The type's form fields.")
    fee = MoneyField()
    paid_at = models.DateTimeField(null=True, blank=True)
    due_by = models.DateTimeField(
        null=True, blank=True, help_text="Promised issue time: payment plus the type's SLA."
    )
    certificate = models.OneToOneField(
        IssuedDocument, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    fee_demand = models.OneToOneField(
        Demand,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="What the applicant owes for it; empty when the fee is zero.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(fields=["pourashava", "certificate_type"], name="cert_app_type_idx"),
            models.Index(fields=["nid"], name="cert_app_nid_idx"),
            models.Index(fields=["name_en"], name="cert_app_name_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.certificate_type.code} for {self.name_en} ({self.application.number})"


class Deceased(models.Model):
    """The person an heir certificate is about."""

    application = models.OneToOneField(
        CertificateApplication, on_delete=models.CASCADE, related_name="deceased"
    )
    name_en = models.CharField(max_length=150)
    name_bn = models.CharField(max_length=150)
    father_or_husband_name_en = models.CharField(max_length=150, blank=True)
    father_or_husband_name_bn = models.CharField(max_length=150, blank=True)
    nid = models.CharField(max_length=17, blank=True)
    birth_registration_number = models.CharField(max_length=17, blank=True)
    date_of_death = models.DateField()
    death_registration_number = models.CharField(
        max_length=30, blank=True, help_text="Number on the death certificate."
    )

    def __str__(self) -> str:
        return f"{self.name_en} (died {self.date_of_death})"


class Heir(models.Model):
    """One heir of the deceased, printed as a row of the certificate's table, in `position`."""

    application = models.ForeignKey(
        CertificateApplication, on_delete=models.CASCADE, related_name="heirs"
    )
    position = models.PositiveSmallIntegerField()
    name_en = models.CharField(max_length=150)
    name_bn = models.CharField(max_length=150)
    relation = models.CharField(max_length=16, choices=Relation.choices)
    nid = models.CharField(max_length=17, blank=True)
    birth_registration_number = models.CharField(max_length=17, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_years = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["application", "position"]
        constraints = [
            models.UniqueConstraint(fields=["application", "position"], name="heir_position"),
            models.CheckConstraint(
                condition=models.Q(date_of_birth__isnull=False) | models.Q(age_years__isnull=False),
                name="heir_has_dob_or_age",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.relation})"


class CertificateAttachment(models.Model):
    """An uploaded document handed in with an application, as one of the type's
    required_documents (by its `document_code`)."""

    application = models.ForeignKey(
        CertificateApplication, on_delete=models.CASCADE, related_name="attachments"
    )
    upload = models.ForeignKey(Upload, on_delete=models.PROTECT, related_name="+")
    document_code = models.SlugField(max_length=40)
    attached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["application", "document_code", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "upload"], name="certificate_attachment_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_code}: {self.upload_id}"


def signature_upload_to(instance: "Signatory", filename: str) -> str:
    return f"signatures/{instance.pourashava.code}/{instance.user_id}-{filename}"


class Signatory(models.Model):
    """A certificate officer (or mayor) whose name, designation and signature image are printed
    on what they approve. One per user per pourashava."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures"
    )
    name_en = models.CharField(max_length=150)
    name_bn = models.CharField(max_length=150)
    designation_en = models.CharField(max_length=150)
    designation_bn = models.CharField(max_length=150)
    signature = models.FileField(upload_to=signature_upload_to, max_length=255)
    is_active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "user"], name="signatory_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en}, {self.designation_en} ({self.pourashava.code})"
