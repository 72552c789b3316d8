"""Raising a quarter's holding-tax demands from the panel: a dry run by ward and head (nothing
written), then the run as a background task, and its progress page, refreshing itself until the
run is done, with Resume for a run that stopped. Mixed into DemandRunAdmin (admin.py)."""

from collections import defaultdict
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backend.common.text import in_language
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Ward
from backend.payments.models import RevenueHead
from services.holding_tax.admin import pages
from services.holding_tax.models import DemandRun, RunStatus
from services.holding_tax.services import generation, jobs, quarter_runs


class QuarterForm(pages.PourashavaForm):
    fiscal_year = forms.ChoiceField(label=_("Fiscal year"))
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        coerce=int,
        choices=[
            (1, _("1 (July to September)")),
            (2, _("2 (October to December)")),
            (3, _("3 (January to March)")),
            (4, _("4 (April to June)")),
        ],
    )
    wards = forms.ModelMultipleChoiceField(
        queryset=Ward.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Wards (dry run only)"),
        help_text=_("Leave all unticked for every ward. The run itself covers every ward."),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = pages.fiscal_year_choices()
        self.fields["wards"].queryset = pages.wards_for(self.fields["pourashava"].queryset)

    def clean(self):
        data = super().clean()
        pourashava, wards = data.get("pourashava"), data.get("wards")
        if pourashava and wards and any(w.pourashava_id != pourashava.pk for w in wards):
            self.add_error("wards", gettext("Pick wards of the chosen pourashava."))
        return data


def _dry_run_table(totals: generation.DryRunTotals) -> dict:
    """Rows by ward (holdings, each head, total) and the totals row, heads in report order."""
    used = {head for heads in totals.by_ward_and_head.values() for head in heads}
    heads = list(RevenueHead.objects.filter(code__in=used).order_by("order", "code"))
    rows = []
    for ward in sorted(totals.holdings_by_ward):
        amounts = totals.by_ward_and_head.get(ward, {})
        cells = [amounts.get(h.code, Decimal("0.00")) for h in heads]
        rows.append(
            {
                "ward": ward,
                "holdings": totals.holdings_by_ward[ward],
                "amounts": cells,
                "total": sum(cells, Decimal("0.00")),
            }
        )
    by_head = defaultdict(lambda: Decimal("0.00"), totals.by_head)
    footer = [by_head[h.code] for h in heads]
    return {
        "heads": [in_language(h.name_en, h.name_bn) for h in heads],
        "rows": rows,
        "footer": footer,
        "total": sum(footer, Decimal("0.00")),
        "holdings": totals.holdings,
        "demands": totals.demands,
    }


class QuarterRunPages:
    """The start page, the progress page and Resume, for DemandRunAdmin."""

    change_list_template = "holding_tax/admin/demandrun_change_list.html"

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("start/", wrap(self.start_view), name="holding_tax_demandrun_start"),
            path(
                "<int:pk>/progress/",
                wrap(self.progress_view),
                name="holding_tax_demandrun_progress",
            ),
            path(
                "<int:pk>/resume/",
                wrap(require_POST(self.resume_view)),
                name="holding_tax_demandrun_resume",
            ),
            *super().get_urls(),
        ]

    def get_list_display(self, request):
        return [*super().get_list_display(request), "progress_link"]

    @admin.display(description=_("Progress"))
    def progress_link(self, run: DemandRun) -> str:
        url = reverse("admin:holding_tax_demandrun_progress", args=[run.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Progress"))

    def start_view(self, request: HttpRequest) -> HttpResponse:
        pages.require(request, pages.VIEWERS | pages.QUARTER_STARTERS)
        pourashavas = pages.pourashavas_for(request, pages.VIEWERS | pages.QUARTER_STARTERS)
        if not pourashavas.exists():
            raise PermissionDenied
        today = FiscalYear.of()
        initial = {"fiscal_year": today.label, "quarter": today.quarter_of(timezone.localdate())}
        bound = request.method == "POST"
        form = QuarterForm(
            request.POST if bound else None, pourashavas=pourashavas, initial=initial
        )
        dry_run = existing = None
        if bound and form.is_valid():
            data = form.cleaned_data
            pourashava, quarter = data["pourashava"], data["quarter"]
            fiscal_year = FiscalYear.parse(data["fiscal_year"])
            if "run" in request.POST:
                return self._run(request, pourashava, fiscal_year, quarter)
            wards = [w.pk for w in data["wards"]] or None
            dry_run = _dry_run_table(
                generation.dry_run(pourashava, fiscal_year, quarter, ward_ids=wards)
            )
            existing = DemandRun.objects.filter(
                pourashava=pourashava, fiscal_year=fiscal_year.label, quarter=quarter
            ).first()
        return pages.render(
            self,
            request,
            "holding_tax/admin/quarter_start.html",
            gettext("Raise a quarter's demands"),
            form=form,
            dry_run=dry_run,
            existing=existing,
            can_run=pages.holds(request, pages.QUARTER_STARTERS),
        )

    def _run(self, request, pourashava, fiscal_year: FiscalYear, quarter: int) -> HttpResponse:
        if not pages.covers(request, pages.QUARTER_STARTERS, pourashava.pk):
            raise PermissionDenied
        run, sent = quarter_runs.start_quarter(
            pourashava=pourashava,
            fiscal_year=fiscal_year,
            quarter=quarter,
            actor=request.user,
            request=request,
        )
        if sent:
            messages.success(request, gettext("The quarter's run has been started."))
        else:
            messages.info(
                request,
                gettext("This quarter's run already exists; nothing new was started."),
            )
        return HttpResponseRedirect(reverse("admin:holding_tax_demandrun_progress", args=[run.pk]))

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(self.get_queryset(request).select_related("started_by"), pk=pk)
        stopped = jobs.is_stopped(run)
        return pages.render(
            self,
            request,
            "holding_tax/admin/run_progress.html",
            gettext("Demand run: %(pourashava)s %(year)s quarter %(quarter)s")
            % {"pourashava": run.pourashava.code, "year": run.fiscal_year, "quarter": run.quarter},
            original=run,
            run=run,
            percent=_percent(run.holdings_done, run.holdings_total),
            stopped=stopped,
            refresh=run.status in (RunStatus.PENDING, RunStatus.RUNNING) and not stopped,
            can_resume=stopped
            and pages.covers(request, pages.QUARTER_STARTERS, run.pourashava_id)
            and pages.holds(request, pages.QUARTER_STARTERS),
        )

    def resume_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        pages.require(request, pages.QUARTER_STARTERS)
        run = get_object_or_404(self.get_queryset(request), pk=pk)
        if not pages.covers(request, pages.QUARTER_STARTERS, run.pourashava_id):
            raise PermissionDenied
        if quarter_runs.resume_run(run=run, actor=request.user, request=request):
            messages.success(request, gettext("The run has been resumed."))
        else:
            messages.info(request, gettext("The run is finished or still running."))
        return HttpResponseRedirect(reverse("admin:holding_tax_demandrun_progress", args=[run.pk]))


def _percent(done: int, total: int) -> int:
    return 100 if not total else min(100, done * 100 // total)
