"""The sharing pages of the clerk panel read in Bangla for a system administrator (the panel-wide
check is tests/backend/panel/test_bangla_panel.py; this one runs with a row of each model)."""

import re

import pytest
from django.test import Client

from backend.identity.models import Role
from backend.sharing import demo
from backend.sharing.models import Agency, ConsentGrant, Disclosure
from backend.sharing.registry import shared_dataset
from tests.backend.panel.english import data_words, english_left
from tests.backend.sharing.helpers import agency_api, lookup, make_agency
from tests.factories import staff_member

pytestmark = pytest.mark.django_db

SIDEBAR = re.compile(r'<nav[^>]*id="nav-sidebar".*?</nav>', re.S)


def test_the_sharing_pages_read_in_bangla(holding, owner):
    demo.load(lambda line: None)
    registrar = make_agency("registrar", scopes=("holding_tax",), purposes=("deed_registration",))
    lookup(agency_api(registrar), "holding.clearance", holding.reference, "deed_registration")
    ConsentGrant.objects.create(
        citizen=owner,
        agency=registrar.agency,
        scope="holding_tax",
        expires_at="2030-01-01T00:00:00Z",
        otp_challenge="00000000-0000-0000-0000-000000000000",
    )
    admin_user = staff_member(Role.SYSTEM_ADMIN)
    admin_user.preferred_language = "bn"
    admin_user.save(update_fields=["preferred_language"])
    client = Client()
    client.force_login(admin_user)
    # Agency, dataset, purpose and field codes, client ids, the basis reference typed in
    # English and the demo's English data are data, not the panel's words.
    codes = {"registrar", "deed_registration", "holding", "clearance", "mou", "MoU"}
    allowed = data_words() | codes | set(shared_dataset("holding.clearance").fields)
    agency = Agency.objects.get(code="registrar")
    urls = [
        "/admin/sharing/agency/",
        "/admin/sharing/agency/add/",
        f"/admin/sharing/agency/{agency.pk}/change/",
        "/admin/sharing/disclosure/",
        f"/admin/sharing/disclosure/{Disclosure.objects.get().pk}/change/",
        "/admin/sharing/consentgrant/",
        f"/admin/sharing/consentgrant/{ConsentGrant.objects.get().pk}/change/",
    ]
    problems = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode().replace(agency.application.client_id, "")
        text = SIDEBAR.sub("", text)  # other apps' names: theirs to translate
        if left := english_left(text, allowed):
            problems[url] = sorted(set(left))[:12]
    assert problems == {}
