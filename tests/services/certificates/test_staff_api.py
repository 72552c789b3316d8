"""The clerk panel's API: the certificate queue (my roles, my area, SLA colour, with whom,
filters and search) and bulk approve / recommend with per-number results."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.workflow.models import ActionLog
from services.certificates.workflow import ISSUED, RETURNED, WITH_COUNCILLOR, WITH_OFFICER
from tests.factories import CitizenFactory
from tests.services.certificates.admin_helpers import (
    application_in,
    make_signatory,
    make_town,
    state_of,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db

QUEUE = "/api/v1/staff/certificate-queue/"
BULK = "/api/v1/staff/certificate-applications/bulk-action/"


@pytest.fixture
def towns():
    return make_town("HOM"), make_town("OTH")


def numbers_in(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["number"] for item in response.json()["results"]]


def test_councillor_queue_is_their_ward_with_sla_and_with_whom(api, towns):
    home, other = towns
    now = timezone.now()
    mine = application_in(home, home.ward1, WITH_COUNCILLOR, due_at=now + timedelta(hours=5))
    application_in(home, home.ward2, WITH_COUNCILLOR)  # another ward
    application_in(home, home.ward1, WITH_OFFICER)  # waits on the officer, not on me
    application_in(home, home.ward1, RETURNED)  # waits on the citizen
    application_in(other, other.ward1, WITH_COUNCILLOR)  # another pourashava's ward 1
    api.force_authenticate(home.councillor1)

    response = api.get(QUEUE, HTTP_ACCEPT_LANGUAGE="bn")

    assert numbers_in(response) == [mine.application.number]
    item = response.json()["results"][0]
    assert item["sla"]["colour"] == "amber"  # five hours left
    assert item["sla"]["label"] == "সময় প্রায় শেষ"
    assert item["with_whom"]["roles"] == ["ward_councillor"]
    assert item["with_whom"]["people"] == ["Jahangir Alam HOM"]
    assert item["state_label"] == "ওয়ার্ড কাউন্সিলরের কাছে"
    assert item["ward"] == 1 and item["type"]["code"] == "heir"


def test_officer_queue_filters_and_search(api, towns):
    home, other = towns
    now = timezone.now()
    late = application_in(home, home.ward2, WITH_OFFICER, due_at=now - timedelta(minutes=1))
    fresh = application_in(
        home,
        home.ward1,
        WITH_OFFICER,
        nid="1985123456",
        name_en="Salma Khatun",
        due_at=now + timedelta(days=1, hours=1),
    )
    application_in(other, other.ward1, WITH_OFFICER, nid="1985999999")
    api.force_authenticate(home.officer)

    assert numbers_in(api.get(QUEUE)) == [late.application.number, fresh.application.number]
    assert numbers_in(api.get(QUEUE, {"late": "1"})) == [late.application.number]
    assert numbers_in(api.get(QUEUE, {"ward": 1})) == [fresh.application.number]
    assert numbers_in(api.get(QUEUE, {"q": "1985123456"})) == [fresh.application.number]
    assert numbers_in(api.get(QUEUE, {"q": "salma"})) == [fresh.application.number]
    assert numbers_in(api.get(QUEUE, {"q": late.application.number})) == [late.application.number]
    assert numbers_in(api.get(QUEUE, {"q": "1985999999"})) == []  # another pourashava's
    assert numbers_in(api.get(QUEUE, {"state": WITH_COUNCILLOR})) == []
    colours = {i["number"]: i["sla"]["colour"] for i in api.get(QUEUE).json()["results"]}
    assert colours == {late.application.number: "red", fresh.application.number: "green"}

    bad = api.get(QUEUE, {"state": "issued"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "validation_failed"


def test_citizen_has_no_queue(api):
    api.force_authenticate(CitizenFactory().user)
    assert api.get(QUEUE).status_code == 403
    assert api.post(BULK, {"action": "approve", "numbers": ["X"]}, format="json").status_code == 403


def test_bulk_approve_reports_each_number_and_hides_foreign_ones(api, towns, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    use_fresh_signing_key(settings)
    home, other = towns
    make_signatory(home.officer, home.pourashava)
    ready = application_in(home, home.ward2, WITH_OFFICER)
    early = application_in(home, home.ward1, WITH_COUNCILLOR)
    foreign = application_in(other, other.ward1, WITH_OFFICER)
    api.force_authenticate(home.officer)
    numbers = [
        ready.application.number,
        early.application.number,
        foreign.application.number,
        "NOPE-CA-1",
    ]

    response = api.post(BULK, {"action": "approve", "numbers": numbers}, format="json")

    assert response.status_code == 200
    body = response.json()
    results = {r["number"]: r for r in body["results"]}
    assert [r["number"] for r in body["results"]] == numbers
    assert results[ready.application.number]["ok"] is True
    assert results[ready.application.number]["code"] == "approved"
    assert results[early.application.number]["ok"] is False
    assert results[early.application.number]["code"] == "workflow_action_not_available"
    assert results[foreign.application.number] == {
        "number": foreign.application.number,
        "ok": False,
        "code": "not_found",
        "message": results["NOPE-CA-1"]["message"],  # told apart from a missing one: never
    }
    assert results["NOPE-CA-1"]["code"] == "not_found"
    assert (body["done"], body["skipped"]) == (1, 3)
    assert state_of(ready) == ISSUED
    ready.refresh_from_db()
    assert ready.certificate is not None
    assert state_of(early) == WITH_COUNCILLOR
    assert state_of(foreign) == WITH_OFFICER


def test_bulk_recommend_with_a_foreign_ward_number(api, towns):
    home, _ = towns
    mine = [application_in(home, home.ward1, WITH_COUNCILLOR) for _ in range(2)]
    theirs = application_in(home, home.ward2, WITH_COUNCILLOR)
    api.force_authenticate(home.councillor1)
    numbers = [d.application.number for d in (mine[0], theirs, mine[1])]

    response = api.post(BULK, {"action": "recommend", "numbers": numbers}, format="json")

    codes = [(r["number"], r["code"]) for r in response.json()["results"]]
    assert codes == [
        (mine[0].application.number, "recommended"),
        (theirs.application.number, "not_found"),
        (mine[1].application.number, "recommended"),
    ]
    assert [state_of(d) for d in (*mine, theirs)] == [WITH_OFFICER, WITH_OFFICER, WITH_COUNCILLOR]
    log = ActionLog.objects.get(application=mine[0].application, action="recommend")
    assert log.actor == home.councillor1 and log.actor_role == "ward_councillor"


def test_councillor_cannot_bulk_approve(api, towns):
    home, _ = towns
    ready = application_in(home, home.ward1, WITH_OFFICER)
    api.force_authenticate(home.councillor1)
    response = api.post(
        BULK, {"action": "approve", "numbers": [ready.application.number]}, format="json"
    )
    assert response.json()["results"][0]["code"] == "not_found"
    assert state_of(ready) == WITH_OFFICER


def test_bulk_is_capped_and_checked(api, towns):
    home, _ = towns
    ready = application_in(home, home.ward1, WITH_COUNCILLOR)
    api.force_authenticate(home.councillor1)
    numbers = [ready.application.number] + [f"X-{i}" for i in range(100)]

    too_many = api.post(BULK, {"action": "recommend", "numbers": numbers}, format="json")

    assert too_many.status_code == 400
    assert too_many.json()["error"]["code"] == "too_many_numbers"
    assert state_of(ready) == WITH_COUNCILLOR  # nothing was done
    unknown = api.post(BULK, {"action": "issue", "numbers": ["X"]}, format="json")
    assert unknown.status_code == 400
    assert "action" in unknown.json()["error"]["fields"]
    empty = api.post(BULK, {"action": "recommend", "numbers": []}, format="json")
    assert empty.status_code == 400


def test_queue_queries_do_not_grow_with_rows(api, towns):
    home, _ = towns
    api.force_authenticate(home.councillor1)

    def queries_for_queue() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(QUEUE).status_code == 200
        return len(captured)

    application_in(home, home.ward1, WITH_COUNCILLOR)
    queries_for_queue()  # the first request also reads the user's roles
    few = queries_for_queue()
    for _ in range(8):
        application_in(home, home.ward1, WITH_COUNCILLOR)
    assert queries_for_queue() == few
