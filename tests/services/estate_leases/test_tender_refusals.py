"""Each refusal of the issue's list, over the API: a clear bilingual 4xx and nothing written."""

from datetime import timedelta
from decimal import Decimal

import pytest

from services.estate_leases.models import Bid, Outcome
from services.estate_leases.services import register, tenders
from tests.factories import CitizenFactory
from tests.services.estate_leases.api_helpers import BASE, client_for, refused
from tests.services.estate_leases.helpers import (
    YEAR,
    after_deadline,
    bid,
    clock,
    make_place,
    published_call,
    ready_property,
)

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def place():
    pourashava, staff = make_place()
    prop = ready_property(pourashava, staff)  # reserve 649,500
    return pourashava, staff, prop


def _bid_body(amount="700000", **kw):
    amount = D(amount)
    body = {
        "property": "H1",
        "mobile": kw.pop("mobile", "01711223344"),
        "name": "Karim Traders",
        "amount": str(amount),
        "earnest_amount": str(amount / 4),
        "security_amount": str(amount / 20),
    }
    body.update(kw)
    return body


def test_a_bid_after_the_deadline(place):
    pourashava, staff, _ = place
    call = published_call(pourashava, staff)
    with after_deadline(call):
        messages = refused(
            client_for(staff.officer),
            "post",
            f"{BASE}tenders/{call.pk}/bids/",
            _bid_body(),
            code="bid_after_deadline",
            status=409,
        )
    assert "deadline" in messages["en"] and "সময়সীমা" in messages["bn"]


def test_opening_before_the_deadline(place):
    pourashava, staff, _ = place
    call = published_call(pourashava, staff)
    bid(call, staff, "700000")
    refused(
        client_for(staff.committee),
        "post",
        f"{BASE}tenders/{call.pk}/open/",
        code="opening_before_deadline",
        status=409,
    )


def test_a_second_bid_by_the_same_bidder_in_the_same_call(place):
    pourashava, staff, _ = place
    call = published_call(pourashava, staff)
    officer = client_for(staff.officer)
    first = officer.post(f"{BASE}tenders/{call.pk}/bids/", _bid_body(), format="json")
    assert first.status_code == 201, first.content
    refused(
        officer,
        "post",
        f"{BASE}tenders/{call.pk}/bids/",
        _bid_body("800000"),
        code="second_bid",
        status=409,
    )


def test_an_earnest_below_25_percent(place):
    pourashava, staff, _ = place
    call = published_call(pourashava, staff)
    messages = refused(
        client_for(staff.officer),
        "post",
        f"{BASE}tenders/{call.pk}/bids/",
        _bid_body("700000", earnest_amount="170000", mobile="01799887766"),
        code="earnest_too_small",
        status=400,
    )
    assert "175000.00" in messages["en"] and "২৫%" in messages["bn"]
    assert not Bid.objects.exists()


def test_an_award_below_the_reserve_without_an_approved_override(place):
    pourashava, staff, prop = place
    call = published_call(pourashava, staff)
    low = bid(call, staff, "600000")  # below the 649,500 reserve
    with after_deadline(call):
        tenders.open_bids(call=call, actor=staff.committee)
        committee = client_for(staff.committee)
        url = f"{BASE}tenders/{call.pk}/award/"
        refused(committee, "post", url, {"property": "H1"}, code="award_below_reserve", status=409)
        refused(
            committee,
            "post",
            url,
            {"property": "H1", "bid": low.pk},
            code="award_below_reserve",
            status=409,
        )
        # An override asked for but not approved changes nothing.
        officer = client_for(staff.officer)
        asked = officer.post(
            f"{BASE}properties/{prop.pk}/reserve-override/",
            {"year": YEAR, "amount": "590000", "reason": "Half the hat flooded"},
            format="json",
        )
        assert asked.status_code == 200, asked.content
        refused(committee, "post", url, {"property": "H1"}, code="award_below_reserve", status=409)
        approved = client_for(staff.mayor).post(
            f"{BASE}properties/{prop.pk}/reserve-override/approve/", {"year": YEAR}, format="json"
        )
        assert approved.status_code == 200, approved.content
        awarded = committee.post(url, {"property": "H1"}, format="json")
    assert awarded.status_code == 201, awarded.content
    assert awarded.json()["amount"] == "600000.00"


