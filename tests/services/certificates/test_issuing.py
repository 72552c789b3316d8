"""Approving a certificate application issues exactly one signed certificate in the same
transaction; with no signatory on record the approval is refused and nothing is written."""

from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from backend.common.errors import Conflict
from backend.documents.models import DocumentStatus, IssuedDocument
from backend.documents.services import verify_token
from backend.municipality.fiscal_year import FiscalYear
from backend.workflow.definitions import SEND_BACK
from backend.workflow.models import ActionLog
from backend.workflow.services import take_action
from services.certificates import workflow
from services.certificates.models import Signatory
from services.certificates.services.issuing import KIND
from services.certificates.signatures import ensure_demo_signatory
from tests.services.certificates.doc_helpers import (
    approve,
    issued_certificate,
    make_office,
    recommended_application,
    use_fresh_signing_key,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _keys_and_media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path)
    use_fresh_signing_key(settings)


@pytest.mark.parametrize("language", ["bn", "en"])
def test_approving_issues_one_numbered_certificate_in_the_language_asked(language):
    office = make_office()
    detail = issued_certificate(office, language=language)

    [document] = IssuedDocument.objects.filter(kind=KIND)
    assert detail.certificate == document
    assert detail.application.state == workflow.ISSUED
    fiscal_year = FiscalYear.of(timezone.now()).label
    assert document.number == f"NAT-CT-{fiscal_year}-000001"
    assert document.language == language
    assert document.holder == office.citizen
    assert document.issued_by == office.officer
    assert document.status == DocumentStatus.VALID
    assert verify_token(document.token).genuine

    fields = document.fields
    assert fields["application"] == detail.application.number
    assert fields["signatory"]["name_en"] == "Nasrin Sultana"
    assert fields["signatory"]["designation_en"] == "Certificate Officer"
    assert fields["recommended_by"]["name_en"] == "Md. Jahangir Alam"
    assert fields["recommended_by"]["name_bn"] == "মো. জাহাঙ্গীর আলম"
    assert fields["recommended_by"]["ward"] == 3
    assert [heir["name_en"] for heir in fields["heirs"]] == [
        "Ayesha Begum",
        "Karim Uddin",
        "Shirin Akter",
    ]
    assert fields["deceased_name_en"] == "Abdul Karim"
    # The wording is frozen in the copy's language.
    assert ("died on 14 March 2025" in fields["body"]) == (language == "en")
    assert ("১৪ মার্চ ২০২৫" in fields["body"]) == (language == "bn")


def test_a_second_approval_gets_the_next_number_and_validity_follows_the_type():
    office = make_office()
    office.certificate_type.validity_days = 90
    office.certificate_type.save()
    first = issued_certificate(office).certificate
    second = issued_certificate(office).certificate
    assert first.number.endswith("-000001") and second.number.endswith("-000002")
    assert second.valid_until == timezone.localdate(second.issued_at) + timedelta(days=90)


def test_without_a_signatory_the_approval_is_refused_and_nothing_is_written():
    office = make_office(signatory=False)
    detail = recommended_application(office)

    with pytest.raises(Conflict) as refused:
        take_action(application=detail.application, action=workflow.APPROVE, actor=office.officer)
    assert refused.value.code == "signatory_missing"
    assert "signature" in refused.value.render_message("en")
    assert "স্বাক্ষর" in refused.value.render_message("bn")

    detail.refresh_from_db()
    detail.application.refresh_from_db()
    assert detail.application.state == workflow.WITH_OFFICER
    assert detail.certificate is None
    assert not IssuedDocument.objects.exists()
    assert not ActionLog.objects.filter(application=detail.application, action="approve").exists()

    # Once the signature is on record the same approval goes through, and the refused attempt
    # used no number.
    ensure_demo_signatory(office.officer, office.pourashava)
    assert approve(office, detail).certificate.number.endswith("-000001")


def test_an_inactive_signatory_does_not_sign():
    office = make_office()
    Signatory.objects.filter(pk=office.signatory.pk).update(is_active=False)
    detail = recommended_application(office)
    with pytest.raises(Conflict):
        take_action(application=detail.application, action=workflow.APPROVE, actor=office.officer)
    assert not IssuedDocument.objects.exists()


def test_refusal_through_the_api_answers_in_the_callers_language(api):
    office = make_office(signatory=False)
    detail = recommended_application(office)
    api.force_authenticate(user=office.officer)
    url = f"/api/v1/applications/{detail.application.number}/actions/"

    english = api.post(url, {"action": "approve"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 409
    assert english.json()["error"]["code"] == "signatory_missing"
    assert "signature" in english.json()["error"]["message"]
    bangla = api.post(url, {"action": "approve"}, format="json", HTTP_ACCEPT_LANGUAGE="bn")
    assert bangla.status_code == 409 and "স্বাক্ষর" in bangla.json()["error"]["message"]

    detail.application.refresh_from_db()
    assert detail.application.state == workflow.WITH_OFFICER
    assert not IssuedDocument.objects.exists()


def test_other_transitions_issue_nothing():
    office = make_office()
    detail = recommended_application(office)
    take_action(
        application=detail.application,
        action=SEND_BACK,
        actor=office.officer,
        comment="The death certificate scan is unreadable.",
    )
    assert not IssuedDocument.objects.exists()


def test_the_public_check_shows_heirs_names_but_no_identity_numbers_or_birth_dates(api):
    office = make_office()
    document = issued_certificate(office, language="en").certificate
    body = api.get(f"/api/v1/verify/{document.token}/").json()
    assert body["genuine"] is True and body["status"] == "valid"
    assert body["number"] == document.number
    public = body["fields"]
    assert public["heir_count"] == 3
    assert [h["name_en"] for h in public["heirs_public"]] == [
        "Ayesha Begum",
        "Karim Uddin",
        "Shirin Akter",
    ]
    assert public["deceased_name_en"] == "Abdul Karim"
    printed = str(body)
    for private in ("1987654321", "20051234567890123", "DR-2025-0042", "signatures/"):
        assert private not in printed
    assert "heirs" not in public and "deceased" not in public and "body" not in public


def test_the_demo_signatory_is_made_once_with_a_drawn_signature():
    office = make_office()
    again = ensure_demo_signatory(office.officer, office.pourashava)
    assert again.pk == office.signatory.pk
    assert again.signature.name == office.signatory.signature.name
    assert Signatory.objects.filter(user=office.officer).count() == 1
    with again.signature.open("rb") as handle:
        image = Image.open(handle)
        image.load()
    assert image.format == "PNG" and image.width > image.height > 20
    # Ink on a transparent page: a signature, not a blank box.
    assert image.getchannel("A").getextrema() == (0, 255)
