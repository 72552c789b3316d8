"""The certificate types a pourashava issues: fees, SLA, form, documents and wording."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from backend.panel.base import TenantScopedAdmin
from services.certificates.admin.forms import CertificateTypeForm
from services.certificates.admin.roles import OFFICERS, TYPE_EDITORS
from services.certificates.models import CertificateType


@admin.register(CertificateType)
class CertificateTypeAdmin(TenantScopedAdmin):
    form = CertificateTypeForm
    view_roles = OFFICERS
    change_roles = TYPE_EDITORS
    list_display = ["name_en", "name_bn", "code", "pourashava", "fee_bn", "fee_en", "sla_days"]
    list_filter = ["is_active", "lists_heirs"]
    search_fields = ["code", "name_en", "name_bn"]
    list_select_related = ["pourashava"]
    fieldsets = [
        (None, {"fields": ["pourashava", "code", "name_en", "name_bn", "is_active"]}),
        (
            _("Fees and SLA"),
            {"fields": ["fee_bn", "fee_en", "sla_days", "validity_days", "source"]},
        ),
        (_("Form"), {"fields": ["lists_heirs", "form_fields", "required_documents"]}),
        (_("Wording"), {"fields": ["body_en", "body_bn"]}),
    ]