def test_a_lease_and_a_direct_collection_for_the_same_property_and_year(place):
    pourashava, staff, prop = place
    call = published_call(pourashava, staff)
    bid(call, staff, "700000")
    with after_deadline(call):
        tenders.open_bids(call=call, actor=staff.committee)
        from services.estate_leases.services import awards

        awards.award(call=call, code="H1", actor=staff.committee)
    # The award is pending approval: the year cannot also be put under direct collection...
    from backend.workflow.services import take_action
    from services.estate_leases.models import Lease

    lease = Lease.objects.get()
    take_action(application=lease.application, action="approve", actor=staff.mayor)
    refused(
        client_for(staff.officer),
        "post",
        f"{BASE}properties/{prop.pk}/outcomes/",
        {"year": YEAR, "outcome": "direct", "reason": "no_bid", "realised_value": "1000"},
        code="outcome_taken",
        status=409,
    )


def test_a_directly_collected_year_cannot_then_be_leased():
    pourashava, staff = make_place()
    prop = ready_property(pourashava, staff)
    call = published_call(pourashava, staff)
    bid(call, staff, "700000")
    register.record_outcome(
        prop=prop, year=YEAR, outcome=Outcome.DIRECT, reason="court_stay", actor=staff.officer
    )
    with after_deadline(call):
        tenders.open_bids(call=call, actor=staff.committee)
        refused(
            client_for(staff.committee),
            "post",
            f"{BASE}tenders/{call.pk}/award/",
            {"property": "H1"},
            code="outcome_taken",
            status=409,
        )


def test_a_hat_bazar_without_the_dc_approval_reference(place):
    pourashava, staff, _ = place
    body = {
        "pourashava": pourashava.code,
        "code": "H9",
        "name_en": "Station hat",
        "name_bn": "স্টেশন হাট",
        "kind": "hat_bazar",
        "dc_approval_ref": "  ",
    }
    messages = refused(
        client_for(staff.officer),
        "post",
        f"{BASE}properties/",
        body,
        code="dc_approval_required",
        status=400,
    )
    assert "Deputy Commissioner" in messages["en"] and "জেলা প্রশাসক" in messages["bn"]
    # A pond needs none.
    body.update(kind="pond", code="P1")
    assert (
        client_for(staff.officer).post(f"{BASE}properties/", body, format="json").status_code == 201
    )


def test_editing_a_past_value_used_by_a_later_reserve_without_a_correction(place):
    _, staff, prop = place
    refused(
        client_for(staff.officer),
        "post",
        f"{BASE}properties/{prop.pk}/outcomes/",
        {"year": 1433, "outcome": "leased", "realised_value": "500000"},
        code="value_used_by_reserve",
        status=409,
    )


def test_ties_go_to_the_earlier_submission(place):
    pourashava, staff, _ = place
    call = published_call(pourashava, staff)
    start = call.published_at
    with clock(start + timedelta(minutes=1)):
        first = bid(call, staff, "700000", name="First", citizen=CitizenFactory())
    with clock(start + timedelta(minutes=2)):
        bid(call, staff, "700000", name="Second", citizen=CitizenFactory())
    with after_deadline(call):
        tenders.open_bids(call=call, actor=staff.committee)
        from services.estate_leases.services import awards

        lease = awards.award(call=call, code="H1", actor=staff.committee)
    assert lease.bid_id == first.pk


def test_no_second_call_for_a_property_awarded_for_the_year(place):
    pourashava, staff, _ = place
    call = published_call(pourashava, staff)
    bid(call, staff, "700000")
    with after_deadline(call):
        tenders.open_bids(call=call, actor=staff.committee)
        from services.estate_leases.services import awards

        awards.award(call=call, code="H1", actor=staff.committee)
    refused(
        client_for(staff.officer),
        "post",
        f"{BASE}tenders/",
        {
            "pourashava": pourashava.code,
            "year": YEAR,
            "properties": ["H1"],
            "sale_until": "2030-01-01T10:00:00+06:00",
            "deadline": "2030-01-02T10:00:00+06:00",
            "opening_at": "2030-01-02T11:00:00+06:00",
        },
        code="already_settled",
        status=409,
    )
