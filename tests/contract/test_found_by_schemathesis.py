"""What the schemathesis run (test_schemathesis.py) found, pinned as plain regression tests: each
was a 500 or an answer the schema did not describe."""

import pytest
from rest_framework.test import APIClient

from backend.identity.models import Role
from tests.factories import (
    CitizenFactory,
    MahallaFactory,
    PourashavaFactory,
    WardFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_profile_patch_with_a_body_that_is_not_an_object_is_a_400():
    citizen = CitizenFactory()
    for body in ("null", "[1, 2]", "7"):
        response = client_for(citizen.user).patch(
            "/api/v1/me/", body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400, (body, response.content)
        (problem,) = response.json()["error"]["fields"]["non_field_errors"]
        assert problem == {"code": "not_a_dict", "message": "Expected an object."}


def test_an_attachment_that_is_neither_an_id_nor_an_object_is_a_400():
    citizen = CitizenFactory()
    PourashavaFactory(code="NAT")
    body = {"kind": "mutation", "pourashava": "NAT", "ward": 1, "attachments": [12]}
    response = client_for(citizen.user).post(
        "/api/v1/me/property-applications/", body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 400, response.content
    (problem,) = response.json()["error"]["fields"]["attachments.0"]
    assert problem["code"] == "invalid" and problem["message"]


def test_a_ward_number_too_large_for_the_database_filters_to_nothing():
    pourashava = PourashavaFactory(code="NAT")
    MahallaFactory(ward=WardFactory(pourashava=pourashava, number=1))
    secretary = staff_member(Role.SECRETARY, pourashava)
    api = client_for(secretary)
    for ward in ("279670427939205742592", "²"):
        response = api.get("/api/v1/staff/mahallas/", {"ward": ward})
        assert response.status_code == 200, response.content
        assert response.json()["results"] == []


def test_a_staff_member_without_ward_or_centre_is_answered_with_nulls_the_schema_allows():
    pourashava = PourashavaFactory(code="NAT")
    secretary = staff_member(Role.SECRETARY, pourashava)
    (member,) = client_for(secretary).get("/api/v1/staff/members/").json()["results"]
    assert member["ward"] is None and member["udc_centre"] is None and member["granted_by"] is None


def test_an_id_too_large_for_the_database_is_refused_as_input():
    citizen = CitizenFactory()
    response = client_for(citizen.user).post(
        "/api/v1/bills/", {"demand_ids": [57989702524456680051129188352]}, format="json"
    )
    assert response.status_code == 400, response.content
    (problem,) = response.json()["error"]["fields"]["demand_ids.0"]
    assert problem["code"] == "max_value"


def test_a_nul_byte_in_a_json_body_is_a_400_not_a_500():
    """Found live on PostgreSQL: a NUL byte in the pourashava of a holding claim reached the
    database (a slug lookup) and failed with a 500."""
    citizen = CitizenFactory()
    PourashavaFactory(code="NAT")
    for body in (
        '{"pourashava": "\\u0000NAT", "ward": 1, "number": "1"}',
        '{"pourashava": "NAT", "ward": 1, "number": "1\\u0000"}',
    ):
        response = client_for(citizen.user).post(
            "/api/v1/me/holdings/claims/", body, content_type="application/json"
        )
        assert response.status_code == 400, response.content
        assert response.json()["error"]["code"] == "invalid_characters"
    form = client_for(citizen.user).post(
        "/api/v1/me/holdings/claims/",
        "pourashava=%00NAT&ward=1&number=1",
        content_type="application/x-www-form-urlencoded",
    )
    assert form.status_code == 400 and form.json()["error"]["code"] == "invalid_characters"
