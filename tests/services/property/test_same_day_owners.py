"""A split or merge approved the day a parent's owners began (registered or transferred that
same day) would close those owners' period the day it began: an ownership that covers no day.
The approval is refused instead, clearly, and nothing changes; a day later it goes through."""

from datetime import timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from backend.identity.models import Role
from services.property.models import Holding, HoldingStatus, Ownership, PropertyApplication
from tests.factories import CitizenFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db
OWNER_MOBILE = "01711000001"  # the owner make_holding records
PARTICULARS = {
    "land_area_sqft": "871.20",
    "structure_type": "pucca",
    "floors": 1,
    "floor_area_sqft": "1200",
    "use": "residential",
    "occupancy": "owner_occupied",
}
OWNERS = [{"name_en": "Rahim Uddin", "name_bn": "রহিম উদ্দিন", "share": "1"}]


@pytest.fixture
def office():
    ward = WardFactory(number=5)
    p = ward.pourashava
    return {
        "ward": ward,
        "owner": CitizenFactory(mobile=OWNER_MOBILE),
        "clerk": staff_member(Role.REVENUE_CLERK, p),
        "assessor": staff_member(Role.ASSESSOR, p),
        "secretary": staff_member(Role.SECRETARY, p),
    }


def _apply(api, office, body):
    api.force_authenticate(office["owner"].user)
    response = api.post(
        "/api/v1/me/property-applications/",
        {"pourashava": office["ward"].pourashava.code, "ward": 5, **body},
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()["number"]


def _approve(api, office, number):
    for actor, action in (("clerk", "verify"), ("assessor", "inspect")):
        api.force_authenticate(office[actor])
        api.post(f"/api/v1/applications/{number}/actions/", {"action": action}, format="json")
    api.force_authenticate(office["secretary"])
    return api.post(
        f"/api/v1/applications/{number}/actions/",
        {"action": "approve"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="bn",
    )


def _split(holding):
    parts = [{"particulars": PARTICULARS, "owners": OWNERS, "suffix": s} for s in "AB"]
    return {"kind": "split", "holding": holding.pk, "parts": parts}


def _merge(first, second):
    return {
        "kind": "merge",
        "holdings": [first.pk, second.pk],
        "particulars": {k: v for k, v in PARTICULARS.items() if k != "land_area_sqft"},
        "owners": OWNERS,
    }


def _no_empty_period() -> None:
    """No ownership ends on or before the day it began."""
    empty = Ownership.objects.filter(valid_to__isnull=False, valid_to__lte=F("valid_from"))
    assert not empty.exists(), list(empty.values("holding__number", "valid_from", "valid_to"))


@pytest.mark.parametrize("kind", ["split", "merge"])
def test_approval_the_day_the_owners_began_is_refused_and_nothing_changes(api, office, kind):
    today = timezone.localdate()
    first = make_holding(office["ward"], number="33", valid_from=today)  # registered today
    second = make_holding(office["ward"], number="34")
    number = _apply(api, office, _split(first) if kind == "split" else _merge(first, second))

    response = _approve(api, office, number)
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "owners_changed_same_day"
    assert "33" in error["message"] and "আগামীকাল" in error["message"]
    _no_empty_period()
    for holding in (first, second):
        holding.refresh_from_db()
        assert holding.status == HoldingStatus.ACTIVE and holding.merged_into is None
    assert Holding.objects.count() == 2
    assert PropertyApplication.objects.get().application.state == "for_approval"


@pytest.mark.parametrize("kind", ["split", "merge"])
def test_approval_a_day_later_goes_through_with_no_empty_period(api, office, kind):
    yesterday = timezone.localdate() - timedelta(days=1)
    first = make_holding(office["ward"], number="33", valid_from=yesterday)
    second = make_holding(office["ward"], number="34")
    number = _apply(api, office, _split(first) if kind == "split" else _merge(first, second))
    response = _approve(api, office, number)
    assert response.status_code == 200, response.content
    first.refresh_from_db()
    assert first.status == HoldingStatus.RETIRED
    _no_empty_period()
