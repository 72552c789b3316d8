"""Rebate and surcharge on holding-tax bills, by the pourashava's rules, computed when a bill is
made (never stored on the demand, so they are always as of the day of payment).

- Rebate: each of the current year's demands paid by the end of the first quarter (30 Sep)
  gets `early_rebate_percent` off; never arrears.
- Surcharge: demands of earlier fiscal years (arrears) carry `arrears_surcharge_percent`.
"""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from backend.common.money import ZERO, money
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.registry import Adjustment
from services.holding_tax.models import TaxRules
from services.holding_tax.rules import rules_row_for

SERVICE_CODE = "holding_tax"
HUNDRED = Decimal(100)


def _outstanding(demand) -> Decimal:
    return sum((line.outstanding for line in demand.lines.all()), ZERO)


def _percentages(pourashava, fiscal_year: FiscalYear) -> tuple[Decimal, Decimal]:
    row = rules_row_for(pourashava, fiscal_year)
    defaults = TaxRules()  # the model's documented defaults
    source = row or defaults
    return source.early_rebate_percent, source.arrears_surcharge_percent


def bill_adjustments(demands: Sequence, as_of: date) -> Iterable[Adjustment]:
    if not demands:
        return []
    current = FiscalYear.of(as_of)
    rebate_percent, surcharge_percent = _percentages(demands[0].pourashava, current)
    rebate_deadline = current.quarter_bounds(1)[1]
    adjustments: list[Adjustment] = []
    for demand in demands:
        outstanding = _outstanding(demand)
        if outstanding <= ZERO:
            continue
        if demand.fiscal_year < current.label and surcharge_percent:
            adjustments.append(
                Adjustment(
                    demand.pk,
                    "surcharge",
                    money(outstanding * surcharge_percent / HUNDRED),
                    note=f"{surcharge_percent.normalize():f}% on arrears of {demand.fiscal_year}",
                )
            )
        elif demand.fiscal_year == current.label and as_of <= rebate_deadline and rebate_percent:
            adjustments.append(
                Adjustment(
                    demand.pk,
                    "rebate",
                    -money(outstanding * rebate_percent / HUNDRED),
                    note=f"{rebate_percent.normalize():f}% early payment",
                    valid_until=rebate_deadline,
                )
            )
    return adjustments
