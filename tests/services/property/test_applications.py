from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.identity.models import Role
from backend.workflow.models import ActionLog
from services.property.models import (
    ClaimStatus,
    Holding,
    HoldingClaim,
    HoldingStatus,
    PropertyApplication,
)
from services.property.selectors import owners_on, particulars_on
from tests.factories import CitizenFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db
BUYER = {"name_en": "Karim Mia", "name_bn": "করিম মিয়া", "share": "1", "nid": "9876543210"}


@pytest.fixture
def office():
    holding = make_holding(WardFactory(number=5), number="33")
    p = holding.pourashava
    return {
        "holding": holding,
        "clerk": staff_member(Role.REVENUE_CLERK, p),
        "assessor": staff_member(Role.ASSESSOR, p),
        "secretary": staff_member(Role.SECRETARY, p),
    }


def _walk(api, office, number):
    for actor, action in (("clerk", "verify"), ("assessor", "inspect"), ("secretary", "approve")):
        api.force_authenticate(office[actor])
        response = api.post(
            f"/api/v1/applications/{number}/actions/", {"action": action}, format="json"
        )
        assert response.status_code == 200, response.json()
    return response.json()


def test_buyer_applies_for_mutation_and_the_register_changes_on_approval(api, office):
    holding = office["holding"]
    api.force_authenticate(CitizenFactory().user)
    response = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "mutation",
            "pourashava": holding.pourashava.code,
            "ward": 5,
            "number": "৩৩",
            "deed": "Deed 1234/2026",
            "owners": [BUYER],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    number = response.json()["number"]

    assert _walk(api, office, number)["state"] == "approved"
    today = timezone.localdate()
    assert [o.name_en for o in owners_on(holding, today)] == ["Karim Mia"]
    assert owners_on(holding, today)[0].reason.endswith("Deed 1234/2026")
    assert [o.name_en for o in owners_on(holding, date(2025, 1, 1))] == ["Rahim Uddin"]
    assert list(
        ActionLog.objects.filter(application__number=number).values_list("action", flat=True)
    ) == ["submit", "verify", "inspect", "approve"]


def test_staff_of_another_pourashava_cannot_see_or_act(api, office):
    api.force_authenticate(CitizenFactory().user)
    number = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "mutation",
            "pourashava": office["holding"].pourashava.code,
            "ward": 5,
            "number": "33",
            "owners": [BUYER],
        },
        format="json",
    ).json()["number"]
    outsider = staff_member(Role.REVENUE_CLERK, WardFactory().pourashava)
    api.force_authenticate(outsider)
    url = f"/api/v1/applications/{number}/actions/"
    assert api.get(url).status_code == 404
    assert api.post(url, {"action": "verify"}, format="json").status_code == 404
    api.force_authenticate(office["assessor"])  # right pourashava, not yet their step
    assert api.post(url, {"action": "inspect"}, format="json").status_code == 409
    api.force_authenticate(CitizenFactory().user)  # another citizen
    assert api.get(url).status_code == 404


def test_owner_splits_a_holding_into_sub_numbers(api, office):
    holding = office["holding"]
    owner = CitizenFactory(mobile="01711000001")
    part = {
        "particulars": {
            "land_area_sqft": "871.20",
            "structure_type": "pucca",
            "floors": 1,
            "floor_area_sqft": "1200",
            "use": "residential",
            "occupancy": "owner_occupied",
        },
        "owners": [{"name_en": "Rahim Uddin", "name_bn": "রহিম উদ্দিন", "share": "1"}],
    }
    api.force_authenticate(owner.user)
    response = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "split",
            "pourashava": holding.pourashava.code,
            "ward": 5,
            "holding": holding.pk,
            "parts": [{**part, "suffix": "A"}, {**part, "suffix": "B"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    _walk(api, office, response.json()["number"])

    holding.refresh_from_db()
    assert holding.status == HoldingStatus.RETIRED
    children = Holding.objects.filter(parent=holding).order_by("number")
    assert [c.number for c in children] == ["33/A", "33/B"]
    assert particulars_on(children[0], timezone.localdate()).floor_area_sqft == Decimal("1200")
    api.force_authenticate(office["clerk"])
    history = api.get(f"/api/v1/staff/holdings/{holding.pk}/").json()["history"]
    assert history["became"] == [c.reference for c in children]
    child = api.get(f"/api/v1/staff/holdings/{children[0].pk}/").json()["history"]
    assert child["split_from"] == holding.reference


def test_correction_changes_particulars_from_the_approval_day(api, office):
    holding = office["holding"]
    api.force_authenticate(CitizenFactory(mobile="01711000001").user)
    response = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "correction",
            "pourashava": holding.pourashava.code,
            "ward": 5,
            "holding": holding.pk,
            "changes": {"floors": 3, "floor_area_sqft": "3600"},
        },
        format="json",
    )
    _walk(api, office, response.json()["number"])
    assert particulars_on(holding, timezone.localdate()).floors == 3
    assert particulars_on(holding, date(2025, 1, 1)).floors == 2


