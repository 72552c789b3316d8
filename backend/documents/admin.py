"""The register of issued documents in the clerk panel: read-only, scoped to the pourashava.
Documents are issued, revoked and replaced by the services' own flows (which call
backend.documents.services), never edited here."""

from django.contrib import admin
from django.http import HttpRequest

from backend.documents.models import IssuedDocument
from backend.identity.models import Role
from backend.panel.base import TenantScopedAdmin


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(TenantScopedAdmin):
    view_roles = frozenset(
        {
            Role.REVENUE_CLERK,
            Role.CASHIER,
            Role.CERTIFICATE_OFFICER,
            Role.LICENCE_OFFICER,
            Role.SECRETARY,
            Role.MAYOR,
        }
    )
    list_display = ("number", "kind", "pourashava", "status", "issued_at", "valid_until")
    list_filter = ("kind", "status")
    search_fields = ("number",)
    list_select_related = ("pourashava",)
    date_hierarchy = "issued_at"
    readonly_fields = [field.name for field in IssuedDocument._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
