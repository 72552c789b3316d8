"""Merging holdings through the workflow: the owner applies, the office approves, a new holding
exists from the approval day and the old ones are retired with their history and debts."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from services.holding_tax.selectors import holding_demands
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import execute_run, start_run
from services.property.models import Holding, HoldingStatus, PropertyApplication
from services.property.selectors import owners_on, particulars_on
from services.property.services.holdings import OwnerInput
from tests.factories import CitizenFactory, UserFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db
APPLICATIONS = "/api/v1/me/property-applications/"
OWNER_MOBILE = "01711000001"  # the owner make_holding records
MERGED_HOUSE = {
    "structure_type": "pucca",
    "floors": 3,
    "floor_area_sqft": "4800",
    "use": "residential",
    "occupancy": "owner_occupied",
}
NEW_OWNERS = [
    {"name_en": "Rahim Uddin", "name_bn": "রহিম উদ্দিন", "share": "0.5", "nid": "1234567890"},
    {"name_en": "Salma Begum", "name_bn": "সালমা বেগম", "share": "0.5"},
]


@pytest.fixture
def office():
    ward = WardFactory(number=5)
    p = ward.pourashava
    return {
        "ward": ward,
        "first": make_holding(ward, number="33"),
        "second": make_holding(ward, number="34"),
        "owner": CitizenFactory(mobile=OWNER_MOBILE),
        "clerk": staff_member(Role.REVENUE_CLERK, p),
        "assessor": staff_member(Role.ASSESSOR, p),
        "secretary": staff_member(Role.SECRETARY, p),
    }


def _apply(api, office, holdings, language="en", **extra):
    api.force_authenticate(office["owner"].user)
    body = {
        "kind": "merge",
        "pourashava": office["ward"].pourashava.code,
        "ward": office["ward"].number,
        "holdings": [h.pk for h in holdings],
        "particulars": MERGED_HOUSE,
        "owners": NEW_OWNERS,
        **extra,
    }
    return api.post(APPLICATIONS, body, format="json", HTTP_ACCEPT_LANGUAGE=language)


def _approve(api, office, number):
    for actor, action in (("clerk", "verify"), ("assessor", "inspect"), ("secretary", "approve")):
        api.force_authenticate(office[actor])
        response = api.post(
            f"/api/v1/applications/{number}/actions/", {"action": action}, format="json"
        )
        assert response.status_code == 200, response.json()


def test_approved_merge_makes_one_holding_from_today_and_keeps_the_old_ones_history(api, office):
    first, second = office["first"], office["second"]
    response = _apply(api, office, [first, second])
    assert response.status_code == 201, response.json()
    number = response.json()["number"]
    _approve(api, office, number)

    today = timezone.localdate()
    yesterday = today - timedelta(days=1)
    merged = Holding.objects.get(number="33/M", ward=office["ward"])
    assert merged.status == HoldingStatus.ACTIVE
    assert [o.name_en for o in owners_on(merged, today)] == ["Rahim Uddin", "Salma Begum"]
    assert owners_on(merged, yesterday) == []  # it exists from the approval day only
    assert particulars_on(merged, yesterday) is None
    # Land area was not given: the parents' areas added up.
    assert particulars_on(merged, today).land_area_sqft == Decimal("1742.40") * 2
    assert particulars_on(merged, today).floors == 3

    for parent in (first, second):
        parent.refresh_from_db()
        assert parent.status == HoldingStatus.RETIRED
        assert parent.merged_into == merged  # what did it become
        assert [o.name_en for o in owners_on(parent, yesterday)] == ["Rahim Uddin"]
        assert owners_on(parent, today) == []
        assert particulars_on(parent, date(2024, 1, 1)).occupancy == "let"
    assert {h.number for h in merged.merged_from.all()} == {"33", "34"}
    detail = PropertyApplication.objects.get(application__number=number)
    assert list(detail.result_holdings.all()) == [merged]

    # The old holdings on a past date, as a clerk reads them.
    api.force_authenticate(office["clerk"])
    past = api.get(f"/api/v1/staff/holdings/{first.pk}/", {"on": yesterday.isoformat()}).json()
    assert past["status"] == "retired" and past["owners"][0]["name_en"] == "Rahim Uddin"
    assert past["history"]["became"] == [merged.reference]
    now = api.get(f"/api/v1/staff/holdings/{merged.pk}/").json()
    assert sorted(now["history"]["merged_from"]) == sorted([first.reference, second.reference])


def test_merged_holding_takes_the_number_given_and_the_area_given(api, office):
    response = _apply(
        api,
        office,
        [office["second"], office["first"]],
        number="৩৫",
        particulars={**MERGED_HOUSE, "land_area_sqft": "3000"},
    )
    assert response.status_code == 201, response.json()
    _approve(api, office, response.json()["number"])
    merged = Holding.objects.get(ward=office["ward"], number="35")
    assert particulars_on(merged, timezone.localdate()).land_area_sqft == Decimal("3000")


def test_unpaid_demands_stay_with_the_old_holdings(api, office):
    first, second = office["first"], office["second"]
    today = timezone.localdate()
    fiscal_year = FiscalYear.of(today)
    actor = UserFactory()
    for holding in (first, second):
        assess_holding(holding=holding, fiscal_year=fiscal_year, actor=actor)
    run = start_run(
        pourashava=first.pourashava,
        fiscal_year=fiscal_year,
        quarter=fiscal_year.quarter_of(today),
        actor=actor,
    )
    execute_run(run)
    owed = {h.pk: [(d.pk, d.status) for d in holding_demands(h)] for h in (first, second)}
    assert all(len(rows) == 1 and rows[0][1] == "open" for rows in owed.values())

    _approve(api, office, _apply(api, office, [first, second]).json()["number"])

    merged = Holding.objects.get(number="33/M")
    for holding in (first, second):
        assert [(d.pk, d.status) for d in holding_demands(holding)] == owed[holding.pk]
    assert list(holding_demands(merged)) == []
    # The old owner still sees them as dues: the debt did not vanish with the holding.
    api.force_authenticate(office["owner"].user)
    dues = api.get("/api/v1/me/dues/").json()
    labels = {
        d["object_label"]
        for group in dues["pourashavas"]
        for service in group["services"]
        for d in service["demands"]
    }
    assert labels == {first.reference, second.reference}


def test_citizen_cannot_merge_a_holding_they_do_not_own(api, office):
    strangers = make_holding(
        office["ward"],
        number="40",
        owners=[OwnerInput(name_en="Karim Mia", name_bn="করিম মিয়া", share=Decimal(1))],
    )
    response = _apply(api, office, [office["first"], strangers])
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "holding_not_found"
    assert not PropertyApplication.objects.exists()
    strangers.refresh_from_db()
    assert strangers.status == HoldingStatus.ACTIVE


def test_holdings_in_different_wards_are_refused_clearly(api, office):
    elsewhere = make_holding(WardFactory(pourashava=office["ward"].pourashava, number=6), "7")
    response = _apply(api, office, [office["first"], elsewhere], language="bn")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "merge_across_wards"
    assert "একই ওয়ার্ডের" in error["message"] and "5, 6" in error["message"]
    assert not PropertyApplication.objects.exists()


@pytest.mark.parametrize(
    ("holdings", "extra", "status", "code"),
    [
        (["first"], {}, 400, "merge_needs_holdings"),
        (["first", "first"], {}, 400, "merge_needs_holdings"),
        (["first", "second"], {"number": "34"}, 409, "holding_number_taken"),
        (
            ["first", "second"],
            {"owners": [{**NEW_OWNERS[0], "share": "0.6"}]},
            400,
            "owner_shares_invalid",
        ),
    ],
)
def test_a_merge_that_could_never_be_approved_is_refused_at_once(
    api, office, holdings, extra, status, code
):
    response = _apply(api, office, [office[h] for h in holdings], **extra)
    assert response.status_code == status, response.json()
    assert response.json()["error"]["code"] == code
    assert not PropertyApplication.objects.exists()


def test_a_holding_retired_before_approval_stops_the_merge_and_nothing_changes(api, office):
    first, second = office["first"], office["second"]
    number = _apply(api, office, [first, second]).json()["number"]
    Holding.objects.filter(pk=second.pk).update(status=HoldingStatus.RETIRED)  # split meanwhile
    for actor, action in (("clerk", "verify"), ("assessor", "inspect")):
        api.force_authenticate(office[actor])
        api.post(f"/api/v1/applications/{number}/actions/", {"action": action}, format="json")
    api.force_authenticate(office["secretary"])
    response = api.post(
        f"/api/v1/applications/{number}/actions/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "holding_not_active"
    first.refresh_from_db()
    assert first.status == HoldingStatus.ACTIVE and first.merged_into is None
    assert not Holding.objects.filter(number="33/M").exists()
    assert PropertyApplication.objects.get().application.state == "for_approval"


def test_holdings_of_two_pourashavas_with_the_same_ward_number_are_not_merged(api, office):
    # The owner holds ward 5, holding 35 in another pourashava too: same ward number, other tenant.
    other_town = make_holding(WardFactory(number=office["ward"].number), "35")
    assert other_town.pourashava_id != office["ward"].pourashava_id
    response = _apply(api, office, [office["first"], other_town])
    assert response.status_code == 400, response.json()
    assert response.json()["error"]["code"] == "merge_across_wards"
    assert not PropertyApplication.objects.exists()
    other_town.refresh_from_db()
    assert other_town.status == HoldingStatus.ACTIVE and other_town.merged_into is None


def test_a_holding_named_twice_counts_once_in_the_merged_land_area(office):
    from services.property.services.merging import merge_holdings

    first, second = office["first"], office["second"]
    merged = merge_holdings(
        parents=[first, first, second],
        number=None,
        particulars={**MERGED_HOUSE, "land_area_sqft": None},
        owners=[OwnerInput(name_en="Rahim Uddin", name_bn="রহিম উদ্দিন", share=Decimal(1))],
        effective=timezone.localdate(),
        actor=UserFactory(),
        reason="test",
    )
    area = particulars_on(merged, timezone.localdate()).land_area_sqft
    # make_holding gives both the same plot: 1742.40 sq ft each, counted once each.
    assert area == 2 * particulars_on(first, date(2024, 1, 1)).land_area_sqft
