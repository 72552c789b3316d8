"""The national summary from the summary tables alone (SummaryMonth, the ragged ends of a date
range from SummaryDay, arrears from each pourashava's latest by-sector snapshot): the cost
depends on pourashavas x sectors x months, not on how many demands and payments there are.
Used by selectors.revenue_summary and monthly_trend whenever the question is by pourashava
and/or sector (and month) only."""

import operator
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal
from functools import reduce

from django.db import connections
from django.db.models import F, Q, QuerySet, Sum
from django.utils import timezone

from backend.common.money import ZERO, money
from backend.monitor.models import ArrearsSector, SummaryDay, SummaryYear
from backend.monitor.registry import MonitorScope
from backend.monitor.services.sql import month_start, next_month
from backend.monitor.services.summary import fiscal_month, fiscal_year_months
from backend.municipality.fiscal_year import FiscalYear

GROUPS = frozenset({"pourashava", "sector"})
_FIELD = {"pourashava": "pourashava_id", "sector": "sector", "month": "month"}
_CENT = Decimal("0.01")


def answers(group_by, filters: dict | None) -> bool:
    """Whether the summary tables can answer: grouped and filtered by pourashava and sector."""
    asked = {k for k, v in (filters or {}).items() if v not in (None, "")}
    return set(group_by) <= GROUPS and asked <= GROUPS


def _narrow(queryset: QuerySet, scope: MonitorScope, filters: dict | None) -> QuerySet:
    if scope.pourashava_ids is not None:
        queryset = queryset.filter(pourashava_id__in=scope.pourashava_ids)
    for key, value in (filters or {}).items():
        if value not in (None, ""):
            queryset = queryset.filter(**{_FIELD[key]: value})
    return queryset


def _whole_month_to(end: date) -> bool:
    """Whether [month start, end] is the month's whole collection: end is its last day, or
    nothing can have been collected after it yet (today or later)."""
    return end == next_month(end) - timedelta(days=1) or end >= timezone.localdate()


def _months_before(fy: FiscalYear, cut: date) -> int:
    """How many of the fiscal year's months start before `cut` (0 to 12)."""
    return sum(1 for month in fiscal_year_months(fy.label) if month < cut)


def _total(kinds: tuple[str, ...], upto: int, where: Q, first: int = 1):
    """Sum over rows of the SummaryYear month columns of `kinds`, months first..upto (None
    when there are none)."""
    columns = [F(f"{kind}_{m:02d}") for m in range(max(first, 1), upto + 1) for kind in kinds]
    if not columns:
        return None
    return Sum(reduce(operator.add, columns), filter=where)


def _grouped(queryset: QuerySet, fields: list[str], **sums) -> list[dict]:
    """The sums by `fields`, as dicts. Read with a plain cursor: the database's numeric sums
    are already exact Decimals, and Django's per-value converters would cost more than the
    query on thousands of rows."""
    if not fields:
        return [queryset.aggregate(**sums)]
    grouped = queryset.values(*fields).annotate(**sums).order_by()
    sql, params = grouped.query.sql_with_params()
    with connections[grouped.db].cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _cut(end: date) -> tuple[date, date | None]:
    """(months before this are read whole, first day to read from SummaryDay or None)."""
    if _whole_month_to(end):
        return next_month(end), None
    return month_start(end), month_start(end)


def _days(scope, filters, fields, lo: date, hi: date, fiscal_year: str) -> dict[tuple, dict]:
    qs = _narrow(
        SummaryDay.objects.filter(day__gte=lo, day__lte=hi, fiscal_year=fiscal_year),
        scope,
        filters,
    )
    out = {}
    for row in _grouped(qs, fields, cur=Sum("collected_current"), arr=Sum("collected_arrears")):
        out[tuple(row[f] for f in fields)] = row
    return out


