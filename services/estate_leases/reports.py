"""The ministry's and the pourashava's lease figures: properties by kind, leased or not, the
value this year against last year and the three-year average, reasons for non-lease, direct
collection against the reserve, and a flag where the value falls or jumps (the collusion and
anomaly watch). Aggregates are computed in the database, so the national report over ~10,000
properties stays a handful of queries."""

from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from backend.common.money import ZERO, money
from services.estate_leases.checks.calculator import change_flag
from services.estate_leases.lease_year import lease_year_of
from services.estate_leases.models import (
    DirectCollection,
    NonLeaseReason,
    Outcome,
    Property,
    PropertyKind,
    ReservePrice,
    YearOutcome,
)


def current_year() -> int:
    return lease_year_of(timezone.localdate()).year


def thresholds() -> tuple[Decimal, Decimal]:
    """(fall %, jump %) that raise the flag: settings, defaulting to -10% and +100%."""
    return (
        Decimal(str(getattr(settings, "ESTATE_FLAG_FALL_PERCENT", 10))),
        Decimal(str(getattr(settings, "ESTATE_FLAG_JUMP_PERCENT", 100))),
    )


def _scoped(qs, pourashava_ids: Iterable[int] | None, field: str = "pourashava_id"):
    return qs if pourashava_ids is None else qs.filter(**{f"{field}__in": list(pourashava_ids)})


def by_kind(*, pourashava_ids: Iterable[int] | None, year: int) -> list[dict]:
    """One row per kind of property (the ministry's table)."""
    ids = None if pourashava_ids is None else list(pourashava_ids)
    totals = dict(_scoped(Property.objects.all(), ids).values_list("kind").annotate(n=Count("pk")))
    outcomes = _scoped(YearOutcome.objects.filter(year__gte=year - 3, year__lte=year), ids)
    per = outcomes.values("property__kind").annotate(
        leased=Count("pk", filter=Q(year=year, outcome=Outcome.LEASED)),
        direct=Count("pk", filter=Q(year=year, outcome=Outcome.DIRECT)),
        not_operated=Count("pk", filter=Q(year=year, outcome=Outcome.NOT_OPERATED)),
        value_this_year=Sum("realised_value", filter=Q(year=year)),
        value_last_year=Sum("realised_value", filter=Q(year=year - 1)),
        value_3y=Sum("realised_value", filter=Q(year__lt=year)),
    )
    found = {row["property__kind"]: row for row in per}
    rows = []
    for kind in PropertyKind:
        total = totals.get(kind.value, 0)
        if not total:
            continue
        row = found.get(kind.value, {})
        leased, direct = row.get("leased", 0), row.get("direct", 0)
        not_operated = row.get("not_operated", 0)
        this_year = money(row.get("value_this_year") or ZERO)
        last_year = money(row.get("value_last_year") or ZERO)
        rows.append(
            {
                "kind": kind.value,
                "kind_label": str(kind.label),
                "total": total,
                "leased": leased,
                "direct": direct,
                "not_operated": not_operated,
                "pending": total - leased - direct - not_operated,
                "value_this_year": this_year,
                "value_last_year": last_year,
                "average_3y": money((row.get("value_3y") or ZERO) / 3),
                "flag": change_flag(this_year, last_year, *thresholds()),
            }
        )
    return rows


def reasons(*, pourashava_ids: Iterable[int] | None, year: int) -> list[dict]:
    rows = (
        _scoped(YearOutcome.objects.filter(year=year), pourashava_ids)
        .exclude(reason="")
        .values_list("reason")
        .annotate(n=Count("pk"))
    )
    counts = dict(rows)
    return [
        {"reason": r.value, "label": str(r.label), "count": counts[r.value]}
        for r in NonLeaseReason
        if counts.get(r.value)
    ]


def ministry_report(*, pourashava_ids: Iterable[int] | None, year: int) -> dict:
    kinds = by_kind(pourashava_ids=pourashava_ids, year=year)
    return {
        "year": year,
        "by_kind": kinds,
        "totals": {
            key: sum((k[key] for k in kinds), 0)
            for key in ("total", "leased", "direct", "not_operated", "pending")
        },
        "value_this_year": sum((k["value_this_year"] for k in kinds), ZERO),
        "value_last_year": sum((k["value_last_year"] for k in kinds), ZERO),
        "average_3y": sum((k["average_3y"] for k in kinds), ZERO),
        "reasons": reasons(pourashava_ids=pourashava_ids, year=year),
    }


def property_rows(*, pourashava_ids: Iterable[int] | None, year: int) -> list[dict]:
    """One row per property: this year's outcome and value against last year and its
    three-year average, the reason if not leased, direct collection against the reserve."""
    ids = None if pourashava_ids is None else list(pourashava_ids)
    props = list(
        _scoped(Property.objects.all(), ids)
        .select_related("pourashava")
        .order_by("pourashava__code", "code")
    )
    history: dict[int, dict[int, YearOutcome]] = defaultdict(dict)
    for o in _scoped(YearOutcome.objects.filter(year__gte=year - 3, year__lte=year), ids):
        history[o.property_id][o.year] = o
    collected = dict(
        _scoped(DirectCollection.objects.filter(year=year), ids)
        .values_list("property_id")
        .annotate(total=Sum("amount"))
    )
    reserves = {r.property_id: r for r in _scoped(ReservePrice.objects.filter(year=year), ids)}
    fall, jump = thresholds()
    rows = []
    for p in props:
        years = history.get(p.pk, {})
        now = years.get(year)
        last = years.get(year - 1)
        past = [
            years[y].realised_value
            for y in (year - 3, year - 2, year - 1)
            if y in years and years[y].realised_value is not None
        ]
        average = money(sum(past, ZERO) / len(past)) if past else None
        this_value = now.realised_value if now else None
        last_value = last.realised_value if last else None
        reserve = reserves.get(p.pk)
        rows.append(
            {
                "pourashava": p.pourashava.code,
                "code": p.code,
                "name_en": p.name_en,
                "name_bn": p.name_bn,
                "kind": p.kind,
                "outcome": now.outcome if now else Outcome.PENDING.value,
                "reason": now.reason if now else "",
                "reason_text": now.reason_text if now else "",
                "value_this_year": this_value,
                "value_last_year": last_value,
                "average_3y": average,
                "years_in_average": len(past),
                "reserve": reserve.amount if reserve else None,
                "collected": money(collected[p.pk]) if p.pk in collected else None,
                "flag": change_flag(this_value, last_value, fall, jump),
                "is_demo": p.is_demo,
            }
        )
    return rows


PROPERTY_COLUMNS = (
    "pourashava",
    "code",
    "name_en",
    "name_bn",
    "kind",
    "outcome",
    "reason",
    "reason_text",
    "value_this_year",
    "value_last_year",
    "average_3y",
    "years_in_average",
    "reserve",
    "collected",
    "flag",
)
