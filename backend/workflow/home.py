"""The home page's queue counts: applications waiting on the user (backend.workflow.selectors
.queue_for), by kind, state and SLA colour, each a link to the applications list filtered to
exactly those rows. One query for every queue section of the page.

A service shows its kinds under its own title with `register_queue_section`; a service that
counts its kinds itself (with its own list and colours) says so with `claim_kinds`; kinds
nobody placed appear under "Other applications", so a new kind is never invisible."""

from collections.abc import Iterable

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.identity.roles import assignments_of
from backend.panel.home import (
    HomeCount,
    HomeRow,
    admin_queryset,
    changelist_url,
    per_request,
    register_home_section,
)
from backend.workflow.definitions import APPLICANT, registered_workflows
from backend.workflow.models import Application
from backend.workflow.selectors import queue_for
from backend.workflow.sla import COLOURS, tally

COLUMNS = (_("Late"), _("Due soon"), _("On time"))
_PLACED: set[str] = set()


def claim_kinds(*kinds: str) -> None:
    """These kinds are counted by their service's own section (not under "Other")."""
    _PLACED.update(kinds)


def register_queue_section(
    key: str, *, title: str, kinds: Iterable[str], roles: Iterable[str], order: int = 50
) -> None:
    """Show the queues of `kinds` under `title` to holders of `roles` (each state's row only to
    those it waits on)."""
    kinds = tuple(kinds)
    claim_kinds(*kinds)
    register_home_section(
        key,
        title=title,
        roles=roles,
        rows=lambda request: _rows(request, set(kinds)),
        columns=COLUMNS,
        order=order,
    )


def register_other_applications(roles: Iterable[str]) -> None:
    register_home_section(
        "workflow.other",
        title=_("Other applications"),
        roles=roles,
        rows=lambda request: _rows(request, {d.kind for d in registered_workflows()} - _PLACED),
        columns=COLUMNS,
        order=90,
    )


def _counts(request: HttpRequest) -> dict[tuple, int]:
    """(kind, state, colour) -> applications waiting on the user, in the list's own scope."""

    def compute() -> dict[tuple, int]:
        waiting = admin_queryset(request, Application).filter(
            pk__in=queue_for(request.user).values("pk")
        )
        rows = waiting.order_by().values_list("kind", "state", "state_entered_at", "due_at")
        return tally(rows, timezone.now())

    return per_request(request, "workflow.queue", compute)


def _rows(request: HttpRequest, kinds: set[str]) -> list[HomeRow]:
    user = request.user
    held = {a.role for a in assignments_of(user)}
    counts = None
    rows = []
    for definition in registered_workflows():
        if definition.kind not in kinds:
            continue
        for state in definition.states:
            staff = state.waits_on - {APPLICANT}
            if state.terminal or not staff or not (user.is_superuser or staff & held):
                continue
            if counts is None:
                counts = _counts(request)
            cells = tuple(
                HomeCount(
                    key=f"workflow.{definition.kind}.{state.code}.{colour}",
                    value=counts.get((definition.kind, state.code, colour), 0),
                    url=changelist_url(
                        Application,
                        waiting="me",
                        kind=definition.kind,
                        state=state.code,
                        sla=colour,
                    ),
                    tone=colour,
                )
                for colour in COLOURS
            )
            label = f"{definition.title.render()}: {state.label.render()}"
            rows.append(HomeRow(label=label, cells=cells))
    return rows
