"""The clerk panel's agency pages: a system administrator onboards an agency (its client made,
the secret shown once), picks scopes from the registered datasets and purposes with a legal
basis; other staff do not see the pages; django-oauth-toolkit's own pages are not on the panel."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from oauth2_provider.models import get_access_token_model, get_application_model

from backend.identity.models import Role
from backend.sharing.models import Agency
from tests.backend.sharing.helpers import Client, agency_api, make_agency
from tests.factories import PourashavaFactory, staff_member

pytestmark = pytest.mark.django_db

ADD = "/admin/sharing/agency/add/"


@pytest.fixture(autouse=True)
def _english_panel(settings):
    settings.PANEL_DEFAULT_LANGUAGE = "en"


def _form(**overrides) -> dict:
    data = {
        "code": "krishi-bank",
        "name_en": "Krishi Bank",
        "name_bn": "কৃষি ব্যাংক",
        "kind": "bank",
        "agreement_reference": "MoU 7/2026",
        "contact": "it@example.org",
        "is_active": "on",
        "valid_until": "",
        "rate_limit_per_minute": "600",
        "scopes-TOTAL_FORMS": "1",
        "scopes-INITIAL_FORMS": "0",
        "scopes-0-scope": "certificates",
        "purposes-TOTAL_FORMS": "1",
        "purposes-INITIAL_FORMS": "0",
        "purposes-0-code": "loan",
        "purposes-0-text_en": "Loan appraisal",
        "purposes-0-text_bn": "ঋণ মূল্যায়ন",
        "purposes-0-legal_basis": "mou",
        "purposes-0-basis_reference": "MoU 7/2026 cl. 3",
    }
    data.update(overrides)
    return data


def test_a_system_admin_onboards_an_agency_and_its_secret_works(client):
    client.force_login(staff_member(Role.SYSTEM_ADMIN))
    response = client.post(ADD, _form())
    assert response.status_code == 302, response.content.decode()[:3000]
    agency = Agency.objects.get(code="krishi-bank")
    assert list(agency.scopes.values_list("scope", flat=True)) == ["certificates"]
    assert agency.purposes.get().legal_basis == "mou"
    [shown] = [str(m) for m in get_messages(response.wsgi_request) if "secret" in str(m)]
    secret = shown.split("secret ", 1)[1].split(".", 1)[0]
    assert agency.application.client_secret != secret  # stored hashed only

    api = agency_api(Client(agency, agency.application.client_id, secret))
    assert [d["code"] for d in api.get("/api/gov/v1/datasets/").json()["datasets"]] == [
        "certificate.validity"
    ]


def test_a_scope_no_service_registered_cannot_be_picked(client):
    client.force_login(staff_member(Role.SYSTEM_ADMIN))
    response = client.post(ADD, _form(**{"scopes-0-scope": "everything"}))
    assert response.status_code == 200  # the form again, with the error
    assert not Agency.objects.exists()


def test_suspending_revokes_live_tokens(client):
    bank = make_agency()
    agency_api(bank)
    assert get_access_token_model().objects.count() == 1
    client.force_login(staff_member(Role.SYSTEM_ADMIN))
    client.post(
        "/admin/sharing/agency/",
        {"action": "suspend", "_selected_action": [bank.agency.pk]},
    )
    bank.agency.refresh_from_db()
    assert bank.agency.is_active is False
    assert get_access_token_model().objects.count() == 0


def test_other_staff_do_not_see_the_sharing_pages(client):
    client.force_login(staff_member(Role.SECRETARY, PourashavaFactory()))
    assert client.get("/admin/sharing/agency/").status_code == 403
    assert client.get("/admin/sharing/disclosure/").status_code == 403


def test_oauth_toolkit_pages_are_off_the_panel():
    assert not admin.site.is_registered(get_application_model())
    assert not admin.site.is_registered(get_access_token_model())
