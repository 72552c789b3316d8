"""Pure sums (no database): the reserve price, the taxes on a lease, the share of a bid
the earnest and security must reach, and the year-on-year flag."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from backend.common.money import money

HUNDRED = Decimal(100)
EARNEST_PERCENT = Decimal(25)
SECURITY_PERCENT = Decimal(5)


@dataclass(frozen=True)
class Reserve:
    average: Decimal
    years_used: int
    amount: Decimal

    @property
    def partial(self) -> bool:
        return self.years_used < 3


def round_up_to_100(amount: Decimal) -> Decimal:
    return money((amount / HUNDRED).to_integral_value(rounding=ROUND_CEILING) * HUNDRED)


def reserve_price(values: Sequence[Decimal], uplift_percent: Decimal) -> Reserve:
    """Average of the realised values given (up to three years; fewer averages over those
    there are), plus the uplift, rounded up to 100 taka."""
    if not values:
        return Reserve(money(0), 0, money(0))
    average = money(sum(values, Decimal(0)) / len(values))
    raised = average * (HUNDRED + uplift_percent) / HUNDRED
    return Reserve(average, len(values), round_up_to_100(raised))


def percent_of(amount: Decimal, percent: Decimal) -> Decimal:
    return money(amount * percent / HUNDRED)


def earnest_needed(bid: Decimal) -> Decimal:
    return percent_of(bid, EARNEST_PERCENT)


def security_needed(bid: Decimal) -> Decimal:
    return percent_of(bid, SECURITY_PERCENT)


def change_flag(
    this_year: Decimal | None,
    last_year: Decimal | None,
    fall_percent: Decimal = Decimal(10),
    jump_percent: Decimal = Decimal(100),
) -> str:
    """ "fall" when the value dropped by more than `fall_percent`, "jump" when it rose by more
    than `jump_percent` (the collusion and anomaly watch), else ""."""
    if this_year is None or not last_year:
        return ""
    change = (this_year - last_year) * HUNDRED / last_year
    if change < -fall_percent:
        return "fall"
    if change > jump_percent:
        return "jump"
    return ""
