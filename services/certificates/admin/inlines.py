"""What an application's page shows beside it, read-only: the deceased, the heirs, and the
documents handed in (each opened through the panel's scoped file view)."""

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from backend.panel.base import ReadOnlyInline
from backend.panel.tenancy import declare_tenancy
from services.certificates.models import CertificateAttachment, Deceased, Heir

# The parts of an application belong to its pourashava and ward.
for _part in (Deceased, Heir, CertificateAttachment):
    declare_tenancy(_part, pourashava="application__pourashava", ward="application__ward")


class DeceasedInline(ReadOnlyInline):
    model = Deceased
    fields = [
        "name_en",
        "name_bn",
        "father_or_husband_name_en",
        "nid",
        "birth_registration_number",
        "date_of_death",
        "death_registration_number",
    ]
    readonly_fields = fields


class HeirInline(ReadOnlyInline):
    model = Heir
    fields = [
        "position",
        "name_en",
        "name_bn",
        "relation",
        "nid",
        "birth_registration_number",
        "date_of_birth",
        "age_years",
    ]
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    """The documents handed in, each opened through this admin's scoped file view."""

    model = CertificateAttachment
    fields = ["document", "name", "content_type", "size", "attached_at", "file_link"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest):
        return (
            super().get_queryset(request).select_related("application__certificate_type", "upload")
        )

    @admin.display(description=_("Document"))
    def document(self, obj: CertificateAttachment) -> str:
        for wanted in obj.application.certificate_type.required_documents:
            if wanted.get("code") == obj.document_code:
                return f"{wanted.get('label_en', '')} / {wanted.get('label_bn', '')}"
        return obj.document_code

    @admin.display(description=_("File name"))
    def name(self, obj: CertificateAttachment) -> str:
        return obj.upload.original_name

    @admin.display(description=_("Type"))
    def content_type(self, obj: CertificateAttachment) -> str:
        return obj.upload.content_type

    @admin.display(description=_("Bytes"))
    def size(self, obj: CertificateAttachment) -> int:
        return obj.upload.size

    @admin.display(description=_("File"))
    def file_link(self, obj: CertificateAttachment):
        url = reverse(
            "admin:certificates_certificateapplication_attachment",
            args=[obj.application_id, obj.pk],
        )
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, _("Open"))
