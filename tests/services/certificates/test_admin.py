"""The certificates clerk panel: who sees which applications, search, the SLA badge and with
whom, bulk approve / recommend through the engine, and the type and signatory forms."""

import json
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from backend.identity.models import Role
from backend.workflow.models import ActionLog
from services.certificates.models import (
    CertificateApplication,
    CertificateAttachment,
    CertificateType,
    Signatory,
)
from services.certificates.workflow import ISSUED, WITH_COUNCILLOR, WITH_OFFICER
from tests.factories import staff_member
from tests.services.certificates.admin_helpers import (
    application_in,
    make_signatory,
    make_town,
    png_bytes,
    state_of,
    use_fresh_signing_key,
)
from tests.services.certificates.helpers import (
    HEIR_BODY_BN,
    HEIR_BODY_EN,
    upload_document,
    use_tmp_media,
)


@pytest.fixture(autouse=True)
def _english_panel(settings):
    """These tests read the panel's English wording (its Bangla is tests/backend/panel's)."""
    settings.PANEL_DEFAULT_LANGUAGE = "en"


pytestmark = pytest.mark.django_db

LIST = "/admin/certificates/certificateapplication/"


def detail_url(detail: CertificateApplication) -> str:
    return f"{LIST}{detail.pk}/change/"


@pytest.fixture
def towns():
    home, other = make_town("HOM"), make_town("OTH")
    apps = {
        "ward1": application_in(home, home.ward1, WITH_COUNCILLOR, nid="1990123456"),
        "ward2": application_in(home, home.ward2, WITH_COUNCILLOR),
        "other": application_in(other, other.ward1, WITH_COUNCILLOR, nid="1990999999"),
    }
    return home, other, apps


def listed(client, **params) -> str:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def test_councillor_sees_only_their_ward(client, towns):
    home, _, apps = towns
    client.force_login(home.councillor1)
    html = listed(client)
    assert apps["ward1"].application.number in html
    assert apps["ward2"].application.number not in html
    assert apps["other"].application.number not in html
    assert client.get(detail_url(apps["ward1"])).status_code == 200
    assert client.get(detail_url(apps["ward2"])).status_code in (302, 404)


def test_officer_sees_their_pourashava_only(client, towns):
    home, _, apps = towns
    client.force_login(home.officer)
    html = listed(client)
    assert apps["ward1"].application.number in html
    assert apps["ward2"].application.number in html
    assert apps["other"].application.number not in html
    other_page = client.get(detail_url(apps["other"]))
    assert other_page.status_code in (302, 404)
    assert "1990999999" not in other_page.content.decode()


def test_search_by_nid_and_by_heir_name(client, towns):
    home, _, apps = towns
    renamed_heirs = (("Nusrat Jahan", "নুসরাত জাহান", "daughter", "", "20121234567890125", 12),)
    own_heirs = application_in(home, home.ward2, WITH_OFFICER, heirs=renamed_heirs)
    client.force_login(home.officer)

    html = listed(client, q="1990123456")
    assert apps["ward1"].application.number in html
    assert apps["ward2"].application.number not in html

    html = listed(client, q="Nusrat")
    assert own_heirs.application.number in html
    assert apps["ward1"].application.number not in html
    assert own_heirs.application.number in listed(client, q="নুসরাত")

    # Another pourashava's NID finds nothing here.
    assert apps["other"].application.number not in listed(client, q="1990999999")


def test_list_shows_sla_badge_and_the_councillor_it_waits_on(client, towns):
    home, _, apps = towns
    late = application_in(
        home, home.ward1, WITH_OFFICER, due_at=timezone.now() - timedelta(hours=1)
    )
    client.force_login(home.officer)
    html = listed(client)
    assert 'data-sla="red"' in html
    assert "Ward councillor (Jahangir Alam HOM)" in html  # ward 1's application
    assert "Ward councillor (Rokeya Khatun HOM)" in html  # ward 2's
    late_only = listed(client, late="1")
    assert late.application.number in late_only
    assert apps["ward1"].application.number not in late_only


