"""Reads of the revenue monitor, always within a MonitorScope (backend/monitor/scope.py). National
questions read the month roll-ups for whole months and the day facts only for the ragged ends
of a date range; anything by ward or by day reads the day facts. Amounts are Decimal taka.

`revenue_summary` is the public entry point (also for the agency sharing layer)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import OuterRef, Q, QuerySet, Subquery, Sum

from backend.common.money import ZERO, money
from backend.monitor import selectors_summary
from backend.monitor.models import (
    ArrearsSector,
    ArrearsSnapshot,
    CollectionFact,
    CollectionMonth,
    DemandMonth,
    SectorMonth,
    TargetMonth,
)
from backend.monitor.registry import MonitorScope
from backend.monitor.services.sql import month_start, next_month
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import RevenueHead

DIMENSIONS = ("pourashava", "ward", "sector", "head", "channel", "age", "month", "day")
_FIELD = {
    "pourashava": "pourashava_id",
    "ward": "ward_id",
    "sector": "sector",
    "head": "head_id",
    "channel": "channel",
    "age": "age",
    "month": "month",
    "day": "day",
}
HUNDRED = Decimal(100)
_NARROW = {"pourashava", "sector", "age", "month"}


def _scoped(queryset: QuerySet, scope: MonitorScope) -> QuerySet:
    if scope.pourashava_ids is not None:
        queryset = queryset.filter(pourashava_id__in=scope.pourashava_ids)
    return queryset


def _filtered(queryset: QuerySet, filters: dict, own_only: bool) -> QuerySet:
    if own_only:
        queryset = queryset.filter(own=True)
    for key, value in filters.items():
        if value in (None, ""):
            continue
        field = _FIELD[key]
        if key == "ward" and value == "none":
            queryset = queryset.filter(ward_id__isnull=True)
        else:
            queryset = queryset.filter(**{field: value})
    return queryset


def _key(row: dict, group_by: Sequence[str]) -> tuple:
    return tuple(row[_FIELD[g]] for g in group_by)


def _split_range(
    start: date, end: date
) -> tuple[list[tuple[date, date]], tuple[date, date] | None]:
    """[start, end] as day ranges for the ragged ends, and the whole months between."""
    first_whole = start if start.day == 1 else next_month(start)
    after_end = end + timedelta(days=1)
    last_whole_end = month_start(after_end)  # exclusive
    if first_whole >= last_whole_end:
        return [(start, end)], None
    edges = []
    if start < first_whole:
        edges.append((start, first_whole - timedelta(days=1)))
    if last_whole_end <= end:
        edges.append((last_whole_end, end))
    return edges, (first_whole, last_whole_end - timedelta(days=1))


def collected(
    scope: MonitorScope,
    start: date,
    end: date,
    *,
    group_by: Sequence[str] = (),
    filters: dict | None = None,
    own_only: bool = True,
) -> dict[tuple, Decimal]:
    """Money collected in [start, end] (local days), summed by `group_by` dimensions."""
    filters = dict(filters or {})
    group_by = tuple(group_by)
    fold_month = "month" in group_by
    daily_only = "ward" in group_by or "day" in group_by or filters.get("ward") not in (None, "")
    totals: dict[tuple, Decimal] = defaultdict(lambda: ZERO)

    def add_days(lo: date, hi: date) -> None:
        fields = [_FIELD[g] if g != "month" else "day" for g in group_by]
        qs = _filtered(
            _scoped(CollectionFact.objects.filter(day__gte=lo, day__lte=hi), scope),
            filters,
            own_only,
        )
        for row in qs.values(*fields).annotate(total=Sum("amount")).order_by():
            if fold_month:
                row["month"] = month_start(row["day"])
            totals[_key(row, group_by)] += money(row["total"] or ZERO)

    if daily_only:
        add_days(start, end)
    else:
        edges, whole = _split_range(start, end)
        for lo, hi in edges:
            add_days(lo, hi)
        if whole:
            # The narrow roll-up when only pourashava, sector, age and month are asked about.
            narrow = set(group_by) | {k for k, v in filters.items() if v not in (None, "")}
            model = SectorMonth if narrow <= _NARROW else CollectionMonth
            qs = _filtered(
                _scoped(
                    model.objects.filter(month__gte=whole[0], month__lte=whole[1]),
                    scope,
                ),
                filters,
                own_only,
            )
            fields = [_FIELD[g] for g in group_by]
            for row in qs.values(*fields).annotate(total=Sum("amount")).order_by():
                totals[_key(row, group_by)] += money(row["total"] or ZERO)
    return dict(totals)


def demand_for_year(
    scope: MonitorScope,
    fiscal_year: str,
    *,
    group_by: Sequence[str] = (),
    filters: dict | None = None,
) -> dict[tuple, Decimal]:
    """Demand raised for a fiscal year (own revenue, cancelled demands left out)."""
    filters = dict(filters or {})
    qs = _filtered(
        _scoped(DemandMonth.objects.filter(fiscal_year=fiscal_year), scope), filters, True
    )
    fields = [_FIELD[g] for g in group_by]
    out: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for row in qs.values(*fields).annotate(total=Sum("amount")).order_by():
        out[_key(row, group_by)] += money(row["total"] or ZERO)
    return dict(out)


def arrears(
    scope: MonitorScope,
    *,
    group_by: Sequence[str] = (),
    filters: dict | None = None,
    as_of: date | None = None,
) -> dict[tuple, Decimal]:
    """Still owed (own revenue), from each pourashava's latest snapshot on or before `as_of`
    (the narrow by-sector snapshot when only pourashava, sector and age are asked about)."""
    filters = dict(filters or {})
    asked = set(group_by) | {k for k, v in filters.items() if v not in (None, "")}
    model = ArrearsSector if asked <= {"pourashava", "sector", "age"} else ArrearsSnapshot
    if model is ArrearsSector and as_of is None:
        rows = ArrearsSector.objects.filter(latest=True)  # flagged by snapshot_arrears
    else:
        latest = model.objects.filter(pourashava_id=OuterRef("pourashava_id"))
        if as_of is not None:
            latest = latest.filter(as_of__lte=as_of)
        latest = latest.order_by("-as_of").values("as_of")[:1]
        rows = model.objects.filter(as_of=Subquery(latest))
    qs = _filtered(_scoped(rows, scope), filters, True)
    fields = [_FIELD[g] for g in group_by]
    out: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    for row in qs.values(*fields).annotate(total=Sum("amount")).order_by():
        out[_key(row, group_by)] += money(row["total"] or ZERO)
    return dict(out)


def fiscal_month(day: date) -> int:
    """1 for July ... 12 for June."""
    return (day.month - 7) % 12 + 1


def target_to_date(
    scope: MonitorScope,
    fiscal_year: str,
    as_of: date,
    *,
    group_by: Sequence[str] = (),
    filters: dict | None = None,
) -> tuple[dict[tuple, Decimal], dict[tuple, Decimal]]:
    """(annual target, target due by `as_of`): the months before as_of's month in full, and
    as_of's month by the share of its days gone."""
    filters = dict(filters or {})
    fy = FiscalYear.parse(fiscal_year)
    if as_of < fy.start:
        upto, fraction = 0, Decimal(0)
    elif as_of > fy.end:
        upto, fraction = 12, Decimal(0)
    else:
        upto = fiscal_month(as_of) - 1
        days_in = (next_month(as_of) - month_start(as_of)).days
        fraction = Decimal(as_of.day) / Decimal(days_in)
    if any(g not in ("pourashava", "sector", "head") for g in group_by):
        return {}, {}
    qs = TargetMonth.objects.filter(fiscal_year=fiscal_year)
    if scope.pourashava_ids is not None:
        qs = qs.filter(pourashava_id__in=scope.pourashava_ids)
    sectors = dict(RevenueHead.objects.values_list("code", "sector"))
    if filters.get("pourashava"):
        qs = qs.filter(pourashava_id=filters["pourashava"])
    if filters.get("head"):
        qs = qs.filter(head_id=filters["head"])
    if filters.get("sector"):
        qs = qs.filter(head_id__in=[c for c, sec in sectors.items() if sec == filters["sector"]])
    annual: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    due: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    under_way: dict[tuple, Decimal] = defaultdict(lambda: ZERO)
    # One row per pourashava and head: the year, the whole months due, and the month under way.
    rows = (
        qs.values("pourashava_id", "head_id")
        .annotate(
            year=Sum("amount"),
            whole=Sum("amount", filter=Q(month__lte=upto)),
            part=Sum("amount", filter=Q(month=upto + 1)),
        )
        .order_by()
    )
    for row in rows:
        values = {
            "pourashava": row["pourashava_id"],
            "head": row["head_id"],
            "sector": sectors.get(row["head_id"], "other"),
        }
        key = tuple(values[g] for g in group_by)
        annual[key] += money(row["year"] or ZERO)
        due[key] += money(row["whole"] or ZERO)
        under_way[key] += money(row["part"] or ZERO)
    # The month under way is prorated once per figure shown, not per pourashava and head, as the
    # summary tables do (selectors_summary): rounding each row first could differ by a paisa.
    for key, part in under_way.items():
        due[key] += (part * fraction).quantize(Decimal("0.01"))
    return dict(annual), dict(due)