def summary_figures(
    scope: MonitorScope, as_of: date, group_by, filters: dict | None = None
) -> dict[tuple, dict[str, Decimal]]:
    """Own revenue of scope.fiscal_year to `as_of` by group_by (pourashava, sector): collected
    current and arrears, the same dates last year, demand for the year, annual target and
    target to date (whole months, then the month under way by its share of days gone), and
    arrears outstanding (each pourashava's latest snapshot, more than a year old)."""
    fy = FiscalYear.parse(scope.fiscal_year)
    last_fy = fy.previous()
    end = min(as_of, fy.end)
    fields = [_FIELD[g] for g in group_by]
    figures: dict[tuple, dict[str, Decimal]] = defaultdict(
        lambda: {
            "collected_current": ZERO,
            "collected_arrears": ZERO,
            "collected_last_year": ZERO,
            "demand": ZERO,
            "target_annual": ZERO,
            "target_to_date": ZERO,
            "arrears_outstanding": ZERO,
        }
    )
    if end < fy.start:  # a year not begun: its targets and demand only
        cut_now, ragged_now, fraction, this_month = fy.start, None, Decimal(0), fy.start
    else:
        cut_now, ragged_now = _cut(end)
        this_month = month_start(end)
        days_in = (next_month(end) - this_month).days
        fraction = Decimal(end.day) / Decimal(days_in)
    last_end = _same_day_last_year(end) if end >= fy.start else last_fy.start
    cut_last, ragged_last = _cut(last_end) if end >= fy.start else (last_fy.start, None)
    this_year = Q(fiscal_year=fy.label)
    last_year = Q(fiscal_year=last_fy.label)
    whole_now = _months_before(fy, cut_now)
    whole_last = _months_before(last_fy, cut_last)
    month_now = fiscal_month(this_month) if end >= fy.start else 0
    sums = {
        "cur": _total(("current",), whole_now, this_year),
        "arr": _total(("arrears",), whole_now, this_year),
        "last": _total(("current", "arrears"), whole_last, last_year),
        "year": _total(("target",), 12, this_year),
        "whole": _total(("target",), month_now - 1, this_year),
        "part": _total(("target",), month_now, this_year, first=month_now),
        "demand": Sum("demand", filter=this_year),
    }
    qs = _narrow(
        SummaryYear.objects.filter(fiscal_year__in=[fy.label, last_fy.label]), scope, filters
    )
    rows = _grouped(qs, fields, **{k: v for k, v in sums.items() if v is not None})
    # The database's sums of 2-place numerics are exact 2-place Decimals already.
    for row in rows:
        item = figures[tuple(row[f] for f in fields)]
        item["collected_current"] += row.get("cur") or ZERO
        item["collected_arrears"] += row.get("arr") or ZERO
        item["collected_last_year"] += row.get("last") or ZERO
        item["demand"] += row.get("demand") or ZERO
        item["target_annual"] += row.get("year") or ZERO
        part = row.get("part")
        item["target_to_date"] += (row.get("whole") or ZERO) + (
            (part * fraction).quantize(_CENT) if part else ZERO
        )
    if ragged_now:
        for key, row in _days(scope, filters, fields, ragged_now, end, fy.label).items():
            figures[key]["collected_current"] += money(row["cur"] or ZERO)
            figures[key]["collected_arrears"] += money(row["arr"] or ZERO)
    if ragged_last:
        for key, row in _days(scope, filters, fields, ragged_last, last_end, last_fy.label).items():
            figures[key]["collected_last_year"] += money(
                (row["cur"] or ZERO) + (row["arr"] or ZERO)
            )
    owed = _narrow(ArrearsSector.objects.filter(latest=True, own=True, age__gt=0), scope, filters)
    for row in _grouped(owed, fields, total=Sum("amount")):
        figures[tuple(row[f] for f in fields)]["arrears_outstanding"] += money(row["total"] or ZERO)
    return dict(figures)


def _same_day_last_year(day: date) -> date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def collected_by_month(
    scope: MonitorScope, fiscal_year: str, end: date, filters: dict | None = None
) -> dict[date, Decimal]:
    """Own revenue collected in each month of the fiscal year up to `end` (inclusive)."""
    fy = FiscalYear.parse(fiscal_year)
    out: dict[date, Decimal] = defaultdict(lambda: ZERO)
    if end < fy.start:
        return {}
    end = min(end, fy.end)
    cut, ragged = _cut(end)
    months = fiscal_year_months(fy.label)[: _months_before(fy, cut)]
    if months:
        qs = _narrow(SummaryYear.objects.filter(fiscal_year=fy.label), scope, filters)
        sums = {
            f"m{i}": Sum(F(f"current_{i:02d}") + F(f"arrears_{i:02d}"))
            for i in range(1, len(months) + 1)
        }
        totals = qs.aggregate(**sums)
        for i, month in enumerate(months, start=1):
            if totals[f"m{i}"]:
                out[month] += money(totals[f"m{i}"])
    if ragged:
        for row in _days(scope, filters, [], ragged, end, fy.label).values():
            out[ragged] += money((row["cur"] or ZERO) + (row["arr"] or ZERO))
    return dict(out)