def test_detail_shows_heirs_history_and_waiting_on(client, towns):
    home, _, apps = towns
    client.force_login(home.councillor1)
    html = client.get(detail_url(apps["ward1"])).content.decode()
    assert "Shirin Akter" in html and "শিরিন আক্তার" in html  # the heirs inline
    assert "Abdul Karim" in html  # the deceased
    assert "submit" in html  # the action log
    assert "Jahangir Alam HOM" in html


def _bulk(client, action: str, details) -> list[str]:
    response = client.post(
        LIST, {"action": action, "_selected_action": [d.pk for d in details]}, follow=True
    )
    assert response.status_code == 200
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_bulk_approve_issues_those_with_the_officer_and_skips_others(
    client, towns, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    use_fresh_signing_key(settings)
    home, _, apps = towns
    make_signatory(home.officer, home.pourashava)
    ready = [application_in(home, ward, WITH_OFFICER) for ward in (home.ward1, home.ward2)]
    not_ready = apps["ward1"]  # still with the councillor
    client.force_login(home.officer)

    notes = _bulk(client, "approve_selected", [*ready, not_ready])

    assert any("2 approved, 1 skipped" in note for note in notes)
    assert any(not_ready.application.number in note for note in notes)
    for detail in ready:
        detail.refresh_from_db()
        assert state_of(detail) == ISSUED
        assert detail.certificate is not None  # the issuing hook ran in the same step
        assert ActionLog.objects.filter(
            application=detail.application, action="approve", actor=home.officer
        ).exists()
    assert state_of(not_ready) == WITH_COUNCILLOR
    page = client.get(detail_url(ready[0])).content.decode()
    assert ready[0].certificate.number in page and ready[0].certificate.token in page


def test_bulk_approve_without_a_signature_approves_nothing(client, towns, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    use_fresh_signing_key(settings)
    home, _, _ = towns
    ready = application_in(home, home.ward1, WITH_OFFICER)
    client.force_login(home.officer)

    notes = _bulk(client, "approve_selected", [ready])

    assert any("0 approved, 1 skipped" in note for note in notes)
    assert any("signature" in note for note in notes)
    assert state_of(ready) == WITH_OFFICER  # the refusal rolled the approval back
    assert not ActionLog.objects.filter(application=ready.application, action="approve").exists()


def test_bulk_recommend_by_a_councillor_stays_in_their_ward(client, towns):
    home, _, apps = towns
    client.force_login(home.councillor1)
    _bulk(client, "recommend_selected", [apps["ward1"], apps["ward2"]])
    assert state_of(apps["ward1"]) == WITH_OFFICER
    assert state_of(apps["ward2"]) == WITH_COUNCILLOR  # not in their list, so not selectable


def test_councillor_is_not_offered_approve(client, towns):
    home, _, _ = towns
    client.force_login(home.councillor1)
    html = listed(client)
    assert "recommend_selected" in html and "approve_selected" not in html


def _type_form(certificate_type: CertificateType, **changes) -> dict:
    data = {
        "pourashava": certificate_type.pourashava_id,
        "code": certificate_type.code,
        "name_en": certificate_type.name_en,
        "name_bn": certificate_type.name_bn,
        "is_active": "on",
        "fee_bn": "100.00",
        "fee_en": "300.00",
        "sla_days": "3",
        "validity_days": "",
        "source": "test",
        "lists_heirs": "on",
        "form_fields": json.dumps([]),
        "required_documents": json.dumps(certificate_type.required_documents),
        "body_en": HEIR_BODY_EN,
        "body_bn": HEIR_BODY_BN,
    }
    data.update(changes)
    return data


def test_type_admin_checks_wording_and_form_json(client, towns):
    home, _, _ = towns
    certificate_type = home.certificate_type
    url = f"/admin/certificates/certificatetype/{certificate_type.pk}/change/"
    client.force_login(staff_member(Role.SECRETARY, home.pourashava))

    bad = client.post(
        url,
        _type_form(
            certificate_type,
            body_en=HEIR_BODY_EN + " {deceased_nmae}",
            form_fields=json.dumps([{"code": "Bad Code", "label_en": "x"}]),
        ),
    )
    assert bad.status_code == 200  # the form again, with errors
    html = bad.content.decode()
    assert "Unknown placeholders: {deceased_nmae}" in html
    assert "label_bn is missing" in html
    certificate_type.refresh_from_db()
    assert "deceased_nmae" not in certificate_type.body_en

    fields = [{"code": "income", "label_en": "Income", "label_bn": "আয়", "type": "number"}]
    good = client.post(
        url,
        _type_form(
            certificate_type,
            fee_en="250.00",
            form_fields=json.dumps(fields),
            body_en=HEIR_BODY_EN + " Income {answers.income}.",
        ),
    )
    assert good.status_code == 302
    certificate_type.refresh_from_db()
    assert str(certificate_type.fee_en) == "250.00" and certificate_type.form_fields == fields


def test_officer_cannot_edit_fees(client, towns):
    home, _, _ = towns
    url = f"/admin/certificates/certificatetype/{home.certificate_type.pk}/change/"
    client.force_login(home.officer)
    client.post(url, _type_form(home.certificate_type, fee_en="1.00"))
    home.certificate_type.refresh_from_db()
    assert str(home.certificate_type.fee_en) == "300.00"


def _signatory_form(town, upload) -> dict:
    return {
        "pourashava": town.pourashava.pk,
        "user": town.officer.pk,
        "name_en": "Nasrin Sultana",
        "name_bn": "নাসরিন সুলতানা",
        "designation_en": "Certificate officer",
        "designation_bn": "সনদ কর্মকর্তা",
        "signature": upload,
        "is_active": "on",
    }


@pytest.mark.parametrize(
    ("name", "content", "accepted"),
    [
        ("sig.png", png_bytes(), True),
        ("sig.jpg", png_bytes(fmt="JPEG"), True),
        ("sig.png", b"<html>not an image</html>", False),  # says PNG, is not
        ("sig.jpg", png_bytes(), False),  # a PNG called .jpg
        ("sig.gif", png_bytes(), False),  # not a type we print
        ("sig.png", png_bytes(size=(3000, 3000)), False),  # too large
    ],
)
def test_signature_upload_is_checked(client, towns, settings, tmp_path, name, content, accepted):
    settings.MEDIA_ROOT = tmp_path
    settings.CERTIFICATE_SIGNATURE_MAX_BYTES = 20 * 1024
    home, _, _ = towns
    client.force_login(staff_member(Role.SECRETARY, home.pourashava))
    upload = SimpleUploadedFile(name, content)
    response = client.post("/admin/certificates/signatory/add/", _signatory_form(home, upload))
    assert (response.status_code == 302) is accepted
    assert Signatory.objects.filter(user=home.officer).exists() is accepted
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert bool(stored) is accepted  # a refused file is not kept


def test_signatory_of_another_pourashava_is_not_listed(client, towns, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    home, other, _ = towns
    make_signatory(other.officer, other.pourashava)
    client.force_login(staff_member(Role.SECRETARY, home.pourashava))
    response = client.get("/admin/certificates/signatory/")
    assert response.status_code == 200
    assert "OTH" not in response.content.decode()
    assert other.officer.username not in response.content.decode()


def test_attachments_open_only_for_those_who_may_see_the_application(
    client, towns, settings, tmp_path
):
    use_tmp_media(settings, tmp_path)
    home, _, apps = towns
    detail = apps["ward1"]
    upload = upload_document(detail.application.applicant)
    attachment = CertificateAttachment.objects.create(
        application=detail, upload=upload, document_code="death_certificate"
    )
    file_url = f"{LIST}{detail.pk}/attachment/{attachment.pk}/"

    client.force_login(home.councillor1)
    page = client.get(detail_url(detail)).content.decode()
    assert "Death certificate / মৃত্যু সনদ" in page and file_url in page
    response = client.get(file_url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")

    client.force_login(home.councillor2)  # another ward's councillor
    assert client.get(file_url).status_code == 404


def test_list_queries_do_not_grow_with_rows(client, towns):
    home, _, _ = towns
    client.force_login(home.officer)

    def queries_for_list() -> int:
        with CaptureQueriesContext(connection) as captured:
            listed(client)
        return len(captured)

    few = queries_for_list()
    for ward in (home.ward1, home.ward2) * 4:
        application_in(home, ward, WITH_COUNCILLOR)
        application_in(home, ward, WITH_OFFICER)
    assert queries_for_list() == few
