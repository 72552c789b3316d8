"""Helpers to build payment-layer data for tests."""

from datetime import date, timedelta
from decimal import Decimal
from itertools import count

from django.utils import timezone

from backend.municipality.fiscal_year import FiscalYear
from backend.payments.services.bills import make_bill
from backend.payments.services.demands import raise_demand

_keys = count(1)


def demand_for(
    citizen,
    pourashava,
    lines=None,
    *,
    service_code="test_service",
    due_date=None,
    fiscal_year=None,
    label="Holding T-1",
):
    due_date = due_date or timezone.localdate() + timedelta(days=10)
    return raise_demand(
        pourashava=pourashava,
        service_code=service_code,
        natural_key=f"k{next(_keys)}",
        lines=lines or {"holding_tax": "400.00", "conservancy": "100.00"},
        due_date=due_date,
        fiscal_year=fiscal_year or FiscalYear.of(timezone.localdate()).label,
        citizen=citizen,
        object_type="holding",
        object_id="1",
        object_label=label,
    )


def bill_for(citizen, pourashava, lines=None, **kwargs):
    demand = demand_for(citizen, pourashava, lines, **kwargs)
    return make_bill(
        payer=citizen, pourashava=pourashava, demand_ids=[demand.pk], as_of=timezone.localdate()
    )


def total(lines: dict) -> Decimal:
    return sum((Decimal(v) for v in lines.values()), Decimal("0"))


def arrear_year() -> str:
    return FiscalYear.of(timezone.localdate()).previous().label


def today() -> date:
    return timezone.localdate()
