"""Applications of every kind in one list: the queue behind the home page's workflow counts.
Read-only: applications move only through the workflow engine (the API's actions, or a
service's own panel actions), which validates and logs each step."""

from django.contrib import admin
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from backend.identity.models import Role
from backend.panel.base import TenantScopedAdmin
from backend.workflow.definitions import (
    action_label,
    registered_workflows,
    state_label,
    workflow_for,
)
from backend.workflow.models import Application
from backend.workflow.selectors import history_of, queue_for
from backend.workflow.sla import AMBER, GREEN, RED, colour_of, ids_coloured

# Staff who act on applications of some kind, and those who oversee them.
VIEW_ROLES = frozenset(
    {
        Role.ASSESSOR,
        Role.REVENUE_CLERK,
        Role.WATER_SUPERINTENDENT,
        Role.LICENCE_INSPECTOR,
        Role.LICENCE_OFFICER,
        Role.CERTIFICATE_OFFICER,
        Role.WARD_COUNCILLOR,
        Role.SECRETARY,
        Role.MAYOR,
        Role.NATIONAL_VIEWER,
        Role.SYSTEM_ADMIN,
    }
)
SLA_LABELS = {RED: _("Late"), AMBER: _("Due soon"), GREEN: _("On time")}
SLA_HEX = {RED: "#b3261e", AMBER: "#b36b00", GREEN: "#1b7f3b"}


class WaitingOnMeFilter(admin.SimpleListFilter):
    title = _("waiting on")
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("me", _("Me"))]

    def queryset(self, request, queryset):
        if self.value() == "me":
            return queryset.filter(pk__in=queue_for(request.user).values("pk"))
        return queryset


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(d.kind, d.title.render()) for d in registered_workflows()]

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


class StateFilter(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        seen: dict[str, str] = {}
        for definition in registered_workflows():
            for state in definition.states:
                seen.setdefault(state.code, state.label.render())
        return list(seen.items())

    def queryset(self, request, queryset):
        return queryset.filter(state=self.value()) if self.value() else queryset


class SlaFilter(admin.SimpleListFilter):
    """The state clock's colour now (backend/workflow/sla.py); kept last in list_filter so it
    colours only the rows the other filters left."""

    title = _("SLA")
    parameter_name = "sla"

    def lookups(self, request, model_admin):
        return list(SLA_LABELS.items())

    def queryset(self, request, queryset):
        if self.value() not in SLA_LABELS:
            return queryset
        open_ones = queryset.filter(closed_at__isnull=True)
        return queryset.filter(pk__in=ids_coloured(open_ones, self.value(), timezone.now()))


@admin.register(Application)
class ApplicationAdmin(TenantScopedAdmin):
    view_roles = VIEW_ROLES
    ward_field = "ward"
    # Every column and field is a method: labels in the panel's language, whatever the model's.
    list_display = [
        "number_label",
        "kind_label",
        "state_label",
        "ward_label",
        "submitted",
        "sla",
        "due",
    ]
    list_filter = [WaitingOnMeFilter, KindFilter, StateFilter, SlaFilter]
    list_select_related = ["pourashava", "ward__pourashava"]
    search_fields = ["number"]
    ordering = ["due_at", "id"]
    fields = [
        "number_label",
        "kind_label",
        "state_label",
        "pourashava_label",
        "ward_label",
        "applicant_label",
        "submitted",
        "state_entered",
        "due",
        "closed",
        "history",
    ]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("number"), ordering="number")
    def number_label(self, obj: Application) -> str:
        return obj.number

    @admin.display(description=_("pourashava"))
    def pourashava_label(self, obj: Application) -> str:
        return str(obj.pourashava)

    @admin.display(description=_("ward"), ordering="ward__number")
    def ward_label(self, obj: Application) -> str:
        return str(obj.ward) if obj.ward_id else "-"

    @admin.display(description=_("applicant"))
    def applicant_label(self, obj: Application) -> str:
        return str(obj.applicant) if obj.applicant_id else "-"

    @admin.display(description=_("submitted"), ordering="submitted_at")
    def submitted(self, obj: Application) -> str:
        return _when(obj.submitted_at)

    @admin.display(description=_("in this state since"), ordering="state_entered_at")
    def state_entered(self, obj: Application) -> str:
        return _when(obj.state_entered_at)

    @admin.display(description=_("due"), ordering="due_at")
    def due(self, obj: Application) -> str:
        return _when(obj.due_at)

    @admin.display(description=_("closed"), ordering="closed_at")
    def closed(self, obj: Application) -> str:
        return _when(obj.closed_at)

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, obj: Application) -> str:
        try:
            return workflow_for(obj.kind).title.render()
        except LookupError:
            return obj.kind

    @admin.display(description=_("state"), ordering="state")
    def state_label(self, obj: Application) -> str:
        try:
            return workflow_for(obj.kind).state(obj.state).label.render()
        except (LookupError, KeyError):
            return obj.state

    @admin.display(description=_("SLA"), ordering="due_at")
    def sla(self, obj: Application):
        if obj.closed_at is not None:
            return "-"
        colour = colour_of(obj.state_entered_at, obj.due_at, timezone.now())
        return format_html(
            '<span style="color:{};font-weight:bold" data-sla="{}">{}</span>',
            SLA_HEX[colour],
            colour,
            SLA_LABELS[colour],
        )

    @admin.display(description=_("action history"))
    def history(self, obj: Application):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{} &rarr; {}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    _when(log.at),
                    action_label(obj.kind, log.action),
                    state_label(obj.kind, log.from_state) if log.from_state else "-",
                    state_label(obj.kind, log.to_state),
                    log.actor.full_name or log.actor.username,
                    log.comment,
                )
                for log in history_of(obj)
            ),
        )
        return format_html(
            "<table><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>{}</table>",
            _("when"),
            _("action"),
            _("state"),
            _("by"),
            _("comment"),
            rows,
        )


def _when(moment) -> str:
    """A date and time as the panel's language writes it (a readonly method's value is shown
    as str(), not localised), or "-" when there is none."""
    if moment is None:
        return "-"
    return date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")
