from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.identity.models import Role
from services.property.services.holdings import OwnerInput, transfer_ownership
from services.property.signals import holding_claim_approved
from tests.factories import CitizenFactory, UserFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db


@pytest.fixture
def holding():
    return make_holding(WardFactory(number=4), number="21")


def _claim(api, holding, **overrides):
    body = {"pourashava": holding.pourashava.code, "ward": "৪", "number": "২১", **overrides}
    return api.post("/api/v1/me/holdings/claims/", body, format="json")


def test_owner_mobile_links_the_holding_to_their_account(api, holding):
    owner = CitizenFactory(mobile="01711000001")
    api.force_authenticate(owner.user)
    rows = api.get("/api/v1/me/holdings/").json()["results"]
    assert [row["reference"] for row in rows] == [holding.reference]


def test_verified_nid_proves_a_claim_at_once(api, holding):
    citizen = CitizenFactory(nid="1234567890", nid_verified_at=timezone.now())
    api.force_authenticate(citizen.user)
    response = _claim(api, holding)
    assert response.status_code == 201
    assert response.json()["status"] == "approved" and response.json()["proof"] == "nid_match"
    assert _claim(api, holding).json()["error"]["code"] == "holding_already_claimed"
    detail = api.get(f"/api/v1/me/holdings/{holding.pk}/").json()
    assert detail["owners"][0]["name_en"] == "Rahim Uddin"


def test_unverified_claim_waits_for_a_clerk_of_that_pourashava(api, holding):
    citizen = CitizenFactory(nid="1234567890")  # NID not verified: no proof yet
    api.force_authenticate(citizen.user)
    claim = _claim(api, holding).json()
    assert claim["status"] == "pending"
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/").status_code == 404

    outsider = staff_member(Role.REVENUE_CLERK, WardFactory().pourashava)
    api.force_authenticate(outsider)
    url = f"/api/v1/staff/holding-claims/{claim['id']}/decision/"
    assert api.post(url, {"approve": True}, format="json").status_code == 404

    api.force_authenticate(staff_member(Role.REVENUE_CLERK, holding.pourashava))
    assert api.post(url, {"approve": True}, format="json").json()["status"] == "approved"
    assert api.post(url, {"approve": True}, format="json").status_code == 409
    api.force_authenticate(citizen.user)
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/").status_code == 200


def test_unknown_holding_gives_a_bilingual_404(api, holding):
    api.force_authenticate(CitizenFactory().user)
    response = api.post(
        "/api/v1/me/holdings/claims/",
        {"pourashava": holding.pourashava.code, "ward": 4, "number": "99"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="bn",
    )
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "holding_not_found"
    assert "হোল্ডিং নেই" in response.json()["error"]["message"]


def test_another_citizen_cannot_see_my_holding(api, holding):
    api.force_authenticate(CitizenFactory().user)
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/").status_code == 404
    assert api.get("/api/v1/me/holdings/").json()["results"] == []


def test_holding_detail_shows_owners_as_they_were_on_a_date(api, holding):
    owner = CitizenFactory(mobile="01711000001")
    transfer_ownership(
        holding=holding,
        effective=date(2025, 11, 1),
        actor=UserFactory(),
        reason="Deed",
        owners=[
            OwnerInput(name_en="Karim", name_bn="করিম", share=Decimal(1), mobile="01711000001")
        ],
    )
    api.force_authenticate(owner.user)
    past = api.get(f"/api/v1/me/holdings/{holding.pk}/?on=২০২৫-১০-৩১").json()
    assert [o["name_en"] for o in past["owners"]] == ["Rahim Uddin"]
    assert api.get(f"/api/v1/me/holdings/{holding.pk}/?on=not-a-date").status_code == 400


def test_clerk_search_by_number_nid_or_mobile_stays_in_their_pourashava(api, holding):
    elsewhere = make_holding(WardFactory(number=4), number="21")  # same number, other pourashava
    api.force_authenticate(staff_member(Role.REVENUE_CLERK, holding.pourashava))
    for term in ("21", "1234567890", "01711000001", "rahim"):
        ids = [
            row["id"] for row in api.get("/api/v1/staff/holdings/", {"q": term}).json()["results"]
        ]
        assert ids == [holding.pk], term
    assert api.get(f"/api/v1/staff/holdings/{elsewhere.pk}/").status_code == 404
    api.force_authenticate(CitizenFactory().user)
    assert api.get("/api/v1/staff/holdings/").status_code == 403


@pytest.fixture
def approvals():
    """Claims announced as approved to other services (holding_claim_approved)."""
    seen = []

    def receiver(sender, claim, **kwargs):
        seen.append((claim.citizen_id, claim.holding_id, claim.proof))

    holding_claim_approved.connect(receiver)
    yield seen
    holding_claim_approved.disconnect(receiver)


def test_other_services_hear_of_approved_claims_only(api, holding, approvals):
    proven = CitizenFactory(nid="1234567890", nid_verified_at=timezone.now())
    api.force_authenticate(proven.user)
    _claim(api, holding)
    assert approvals == [(proven.pk, holding.pk, "nid_match")]

    waiting, refused = CitizenFactory(), CitizenFactory()
    claims = {}
    for citizen in (waiting, refused):
        api.force_authenticate(citizen.user)
        claims[citizen.pk] = _claim(api, holding).json()["id"]
    assert len(approvals) == 1  # pending claims are not approvals
    api.force_authenticate(staff_member(Role.REVENUE_CLERK, holding.pourashava))
    for citizen, approve in ((refused, False), (waiting, True)):
        url = f"/api/v1/staff/holding-claims/{claims[citizen.pk]}/decision/"
        assert api.post(url, {"approve": approve}, format="json").status_code == 200
    assert approvals[1:] == [(waiting.pk, holding.pk, "clerk")]


def test_a_claim_made_by_an_operator_for_the_citizen_is_recorded_as_assisted(api, holding):
    from backend.identity.models import AssistedAction
    from tests.backend.identity.factories import AssistedSessionFactory, udc_operator

    operator, centre = udc_operator(holding.pourashava)
    citizen = CitizenFactory(nid="1234567890", nid_verified_at=timezone.now())
    session = AssistedSessionFactory(
        operator=operator, pourashava=holding.pourashava, citizen=citizen, udc_centre=centre
    )
    api.force_authenticate(operator)
    body = {"pourashava": holding.pourashava.code, "ward": "৪", "number": "২১"}
    response = api.post(
        "/api/v1/me/holdings/claims/",
        body,
        format="json",
        HTTP_X_ASSISTED_SESSION=str(session.pk),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "approved"  # the citizen's claim, by their NID
    (action,) = AssistedAction.objects.filter(session=session)
    assert action.action == "property.holding_claimed"
    assert action.object_id == str(response.json()["id"])
