"""Who may ask what: tokens from the real token endpoint carry only the agency's scopes; a
client without a dataset's scope is refused (403) before anything is looked up; every call
states a purpose allowed to the client; a suspended agency or a scope taken away stops at once."""

import pytest
from rest_framework.test import APIClient
from rest_framework_simplejwt.tokens import AccessToken

from backend.sharing.models import AgencyScope, Disclosure
from tests.backend.sharing.helpers import GOV, agency_api, lookup, make_agency, token_response

pytestmark = pytest.mark.django_db


def test_the_token_endpoint_issues_client_credentials_tokens_with_the_agencys_scopes_only():
    bank = make_agency(scopes=("trade_licence", "certificates"))
    issued = token_response(bank)
    assert issued.status_code == 200
    body = issued.json()
    assert body["token_type"] == "Bearer"
    assert set(body["scope"].split()) == {"trade_licence", "certificates"}

    asked_for_more = token_response(bank, scope="holding_tax")
    assert asked_for_more.status_code == 400
    assert asked_for_more.json()["error"] == "invalid_scope"

    wrong_secret = token_response(bank.__class__(bank.agency, bank.client_id, "not-the-secret"))
    assert wrong_secret.status_code == 401


def test_a_trade_licence_only_client_gets_403_for_holding_data(holding_with_dues):
    bank = make_agency(scopes=("trade_licence",))
    api = agency_api(bank, language="bn")
    response = lookup(api, "holding.clearance", holding_with_dues.reference, "account_opening")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "out_of_scope"
    assert error["message"] == "এই ক্লায়েন্ট holding.clearance দেখার অনুমতিপ্রাপ্ত নয়।"
    assert "dues_outstanding" not in response.content.decode()
    # The refused call is in the log, with nothing given out.
    [row] = Disclosure.objects.all()
    assert (row.result, row.refusal, row.fields) == ("denied", "out_of_scope", [])
    assert row.citizen_id is None  # nothing was looked up to find whose it is


def test_a_call_without_an_allowed_purpose_is_refused(holding):
    registrar = make_agency("registrar", scopes=("holding_tax",), purposes=("deed_registration",))
    api = agency_api(registrar)

    missing = lookup(api, "holding.clearance", holding.reference, None)
    assert missing.status_code == 400
    assert missing.json()["error"]["code"] == "purpose_required"
    assert missing.json()["error"]["fields"]["purpose"][0]["code"] == "required"

    other = lookup(api, "holding.clearance", holding.reference, "marketing")
    assert other.status_code == 403
    assert other.json()["error"]["code"] == "purpose_not_allowed"
    assert "dues_outstanding" not in other.content.decode()

    allowed = lookup(api, "holding.clearance", holding.reference, "deed_registration")
    assert allowed.status_code == 200
    assert allowed.json()["purpose"] == "deed_registration"
    assert list(Disclosure.objects.values_list("result", "purpose", "refusal").order_by("id")) == [
        ("denied", "", "purpose_required"),
        ("denied", "marketing", "purpose_not_allowed"),
        ("found", "deed_registration", ""),
    ]


def test_no_token_no_answer_and_a_citizen_login_is_not_an_agency(holding, owner):
    anonymous = APIClient().get(f"{GOV}/datasets/holding.clearance/lookup/", {"subject": "x"})
    assert anonymous.status_code == 401
    assert anonymous.json()["error"]["code"] == "not_authenticated"
    # A citizen's own login token is not read here at all.
    citizen_token = str(AccessToken.for_user(owner.user))
    response = APIClient().get(f"{GOV}/datasets/", HTTP_AUTHORIZATION=f"Bearer {citizen_token}")
    assert response.status_code == 401


def test_a_scope_taken_away_or_a_suspended_agency_stops_live_tokens(holding):
    registrar = make_agency("registrar", scopes=("holding_tax",), purposes=("deed_registration",))
    api = agency_api(registrar)
    assert (
        lookup(api, "holding.clearance", holding.reference, "deed_registration").status_code == 200
    )

    AgencyScope.objects.filter(agency=registrar.agency).delete()
    refused = lookup(api, "holding.clearance", holding.reference, "deed_registration")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "out_of_scope"

    AgencyScope.objects.create(agency=registrar.agency, scope="holding_tax")
    registrar.agency.is_active = False
    registrar.agency.save()
    suspended = lookup(api, "holding.clearance", holding.reference, "deed_registration")
    assert suspended.status_code == 403
    assert suspended.json()["error"]["code"] == "agency_suspended"


def test_the_datasets_page_lists_what_the_client_may_ask_and_its_purposes():
    bank = make_agency(scopes=("certificates",))
    body = agency_api(bank).get(f"{GOV}/datasets/").json()
    assert [d["code"] for d in body["datasets"]] == ["certificate.validity"]
    assert body["datasets"][0]["personal_fields"] == []  # no personal scope
    assert [p["code"] for p in body["purposes"]] == ["account_opening"]
    assert body["purposes"][0]["legal_basis"] == "mou"


def test_wildcards_and_searches_are_not_answered(holding):
    registrar = make_agency("registrar", scopes=("holding_tax",), purposes=("deed_registration",))
    api = agency_api(registrar)
    for subject in ("NAT-3-*", "NAT-3-%", "", "NAT-3-1?"):
        response = lookup(api, "holding.clearance", subject, "deed_registration")
        assert response.status_code == 400, subject
        assert response.json()["error"]["code"] == "invalid_identifier"
