"""Dated rates as data (RateRule): the reserve uplift, VAT and income tax on a lease. A rule for
the property's kind beats the rule for every kind; the latest rule in force on the day wins."""

from datetime import date
from decimal import Decimal

from django.db.models import Q

from backend.common.errors import AppError
from backend.common.text import Text
from services.estate_leases.models import RateKind, RateRule

NO_RATE = Text(
    en="No {rate} rate is in force on {day}; add a dated rule.",
    bn="{day} তারিখে কোনো {rate} হার বলবৎ নেই; একটি তারিখযুক্ত নিয়ম যোগ করুন।",
)


# The documented defaults (next-services.md §3), seeded as RateRule rows by migration 0002 and
# used as they are only while no rule of that rate exists (e.g. a freshly flushed database).
DEFAULTS: dict[str, tuple[tuple[str, date, Decimal], ...]] = {
    RateKind.UPLIFT: (("", date(2021, 2, 20), Decimal(6)), ("", date(2000, 1, 1), Decimal(25))),
    RateKind.VAT: (("", date(2000, 1, 1), Decimal(15)),),
    RateKind.INCOME_TAX: (
        ("temp_cattle_hat", date(2025, 1, 1), Decimal(10)),
        ("", date(2000, 1, 1), Decimal(5)),
    ),
}


def rate_on(rate_kind: str, day: date, property_kind: str = "") -> Decimal:
    """The percent in force on `day` (for `property_kind` first, then for every kind)."""
    rules = list(
        RateRule.objects.filter(rate_kind=rate_kind, effective_from__lte=day)
        .filter(Q(property_kind=property_kind) | Q(property_kind=""))
        .order_by("-effective_from")
        .values_list("property_kind", "percent")
    )
    if not rules and not RateRule.objects.filter(rate_kind=rate_kind).exists():
        rules = [
            (kind, percent)
            for kind, start, percent in sorted(
                DEFAULTS[rate_kind], key=lambda r: r[1], reverse=True
            )
            if start <= day and kind in (property_kind, "")
        ]
    for wanted in (property_kind, ""):
        for kind, percent in rules:
            if kind == wanted:
                return percent
    raise AppError(
        "rate_missing", NO_RATE, params={"rate": RateKind(rate_kind).label, "day": str(day)}
    )