def test_citizen_cannot_split_a_holding_they_do_not_own(api, office):
    api.force_authenticate(CitizenFactory().user)
    response = api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "split",
            "pourashava": office["holding"].pourashava.code,
            "ward": 5,
            "holding": office["holding"].pk,
            "parts": [],
        },
        format="json",
    )
    assert response.status_code == 404


SPLIT_PART = {
    "particulars": {
        "land_area_sqft": "871.20",
        "structure_type": "pucca",
        "floors": 1,
        "floor_area_sqft": "1200",
        "use": "residential",
        "occupancy": "owner_occupied",
    },
    "owners": [{"name_en": "Rahim Uddin", "name_bn": "রহিম উদ্দিন", "share": "1"}],
}


def _apply_split(api, citizen, holding):
    api.force_authenticate(citizen.user)
    return api.post(
        "/api/v1/me/property-applications/",
        {
            "kind": "split",
            "pourashava": holding.pourashava.code,
            "ward": 5,
            "holding": holding.pk,
            "parts": [{**SPLIT_PART, "suffix": "A"}, {**SPLIT_PART, "suffix": "B"}],
        },
        format="json",
    )


def test_a_retired_holding_cannot_be_split_again(api, office):
    # The owner's approved claim keeps the old holding in their list after it is split...
    holding, owner = office["holding"], CitizenFactory(mobile="01711000001")
    HoldingClaim.objects.create(
        holding=holding,
        pourashava=holding.pourashava,
        citizen=owner,
        status=ClaimStatus.APPROVED,
        proof="nid_match",
    )
    _walk(api, office, _apply_split(api, owner, holding).json()["number"])
    holding.refresh_from_db()
    assert holding.status == HoldingStatus.RETIRED
    # ...but it is history now: splitting it again would put the same land on the register twice.
    response = _apply_split(api, owner, holding)
    assert response.status_code == 409, response.json()
    assert response.json()["error"]["code"] == "holding_not_active"
    assert Holding.objects.filter(parent=holding).count() == 2


def test_a_holding_retired_before_approval_is_not_changed_by_the_approval(api, office):
    holding = office["holding"]
    number = _apply_split(api, CitizenFactory(mobile="01711000001"), holding).json()["number"]
    Holding.objects.filter(pk=holding.pk).update(status=HoldingStatus.RETIRED)  # merged meanwhile
    for actor, action in (("clerk", "verify"), ("assessor", "inspect")):
        api.force_authenticate(office[actor])
        api.post(f"/api/v1/applications/{number}/actions/", {"action": action}, format="json")
    api.force_authenticate(office["secretary"])
    response = api.post(
        f"/api/v1/applications/{number}/actions/", {"action": "approve"}, format="json"
    )
    assert response.status_code == 409, response.json()
    assert response.json()["error"]["code"] == "holding_not_active"
    assert not Holding.objects.filter(parent=holding).exists()


def test_an_application_is_kept_only_with_its_assisted_service_record(api, office, monkeypatch):
    # Who applied for the citizen is recorded with the application, or neither is kept.
    def failing_record(*args, **kwargs):
        raise RuntimeError("audit store down")

    monkeypatch.setattr("services.property.api.applications.record_assisted_action", failing_record)
    holding = office["holding"]
    with pytest.raises(RuntimeError):
        _apply_split(api, CitizenFactory(mobile="01711000001"), holding)
    assert not PropertyApplication.objects.exists()
