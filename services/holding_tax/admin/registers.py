"""Clerk panel for holding tax: rules, exemptions, the assessment register with each holding's
ledger, demand runs, and the registers exported to CSV and Excel."""

from datetime import date

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import path
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.exports import export_response
from backend.common.text import in_language
from backend.identity.models import Role
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict
from backend.panel.base import ScopedTabularInline, TenantScopedAdmin
from backend.panel.tenancy import declare_tenancy
from backend.payments.models import DemandStatus
from services.holding_tax import selectors
from services.holding_tax.admin.assess import AssessHoldingPages
from services.holding_tax.admin.quarter import QuarterRunPages
from services.holding_tax.models import (
    Assessment,
    ComponentRate,
    DemandRun,
    Exemption,
    RentRate,
    TaxRules,
)

VIEWERS = frozenset({Role.ASSESSOR, Role.REVENUE_CLERK, Role.CASHIER, Role.SECRETARY, Role.MAYOR})
RULE_MAKERS = frozenset({Role.SECRETARY, Role.MAYOR})


# A rate row belongs to its rules' pourashava.
declare_tenancy(ComponentRate, pourashava="rules__pourashava")
declare_tenancy(RentRate, pourashava="rules__pourashava")


class ComponentRateInline(ScopedTabularInline):
    """Edited with the rules by whoever may change them (a rate row may be removed there too;
    every row written or removed is audited by the rules' admin)."""

    model = ComponentRate
    allow_delete = True


class RentRateInline(ScopedTabularInline):
    model = RentRate
    allow_delete = True


class ComponentCapFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        cap = self.instance.combined_cap_percent
        total = sum(
            (
                f.cleaned_data.get("percent") or 0
                for f in self.forms
                if f.cleaned_data and not f.cleaned_data.get("DELETE")
            ),
            0,
        )
        if total > cap:
            raise forms.ValidationError(
                _("Rates add up to %(total)s%%, over the %(cap)s%% cap.")
                % {"total": total, "cap": cap}
            )


ComponentRateInline.formset = ComponentCapFormSet


@admin.register(TaxRules)
class TaxRulesAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    change_roles = RULE_MAKERS
    list_display = [
        "pourashava",
        "from_fiscal_year",
        "early_rebate_percent",
        "arrears_surcharge_percent",
        "gazette_reference",
    ]
    inlines = [ComponentRateInline, RentRateInline]


@admin.register(Exemption)
class ExemptionAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    change_roles = RULE_MAKERS | {Role.ASSESSOR}
    list_display = [
        "holding",
        "heads",
        "reason",
        "order_reference",
        "from_fiscal_year",
        "to_fiscal_year",
    ]
    # The holding is typed by id; the base class accepts only a holding in the user's scope.
    raw_id_fields = ["holding"]
    readonly_fields = ["granted_by", "pourashava"]  # the holding's, set on saving

    def save_model(self, request, obj, form, change) -> None:
        obj.granted_by = request.user
        obj.pourashava_id = obj.holding.pourashava_id
        super().save_model(request, obj, form, change)


@admin.action(description=_("Export the assessment register (CSV)"))
def export_assessments_csv(modeladmin, request, queryset):
    return _export_register(request, "csv")


@admin.action(description=_("Export the assessment register (Excel)"))
def export_assessments_xlsx(modeladmin, request, queryset):
    return _export_register(request, "xlsx")


def _pourashava_for(request: HttpRequest) -> Pourashava:
    allowed = restrict(Pourashava.objects.all(), request.user, pourashava_field="pk", roles=VIEWERS)
    code = request.GET.get("pourashava")
    pourashava = allowed.filter(code=code).first() if code else allowed.first()
    if pourashava is None:
        raise PermissionDenied
    return pourashava


def _export_register(request: HttpRequest, fmt: str):
    pourashava = _pourashava_for(request)
    return export_response(
        fmt,
        f"assessment-register-{pourashava.code}",
        selectors.ASSESSMENT_HEADERS,
        selectors.assessment_register(pourashava),
    )


