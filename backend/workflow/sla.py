"""The state clock's colour, for every application kind: red past `due_at`, amber when the time
left is at most a quarter of the state's window or under a day, green otherwise (or with no
clock). The same rule certificates apply per clock (services/certificates/sla.py), where the
citizen's promise is a second clock; here only the state clock is known.

Thresholds: settings WORKFLOW_SLA_AMBER_FRACTION (0.25) and WORKFLOW_SLA_AMBER_MIN_HOURS (24)."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet

RED, AMBER, GREEN = "red", "amber", "green"
COLOURS = (RED, AMBER, GREEN)


def colour_of(
    start: datetime | None,
    due: datetime | None,
    now: datetime,
    *,
    fraction: float | None = None,
    min_left: timedelta | None = None,
) -> str:
    if due is None:
        return GREEN
    fraction = _fraction() if fraction is None else fraction
    min_left = _min_left() if min_left is None else min_left
    left = due - now
    if left < timedelta(0):
        return RED
    if left < min_left:
        return AMBER
    if start is not None and start < due and left <= (due - start) * fraction:
        return AMBER
    return GREEN


def ids_coloured(queryset: QuerySet, colour: str, now: datetime) -> list[int]:
    """The ids of `queryset`'s applications whose state clock shows `colour` at `now` (one
    query, reading only the clock columns)."""
    fraction, min_left = _fraction(), _min_left()
    return [
        pk
        for pk, start, due in queryset.values_list("pk", "state_entered_at", "due_at")
        if colour_of(start, due, now, fraction=fraction, min_left=min_left) == colour
    ]


def tally(rows: Iterable[tuple], now: datetime) -> dict[tuple, int]:
    """Counts by (*group, colour) of rows (*group, state_entered_at, due_at)."""
    fraction, min_left = _fraction(), _min_left()
    counts: dict[tuple, int] = {}
    for *group, start, due in rows:
        key = (*group, colour_of(start, due, now, fraction=fraction, min_left=min_left))
        counts[key] = counts.get(key, 0) + 1
    return counts


def _fraction() -> float:
    return float(getattr(settings, "WORKFLOW_SLA_AMBER_FRACTION", 0.25))


def _min_left() -> timedelta:
    return timedelta(hours=float(getattr(settings, "WORKFLOW_SLA_AMBER_MIN_HOURS", 24)))
