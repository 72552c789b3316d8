"""The water bill's arithmetic, as pure functions (no database): flat and metered charges,
consumption with rollover, replacement, estimates and their true-up, pro-rating by days,
rounding to whole taka with a round-off line, and the once-only surcharge with waivers.

Every amount is Decimal; paisa are rounded half-up by backend.common.money.money. The SQL path
(services/run_sql.py) computes the same figures; a PostgreSQL test checks both agree."""

import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from backend.common.money import ZERO, money

KL = Decimal("0.001")
ZERO_KL = Decimal("0.000")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class Slab:
    upto_kl: Decimal | None  # cumulative upper bound; None: no bound (the last slab)
    rate: Decimal  # taka per kL


@dataclass(frozen=True)
class TariffTerms:
    monthly_amount: Decimal = ZERO
    per_extra_flat: Decimal = ZERO
    slabs: tuple[Slab, ...] = ()
    minimum_charge: Decimal = ZERO
    sewerage_percent: Decimal = ZERO
    sewerage_flat: Decimal = ZERO


@dataclass(frozen=True)
class BillLine:
    code: str  # water_charge | sewerage | roundoff
    amount: Decimal


@dataclass(frozen=True)
class BillFigures:
    water_charge: Decimal
    sewerage: Decimal
    roundoff: Decimal
    total: Decimal
    lines: tuple[BillLine, ...]


def kl(value: Decimal | int | str) -> Decimal:
    return Decimal(value).quantize(KL, rounding=ROUND_HALF_UP)


def slabs_from_json(rows: Sequence[dict]) -> tuple[Slab, ...]:
    return tuple(
        Slab(
            None if r.get("upto_kl") in (None, "") else Decimal(str(r["upto_kl"])),
            Decimal(str(r["rate"])),
        )
        for r in rows
    )


# --- consumption ---------------------------------------------------------------------------


def rollover_consumption(previous: Decimal, reading: Decimal, max_reading: Decimal) -> Decimal:
    """The dial passed its maximum and restarted at zero."""
    return kl((max_reading - previous) + reading + 1)


def replacement_consumption(
    previous: Decimal, old_final: Decimal, new_initial: Decimal, reading: Decimal
) -> Decimal:
    """The old meter's last stretch plus the new meter's first."""
    return kl((old_final - previous) + (reading - new_initial))


def estimate(last_real: Sequence[Decimal]) -> Decimal:
    """Average of the last three real periods' consumption (fewer if that is all there is;
    zero with no history)."""
    recent = list(last_real)[-3:]
    if not recent:
        return ZERO_KL
    return kl(sum(recent, ZERO_KL) / len(recent))


def true_up(measured_kl: Decimal, estimated_kl: Decimal) -> tuple[Decimal, Decimal]:
    """A real reading after estimates: the kL measured since the last real reading, less what
    the estimates billed. Never below zero: an over-estimate left over is carried to the next
    month (returned second)."""
    billable = measured_kl - estimated_kl
    if billable < 0:
        return ZERO_KL, kl(-billable)
    return kl(billable), ZERO_KL


# --- charges --------------------------------------------------------------------------------


def days_in_month(period: date) -> int:
    return calendar.monthrange(period.year, period.month)[1]


def days_active(period: date, start: date, end: date | None) -> int:
    """Days of `period`'s month a connection was on: from `start` (connected) to `end`
    (disconnected or closed, that day not counted), both clipped to the month."""
    first = period.replace(day=1)
    last = first.replace(day=days_in_month(first))
    begin = max(first, start)
    stop = last if end is None else min(last, date.fromordinal(end.toordinal() - 1))
    return max(0, (stop - begin).days + 1)


def flat_charge(terms: TariffTerms, extra_flats: int, days: int, month_days: int) -> Decimal:
    if extra_flats < 0:
        raise ValueError("extra flats cannot be negative")
    monthly = terms.monthly_amount + extra_flats * terms.per_extra_flat
    if days >= month_days:
        return money(monthly)
    return money(monthly * days / month_days)


def slab_charge(slabs: Sequence[Slab], consumption: Decimal) -> Decimal:
    """Sum over slabs of the kL falling in each times its rate."""
    if consumption < 0:
        raise ValueError("consumption cannot be negative")
    charge = Decimal(0)
    lower = Decimal(0)
    for slab in slabs:
        upper = consumption if slab.upto_kl is None else min(consumption, slab.upto_kl)
        if upper > lower:
            charge += (upper - lower) * slab.rate
        if slab.upto_kl is None or consumption <= slab.upto_kl:
            break
        lower = slab.upto_kl
    return money(charge)


def metered_charge(terms: TariffTerms, consumption: Decimal) -> Decimal:
    return max(slab_charge(terms.slabs, consumption), money(terms.minimum_charge))


def sewerage_charge(terms: TariffTerms, water: Decimal) -> Decimal:
    if terms.sewerage_percent:
        return money(water * terms.sewerage_percent / HUNDRED)
    return money(terms.sewerage_flat)


def whole_taka(amount: Decimal) -> Decimal:
    return amount.quantize(Decimal(1), rounding=ROUND_HALF_UP).quantize(Decimal("0.01"))


def bill(water: Decimal, sewerage: Decimal) -> BillFigures:
    """The bill's lines: water, sewerage (when any) and the round-off to whole taka."""
    exact = water + sewerage
    total = whole_taka(exact)
    roundoff = total - exact
    lines = [BillLine("water_charge", water)]
    if sewerage:
        lines.append(BillLine("sewerage", sewerage))
    if roundoff:
        lines.append(BillLine("roundoff", roundoff))
    return BillFigures(water, sewerage, roundoff, total, tuple(lines))


def flat_bill(terms: TariffTerms, extra_flats: int, days: int, month_days: int) -> BillFigures:
    water = flat_charge(terms, extra_flats, days, month_days)
    return bill(water, sewerage_charge(terms, water))


def metered_bill(terms: TariffTerms, consumption: Decimal) -> BillFigures:
    water = metered_charge(terms, consumption)
    return bill(water, sewerage_charge(terms, water))


# --- surcharge ------------------------------------------------------------------------------


def surcharge(
    unpaid: Decimal,
    *,
    due_date: date,
    as_of: date,
    percent: Decimal,
    waived_percent: Decimal = ZERO,
) -> Decimal:
    """Once on the bill's unpaid amount after its due date: computed from the principal, never
    from an earlier surcharge, so it cannot compound however late the payment. A waiver
    campaign active on `as_of` takes `waived_percent` of it off."""
    if as_of <= due_date or unpaid <= 0 or percent <= 0:
        return ZERO
    full = money(unpaid * percent / HUNDRED)
    return money(full * (HUNDRED - min(HUNDRED, max(ZERO, waived_percent))) / HUNDRED)
