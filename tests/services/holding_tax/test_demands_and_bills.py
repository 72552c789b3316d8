from datetime import date
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import BillLine, Demand
from backend.payments.services.bills import make_bill
from services.holding_tax.models import DemandRun
from services.holding_tax.services import generation
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import dry_run, execute_run, start_run
from services.property.services.holdings import OwnerInput, transfer_ownership
from tests.factories import CitizenFactory, PourashavaFactory, UserFactory, WardFactory
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db
FY = FiscalYear(2025)
D = Decimal


@pytest.fixture
def town():
    pourashava = PourashavaFactory(code="NAT")
    ward1, ward2 = (
        WardFactory(pourashava=pourashava, number=1),
        WardFactory(pourashava=pourashava, number=2),
    )
    owner = CitizenFactory(mobile="01711000001")
    clerk = UserFactory()
    holdings = [make_holding(ward1, "1"), make_holding(ward1, "2"), make_holding(ward2, "1")]
    for holding in holdings:
        assess_holding(holding=holding, fiscal_year=FiscalYear(2024), actor=clerk)
    other = make_holding(WardFactory(number=1), "1")  # another pourashava's holding
    assess_holding(holding=other, fiscal_year=FiscalYear(2024), actor=clerk)
    return {"pourashava": pourashava, "holdings": holdings, "owner": owner, "clerk": clerk}


def _run(town, quarter=1, **kwargs):
    run = start_run(
        pourashava=town["pourashava"], fiscal_year=FY, quarter=quarter, actor=town["clerk"]
    )
    return execute_run(run, **kwargs)


def test_dry_run_shows_totals_by_ward_and_head_and_writes_nothing(town):
    totals = dry_run(town["pourashava"], FY, 1)
    assert totals.holdings == 3
    # Each let house: 23,400 a year, 5,850 a quarter; 2,100 of it holding tax.
    assert totals.by_ward_and_head[1]["holding_tax"] == D("4200.00")
    assert totals.by_ward_and_head[2]["holding_tax"] == D("2100.00")
    assert sum(totals.by_head.values()) == D("17550.00")
    assert not Demand.objects.exists()


def test_running_twice_raises_each_quarters_demands_once(town):
    first = _run(town)
    assert (first.status, first.holdings_done, first.demands_raised) == ("done", 3, 3)
    execute_run(first)
    _run(town)
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 3
    assert Demand.objects.get(object_id=town["holdings"][0].pk).citizen == town["owner"]


def test_stopped_halfway_and_run_again_finishes_without_duplicates(town, monkeypatch):
    monkeypatch.setattr(generation, "BATCH", 1)
    monkeypatch.setattr(generation, "SQL_BATCH", 1)
    seen = []
    partial = _run(town, stop_after=2, progress=lambda run: seen.append(run.holdings_done))
    assert (partial.status, partial.holdings_done, seen) == ("running", 2, [1, 2])
    # What it reported done is what is stored: both batches' demands and their progress.
    stored = DemandRun.objects.get(pk=partial.pk)
    assert (stored.holdings_done, stored.demands_raised) == (2, 2)
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 2
    finished = _run(town)
    assert (finished.status, finished.holdings_done, finished.demands_raised) == ("done", 3, 3)
    assert Demand.objects.filter(pourashava=town["pourashava"]).count() == 3


def test_after_a_mutation_last_years_demands_stay_with_the_old_owner(town):
    holding = town["holdings"][0]
    run = start_run(
        pourashava=town["pourashava"], fiscal_year=FiscalYear(2024), quarter=4, actor=town["clerk"]
    )
    execute_run(run)
    buyer = CitizenFactory(mobile="01711000009")
    transfer_ownership(
        holding=holding,
        effective=date(2025, 7, 1),
        actor=town["clerk"],
        reason="Deed 77/2025",
        owners=[OwnerInput(name_en="Buyer", name_bn="ক্রেতা", share=D(1), mobile=buyer.mobile)],
    )
    _run(town, quarter=1)
    ledger = Demand.objects.filter(object_type="holding", object_id=holding.pk).order_by(
        "fiscal_year"
    )
    assert [(d.fiscal_year, d.citizen) for d in ledger] == [
        ("2024-25", town["owner"]),
        ("2025-26", buyer),
    ]


