"""The monthly run from the panel: a start page with a dry run by ward (nothing written) and
Run (a background task; a month already run is not run twice), and the run's progress page with
Resume for a run that stopped."""

from datetime import date

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backend.common.errors import AppError
from backend.identity.models import Role
from backend.identity.roles import has_role
from backend.municipality.models import Pourashava
from backend.municipality.scoping import restrict, scope_of
from backend.panel.base import TenantScopedAdmin
from services.water_billing.models import BillingRun, RunStatus
from services.water_billing.periods import label, parse, previous_month
from services.water_billing.services import run as runs

VIEWERS = frozenset({Role.WATER_SUPERINTENDENT, Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR})
STARTERS = frozenset({Role.WATER_SUPERINTENDENT, Role.REVENUE_CLERK, Role.SECRETARY})


def _holds(request: HttpRequest, roles: frozenset[str]) -> bool:
    return request.user.is_active and (request.user.is_superuser or has_role(request.user, roles))


class RunForm(forms.Form):
    pourashava = forms.ModelChoiceField(queryset=Pourashava.objects.none(), label=_("Pourashava"))
    month = forms.RegexField(regex=r"^\d{4}-\d{2}$", label=_("Month (YYYY-MM)"))

    def __init__(self, *args, pourashavas, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["pourashava"].queryset = pourashavas
        only = list(pourashavas[:2])
        if len(only) == 1:
            self.fields["pourashava"].initial = only[0].pk
            self.fields["pourashava"].widget = forms.HiddenInput()


@admin.register(BillingRun)
class BillingRunAdmin(TenantScopedAdmin):
    view_roles = VIEWERS
    change_list_template = "water_billing/admin/billingrun_change_list.html"
    list_display = [
        "pourashava",
        "period",
        "status",
        "connections_done",
        "connections_total",
        "bills_raised",
        "estimates_made",
        "started_at",
        "finished_at",
        "progress_link",
    ]
    readonly_fields = [
        "pourashava",
        "period",
        "status",
        "connections_done",
        "connections_total",
        "bills_raised",
        "estimates_made",
        "last_connection_id",
        "started_by",
        "started_at",
        "finished_at",
        "error",
    ]

    def has_add_permission(self, request) -> bool:
        return False

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("start/", wrap(self.start_view), name="water_billing_billingrun_start"),
            path(
                "<int:pk>/progress/",
                wrap(self.progress_view),
                name="water_billing_billingrun_progress",
            ),
            path(
                "<int:pk>/resume/",
                wrap(require_POST(self.resume_view)),
                name="water_billing_billingrun_resume",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("Progress"))
    def progress_link(self, run: BillingRun) -> str:
        url = reverse("admin:water_billing_billingrun_progress", args=[run.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Progress"))

    def _page(self, request, template: str, title: str, **context) -> HttpResponse:
        return TemplateResponse(
            request,
            template,
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": title,
                **context,
            },
        )

    def start_view(self, request: HttpRequest) -> HttpResponse:
        if not _holds(request, VIEWERS):
            raise PermissionDenied
        pourashavas = restrict(
            Pourashava.objects.order_by("code"), request.user, pourashava_field="pk", roles=VIEWERS
        )
        bound = request.method == "POST"
        initial = {"month": label(previous_month(timezone.localdate()))}
        form = RunForm(request.POST if bound else None, pourashavas=pourashavas, initial=initial)
        dry_run = existing = None
        if bound and form.is_valid():
            pourashava, period = form.cleaned_data["pourashava"], parse(form.cleaned_data["month"])
            if "run" in request.POST:
                return self._run(request, pourashava, period)
            dry_run = runs.dry_run(pourashava=pourashava, period=period)
            existing = BillingRun.objects.filter(pourashava=pourashava, period=period).first()
        return self._page(
            request,
            "water_billing/admin/run_start.html",
            gettext("Run a month's water bills"),
            form=form,
            dry_run=dry_run,
            existing=existing,
            can_run=_holds(request, STARTERS),
        )

    def _run(self, request, pourashava: Pourashava, period: date) -> HttpResponse:
        if not _holds(request, STARTERS) or not scope_of(request.user, STARTERS).covers(
            pourashava.pk
        ):
            raise PermissionDenied
        try:
            run, sent = runs.start_run(
                pourashava=pourashava, period=period, actor=request.user, request=request
            )
        except AppError as error:
            messages.error(request, error.render_message())
            return HttpResponseRedirect(reverse("admin:water_billing_billingrun_start"))
        if sent:
            messages.success(request, gettext("The month's run has been started."))
        else:
            messages.info(
                request, gettext("This month's run already exists; nothing new was started.")
            )
        return HttpResponseRedirect(
            reverse("admin:water_billing_billingrun_progress", args=[run.pk])
        )

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        run = get_object_or_404(self.get_queryset(request), pk=pk)
        stopped = runs.is_stopped(run)
        total = run.connections_total
        return self._page(
            request,
            "water_billing/admin/run_progress.html",
            gettext("Water bills: %(pourashava)s %(month)s")
            % {"pourashava": run.pourashava.code, "month": label(run.period)},
            run=run,
            percent=100 if not total else min(100, run.connections_done * 100 // total),
            refresh=run.status in (RunStatus.PENDING, RunStatus.RUNNING) and not stopped,
            can_resume=stopped
            and _holds(request, STARTERS)
            and scope_of(request.user, STARTERS).covers(run.pourashava_id),
        )

    def resume_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        run = get_object_or_404(self.get_queryset(request), pk=pk)
        if not _holds(request, STARTERS) or not scope_of(request.user, STARTERS).covers(
            run.pourashava_id
        ):
            raise PermissionDenied
        _, sent = runs.start_run(
            pourashava=run.pourashava, period=run.period, actor=request.user, request=request
        )
        if sent:
            messages.success(request, gettext("The run has been resumed."))
        else:
            messages.info(request, gettext("The run is finished or still running."))
        return HttpResponseRedirect(
            reverse("admin:water_billing_billingrun_progress", args=[run.pk])
        )
