"""A NUL byte in an address is a clear 400, not a database 500; an unknown API address is JSON."""

import pytest

pytestmark = pytest.mark.django_db

# The five addresses where a NUL byte reached PostgreSQL and answered 500.
NUL_ADDRESSES = [
    "/api/v1/certificate-types/?pourashava=NA%00T",
    "/api/v1/pourashavas/NA%00T/wards/",
    "/api/v1/me/uploads/?purpose=de%00ath",
    "/api/v1/me/certificate-applications/NAT%00-CA-1/",
    "/api/v1/receipts/NAT%00-1/",
]


@pytest.mark.parametrize("address", NUL_ADDRESSES)
def test_a_nul_byte_is_refused_with_a_code_in_the_request_language(api, address):
    response = api.get(address, HTTP_ACCEPT_LANGUAGE="bn")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_characters"
    assert error["message"] == "ঠিকানায় অগ্রহণযোগ্য অক্ষর আছে।"


def test_a_nul_byte_in_english(api):
    response = api.get("/api/v1/pourashavas/?x=%00", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert response.json()["error"]["message"].startswith("The address contains")


def test_an_unknown_api_address_answers_json_in_the_request_language(api):
    response = api.get("/api/v1/no-such-thing/", HTTP_ACCEPT_LANGUAGE="bn")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"error": {"code": "not_found", "message": "এই ঠিকানায় কিছু নেই।"}}


def test_a_missing_trailing_slash_is_still_redirected(api):
    response = api.get("/api/v1/pourashavas")
    assert response.status_code == 301
    assert response["Location"].endswith("/api/v1/pourashavas/")


def test_a_views_own_json_404_is_left_as_it_is(api):
    response = api.get("/api/v1/pourashavas/ZZZ/wards/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "pourashava_not_found"


def test_pages_outside_the_api_keep_their_html_404(client):
    response = client.get("/verify/no-such-page/extra/")
    assert response.status_code == 404
    assert not response["Content-Type"].startswith("application/json")
