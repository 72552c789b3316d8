"""SLA colours for certificate applications, and with whom each one waits.

Two clocks run on an application:
- the state clock: the workflow Application's `due_at`, set by the engine on entering a state
  from the state's SLA days (or the pourashava's backend.workflow SlaOverride for that state),
  counted from `state_entered_at`;
- the promise to the citizen: CertificateApplication `due_by` (payment plus the type's SLA
  days), counted from `paid_at` (or the submission time if the payment time is unknown).

The rule, per clock, at a moment `now`:
- red: the deadline is past (now is after it);
- amber: not past, but the time left is at most AMBER_FRACTION of the clock's whole window, or
  under AMBER_MIN_HOURS;
- green: otherwise, or when the clock is not running (no deadline).
The application's colour is the worse of its two clocks. While it waits on the applicant (fee
to pay, returned for correction) or is closed, the clocks do not concern staff: grey.

Thresholds are settings with these defaults (Django settings names in brackets):
AMBER_FRACTION = 0.25 [CERTIFICATE_SLA_AMBER_FRACTION], AMBER_MIN_HOURS = 24
[CERTIFICATE_SLA_AMBER_MIN_HOURS].
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from backend.common.text import Text
from backend.identity.models import Role, RoleAssignment
from backend.workflow.definitions import APPLICANT, workflow_for
from services.certificates.models import CertificateApplication
from services.certificates.workflow import KIND, WITH_COUNCILLOR

DEFAULT_AMBER_FRACTION = 0.25
DEFAULT_AMBER_MIN_HOURS = 24


class Colour(StrEnum):
    GREEN = "green"
    AMBER = "amber"
    RED = "red"
    GREY = "grey"


COLOUR_LABELS = {
    Colour.GREEN: Text(en="On time", bn="সময়মতো"),
    Colour.AMBER: Text(en="Due soon", bn="সময় প্রায় শেষ"),
    Colour.RED: Text(en="Late", bn="বিলম্বিত"),
    Colour.GREY: Text(en="Not with staff", bn="কর্মকর্তার কাছে নেই"),
}
# Badge colours for the clerk panel (readable on white, distinguishable in greyscale by label).
COLOUR_HEX = {
    Colour.GREEN: "#1b7f3b",
    Colour.AMBER: "#b36b00",
    Colour.RED: "#b3261e",
    Colour.GREY: "#6b6b6b",
}
_SEVERITY = {Colour.GREEN: 0, Colour.AMBER: 1, Colour.RED: 2}

WAITS_ON_LABELS = {
    APPLICANT: Text(en="Applicant", bn="আবেদনকারী"),
    Role.WARD_COUNCILLOR: Text(en="Ward councillor", bn="ওয়ার্ড কাউন্সিলর"),
    Role.CERTIFICATE_OFFICER: Text(en="Certificate officer", bn="সনদ কর্মকর্তা"),
}

NO_COUNCILLOR = Text(en="no councillor assigned", bn="কোনো কাউন্সিলর নিযুক্ত নেই")


@dataclass(frozen=True)
class Thresholds:
    amber_fraction: float = DEFAULT_AMBER_FRACTION
    amber_min: timedelta = timedelta(hours=DEFAULT_AMBER_MIN_HOURS)


def thresholds() -> Thresholds:
    """The configured thresholds (settings override the documented defaults)."""
    return Thresholds(
        amber_fraction=float(
            getattr(settings, "CERTIFICATE_SLA_AMBER_FRACTION", DEFAULT_AMBER_FRACTION)
        ),
        amber_min=timedelta(
            hours=float(
                getattr(settings, "CERTIFICATE_SLA_AMBER_MIN_HOURS", DEFAULT_AMBER_MIN_HOURS)
            )
        ),
    )


def clock_colour(
    *, start: datetime | None, due: datetime | None, now: datetime, limits: Thresholds
) -> Colour:
    """One clock's colour: red past `due`, amber near it, green otherwise (or with no deadline)."""
    if due is None:
        return Colour.GREEN
    left = due - now
    if left < timedelta(0):
        return Colour.RED
    if left < limits.amber_min:
        return Colour.AMBER
    if start is not None and start < due and left <= (due - start) * limits.amber_fraction:
        return Colour.AMBER
    return Colour.GREEN


def waits_on_staff(state: str) -> bool:
    """True when `state` waits on staff (so its clocks are staff's to keep)."""
    definition = workflow_for(KIND)
    found = definition.state(state)
    return not found.terminal and bool(found.waits_on - {APPLICANT})


def staff_states() -> list[str]:
    return [s.code for s in workflow_for(KIND).states if waits_on_staff(s.code)]


@dataclass(frozen=True)
class Sla:
    colour: Colour
    state_due_at: datetime | None
    due_by: datetime | None

    @property
    def label(self) -> Text:
        return COLOUR_LABELS[self.colour]


