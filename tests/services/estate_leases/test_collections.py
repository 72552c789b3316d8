"""Direct collection: a property not leased this year is collected by the pourashava's own
collector on each hat day, every entry with a receipt from the payment layer; the year's value
is the sum of the entries; a leased year takes no direct collection."""

from datetime import date
from decimal import Decimal

import pytest

from backend.payments.models import Receipt
from services.estate_leases.models import Outcome
from services.estate_leases.services import register
from tests.services.estate_leases.api_helpers import BASE, client_for, refused
from tests.services.estate_leases.helpers import make_place, make_property, outcome_of

pytestmark = pytest.mark.django_db
D = Decimal
YEAR = 1433  # 14 April 2026 - 13 April 2027
HAT_DAY = date(2026, 12, 5)


def test_each_hat_day_entry_gets_a_receipt_and_adds_to_the_years_value():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    register.record_outcome(
        prop=prop,
        year=YEAR,
        outcome=Outcome.DIRECT,
        reason="below_reserve",
        reason_text="All three bids below the reserve",
        actor=staff.officer,
    )
    collector = client_for(staff.collector)
    first = collector.post(
        f"{BASE}collections/",
        {"property": prop.pk, "date": "2026-12-05", "amount": "12500"},
        format="json",
    )
    assert first.status_code == 201, first.content
    second = collector.post(
        f"{BASE}collections/",
        {"property": prop.pk, "date": "2026-12-08", "amount": "11000"},
        format="json",
    )
    assert second.status_code == 201, second.content
    receipts = {first.json()["receipt_number"], second.json()["receipt_number"]}
    assert len(receipts) == 2 and Receipt.objects.filter(number__in=receipts).count() == 2
    assert outcome_of(prop, YEAR).realised_value == D("23500.00")
    # The same day twice is refused.
    refused(
        collector,
        "post",
        f"{BASE}collections/",
        {"property": prop.pk, "date": "2026-12-05", "amount": "100"},
        code="collection_taken",
        status=409,
    )


def test_no_direct_collection_in_a_year_that_is_not_under_it():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    register.record_outcome(
        prop=prop,
        year=YEAR,
        outcome=Outcome.LEASED,
        realised_value=D("500000"),
        actor=staff.officer,
    )
    refused(
        client_for(staff.collector),
        "post",
        f"{BASE}collections/",
        {"property": prop.pk, "date": str(HAT_DAY), "amount": "100"},
        code="not_direct",
        status=409,
    )


def test_only_the_lease_collector_records_collections():
    pourashava, staff = make_place()
    prop = make_property(pourashava, staff.officer)
    response = client_for(staff.mayor).post(
        f"{BASE}collections/",
        {"property": prop.pk, "date": str(HAT_DAY), "amount": "100"},
        format="json",
    )
    assert response.status_code == 403
