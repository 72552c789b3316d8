"""Clerk panel pages of the monitor: revenue targets (set through the targets service, which
refuses heads collected for other bodies and splits the year by month) and the quarterly
e-governance indicator values (target, achievement, comment; computed achievements read-only)."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backend.common.errors import AppError
from backend.common.money import ZERO, money
from backend.identity.models import Role
from backend.monitor.display import taka
from backend.monitor.errors import BAD_MONTHS
from backend.monitor.models import Indicator, IndicatorValue, RevenueTarget
from backend.monitor.services.targets import SPLITS, check_head, set_target
from backend.panel.base import TenantScopedAdmin
from backend.panel.tenancy import declare_national

declare_national(Indicator)

SETTERS = frozenset({Role.SECRETARY, Role.MAYOR, Role.NATIONAL_VIEWER, Role.SYSTEM_ADMIN})
VIEWERS = frozenset({Role.REVENUE_CLERK, Role.CASHIER, Role.SECRETARY, Role.MAYOR})
SPLIT_LABELS = {
    "even": _("Evenly over the months"),
    "last_year": _("Like last year's collection"),
    "given": _("As given below"),
}


class TargetForm(forms.ModelForm):
    split = forms.ChoiceField(
        choices=[(s, SPLIT_LABELS[s]) for s in SPLITS], initial="even", label=_("Split by month")
    )
    monthly_amounts = forms.CharField(
        required=False,
        label=_("Monthly amounts"),
        help_text=_("Twelve amounts, July to June, separated by commas (for 'As given')."),
    )

    class Meta:
        model = RevenueTarget
        fields = ["pourashava", "fiscal_year", "head", "amount", "note"]

    def clean(self):
        data = super().clean()
        head = data.get("head")
        if head is not None:
            try:
                check_head(head)
            except AppError as exc:
                raise ValidationError({"head": exc.render_message()}) from exc
        if data.get("split") == "given":
            try:
                parts = [
                    money(Decimal(part.strip()))
                    for part in (data.get("monthly_amounts") or "").split(",")
                    if part.strip()
                ]
            except (InvalidOperation, ValueError) as exc:
                raise ValidationError({"monthly_amounts": BAD_MONTHS.render(amount="")}) from exc
            amount = data.get("amount")
            if len(parts) != 12 or amount is None or sum(parts, ZERO) != money(amount):
                raise ValidationError({"monthly_amounts": BAD_MONTHS.render(amount=amount)})
            data["month_amounts"] = parts
        return data


@admin.register(RevenueTarget)
class RevenueTargetAdmin(TenantScopedAdmin):
    form = TargetForm
    view_roles = VIEWERS
    change_roles = SETTERS
    audit_saves = False  # saved through set_target, which audits
    list_display = ["pourashava", "fiscal_year", "head", "amount", "set_by", "updated_at"]
    list_filter = ["fiscal_year", "set_by"]
    list_select_related = ["pourashava", "head"]
    readonly_fields = ["set_by", "updated_by", "updated_at", "monthly_split"]

    def get_fields(self, request, obj=None):
        fields = ["pourashava", "fiscal_year", "head", "amount"]
        if obj is None or self.has_change_permission(request, obj):
            fields += ["split", "monthly_amounts"]  # form-only: not shown to readers
        fields.append("note")
        if obj is not None:
            fields += ["monthly_split", "set_by", "updated_by", "updated_at"]
        return fields

    @admin.display(description=_("Monthly split (July to June)"))
    def monthly_split(self, obj) -> str:
        return ", ".join(taka(m.amount) for m in obj.months.order_by("month"))

    def save_model(self, request, obj, form, change):
        data = form.cleaned_data
        try:
            saved = set_target(
                actor=request.user,
                pourashava=data["pourashava"],
                fiscal_year=data["fiscal_year"],
                head=data["head"],
                amount=data["amount"],
                split=data["split"],
                months=data.get("month_amounts"),
                note=data.get("note", ""),
            )
        except AppError as exc:
            raise ValidationError(exc.render_message()) from exc
        obj.pk = saved.pk
        obj.refresh_from_db()

    def save_related(self, request, form, formsets, change):
        pass  # the months are written by set_target


@admin.register(Indicator)
class IndicatorAdmin(TenantScopedAdmin):
    """The national indicator list: lines to be entered are added by a system administrator;
    computed lines come from the code."""

    view_roles = VIEWERS | {Role.NATIONAL_VIEWER}
    change_roles = frozenset({Role.SYSTEM_ADMIN})
    list_display = ["code", "text_en", "text_bn", "unit", "weight", "computed"]
    readonly_fields = ["computed"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(TenantScopedAdmin):
    view_roles = VIEWERS | {Role.NATIONAL_VIEWER}
    change_roles = frozenset({Role.SECRETARY, Role.MAYOR})
    list_display = [
        "pourashava",
        "fiscal_year",
        "quarter",
        "indicator",
        "target",
        "achievement",
        "comment",
    ]
    list_filter = ["fiscal_year", "quarter"]
    list_select_related = ["pourashava", "indicator"]
    fields = [
        "pourashava",
        "indicator",
        "fiscal_year",
        "quarter",
        "target",
        "achievement",
        "comment",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:
            locked = ["pourashava", "indicator", "fiscal_year", "quarter", "computed_at"]
            if obj.indicator.computed:
                locked.append("achievement")  # written each quarter from the data
            return locked
        return ["computed_at"]
