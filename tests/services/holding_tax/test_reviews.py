from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backend.identity.models import Role
from backend.municipality.fiscal_year import FiscalYear
from services.holding_tax.models import Assessment, AssessmentPublication
from services.holding_tax.services.assessment import assess_holding
from tests.factories import CitizenFactory, UserFactory, WardFactory, staff_member
from tests.services.property.helpers import make_holding

pytestmark = pytest.mark.django_db
FY = FiscalYear(2025)


@pytest.fixture
def case_setup(api):
    holding = make_holding(WardFactory())
    assess_holding(holding=holding, fiscal_year=FY, actor=UserFactory())
    owner = CitizenFactory(mobile="01711000001")
    secretary = staff_member(Role.SECRETARY, holding.pourashava)
    return {"holding": holding, "owner": owner, "secretary": secretary}


def _publish(api, s, days=30):
    api.force_authenticate(s["secretary"])
    return api.post(
        "/api/v1/staff/assessment-lists/",
        {"pourashava": s["holding"].pourashava.code, "fiscal_year": FY.label, "window_days": days},
        format="json",
    )


def _object(api, s):
    api.force_authenticate(s["owner"].user)
    return api.post(
        f"/api/v1/me/holdings/{s['holding'].pk}/reviews/",
        {"grounds": "The rent is Tk 9,000, not 12,000", "claimed_value": "90000"},
        format="json",
    )


def test_objection_waits_for_the_published_list(api, case_setup):
    response = _object(api, case_setup)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "assessment_not_published"


def test_objection_after_the_window_is_refused(api, case_setup):
    assert _publish(api, case_setup).status_code == 201
    AssessmentPublication.objects.update(
        objection_deadline=timezone.localdate() - timedelta(days=1)
    )
    assert _object(api, case_setup).json()["error"]["code"] == "objection_window_closed"


def test_committee_revises_the_valuation_only_by_decision(api, case_setup):
    _publish(api, case_setup)
    number = _object(api, case_setup).json()["number"]
    assert _object(api, case_setup).status_code == 409  # one open case per assessment
    assert Assessment.objects.get(superseded=False).annual_value == Decimal("120000.00")

    api.force_authenticate(case_setup["secretary"])
    url = f"/api/v1/staff/reviews/{number}/decision/"
    premature = api.post(
        url, {"revise": True, "annual_value": "90000", "reason": "Rent proven"}, format="json"
    )
    assert premature.status_code == 409  # the hearing has not been scheduled
    api.post(
        f"/api/v1/applications/{number}/actions/", {"action": "schedule_hearing"}, format="json"
    )
    decided = api.post(
        url, {"revise": True, "annual_value": "90000", "reason": "Rent proven"}, format="json"
    )
    assert decided.json() == {"number": number, "state": "revised", "annual_value": "90000.00"}
    live = Assessment.objects.get(superseded=False)
    assert live.kind == "review" and live.annual_tax["holding_tax"] == "6300.00"
    assert number in live.working[-1]["en"]


def test_dismissal_needs_a_reason_and_leaves_the_valuation(api, case_setup):
    _publish(api, case_setup)
    number = _object(api, case_setup).json()["number"]
    api.force_authenticate(case_setup["secretary"])
    api.post(
        f"/api/v1/applications/{number}/actions/", {"action": "schedule_hearing"}, format="json"
    )
    url = f"/api/v1/staff/reviews/{number}/decision/"
    assert api.post(url, {"revise": False, "reason": ""}, format="json").status_code == 400
    assert (
        api.post(url, {"revise": False, "reason": "No evidence"}, format="json").json()["state"]
        == "dismissed"
    )
    assert Assessment.objects.get(superseded=False).annual_value == Decimal("120000.00")


def test_another_pourashavas_committee_cannot_decide(api, case_setup):
    _publish(api, case_setup)
    number = _object(api, case_setup).json()["number"]
    api.force_authenticate(staff_member(Role.SECRETARY, WardFactory().pourashava))
    response = api.post(
        f"/api/v1/staff/reviews/{number}/decision/", {"revise": False, "reason": "x"}, format="json"
    )
    assert response.status_code == 404
