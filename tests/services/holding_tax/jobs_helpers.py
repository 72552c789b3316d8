"""A small Natore for the holding-tax job tests: two wards, five let houses at different rents,
assessed from last fiscal year, and batches of two so every run has several."""

import re
from decimal import Decimal

from django.utils import timezone

from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import Demand
from services.holding_tax.services import generation
from services.holding_tax.services.assessment import assess_holding
from tests.factories import PourashavaFactory, UserFactory, WardFactory, staff_member
from tests.services.property.helpers import LET_HOUSE, make_holding

RENTS = ["8000.00", "12000.00", "15000.00", "9500.00", "21000.00"]


def this_quarter() -> tuple[FiscalYear, int]:
    today = timezone.localdate()
    fiscal_year = FiscalYear.of(today)
    return fiscal_year, fiscal_year.quarter_of(today)


def make_town(monkeypatch, code: str = "NAT") -> dict:
    monkeypatch.setattr(generation, "BATCH", 2)
    monkeypatch.setattr(generation, "SQL_BATCH", 2)
    pourashava = PourashavaFactory(code=code)
    wards = [WardFactory(pourashava=pourashava, number=n) for n in (1, 2)]
    holdings = [
        make_holding(
            wards[0 if n < 2 else 1],
            str(n + 1),
            particulars={**LET_HOUSE, "monthly_rent": Decimal(rent)},
        )
        for n, rent in enumerate(RENTS)
    ]
    actor = UserFactory()
    last_year = FiscalYear.of(timezone.localdate()).previous()
    for holding in holdings:
        assess_holding(holding=holding, fiscal_year=last_year, actor=actor)
    return {"pourashava": pourashava, "wards": wards, "holdings": holdings}


def login(client, role: str, pourashava):
    user = staff_member(role, pourashava)
    client.force_login(user)
    return user


def expected_demands(pourashava, fiscal_year: FiscalYear, quarter: int) -> dict[str, dict]:
    """What the code path says each holding owes: holding id -> {head: amount}."""
    return {
        str(d.holding_id): d.lines
        for batch in generation.quarter_demands(pourashava, fiscal_year, quarter)
        for d in batch
        if d.lines
    }


def raised_demands(pourashava, fiscal_year: FiscalYear, quarter: int) -> dict[str, dict]:
    demands = Demand.objects.filter(
        pourashava=pourashava, fiscal_year=fiscal_year.label, period_quarter=quarter
    ).prefetch_related("lines")
    return {d.object_id: {line.head_id: line.amount for line in d.lines.all()} for d in demands}


def attribute(html: str, element_id: str, name: str) -> str:
    """The value of attribute `name` on the element with id `element_id`."""
    tag = re.search(rf'<[^>]*\bid="{element_id}"[^>]*>', html, re.DOTALL)
    assert tag, f"no #{element_id} on the page"
    value = re.search(rf'\b{name}="([^"]*)"', tag.group(0))
    assert value, f"#{element_id} has no {name}"
    return value.group(1)


STARTERS = (Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR)
