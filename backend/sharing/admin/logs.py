"""Consents and the disclosure log: read only, for the system administrator's review (what each
agency asked, why, under which basis, and what it got)."""

from django.contrib import admin

from backend.panel.base import TenantScopedAdmin
from backend.panel.tenancy import declare_national
from backend.sharing.admin.agencies import ADMIN_ROLES
from backend.sharing.models import ConsentGrant, Disclosure

declare_national(ConsentGrant)
declare_national(Disclosure)


class ReadOnlyAdmin(TenantScopedAdmin):
    view_roles = ADMIN_ROLES

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Disclosure)
class DisclosureAdmin(ReadOnlyAdmin):
    list_display = ["at", "agency", "dataset", "purpose", "legal_basis", "subject", "result"]
    list_filter = ["result", "legal_basis", "dataset", "agency"]
    search_fields = ["subject", "request_id"]
    date_hierarchy = "at"
    list_select_related = ["agency"]


@admin.register(ConsentGrant)
class ConsentGrantAdmin(ReadOnlyAdmin):
    list_display = ["citizen", "agency", "scope", "granted_at", "expires_at", "revoked_at"]
    list_filter = ["agency", "scope"]
    list_select_related = ["agency", "citizen"]
    raw_id_fields = ["citizen"]
