"""The assessor's interim assessment of one holding (a new holding, a building added, a use
changed) in the panel: pick a holding of your pourashava, a fiscal year and the kind; Preview
shows the valuation's working line by line and the tax by head and quarter; Save records it
(assess_holding), superseding the holding's previous value. Mixed into AssessmentAdmin."""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from backend.common.errors import AppError
from backend.common.text import in_language
from backend.municipality.fiscal_year import FiscalYear
from backend.panel.tenancy import scoped
from backend.payments.models import RevenueHead
from services.holding_tax.admin import pages
from services.holding_tax.calculator import quarterly_instalments
from services.holding_tax.models import Assessment, AssessmentKind
from services.holding_tax.services.assessment import assess_holding, valuation_for
from services.property.models import Holding, HoldingStatus


class AssessForm(forms.Form):
    holding = forms.ModelChoiceField(queryset=Holding.objects.none(), label=_("Holding"))
    fiscal_year = forms.ChoiceField(
        label=_("Value from fiscal year"),
        help_text=_("The demands of this fiscal year and later ones use the new value."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[
            (AssessmentKind.INTERIM, AssessmentKind.INTERIM.label),
            (AssessmentKind.GENERAL, AssessmentKind.GENERAL.label),
        ],
        initial=AssessmentKind.INTERIM,
    )

    def __init__(self, *args, holdings, admin_site, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["holding"]
        field.queryset = holdings
        field.widget = ForeignKeyRawIdWidget(
            Assessment._meta.get_field("holding").remote_field, admin_site
        )
        field.help_text = _("Type the holding's id or find it with the magnifier.")
        self.fields["fiscal_year"].choices = pages.fiscal_year_choices()


def _preview(holding: Holding, fiscal_year: FiscalYear) -> dict:
    """The working and tax the assessment would record, in the page's language."""
    language = get_language()
    valuation, tax = valuation_for(holding, fiscal_year)
    names = {
        h.code: in_language(h.name_en, h.name_bn) for h in RevenueHead.objects.filter(code__in=tax)
    }
    quarters = quarterly_instalments(tax)
    current = Assessment.objects.filter(holding=holding, superseded=False).first()
    return {
        "working": [(line.render(language), line.amount) for line in valuation.working],
        "annual_value": valuation.annual_value,
        "heads": [
            {
                "name": names.get(head, head),
                "annual": amount,
                "quarters": [q[head] for q in quarters],
            }
            for head, amount in tax.items()
        ],
        "annual_total": sum(tax.values(), Decimal("0.00")),
        "quarter_totals": [sum(q.values(), Decimal("0.00")) for q in quarters],
        "current": current,
    }


class AssessHoldingPages:
    """/admin/holding_tax/assessment/assess/[?holding=<id>] for AssessmentAdmin."""

    change_list_template = "holding_tax/admin/assessment_change_list.html"
    change_form_template = "holding_tax/admin/assessment_change_form.html"

    def get_urls(self):
        view = self.admin_site.admin_view(self.assess_view)
        return [
            path("assess/", view, name="holding_tax_assessment_assess"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra = {
            "can_assess": pages.holds(request, pages.ASSESSORS),
            "can_see_reassessments": pages.holds(request, pages.VIEWERS),
        }
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra = {"can_assess": pages.holds(request, pages.ASSESSORS)}
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def assess_view(self, request: HttpRequest) -> HttpResponse:
        pages.require(request, pages.ASSESSORS)
        holdings = scoped(
            Holding.objects.filter(status=HoldingStatus.ACTIVE).select_related(
                "pourashava", "ward"
            ),
            request.user,
            roles=pages.ASSESSORS,
        )
        initial = {"fiscal_year": FiscalYear.of().label}
        if request.method != "POST" and request.GET.get("holding"):
            try:
                holding = holdings.get(pk=int(request.GET["holding"]))
            except (ValueError, Holding.DoesNotExist):
                raise Http404 from None
            initial["holding"] = holding.pk
        bound = request.method == "POST"
        form = AssessForm(
            request.POST if bound else None,
            holdings=holdings,
            admin_site=self.admin_site,
            initial=initial,
        )
        preview = None
        if bound and form.is_valid():
            holding = form.cleaned_data["holding"]
            fiscal_year = FiscalYear.parse(form.cleaned_data["fiscal_year"])
            try:
                if "save" in request.POST:
                    assessment = assess_holding(
                        holding=holding,
                        fiscal_year=fiscal_year,
                        kind=form.cleaned_data["kind"],
                        actor=request.user,
                    )
                    messages.success(
                        request,
                        gettext("%(holding)s assessed: annual value Tk %(value)s from %(year)s.")
                        % {
                            "holding": holding.reference,
                            "value": assessment.annual_value,
                            "year": fiscal_year.label,
                        },
                    )
                    return HttpResponseRedirect(
                        reverse("admin:holding_tax_assessment_change", args=[assessment.pk])
                    )
                preview = _preview(holding, fiscal_year)
            except AppError as error:
                form.add_error(None, error.render_message(get_language()))
        return pages.render(
            self,
            request,
            "holding_tax/admin/assess.html",
            gettext("Assess a holding"),
            form=form,
            preview=preview,
            media=self.media + form.media,
        )
