from django.contrib import admin

from backend.notifications.models import SmsMessage
from backend.panel.base import TenantScopedAdmin
from backend.panel.tenancy import declare_national

# Outgoing SMS are the platform's, not a pourashava's: superusers only (no roles below).
declare_national(SmsMessage)


@admin.register(SmsMessage)
class SmsMessageAdmin(TenantScopedAdmin):
    """Read-only view of outgoing SMS for support staff (bodies with codes are blanked once
    sent). National, not tenant-owned: visible to superusers only."""

    list_display = ("created_at", "to", "status", "backend", "attempts", "sent_at")
    list_filter = ("status", "backend")
    search_fields = ("to",)
    readonly_fields = [f.name for f in SmsMessage._meta.fields]

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
