"""The water registers in the panel, each scoped to the user's pourashava by TenantScopedAdmin.
Tariff and fee rows are added through services/tariffs.py (which closes the row they replace
and refuses overlaps); a row already in effect is read-only."""

from django.contrib import admin
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.errors import AppError
from backend.identity.models import Role
from backend.panel.base import TenantScopedAdmin
from services.water_billing.admin.reports import WaterReportPages, register_actions
from services.water_billing.models import (
    Bill,
    Connection,
    DisconnectionNotice,
    Fee,
    Reading,
    Tariff,
    WaiverCampaign,
    WaterSettings,
)
from services.water_billing.services import tariffs

VIEWERS = frozenset(
    {Role.WATER_SUPERINTENDENT, Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR, Role.METER_READER}
)
TARIFF_KEEPERS = frozenset({Role.WATER_SUPERINTENDENT, Role.SECRETARY})


class DatedRowAdmin(TenantScopedAdmin):
    """Add-only for rows in effect: a new dated row replaces one, through the service."""

    view_roles = VIEWERS
    change_roles = TARIFF_KEEPERS
    audit_saves = False  # the service audits
    adder = None

    def has_change_permission(self, request, obj=None) -> bool:
        if obj is not None and obj.pk and obj.effective_from <= timezone.localdate():
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        fields = {f: form.cleaned_data[f] for f in form.cleaned_data if f != "pourashava"}
        try:
            saved = type(self).adder(
                pourashava=form.cleaned_data["pourashava"], actor=request.user, **fields
            )
        except AppError as error:
            raise ValidationError(error.render_message()) from error
        obj.pk = saved.pk


@admin.register(Tariff)
class TariffAdmin(DatedRowAdmin):
    adder = staticmethod(tariffs.add_tariff)
    list_display = [
        "pourashava",
        "basis",
        "category",
        "storey_class",
        "diameter",
        "effective_from",
        "effective_to",
        "monthly_amount",
        "minimum_charge",
        "gazette_ref",
        "is_demo",
    ]
    list_filter = ["basis", "category", "is_demo"]
    fields = [
        "pourashava",
        "basis",
        "category",
        "storey_class",
        "diameter",
        "effective_from",
        "effective_to",
        "gazette_ref",
        "monthly_amount",
        "per_extra_flat",
        "slabs",
        "minimum_charge",
        "sewerage_percent",
        "sewerage_flat",
        "is_demo",
    ]


@admin.register(Fee)
class FeeAdmin(DatedRowAdmin):
    adder = staticmethod(tariffs.add_fee)
    list_display = [
        "pourashava",
        "code",
        "diameter",
        "amount",
        "effective_from",
        "effective_to",
        "gazette_ref",
        "is_demo",
    ]
    list_filter = ["code", "is_demo"]
    fields = [
        "pourashava",
        "code",
        "diameter",
        "amount",
        "effective_from",
        "effective_to",
        "gazette_ref",
        "is_demo",
    ]


@admin.register(WaiverCampaign)
class WaiverCampaignAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    change_roles = TARIFF_KEEPERS
    list_display = ["pourashava", "starts_on", "ends_on", "waive_percent", "order_ref"]


@admin.register(WaterSettings)
class WaterSettingsAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    change_roles = TARIFF_KEEPERS
    list_display = [
        "pourashava",
        "due_day",
        "due_month_offset",
        "surcharge_percent",
        "notice_days",
        "refuse_domestic_with_arrears",
        "is_demo",
    ]


@admin.register(Connection)
class ConnectionAdmin(WaterReportPages, TenantScopedAdmin):
    view_roles = VIEWERS
    change_list_template = "water_billing/admin/connection_change_list.html"
    actions = register_actions("connections")
    list_display = [
        "number",
        "pourashava",
        "ward",
        "holding",
        "consumer_name",
        "category",
        "diameter",
        "is_metered",
        "status",
        "connected_on",
    ]
    list_filter = ["status", "category", "is_metered"]
    search_fields = ["number", "consumer_name"]
    readonly_fields = [
        *list_display,
        "storey_class",
        "extra_flats",
        "citizen",
        "disconnected_on",
        "closed_on",
        "source",
        "meter_actions",
    ]
    raw_id_fields = ["holding", "citizen"]

    def has_add_permission(self, request) -> bool:
        return False  # connections are made by the application workflow

    @admin.display(description=_("Meter"))
    def meter_actions(self, obj: Connection) -> str:
        meter = obj.meters.exclude(status="removed").order_by("-installed_on", "-id").first()
        shown = meter.serial if meter else "-"
        if not (obj.is_metered and meter):
            return shown
        # The page itself decides who may replace (meter readers and the superintendent).
        url = reverse("admin:water_billing_replace_meter", args=[obj.pk])
        return format_html('{} <a class="button" href="{}">{}</a>', shown, url, gettext("Replace"))


@admin.register(Reading)
class ReadingAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    actions = register_actions("readings")
    list_display = [
        "connection",
        "period",
        "reading_date",
        "reading",
        "status",
        "consumption_kl",
        "source",
        "reader",
        "override_by",
    ]
    list_filter = ["status", "source", "period"]
    search_fields = ["connection__number"]
    readonly_fields = [*list_display, "carry_kl", "client_id", "photo", "meter"]

    def has_add_permission(self, request) -> bool:
        return False  # readings come through the field app, CSV import or the API


@admin.register(Bill)
class BillAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    actions = register_actions("bills")
    list_display = [
        "connection",
        "period",
        "consumption_kl",
        "water_charge",
        "sewerage",
        "roundoff",
        "total",
        "due_date",
        "is_final",
    ]
    list_filter = ["period", "is_final", "estimated"]
    search_fields = ["connection__number"]
    readonly_fields = [
        *list_display,
        "lines",
        "days_billed",
        "days_in_month",
        "issue_date",
        "run",
        "citizen",
    ]

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(DisconnectionNotice)
class NoticeAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    list_display = [
        "connection",
        "arrears_at_notice",
        "issued_on",
        "expires_on",
        "status",
        "executed_on",
        "reconnected_on",
    ]
    list_filter = ["status"]
    readonly_fields = [*list_display, "issued_by", "reconnection_demand"]

    def has_add_permission(self, request) -> bool:
        return False