def _pct(part: Decimal, whole: Decimal) -> Decimal | None:
    if not whole:
        return None
    return (HUNDRED * part / whole).quantize(Decimal("0.1"))


def same_dates_last_year(start: date, end: date) -> tuple[date, date]:
    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:  # 29 February
            return day.replace(year=day.year - 1, day=28)

    return back(start), back(end)


def _from_facts(scope, fy, start, end, group_by, filters, row_for) -> None:
    """revenue_summary's figures from the facts (by head or ward: what the summary tables
    do not keep)."""
    by_age = (*group_by, "age")
    now = collected(scope, start, end, group_by=by_age, filters=filters)
    last_start, last_end = same_dates_last_year(start, end)
    before = collected(scope, last_start, last_end, group_by=group_by, filters=filters)
    demand = demand_for_year(scope, fy.label, group_by=group_by, filters=filters)
    owed = arrears(scope, group_by=by_age, filters=filters, as_of=None)
    annual, due = target_to_date(scope, fy.label, end, group_by=group_by, filters=filters)
    for key, amount in now.items():
        row = row_for(key[:-1])
        row["collected"] += amount
        row["collected_current" if key[-1] == 0 else "collected_arrears"] += amount
    for key, amount in before.items():
        row_for(key)["collected_last_year"] += amount
    for key, amount in demand.items():
        row_for(key)["demand"] += amount
    for key, amount in owed.items():
        if key[-1] > 0:
            row_for(key[:-1])["arrears_outstanding"] += amount
    for key, amount in annual.items():
        row_for(key)["target_annual"] += amount
    for key, amount in due.items():
        row_for(key)["target_to_date"] += amount


