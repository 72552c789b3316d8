"""NID verification: the sandbox records, the Porichoy adapter over real HTTP, and the endpoint."""

import datetime

import pytest
from rest_framework.test import APIClient

from backend.common.errors import AppError
from backend.identity.models import AuditEntry
from backend.identity.nid import get_verifier
from backend.identity.nid.porichoy import PorichoyNidVerifier
from backend.identity.nid.sandbox import SandboxNidVerifier, demo_records
from backend.identity.validators import normalise_nid
from tests.factories import CitizenFactory

VERIFY = "/api/v1/me/nid-verification/"
DOB = datetime.date(1985, 6, 9)


# Sandbox ------------------------------------------------------------------------------------


def test_demo_records_are_valid_nids_of_both_lengths():
    records = demo_records()
    lengths = {len(nid) for nid in records}
    assert lengths == {10, 17}
    for nid, record in records.items():
        dob = datetime.date.fromisoformat(record["date_of_birth"])
        assert normalise_nid(nid, dob) == nid


def test_sandbox_matches_nid_date_and_name():
    verifier = SandboxNidVerifier()
    result = verifier.verify("19856925148273906", DOB, "shahana  BEGUM")
    assert result.matched and result.source == "sandbox"
    assert verifier.verify("4617283950", datetime.date(1988, 3, 14), "Rahima Khatun").matched


@pytest.mark.parametrize(
    ("nid", "dob", "name", "reason"),
    [
        ("19856925148273906", datetime.date(1985, 6, 10), "Shahana Begum", "mismatch"),
        ("19856925148273906", DOB, "Shahana Akter", "mismatch"),
        ("1111111111", DOB, "Shahana Begum", "nid_not_found"),
    ],
)
def test_sandbox_refuses_what_does_not_match(nid, dob, name, reason):
    result = SandboxNidVerifier().verify(nid, dob, name)
    assert not result.matched
    assert result.details["reason"] == reason


def test_verifier_is_chosen_by_settings(settings):
    settings.NID_VERIFIER = "porichoy"
    assert isinstance(get_verifier(), PorichoyNidVerifier)
    settings.NID_VERIFIER = "sandbox"
    assert isinstance(get_verifier(), SandboxNidVerifier)


# Porichoy over HTTP -------------------------------------------------------------------------


def porichoy_like(seen):
    """Imitates Porichoy: a key is required; passes when NID, DOB and name agree."""
    if seen.headers.get("x-api-key") != "test-key":
        return 401, {"message": "no key"}, 0
    body = seen.json()
    ok = (
        body["national_id"] == "19856925148273906"
        and body["person_dob"] == "1985-06-09"
        and body["person_fullname"].lower() == "shahana begum"
    )
    return 200, {"passKyc": "yes" if ok else "no", "errorCode": None if ok else "NAME_MISMATCH"}, 0


def test_porichoy_adapter_sends_the_three_facts_and_reads_the_answer(local_server):
    local_server.respond = porichoy_like
    verifier = PorichoyNidVerifier(base_url=local_server.url, api_key="test-key", timeout=2)
    result = verifier.verify("19856925148273906", DOB, "Shahana Begum.")
    assert result.matched and result.source == "porichoy"
    seen = local_server.requests[-1]
    assert seen.path == "/api/kyc/nid-person-values"
    assert seen.json()["person_fullname"] == "Shahana Begum"  # letters only
    refused = verifier.verify("19856925148273906", DOB, "Someone Else")
    assert not refused.matched
    assert refused.details["error_code"] == "NAME_MISMATCH"


@pytest.mark.parametrize(
    "answer",
    [
        (500, {"message": "down"}, 0),
        (503, "<html>maintenance</html>", 0),
        (200, "not json", 0),
        (401, {"message": "bad key"}, 0),
    ],
)
def test_porichoy_outage_is_nid_service_unavailable(local_server, answer):
    local_server.respond = lambda seen: answer
    verifier = PorichoyNidVerifier(base_url=local_server.url, api_key="test-key", timeout=2)
    with pytest.raises(AppError) as caught:
        verifier.verify("19856925148273906", DOB, "Shahana Begum")
    assert caught.value.code == "nid_service_unavailable"
    assert caught.value.status_code == 503