def test_the_buyer_sees_both_owners_years_in_the_ledger_without_the_sellers_receipts(town, api):
    test_after_a_mutation_last_years_demands_stay_with_the_old_owner(town)
    holding = town["holdings"][0]
    buyer = Demand.objects.get(object_id=holding.pk, fiscal_year="2025-26").citizen
    api.force_authenticate(buyer.user)
    ledger = api.get(f"/api/v1/me/holdings/{holding.pk}/ledger/", HTTP_ACCEPT_LANGUAGE="bn")
    assert ledger.status_code == 200, ledger.content
    rows = [(r["fiscal_year"], r["yours"], r["payer"]) for r in ledger.json()["demands"]]
    assert rows == [("2024-25", False, "অন্য মালিক"), ("2025-26", True, "আপনি")]
    assert set(ledger.json()["outstanding_by_year"]) == {"2024-25", "2025-26"}
    assert town["owner"].name_en not in ledger.content.decode()

    api.force_authenticate(CitizenFactory(mobile="01711000010").user)
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/ledger/").status_code == 404


def _bill(town, as_of, *quarters_by_year):
    ids = []
    for fiscal_year, quarter in quarters_by_year:
        run = start_run(
            pourashava=town["pourashava"],
            fiscal_year=fiscal_year,
            quarter=quarter,
            actor=town["clerk"],
        )
        execute_run(run)
        ids += Demand.objects.filter(
            fiscal_year=fiscal_year.label, period_quarter=quarter, object_id=town["holdings"][0].pk
        ).values_list("pk", flat=True)
    return make_bill(
        payer=town["owner"], pourashava=town["pourashava"], demand_ids=ids, as_of=as_of
    )


def _lines(bill):
    return {
        (line.demand.fiscal_year, line.head_id): line.amount
        for line in BillLine.objects.filter(bill=bill).select_related("demand")
        if line.head_id in ("rebate", "surcharge")
    }


def test_early_payment_rebate_is_on_the_current_demand_only(town):
    # 2025-26 Q1 (5,850.00) paid on 15 Sep 2025 with 2024-25 Q4 arrears (5,850.00).
    bill = _bill(town, date(2025, 9, 15), (FY, 1), (FiscalYear(2024), 4))
    assert _lines(bill) == {
        ("2025-26", "rebate"): D("-585.00"),
        ("2024-25", "surcharge"): D("877.50"),
    }
    assert bill.total == D("5850.00") * 2 - D("585.00") + D("877.50")
    assert bill.valid_until.date() == date(2025, 9, 15)  # a bill lasts the day it is made


def test_no_rebate_after_the_first_quarter(town):
    bill = _bill(town, date(2025, 10, 1), (FY, 1))
    assert _lines(bill) == {}
    assert bill.total == D("5850.00")


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    day=st.dates(min_value=date(2025, 7, 1), max_value=date(2026, 6, 30)),
    with_arrears=st.booleans(),
)
def test_bills_are_never_negative_and_their_lines_add_up(town, day, with_arrears):
    periods = [(FY, 1)] + ([(FiscalYear(2024), 4)] if with_arrears else [])
    bill = _bill(town, day, *periods)  # demands are raised once and billed again each example
    lines = list(BillLine.objects.filter(bill=bill).select_related("demand"))
    assert bill.total > 0
    assert sum(line.amount for line in lines) == bill.total
    assert all(line.demand.fiscal_year == FY.label for line in lines if line.head_id == "rebate")


@pytest.mark.postgres
def test_postgres_bulk_path_raises_what_the_calculator_says(town):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the set-based path runs on PostgreSQL only (CI runs it)")
    owner_by_mobile = make_holding(
        WardFactory(pourashava=town["pourashava"], number=3), "9/B", particulars=None
    )
    assess_holding(holding=owner_by_mobile, fiscal_year=FiscalYear(2024), actor=town["clerk"])
    for quarter in (1, 4):
        expected = {
            d.holding_id: (d.lines, d.citizen)
            for batch in generation.quarter_demands(town["pourashava"], FY, quarter)
            for d in batch
        }
        _run(town, quarter=quarter)
        raised = Demand.objects.filter(pourashava=town["pourashava"], period_quarter=quarter)
        assert raised.count() == len(expected) == 4
        for demand in raised.prefetch_related("lines"):
            lines, citizen = expected[int(demand.object_id)]
            assert {line.head_id: line.amount for line in demand.lines.all()} == lines
            assert demand.citizen == citizen == town["owner"]
            assert demand.natural_key == f"HT:{demand.object_id}:{FY.label}:Q{quarter}"