def sla_of(
    detail: CertificateApplication, *, now: datetime | None = None, limits: Thresholds | None = None
) -> Sla:
    """The application's colour at `now` (default: the current time), by the rule above."""
    now = now or timezone.now()
    limits = limits or thresholds()
    application = detail.application
    if not waits_on_staff(application.state):
        return Sla(Colour.GREY, application.due_at, detail.due_by)
    state_colour = clock_colour(
        start=application.state_entered_at, due=application.due_at, now=now, limits=limits
    )
    promise_colour = clock_colour(
        start=detail.paid_at or application.submitted_at,
        due=detail.due_by,
        now=now,
        limits=limits,
    )
    worse = max(state_colour, promise_colour, key=_SEVERITY.__getitem__)
    return Sla(worse, application.due_at, detail.due_by)


def late_condition(now: datetime | None = None) -> Q:
    """A CertificateApplication filter for the rows `sla_of` colours red at `now`."""
    now = now or timezone.now()
    return Q(application__state__in=staff_states()) & (
        Q(application__due_at__lt=now) | Q(due_by__lt=now)
    )


@dataclass(frozen=True)
class WithWhom:
    roles: tuple[str, ...]  # role codes (or "applicant") the state waits on
    people: tuple[str, ...]  # named people, when the state waits on someone in particular
    vacant: bool = False  # it waits on the ward's councillor, and the ward has none

    def describe(self, language: str | None = None) -> str:
        """ "Ward councillor (Name One, Name Two)" / "Certificate officer"; empty when closed."""
        labels = [
            WAITS_ON_LABELS[r].render(language) if r in WAITS_ON_LABELS else r for r in self.roles
        ]
        text = ", ".join(labels)
        if self.vacant:
            return f"{text} ({NO_COUNCILLOR.render(language)})"
        return f"{text} ({', '.join(self.people)})" if self.people else text


class CouncillorDirectory:
    """Ward councillors' names by ward, read once per pourashava (lists show many rows of the
    same few wards)."""

    def __init__(self) -> None:
        self._by_ward: dict[int, tuple[str, ...]] = {}
        self._loaded: set[int] = set()

    def names(self, pourashava_id: int, ward_id: int | None) -> tuple[str, ...]:
        if pourashava_id not in self._loaded:
            self.load([pourashava_id])
        return self._by_ward.get(ward_id, ()) if ward_id is not None else ()

    def load(self, pourashava_ids: Iterable[int]) -> None:
        wanted = set(pourashava_ids) - self._loaded
        if not wanted:
            return
        found: dict[int, list[str]] = {}
        assignments = (
            RoleAssignment.objects.filter(
                role=Role.WARD_COUNCILLOR,
                is_active=True,
                user__is_active=True,
                pourashava_id__in=wanted,
                ward__isnull=False,
            )
            .select_related("user")
            .order_by("user__full_name", "user__username")
        )
        for assignment in assignments:
            user = assignment.user
            found.setdefault(assignment.ward_id, []).append(user.full_name or user.username)
        self._by_ward.update({ward: tuple(names) for ward, names in found.items()})
        self._loaded |= wanted


def with_whom(
    detail: CertificateApplication, directory: CouncillorDirectory | None = None
) -> WithWhom:
    """The roles the current state waits on and, with the councillor, who that is by name."""
    application = detail.application
    state = workflow_for(KIND).state(application.state)
    roles = tuple(sorted(state.waits_on))
    people: tuple[str, ...] = ()
    if application.state == WITH_COUNCILLOR:
        directory = directory or CouncillorDirectory()
        people = directory.names(detail.pourashava_id, detail.ward_id)
        return WithWhom(roles=roles, people=people, vacant=not people)
    return WithWhom(roles=roles, people=people)


# The home page's counts and the list's SLA filter: one query each, coloured by sla_of itself,
# so a count, the rows its link lists and the badges on those rows always agree.
_CLOCK_FIELDS = (
    "id",
    "paid_at",
    "due_by",
    "application__state",
    "application__state_entered_at",
    "application__due_at",
    "application__submitted_at",
)


def _coloured(queryset, now: datetime):
    limits = thresholds()
    details = (
        queryset.filter(application__state__in=staff_states())
        .select_related("application")
        .only(*_CLOCK_FIELDS)
        .order_by()
    )
    for detail in details:
        yield detail, sla_of(detail, now=now, limits=limits).colour


def ids_coloured(queryset, colour: Colour, now: datetime) -> list[int]:
    """The ids of `queryset`'s applications whose colour at `now` is `colour` (grey: those not
    waiting on staff)."""
    if colour == Colour.GREY:
        return list(
            queryset.exclude(application__state__in=staff_states()).values_list("pk", flat=True)
        )
    return [detail.pk for detail, found in _coloured(queryset, now) if found == colour]


def counts_by_state(queryset, now: datetime) -> dict[tuple[str, Colour], int]:
    """(state, colour) -> how many of `queryset`'s applications waiting on staff show it."""
    counts: dict[tuple[str, Colour], int] = {}
    for detail, colour in _coloured(queryset, now):
        key = (detail.application.state, colour)
        counts[key] = counts.get(key, 0) + 1
    return counts