def revenue_summary(
    scope: MonitorScope,
    *,
    as_of: date,
    group_by: Sequence[str] = ("pourashava", "sector"),
    filters: dict | None = None,
) -> list[dict]:
    """Own revenue of scope.fiscal_year up to `as_of`, by `group_by` (pourashava, sector, head,
    ward): collected (current and arrears), the same dates last year and growth, target
    (annual and to date) and achievement, demand for the year and collection efficiency,
    arrears outstanding and recovery. Rows carry ids, never a citizen's data."""
    fy = FiscalYear.parse(scope.fiscal_year)
    start = fy.start
    end = min(as_of, fy.end)
    group_by = tuple(group_by)
    rows: dict[tuple, dict] = {}

    def row_for(key: tuple) -> dict:
        if key not in rows:
            rows[key] = {
                **dict(zip(group_by, key, strict=True)),
                "collected": ZERO,
                "collected_current": ZERO,
                "collected_arrears": ZERO,
                "collected_last_year": ZERO,
                "target_annual": ZERO,
                "target_to_date": ZERO,
                "demand": ZERO,
                "arrears_outstanding": ZERO,
            }
        return rows[key]

    if selectors_summary.answers(group_by, filters):
        # By pourashava and sector only: the summary tables answer, whatever the data's size.
        for key, figures in selectors_summary.summary_figures(
            scope, end, group_by, filters
        ).items():
            row = row_for(key)
            for name, amount in figures.items():
                row[name] += amount
            row["collected"] += figures["collected_current"] + figures["collected_arrears"]
    else:
        _from_facts(scope, fy, start, end, group_by, filters, row_for)
    out = []
    for row in rows.values():
        row["achievement_pct"] = _pct(row["collected"], row["target_to_date"])
        row["efficiency_pct"] = _pct(row["collected_current"], row["demand"])
        row["arrears_recovery_pct"] = _pct(
            row["collected_arrears"], row["collected_arrears"] + row["arrears_outstanding"]
        )
        row["growth_pct"] = (
            _pct(row["collected"] - row["collected_last_year"], row["collected_last_year"])
            if row["collected_last_year"]
            else None
        )
        out.append(row)
    return sorted(out, key=lambda r: tuple(str(r[g]) for g in group_by))


def ranked(rows: Iterable[dict]) -> list[dict]:
    """Rows by achievement (those without a target last), with their rank."""
    ordered = sorted(
        rows,
        key=lambda r: (r["achievement_pct"] is None, -(r["achievement_pct"] or 0), -r["collected"]),
    )
    for rank, row in enumerate(ordered, start=1):
        row["rank"] = rank
    return ordered


def monthly_trend(scope: MonitorScope, *, as_of: date, filters: dict | None = None) -> list[dict]:
    """Collection by fiscal month, this year to `as_of` against the same months last year."""
    fy = FiscalYear.parse(scope.fiscal_year)
    end = min(as_of, fy.end)
    last_start, last_end = same_dates_last_year(fy.start, end)
    if selectors_summary.answers((), filters):
        this = {
            (m,): v
            for m, v in selectors_summary.collected_by_month(scope, fy.label, end, filters).items()
        }
        last = {
            (m,): v
            for m, v in selectors_summary.collected_by_month(
                scope, fy.previous().label, last_end, filters
            ).items()
        }
    else:
        this = collected(scope, fy.start, end, group_by=("month",), filters=filters)
        last = collected(scope, last_start, last_end, group_by=("month",), filters=filters)
    out = []
    month = fy.start
    for index in range(1, 13):
        out.append(
            {
                "month": month,
                "fiscal_month": index,
                "this_year": this.get((month,), ZERO),
                "last_year": last.get((same_dates_last_year(month, month)[0],), ZERO),
            }
        )
        month = next_month(month)
    return out
