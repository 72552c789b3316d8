"""Clerk panel for the payment layer: read-mostly. Money records are changed only through the
services (settlement, refunds, day-close), never edited by hand here."""

from django.contrib import admin

from backend.identity.models import Role
from backend.panel.base import ReadOnlyInline, TenantScopedAdmin
from backend.panel.tenancy import declare_national
from backend.payments.models import (
    Bill,
    BillLine,
    Credit,
    DayClose,
    Demand,
    DemandLine,
    GatewayEvent,
    Payment,
    Receipt,
    ReceiptLine,
    Refund,
    RevenueHead,
)

# Revenue heads are one national list (every pourashava reports by the same heads).
declare_national(RevenueHead)

VIEW_ROLES = frozenset(
    {
        Role.CASHIER,
        Role.REVENUE_CLERK,
        Role.SECRETARY,
        Role.MAYOR,
        Role.ASSESSOR,
        Role.WATER_SUPERINTENDENT,
        Role.LICENCE_OFFICER,
        Role.CERTIFICATE_OFFICER,
        Role.NATIONAL_VIEWER,
        Role.SYSTEM_ADMIN,
    }
)


class ReadOnlyTenantAdmin(TenantScopedAdmin):
    view_roles = VIEW_ROLES
    change_roles = frozenset()
    list_select_related = ["pourashava"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


class DemandLineInline(ReadOnlyInline):
    model = DemandLine
    fields = ["head", "amount", "amount_paid"]


@admin.register(Demand)
class DemandAdmin(ReadOnlyTenantAdmin):
    list_display = [
        "id",
        "pourashava",
        "service_code",
        "object_label",
        "fiscal_year",
        "due_date",
        "status",
    ]
    list_filter = ["status", "service_code", "fiscal_year"]
    search_fields = ["object_label", "natural_key", "citizen__mobile"]
    inlines = [DemandLineInline]


class BillLineInline(ReadOnlyInline):
    model = BillLine
    fields = ["demand", "head", "amount", "note"]


@admin.register(Bill)
class BillAdmin(ReadOnlyTenantAdmin):
    list_display = ["number", "pourashava", "citizen", "total", "status", "valid_until"]
    list_filter = ["status"]
    search_fields = ["number", "citizen__mobile"]
    inlines = [BillLineInline]
    exclude = ["demands"]


class GatewayEventInline(ReadOnlyInline):
    model = GatewayEvent
    fields = ["at", "kind", "outcome", "mismatch", "payload", "answer"]


@admin.register(Payment)
class PaymentAdmin(ReadOnlyTenantAdmin):
    list_display = [
        "reference",
        "pourashava",
        "channel",
        "amount",
        "status",
        "created_at",
        "settled_at",
    ]
    list_filter = ["status", "channel"]
    search_fields = ["reference", "gateway_reference", "gateway_transaction_id"]
    inlines = [GatewayEventInline]


class ReceiptLineInline(ReadOnlyInline):
    model = ReceiptLine
    fields = ["demand", "head", "amount"]


@admin.register(Receipt)
class ReceiptAdmin(ReadOnlyTenantAdmin):
    list_display = ["number", "pourashava", "total", "channel", "paid_at", "collector"]
    list_filter = ["channel", "fiscal_year"]
    search_fields = ["number", "payment__reference"]
    inlines = [ReceiptLineInline]


@admin.register(Credit)
class CreditAdmin(ReadOnlyTenantAdmin):
    list_display = ["id", "pourashava", "payment", "amount", "amount_refunded", "status"]
    list_filter = ["status"]


@admin.register(Refund)
class RefundAdmin(ReadOnlyTenantAdmin):
    list_display = [
        "id",
        "pourashava",
        "payment",
        "amount",
        "method",
        "status",
        "requested_by",
        "approved_by",
    ]
    list_filter = ["status", "method"]


@admin.register(DayClose)
class DayCloseAdmin(ReadOnlyTenantAdmin):
    list_display = [
        "date",
        "pourashava",
        "collector",
        "expected_total",
        "declared_cash",
        "difference",
        "flagged",
    ]
    list_filter = ["flagged"]


@admin.register(RevenueHead)
class RevenueHeadAdmin(TenantScopedAdmin):
    """National list of heads; names may be corrected by a system administrator (audited by
    the base class: a head's name is printed on every receipt)."""

    view_roles = VIEW_ROLES
    change_roles = frozenset({Role.SYSTEM_ADMIN})
    list_display = ["code", "name_en", "name_bn", "order", "is_adjustment"]
    readonly_fields = ["code", "is_adjustment"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
