"""The centres' service fees in the clerk panel: each pourashava's secretary or mayor keeps the
fees UDCs may charge there (shown to citizens before they consent in the console)."""

from django.contrib import admin

from backend.identity.models import Role
from backend.operator_console.models import ServiceFee
from backend.panel.base import TenantScopedAdmin

FEE_KEEPERS = frozenset({Role.SECRETARY, Role.MAYOR})


@admin.register(ServiceFee)
class ServiceFeeAdmin(TenantScopedAdmin):
    view_roles = FEE_KEEPERS | {Role.NATIONAL_VIEWER}
    change_roles = FEE_KEEPERS
    list_display = ["name_en", "name_bn", "pourashava", "amount", "effective_from"]
    list_filter = ["code"]
    search_fields = ["code", "name_en", "name_bn"]
    list_select_related = ["pourashava"]
    fields = ["pourashava", "code", "name_en", "name_bn", "amount", "effective_from", "source"]