@admin.register(Assessment)
class AssessmentAdmin(AssessHoldingPages, TenantScopedAdmin):
    view_roles = VIEWERS
    list_display = ["holding", "from_fiscal_year", "kind", "basis", "annual_value"]
    list_filter = ["from_fiscal_year", "kind", "basis", "superseded"]
    search_fields = [
        "holding__number",
        "holding__ownerships__name_en",
        "holding__ownerships__nid",
        "holding__ownerships__mobile",
    ]
    list_select_related = ["holding__pourashava", "holding__ward"]
    readonly_fields = [
        "holding",
        "from_fiscal_year",
        "kind",
        "basis",
        "annual_value",
        "working_lines",
        "annual_tax",
        "ledger",
        "assessed_by",
        "assessed_at",
    ]
    exclude = ["working", "pourashava", "superseded"]
    actions = [export_assessments_csv, export_assessments_xlsx]

    def get_actions(self, request):
        return super().get_actions(request) if self._holds(request, VIEWERS) else {}

    @admin.display(description=_("Working"))
    def working_lines(self, obj: Assessment) -> str:
        return format_html_join(
            "",
            "<div>{}: <b>{}</b></div>",
            ((in_language(line["en"], line["bn"]), line["amount"]) for line in obj.working or ()),
        )

    @admin.display(description=_("Ledger"))
    def ledger(self, obj: Assessment) -> str:
        ledger = selectors.ledger_of(obj.holding)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>"
            "<td>{}</td></tr>",
            (
                (
                    d["fiscal_year"],
                    d["quarter"],
                    d["payer"],
                    d["amount"],
                    d["paid"],
                    DemandStatus(d["status"]).label,
                    ", ".join(d["receipts"]),
                )
                for d in ledger["demands"]
            ),
        )
        arrears = ", ".join(
            f"{fy}: {amount}" for fy, amount in ledger["outstanding_by_year"].items()
        ) or gettext("none")
        headers = format_html_join(
            "",
            "<th>{}</th>",
            (
                (gettext("Year"),),
                (gettext("Quarter"),),
                (gettext("Payer"),),
                (gettext("Demand"),),
                (gettext("Paid"),),
                (gettext("Status"),),
                (gettext("Receipts"),),
            ),
        )
        return format_html(
            "<table><tr>{}</tr>{}</table><p>{} {}</p>",
            headers,
            rows,
            gettext("Outstanding by year:"),
            arrears,
        )

    def get_urls(self):
        view = self.admin_site.admin_view(self.collection_register)
        return [
            path("collection-register/", view, name="holding_tax_collection_register"),
            *super().get_urls(),
        ]

    def collection_register(self, request: HttpRequest):
        """?from=YYYY-MM-DD&to=YYYY-MM-DD&format=csv|xlsx[&pourashava=CODE]"""
        if not self._holds(request, VIEWERS):
            raise PermissionDenied
        pourashava = _pourashava_for(request)
        try:
            first = date.fromisoformat(request.GET.get("from", ""))
            last = date.fromisoformat(request.GET.get("to", ""))
        except ValueError:
            first = last = date.today()
        return export_response(
            request.GET.get("format", "csv"),
            f"collection-register-{pourashava.code}",
            selectors.COLLECTION_HEADERS,
            selectors.collection_register(pourashava, first, last),
        )


@admin.register(DemandRun)
class DemandRunAdmin(QuarterRunPages, TenantScopedAdmin):
    view_roles = VIEWERS
    list_display = [
        "pourashava",
        "fiscal_year",
        "quarter",
        "status",
        "holdings_done",
        "holdings_total",
        "demands_raised",
        "started_at",
        "finished_at",
    ]
    readonly_fields = [*list_display, "last_holding_id", "started_by", "error"]
