"""Personal fields need both the personal scope and the citizen's live consent, given in the
citizen API with an SMS code and revocable there."""

import pytest

from backend.sharing.models import ConsentGrant, Disclosure
from tests.backend.sharing.helpers import agency_api, batch, citizen_api, lookup, make_agency

pytestmark = pytest.mark.django_db

CONSENTS = "/api/v1/me/sharing-consents/"


def _registrar(personal: bool = True):
    scopes = ("holding_tax", "holding_tax:personal") if personal else ("holding_tax",)
    return make_agency("registrar", scopes=scopes, purposes=("deed_registration",))


def _consent(owner, sms_outbox, agency_code="registrar"):
    api = citizen_api(owner)
    asked = api.post(CONSENTS, {"agency": agency_code, "scope": "holding_tax"}, format="json")
    assert asked.status_code == 202, asked.content
    code = sms_outbox.code_for(owner.mobile)
    given = api.post(
        f"{CONSENTS}confirm/",
        {"agency": agency_code, "scope": "holding_tax", "code": code},
        format="json",
    )
    assert given.status_code == 201, given.content
    return given.json()


def test_personal_fields_without_the_personal_scope_are_refused(holding_with_dues):
    api = agency_api(_registrar(personal=False))
    response = lookup(
        api, "holding.clearance", holding_with_dues.reference, "deed_registration", personal=1
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "personal_out_of_scope"


def test_without_consent_a_single_lookup_is_refused_and_a_batch_withholds(holding_with_dues, owner):
    api = agency_api(_registrar())
    single = lookup(
        api, "holding.clearance", holding_with_dues.reference, "deed_registration", personal=1
    )
    assert single.status_code == 403
    assert single.json()["error"]["code"] == "consent_required"
    assert "Rahim" not in single.content.decode()

    many = batch(
        api, "holding.clearance", [holding_with_dues.reference], "deed_registration", personal=True
    )
    assert many.status_code == 200
    [item] = many.json()["results"]
    assert item["personal_fields"] == "withheld" and item["code"] == "consent_required"
    assert "owners_en" not in item["fields"] and "dues_amount" not in item["fields"]
    assert item["fields"]["dues_outstanding"] is True

    rows = list(Disclosure.objects.order_by("id").values_list("result", "refusal", "citizen"))
    assert rows == [("denied", "consent_required", owner.pk), ("found", "", owner.pk)]


def test_consent_by_sms_code_opens_personal_fields_and_revoking_closes_them(
    holding_with_dues, owner, sms_outbox
):
    api = agency_api(_registrar())
    grant = _consent(owner, sms_outbox)
    assert grant["agency"] == "registrar" and grant["revoked_at"] is None

    response = lookup(
        api, "holding.clearance", holding_with_dues.reference, "deed_registration", personal=1
    )
    assert response.status_code == 200, response.content
    fields = response.json()["fields"]
    assert fields["owners_en"] == "Rahim Uddin"
    assert fields["dues_amount"] == "1462.50"
    row = Disclosure.objects.get()
    consent = ConsentGrant.objects.get()
    assert (row.legal_basis, row.consent) == ("consent", consent)
    assert "owners_en" in row.fields

    listed = citizen_api(owner).get(CONSENTS).json()
    assert [c["agency"] for c in listed["consents"]] == ["registrar"]
    assert listed["agencies"][0]["scopes"] == ["holding_tax"]

    revoked = citizen_api(owner).post(
        f"{CONSENTS}revoke/", {"agency": "registrar", "scope": "holding_tax"}, format="json"
    )
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    again = lookup(
        api, "holding.clearance", holding_with_dues.reference, "deed_registration", personal=1
    )
    assert again.status_code == 403
    assert again.json()["error"]["code"] == "consent_required"
    # Revoking twice: nothing live to revoke.
    twice = citizen_api(owner).post(
        f"{CONSENTS}revoke/", {"agency": "registrar", "scope": "holding_tax"}, format="json"
    )
    assert twice.status_code == 404


def test_a_wrong_code_gives_no_consent(holding, owner, sms_outbox):
    _registrar()
    api = citizen_api(owner)
    api.post(CONSENTS, {"agency": "registrar", "scope": "holding_tax"}, format="json")
    code = sms_outbox.code_for(owner.mobile)
    wrong = "000000" if code != "000000" else "111111"
    refused = api.post(
        f"{CONSENTS}confirm/",
        {"agency": "registrar", "scope": "holding_tax", "code": wrong},
        format="json",
    )
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "otp_invalid"
    assert not ConsentGrant.objects.exists()


def test_consent_only_for_an_agency_holding_the_personal_scope(owner, sms_outbox):
    _registrar(personal=False)
    api = citizen_api(owner)
    refused = api.post(CONSENTS, {"agency": "registrar", "scope": "holding_tax"}, format="json")
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "no_such_agency"
    assert sms_outbox.to(owner.mobile) == []
