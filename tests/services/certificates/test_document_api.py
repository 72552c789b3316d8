"""The holder's certificates: listed, downloaded again and again (the same stored file), also by
an operator acting for them; nobody else gets anything."""

import pytest

from backend.identity.models import Role
from services.certificates.services.corrections import correct_certificate
from tests.factories import CitizenFactory, UdcCentreFactory, staff_member
from tests.services.certificates.doc_helpers import (
    assisted_session,
    issued_certificate,
    make_office,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/certificates/"


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


@pytest.fixture
def office():
    return make_office()


@pytest.fixture
def detail(office):
    return issued_certificate(office, language="bn")


def test_the_holder_lists_their_certificates(api, office, detail):
    api.force_authenticate(user=office.citizen.user)
    [row] = api.get(MINE).json()["results"]
    document = detail.certificate
    assert row["number"] == document.number
    assert row["type"] == {"code": "heir", "name_en": "Heir certificate", "name_bn": "ওয়ারিশ সনদ"}
    assert row["language"] == "bn" and row["status"] == "valid"
    assert row["application"] == detail.application.number
    assert row["issued_at"] and row["download_url"] == f"{MINE}{document.number}/pdf"

    api.force_authenticate(user=CitizenFactory().user)
    assert api.get(MINE).json()["results"] == []


def test_the_holder_downloads_the_same_stored_pdf_again(api, office, detail):
    document = detail.certificate
    api.force_authenticate(user=office.citizen.user)
    first = api.get(f"{MINE}{document.number}/pdf")
    assert first.status_code == 200
    assert first["Content-Disposition"] == f'inline; filename="{document.number}.pdf"'
    assert first.content.startswith(b"%PDF")
    document.refresh_from_db()
    assert document.pdf  # stored on first download
    again = api.get(f"{MINE}{document.number}/pdf")
    assert again.status_code == 200 and again.content == first.content


def test_another_citizen_gets_404_and_callers_who_are_not_citizens_get_nothing(api, office, detail):
    url = f"{MINE}{detail.certificate.number}/pdf"
    api.force_authenticate(user=CitizenFactory().user)
    assert api.get(url).status_code == 404
    assert api.get(f"{MINE}NAT-CT-2099-00-000009/pdf").status_code == 404
    api.force_authenticate(user=office.officer)  # staff without a citizen session
    assert api.get(url).status_code == 403
    api.force_authenticate(user=None)
    assert api.get(url).status_code == 401


def test_an_operator_acting_for_the_holder_downloads_it_but_not_for_someone_else(
    api, office, detail
):
    centre = UdcCentreFactory(pourashavas=[office.pourashava])
    operator = staff_member(Role.UDC_OPERATOR, None, udc_centre=centre)
    url = f"{MINE}{detail.certificate.number}/pdf"
    api.force_authenticate(user=operator)

    for_holder = assisted_session(operator, centre, office.citizen, office.pourashava)
    response = api.get(url, HTTP_X_ASSISTED_SESSION=str(for_holder.pk))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")

    stranger = CitizenFactory()
    for_stranger = assisted_session(operator, centre, stranger, office.pourashava)
    assert api.get(url, HTTP_X_ASSISTED_SESSION=str(for_stranger.pk)).status_code == 404


def test_after_a_correction_the_list_shows_both_and_the_old_one_points_to_the_new(
    api, office, detail
):
    old = detail.certificate
    new = correct_certificate(detail, {"name_en": "Rahim Uddin Sarkar"}, office.officer)
    api.force_authenticate(user=office.citizen.user)
    rows = {row["number"]: row for row in api.get(MINE).json()["results"]}
    assert rows[old.number]["status"] == "superseded"
    assert rows[old.number]["superseded_by"] == new.number
    assert rows[new.number]["status"] == "valid"

    refused = api.get(f"{MINE}{old.number}/pdf", HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "certificate_superseded"
    assert new.number in refused.json()["error"]["message"]
    assert api.get(f"{MINE}{new.number}/pdf").status_code == 200
