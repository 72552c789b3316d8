"""The register of leasable property in the panel: add and edit (the DC's approval reference is
required for a hat-bazar), each year's outcome and the reserve prices read-only on the page, and
computing the next Bangla year's reserve prices as a bulk action."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.panel.base import ReadOnlyInline, TenantScopedAdmin
from backend.panel.tenancy import declare_national
from services.estate_leases import access
from services.estate_leases.admin.common import each
from services.estate_leases.lease_year import next_lease_year
from services.estate_leases.models import (
    NEEDS_DC_APPROVAL,
    Property,
    RateRule,
    ReservePrice,
    YearOutcome,
)
from services.estate_leases.services import reserves

declare_national(RateRule)  # the ministry's and NBR's dated rates, not one pourashava's


# Stored as "sat,tue"; offered as the weekdays' names (Django's own translations).
WEEKDAY_CODES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class PropertyForm(forms.ModelForm):
    hat_days = forms.MultipleChoiceField(
        choices=[(code, WEEKDAYS[n]) for n, code in enumerate(WEEKDAY_CODES)],
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=_("hat days"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.hat_days:
            self.initial["hat_days"] = self.instance.hat_days.split(",")

    def clean_hat_days(self) -> str:
        return ",".join(c for c in WEEKDAY_CODES if c in self.cleaned_data["hat_days"])

    class Meta:
        model = Property
        fields = [
            "pourashava",
            "ward",
            "code",
            "name_en",
            "name_bn",
            "kind",
            "mouza",
            "dag",
            "area_sqm",
            "hat_days",
            "dc_approval_ref",
            "status",
        ]

    def clean(self):
        data = super().clean()
        if (
            data.get("kind") in NEEDS_DC_APPROVAL
            and not (data.get("dc_approval_ref") or "").strip()
        ):
            self.add_error(
                "dc_approval_ref",
                _("A hat-bazar or cattle hat needs the Deputy Commissioner's approval reference."),
            )
        ward = data.get("ward")
        if (
            ward is not None
            and data.get("pourashava")
            and ward.pourashava_id != data["pourashava"].pk
        ):
            self.add_error("ward", _("That ward is not in this pourashava."))
        return data


class OutcomeInline(ReadOnlyInline):
    model = YearOutcome
    fields = ["year", "outcome", "reason", "reason_text", "realised_value", "is_demo"]
    ordering = ["-year"]


class ReserveInline(ReadOnlyInline):
    model = ReservePrice
    fields = [
        "year",
        "years_used",
        "average",
        "uplift_percent",
        "computed_amount",
        "override_amount",
        "override_reason",
        "override_approved_at",
    ]
    ordering = ["-year"]


@admin.register(Property)
class PropertyAdmin(TenantScopedAdmin):
    form = PropertyForm
    view_roles = access.VIEWERS
    change_roles = access.OFFICERS
    list_display = ["code", "name_en", "name_bn", "kind", "ward", "status", "dc_approval_ref"]
    list_filter = ["kind", "status", "pourashava"]
    search_fields = ["code", "name_en", "name_bn", "mouza"]
    inlines = [OutcomeInline, ReserveInline]
    actions = ["compute_next_year_reserves"]
    readonly_fields = ["hat_days_label"]

    def get_fields(self, request, obj=None):
        fields = [f for f in PropertyForm.Meta.fields]
        if obj is not None and not self.has_change_permission(request, obj):
            return [("hat_days_label" if f == "hat_days" else f) for f in fields]
        return fields

    @admin.display(description=_("hat days"))
    def hat_days_label(self, obj) -> str:
        names = dict(zip(WEEKDAY_CODES, WEEKDAYS.values(), strict=True))
        return ", ".join(str(names[c]) for c in obj.hat_days.split(",") if c in names)

    @admin.action(description=_("Compute the reserve price for the next Bangla year"))
    def compute_next_year_reserves(self, request, queryset):
        year = next_lease_year(timezone.localdate()).year

        def run(prop):
            access.require(request.user, access.OFFICERS, prop.pourashava_id)
            reserves.compute_for(prop, year)

        each(self, request, queryset, run, gettext("Reserve prices computed: %(count)s."))


@admin.register(RateRule)
class RateRuleAdmin(TenantScopedAdmin):
    view_roles = access.VIEWERS
    change_roles = frozenset({"system_admin"})
    list_display = ["rate_kind", "property_kind", "effective_from", "percent", "is_demo"]
    list_filter = ["rate_kind"]