def test_porichoy_timeout_is_nid_service_unavailable(local_server):
    local_server.respond = lambda seen: (200, {"passKyc": "yes"}, 1.5)
    verifier = PorichoyNidVerifier(base_url=local_server.url, api_key="test-key", timeout=0.3)
    with pytest.raises(AppError) as caught:
        verifier.verify("19856925148273906", DOB, "Shahana Begum")
    assert caught.value.code == "nid_service_unavailable"


def test_porichoy_unreachable_is_nid_service_unavailable():
    verifier = PorichoyNidVerifier(base_url="http://127.0.0.1:9", api_key="k", timeout=1)
    with pytest.raises(AppError) as caught:
        verifier.verify("19856925148273906", DOB, "Shahana Begum")
    assert caught.value.code == "nid_service_unavailable"


# The endpoint -------------------------------------------------------------------------------


@pytest.fixture
def citizen(db):
    return CitizenFactory(
        mobile="01712345678", name_en="Shahana Begum", nid="19856925148273906", date_of_birth=DOB
    )


@pytest.fixture
def client(citizen):
    client = APIClient()
    client.force_authenticate(citizen.user)
    return client


def test_verification_records_when_who_and_source(client, citizen):
    answer = client.post(VERIFY)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["verified"] is True and body["newly_verified"] is True
    assert body["citizen"]["nid_verified"] is True
    citizen.refresh_from_db()
    assert citizen.nid_verified_at is not None
    assert citizen.nid_verified_by == citizen.user
    assert citizen.nid_verification_source == "sandbox"
    assert AuditEntry.objects.filter(action="citizen.nid_verified").count() == 1
    # Asking again makes no new (possibly paid) check.
    again = client.post(VERIFY).json()
    assert again["newly_verified"] is False


def test_mismatch_is_refused_and_nothing_recorded(client, citizen):
    citizen.name_en = "Shahana Akter"
    citizen.save()
    answer = client.post(VERIFY)
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "nid_not_matched"
    citizen.refresh_from_db()
    assert citizen.nid_verified_at is None
    assert AuditEntry.objects.filter(action="citizen.nid_verification_failed").exists()


def test_incomplete_profile_lists_what_is_missing(client, citizen):
    citizen.date_of_birth = None
    citizen.name_en = ""
    citizen.save()
    answer = client.post(VERIFY)
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "nid_verification_incomplete"
    assert set(error["fields"]) == {"date_of_birth", "name_en"}


def test_porichoy_outage_through_the_endpoint_is_503(client, citizen, settings, local_server):
    local_server.respond = lambda seen: (502, {"message": "bad gateway"}, 0)
    settings.NID_VERIFIER = "porichoy"
    settings.PORICHOY_BASE_URL = local_server.url
    settings.PORICHOY_API_KEY = "test-key"
    answer = client.post(VERIFY, HTTP_ACCEPT_LANGUAGE="bn")
    assert answer.status_code == 503
    assert answer.json()["error"]["code"] == "nid_service_unavailable"
    assert "পরে আবার" in answer.json()["error"]["message"]
    citizen.refresh_from_db()
    assert citizen.nid_verified_at is None


def test_porichoy_pass_through_the_endpoint(client, citizen, settings, local_server):
    local_server.respond = porichoy_like
    settings.NID_VERIFIER = "porichoy"
    settings.PORICHOY_BASE_URL = local_server.url
    settings.PORICHOY_API_KEY = "test-key"
    assert client.post(VERIFY).status_code == 200
    citizen.refresh_from_db()
    assert citizen.nid_verification_source == "porichoy"


def test_endpoint_needs_a_citizen(db):
    assert APIClient().post(VERIFY).status_code == 401


def test_demo_citizens_verify_in_the_sandbox():
    from backend.identity.demo import CITIZENS

    verifier = SandboxNidVerifier()
    for facts in CITIZENS:
        result = verifier.verify(facts["nid"], facts["date_of_birth"], facts["name_en"])
        assert result.matched, facts["mobile"]
