"""Who may see and act on a certificate application: only the councillor of its ward (and the
pourashava's certificate officer) on the staff side, only its applicant on the citizen side.
Everyone else gets a 404, as if it did not exist."""

import pytest

from backend.identity.models import Role
from backend.workflow.models import Application
from tests.factories import CitizenFactory, staff_member
from tests.services.certificates.helpers import (
    APPLICATIONS,
    QUEUE,
    actions_url,
    client_for,
    heir_input,
    make_application,
    make_town,
    staff_detail_url,
    tiny_pdf,
    upload_document,
    use_tmp_media,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def natore():
    return make_town("NAT")


@pytest.fixture
def singra():
    return make_town("SIN")


@pytest.fixture
def waiting(natore):
    """An heir application in Natore ward 1, paid and waiting on its councillor."""
    heir = natore.pourashava.certificate_types.get(code="heir")
    return make_application(
        applicant=natore.citizen,
        ward=natore.wards[1],
        certificate_type=heir,
        state="with_councillor",
    ).application


def _queue_numbers(user) -> list[str]:
    response = client_for(user).get(QUEUE, {"kind": "certificate"})
    assert response.status_code == 200
    return [row["number"] for row in response.json()["results"]]


def test_the_wards_councillor_sees_and_recommends(natore, waiting):
    councillor = client_for(natore.councillors[1])
    assert _queue_numbers(natore.councillors[1]) == [waiting.number]
    actions = councillor.get(actions_url(waiting.number))
    assert actions.status_code == 200
    assert {a["action"] for a in actions.json()["actions"]} == {"recommend", "send_back", "reject"}
    detail = councillor.get(staff_detail_url(waiting.number))
    assert detail.status_code == 200
    assert len(detail.json()["heirs"]) == 3
    assert detail.json()["applicant"]["mobile"] == natore.citizen.mobile

    moved = councillor.post(actions_url(waiting.number), {"action": "recommend"}, format="json")
    assert moved.status_code == 200, moved.content
    assert Application.objects.get(pk=waiting.pk).state == "with_officer"


@pytest.mark.parametrize("who", ["other_ward", "other_pourashava", "other_officer"])
def test_staff_out_of_scope_cannot_see_or_act(natore, singra, waiting, who):
    user = {
        "other_ward": natore.councillors[2],
        "other_pourashava": singra.councillors[1],
        "other_officer": singra.officer,
    }[who]
    client = client_for(user)

    assert waiting.number not in _queue_numbers(user)
    assert client.get(actions_url(waiting.number)).status_code == 404
    assert client.get(staff_detail_url(waiting.number)).status_code == 404
    acted = client.post(actions_url(waiting.number), {"action": "recommend"}, format="json")
    assert acted.status_code == 404
    refused = client.post(
        actions_url(waiting.number), {"action": "reject", "comment": "no"}, format="json"
    )
    assert refused.status_code == 404
    assert Application.objects.get(pk=waiting.pk).state == "with_councillor"


def test_the_officer_sees_it_but_cannot_take_the_councillors_step(natore, waiting):
    officer = client_for(natore.officer)
    assert officer.get(staff_detail_url(waiting.number)).status_code == 200
    assert waiting.number not in _queue_numbers(natore.officer)  # not waiting on them yet
    acted = officer.post(actions_url(waiting.number), {"action": "recommend"}, format="json")
    assert acted.status_code == 403
    assert acted.json()["error"]["code"] == "workflow_not_allowed"
    assert Application.objects.get(pk=waiting.pk).state == "with_councillor"


def test_staff_of_other_roles_in_the_same_pourashava_see_nothing(natore, waiting):
    cashier = staff_member(Role.CASHIER, natore.pourashava)
    assert client_for(cashier).get(staff_detail_url(waiting.number)).status_code == 404
    assert client_for(cashier).get(actions_url(waiting.number)).status_code == 404


def test_a_citizen_sees_only_their_own_applications(natore, waiting):
    owner = client_for(natore.citizen.user)
    assert owner.get(f"{APPLICATIONS}{waiting.number}/").status_code == 200
    assert [a["number"] for a in owner.get(APPLICATIONS).json()["results"]] == [waiting.number]

    stranger = client_for(CitizenFactory().user)
    response = stranger.get(f"{APPLICATIONS}{waiting.number}/", HTTP_ACCEPT_LANGUAGE="bn")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "এমন কোনো আবেদন নেই।"
    assert stranger.get(APPLICATIONS).json()["results"] == []
    assert stranger.get(actions_url(waiting.number)).status_code == 404
    assert stranger.get(staff_detail_url(waiting.number)).status_code == 404
    # Nor can the applicant use the staff view of their own application.
    assert owner.get(staff_detail_url(waiting.number)).status_code == 404


def test_anonymous_callers_are_refused(api, waiting):
    assert api.get(f"{APPLICATIONS}{waiting.number}/").status_code in (401, 403)
    assert api.post(APPLICATIONS, {}, format="json").status_code in (401, 403)
    assert api.get(staff_detail_url(waiting.number)).status_code in (401, 403)


def test_only_staff_in_scope_open_the_documents_handed_in(settings, tmp_path, natore, singra):
    use_tmp_media(settings, tmp_path)
    upload = upload_document(natore.citizen)
    applied = client_for(natore.citizen.user).post(
        APPLICATIONS, heir_input("NAT", 1, upload.public_id), format="json"
    )
    number = applied.json()["number"]
    shown = client_for(natore.councillors[1]).get(staff_detail_url(number)).json()
    url = shown["attachments"][0]["url"]
    assert url == f"{staff_detail_url(number)}attachments/{upload.public_id}/"

    opened = client_for(natore.councillors[1]).get(url, HTTP_ACCEPT="application/pdf")
    assert opened.status_code == 200
    assert b"".join(opened.streaming_content) == tiny_pdf()
    for outsider in (natore.councillors[2], singra.officer, natore.citizen.user):
        assert client_for(outsider).get(url).status_code == 404
