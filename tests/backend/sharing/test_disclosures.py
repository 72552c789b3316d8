"""Every call is in the append-only disclosure log (client, purpose, legal basis, subject,
fields given out, time) and in the citizen's "who looked at my records"; a call whose log write
fails answers nothing."""

from contextlib import contextmanager

import pytest
from django.db import DatabaseError, connection, transaction

from backend.sharing.models import Disclosure
from tests.backend.sharing.helpers import agency_api, citizen_api, lookup, make_agency
from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/disclosures/"


def _registrar():
    return make_agency("registrar", scopes=("holding_tax",), purposes=("deed_registration",))


def test_every_call_is_logged_and_shown_to_the_citizen(holding_with_dues, owner):
    registrar = _registrar()
    api = agency_api(registrar)
    found = lookup(api, "holding.clearance", holding_with_dues.reference, "deed_registration")
    assert found.status_code == 200
    body = found.json()
    assert body["found"] is True
    assert body["fields"] == {
        "holding": "NAT-3-12/A",
        "pourashava": "NAT",
        "ward": 3,
        "status": "active",
        "dues_outstanding": True,
    }  # dues or none: no amount, no owner without the personal scope and consent
    assert body["legal_basis"] == "mou" and body["request_id"]

    [row] = Disclosure.objects.all()
    assert row.agency == registrar.agency and row.client_id == registrar.client_id
    assert (row.purpose, row.legal_basis, row.basis_reference) == (
        "deed_registration",
        "mou",
        "MoU 12/2026",
    )
    assert row.subject == "NAT-3-12/A" and row.citizen == owner
    assert row.fields == sorted(body["fields"]) and row.result == "found"
    assert str(row.request_id) == body["request_id"]

    seen = citizen_api(owner).get(ME, HTTP_ACCEPT_LANGUAGE="bn").json()
    assert seen["count"] == 1
    [entry] = seen["results"]
    assert entry["agency"] == "সংস্থা registrar"
    assert entry["purpose"] == "উদ্দেশ্য deed_registration"
    assert entry["dataset"] == "হোল্ডিং কর বকেয়া যাচাই"
    assert entry["subject"] == "NAT-3-12/A" and entry["legal_basis"] == "mou"
    assert "dues_outstanding" in entry["fields"]

    # Nobody else sees it.
    assert citizen_api(CitizenFactory()).get(ME).json()["count"] == 0


def test_a_subject_not_found_is_logged_and_answered_404(holding):
    api = agency_api(_registrar())
    response = lookup(api, "holding.clearance", "NAT-3-999", "deed_registration")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
    [row] = Disclosure.objects.all()
    assert (row.result, row.subject, row.fields) == ("not_found", "NAT-3-999", [])


@contextmanager
def broken_log():
    """A real database fault: the disclosure table refuses every INSERT (rolled back with the
    test's transaction)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION sharing_test_refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'disclosure log down'; END; $$ LANGUAGE plpgsql;"
            )
            cursor.execute(
                "CREATE TRIGGER sharing_test_down BEFORE INSERT ON sharing_disclosure "
                "FOR EACH ROW EXECUTE FUNCTION sharing_test_refuse();"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER sharing_test_down BEFORE INSERT ON sharing_disclosure "
                "BEGIN SELECT RAISE(ABORT, 'disclosure log down'); END;"
            )
    yield
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("DROP TRIGGER IF EXISTS sharing_test_down ON sharing_disclosure;")
            cursor.execute("DROP FUNCTION IF EXISTS sharing_test_refuse();")
        else:
            cursor.execute("DROP TRIGGER IF EXISTS sharing_test_down;")


def test_a_call_whose_log_write_fails_fails_and_discloses_nothing(holding_with_dues, owner):
    api = agency_api(_registrar(), language="bn")
    with broken_log():
        response = lookup(
            api, "holding.clearance", holding_with_dues.reference, "deed_registration"
        )
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "disclosure_log_failed"
    assert error["message"].startswith("তথ্য প্রদানের লগ লেখা যায়নি")
    assert "dues_outstanding" not in response.content.decode()
    assert "NAT-3-12/A" not in response.content.decode()
    assert Disclosure.objects.count() == 0
    assert citizen_api(owner).get(ME).json()["count"] == 0
    # With the log back, the same call answers (and is logged).
    ok = lookup(api, "holding.clearance", holding_with_dues.reference, "deed_registration")
    assert ok.status_code == 200 and Disclosure.objects.count() == 1


def test_the_log_is_append_only_in_the_database(holding):
    lookup(agency_api(_registrar()), "holding.clearance", holding.reference, "deed_registration")
    with pytest.raises(DatabaseError), transaction.atomic():
        Disclosure.objects.update(purpose="rewritten")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            Disclosure.objects.all().delete()
    assert Disclosure.objects.get().purpose == "deed_registration"
    with pytest.raises(ValueError):
        Disclosure.objects.get().save()
