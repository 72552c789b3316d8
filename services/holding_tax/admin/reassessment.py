"""The five-yearly general reassessment in the panel: the assessor's dry run of a ward or the
whole pourashava (holding, old and new annual value, difference; nothing written), the run as a
background job with its progress page (resumable), and, once it is done, the committee's
"publish the list for objections" (reviews.publish_list), after which citizens may object."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from backend.common.errors import AppError
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Ward
from backend.panel.base import TenantScopedAdmin
from services.holding_tax.admin import pages
from services.holding_tax.models import AssessmentPublication, Reassessment, RunStatus
from services.holding_tax.services import jobs, reassessment, reviews

SHOWN_CHANGES = 1000  # rows of the dry run's table; the counts cover every holding


class ReassessmentForm(pages.PourashavaForm):
    fiscal_year = forms.ChoiceField(label=_("New values from fiscal year"))
    ward = forms.ModelChoiceField(
        queryset=Ward.objects.none(),
        required=False,
        empty_label=_("The whole pourashava"),
        label=_("Ward"),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["fiscal_year"].choices = pages.fiscal_year_choices()
        self.fields["ward"].queryset = pages.wards_for(self.fields["pourashava"].queryset)

    def clean(self):
        data = super().clean()
        pourashava, ward = data.get("pourashava"), data.get("ward")
        if pourashava and ward and ward.pourashava_id != pourashava.pk:
            self.add_error("ward", gettext("Pick a ward of the chosen pourashava."))
        return data


class PublishForm(forms.Form):
    window_days = forms.IntegerField(
        label=_("Days for objections"), min_value=7, max_value=90, initial=30
    )


@admin.register(Reassessment)
class ReassessmentAdmin(TenantScopedAdmin):
    view_roles = pages.VIEWERS
    list_display = [
        "pourashava",
        "ward",
        "fiscal_year",
        "status",
        "holdings_done",
        "holdings_total",
        "reassessed",
        "skipped",
        "started_at",
        "progress_link",
    ]
    list_filter = ["fiscal_year", "status"]
    list_select_related = ["pourashava", "ward__pourashava"]
    readonly_fields = [
        "pourashava",
        "ward",
        "fiscal_year",
        "status",
        "holdings_total",
        "holdings_done",
        "reassessed",
        "skipped",
        "problems_list",
        "last_holding_id",
        "started_by",
        "started_at",
        "finished_at",
        "error",
    ]
    exclude = ["worker_seen_at", "problems"]
    change_list_template = "holding_tax/admin/reassessment_change_list.html"

    @admin.display(description=_("Progress"))
    def progress_link(self, job: Reassessment) -> str:
        url = reverse("admin:holding_tax_reassessment_progress", args=[job.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Progress"))

    @admin.display(description=_("holdings that could not be valued"))
    def problems_list(self, job: Reassessment) -> str:
        key = "bn" if (get_language() or "").startswith("bn") else "en"
        return format_html_join(
            "", "<div>{}: {}</div>", ((p["holding"], p[key]) for p in job.problems)
        )

    def changelist_view(self, request, extra_context=None):
        extra = {"can_reassess": pages.holds(request, pages.ASSESSORS)}
        return super().changelist_view(request, {**(extra_context or {}), **extra})

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("start/", wrap(self.start_view), name="holding_tax_reassessment_start"),
            path(
                "<int:pk>/progress/",
                wrap(self.progress_view),
                name="holding_tax_reassessment_progress",
            ),
            path(
                "<int:pk>/resume/",
                wrap(require_POST(self.resume_view)),
                name="holding_tax_reassessment_resume",
            ),
            path(
                "<int:pk>/publish/",
                wrap(require_POST(self.publish_view)),
                name="holding_tax_reassessment_publish",
            ),
            *super().get_urls(),
        ]

    def start_view(self, request: HttpRequest) -> HttpResponse:
        pages.require(request, pages.ASSESSORS)
        pourashavas = pages.pourashavas_for(request, pages.ASSESSORS)
        if not pourashavas.exists():
            raise PermissionDenied
        bound = request.method == "POST"
        form = ReassessmentForm(
            request.POST if bound else None,
            pourashavas=pourashavas,
            initial={"fiscal_year": FiscalYear.of().next().label},
        )
        preview = None
        if bound and form.is_valid():
            data = form.cleaned_data
            fiscal_year = FiscalYear.parse(data["fiscal_year"])
            if "run" in request.POST:
                try:
                    job, sent = reassessment.start_reassessment(
                        pourashava=data["pourashava"],
                        fiscal_year=fiscal_year,
                        ward=data["ward"],
                        actor=request.user,
                        request=request,
                    )
                except AppError as error:
                    form.add_error(None, error.render_message(get_language()))
                else:
                    if sent:
                        messages.success(request, gettext("The reassessment has been started."))
                    else:
                        messages.info(
                            request,
                            gettext("This reassessment already exists; nothing new was started."),
                        )
                    return HttpResponseRedirect(
                        reverse("admin:holding_tax_reassessment_progress", args=[job.pk])
                    )
            else:
                preview = reassessment.preview(
                    pourashava=data["pourashava"],
                    fiscal_year=fiscal_year,
                    ward=data["ward"],
                    language=get_language(),
                )
        return pages.render(
            self,
            request,
            "holding_tax/admin/reassessment_start.html",
            gettext("General reassessment"),
            form=form,
            preview=preview,
            shown_changes=preview.changes[:SHOWN_CHANGES] if preview else [],
            more_changes=max(0, len(preview.changes) - SHOWN_CHANGES) if preview else 0,
        )

    def progress_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        job = get_object_or_404(
            self.get_queryset(request).select_related("pourashava", "ward", "started_by"), pk=pk
        )
        stopped = jobs.is_stopped(job)
        publication = AssessmentPublication.objects.filter(
            pourashava_id=job.pourashava_id, fiscal_year=job.fiscal_year
        ).first()
        may_publish = pages.holds(request, pages.PUBLISHERS) and pages.covers(
            request, pages.PUBLISHERS, job.pourashava_id
        )
        return pages.render(
            self,
            request,
            "holding_tax/admin/reassessment_progress.html",
            str(job),
            original=job,
            job=job,
            percent=min(100, job.holdings_done * 100 // job.holdings_total)
            if job.holdings_total
            else 100,
            stopped=stopped,
            refresh=job.status in (RunStatus.PENDING, RunStatus.RUNNING) and not stopped,
            can_resume=stopped
            and pages.holds(request, pages.ASSESSORS)
            and pages.covers(request, pages.ASSESSORS, job.pourashava_id),
            publication=publication,
            publish_form=PublishForm() if may_publish and job.status == RunStatus.DONE else None,
        )

    def resume_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        pages.require(request, pages.ASSESSORS)
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        if not pages.covers(request, pages.ASSESSORS, job.pourashava_id):
            raise PermissionDenied
        if reassessment.resume_reassessment(job=job, actor=request.user, request=request):
            messages.success(request, gettext("The reassessment has been resumed."))
        else:
            messages.info(request, gettext("The reassessment is finished or still running."))
        return HttpResponseRedirect(reverse("admin:holding_tax_reassessment_progress", args=[pk]))

    def publish_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        pages.require(request, pages.PUBLISHERS)
        job = get_object_or_404(self.get_queryset(request), pk=pk)
        if not pages.covers(request, pages.PUBLISHERS, job.pourashava_id):
            raise PermissionDenied
        form = PublishForm(request.POST)
        if job.status != RunStatus.DONE:
            messages.error(request, gettext("Publish the list once the reassessment is done."))
        elif not form.is_valid():
            messages.error(request, gettext("Give the days for objections (7 to 90)."))
        else:
            publication = reviews.publish_list(
                pourashava=job.pourashava,
                fiscal_year=FiscalYear.parse(job.fiscal_year),
                window_days=form.cleaned_data["window_days"],
                actor=request.user,
            )
            messages.success(
                request,
                gettext("The assessment list is published; objections until %(date)s.")
                % {"date": publication.objection_deadline},
            )
        return HttpResponseRedirect(reverse("admin:holding_tax_reassessment_progress", args=[pk]))
