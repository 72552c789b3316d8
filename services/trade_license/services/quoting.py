"""Quotes for real licences and applications: which fiscal years are due, at which rates."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import timezone

from backend.common.errors import Conflict
from backend.common.money import ZERO
from backend.municipality.fiscal_year import FiscalYear
from services.trade_license import messages as m
from services.trade_license.models import FeeBasis, LicenceTerm, TradeLicence
from services.trade_license.quote import Quote, QuoteInput, quote
from services.trade_license.rates import load_rates

# From 1 June a licence may be renewed for the coming fiscal year (the reminders start then).
EARLY_RENEWAL_MONTH = 6


@dataclass(frozen=True)
class DueYears:
    rates_fy: FiscalYear  # whose rates apply, the "current" year of the quote
    first_unpaid: FiscalYear


def paid_through(licence: TradeLicence) -> FiscalYear | None:
    label = (
        LicenceTerm.objects.filter(licence=licence)
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
        .first()
    )
    return FiscalYear.parse(label) if label else None


def due_years(licence: TradeLicence, today: date) -> DueYears:
    """The years a renewal starts from; refused when the licence is paid up already."""
    current = FiscalYear.of(today)
    last = paid_through(licence)
    first_unpaid = last.next() if last else FiscalYear.parse(licence.first_fy)
    if first_unpaid <= current:
        return DueYears(current, first_unpaid)
    if first_unpaid == current.next() and today.month == EARLY_RENEWAL_MONTH:
        return DueYears(first_unpaid, first_unpaid)
    raise Conflict("already_renewed", m.ALREADY_RENEWED, params={"fy": last.label if last else ""})


def measure_of(category, capital: Decimal | None, area: Decimal | None) -> Decimal | None:
    if category.fee_basis == FeeBasis.CAPITAL_SLAB:
        return capital
    if category.fee_basis == FeeBasis.AREA_SLAB:
        return area
    return None


def quote_for_licence(
    licence: TradeLicence, *, years: int, today: date | None = None, changes: dict | None = None
) -> Quote:
    """A renewal's quote for `licence` (with any changes asked for applied to the inputs)."""
    today = today or timezone.localdate()
    due = due_years(licence, today)
    changes = changes or {}
    category = changes.get("category_obj") or licence.category
    capital = changes.get("paid_up_capital", licence.paid_up_capital)
    area = changes.get("floor_area_sqft", licence.floor_area_sqft)
    return quote(
        load_rates(category, due.rates_fy),
        QuoteInput(
            kind="renewal",
            years=years,
            as_of=today,
            measure=measure_of(category, _dec(capital), _dec(area)),
            signboard_sqft=_dec(changes.get("signboard_sqft", licence.signboard_sqft)) or ZERO,
            illuminated=bool(changes.get("signboard_illuminated", licence.signboard_illuminated)),
            first_unpaid=due.first_unpaid,
        ),
    )


def quote_for_new(licence: TradeLicence, *, years: int, today: date | None = None) -> Quote:
    today = today or timezone.localdate()
    category = licence.category
    return quote(
        load_rates(category, FiscalYear.of(today)),
        QuoteInput(
            kind="new",
            years=years,
            as_of=today,
            measure=measure_of(category, licence.paid_up_capital, licence.floor_area_sqft),
            signboard_sqft=licence.signboard_sqft or ZERO,
            illuminated=licence.signboard_illuminated,
        ),
    )


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def quote_out(q: Quote) -> dict:
    """The quote as the API and the application record show it (amounts as strings)."""
    components = q.by_component()
    return {
        "fiscal_years": list(q.fiscal_years),
        "valid_to": q.valid_to.isoformat(),
        "lines": [
            {
                "fiscal_year": line.fiscal_year,
                "component": line.component,
                "head": line.head,
                "amount": str(line.amount),
                "arrears": line.arrears,
            }
            for line in q.lines
            if line.amount > ZERO
        ],
        "totals": {name: str(amount) for name, amount in components.items()},
        "arrears": str(q.arrears),
        "total": str(q.total),
    }
