"""SMS to the applicant, in Bangla and English, when the application is returned (with the
reason), refused (with the reason) or approved and issued (with the certificate's number);
nothing for the steps in between."""

import pytest

from backend.notifications.backends.memory import clear_outbox
from backend.workflow.services import take_action
from services.certificates.models import CertificateApplication
from services.certificates.signatures import ensure_demo_signatory
from tests.backend.notifications.outbox import SmsOutbox
from tests.services.certificates.helpers import (
    make_application,
    make_town,
    sign_with_fresh_key,
    use_tmp_media,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _setup(settings, tmp_path):
    use_tmp_media(settings, tmp_path)
    sign_with_fresh_key(settings)


@pytest.fixture
def sms_outbox(settings):
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield SmsOutbox()
    clear_outbox()


@pytest.fixture
def town():
    return make_town("NAT")


def _application(town, state: str, language: str = "bn"):
    heir = town.pourashava.certificate_types.get(code="heir")
    return make_application(
        applicant=town.citizen,
        ward=town.wards[1],
        certificate_type=heir,
        state=state,
        language=language,
    ).application


def test_returned_with_the_reason_in_both_languages(town, sms_outbox):
    application = _application(town, "with_councillor")
    take_action(
        application=application,
        action="send_back",
        actor=town.councillors[1],
        comment="Attach the death certificate, please.",
    )
    message = sms_outbox.last_to(town.citizen.mobile).body
    bangla, english = message.split("\n")
    assert bangla == (
        f"আপনার আবেদন {application.number} (ওয়ারিশ (উত্তরাধিকার) সনদ) সংশোধনের জন্য ফেরত "
        "পাঠানো হয়েছে। কারণ: Attach the death certificate, please। অনুগ্রহ করে অ্যাপে সংশোধন "
        "করে পুনরায় জমা দিন।"
    )
    assert english == (
        f"Your application {application.number} (Heir (warish) certificate) was returned for "
        "correction. Reason: Attach the death certificate, please. Please correct it in the "
        "app and resubmit."
    )


def test_refused_with_the_reason(town, sms_outbox):
    application = _application(town, "with_officer")
    take_action(
        application=application,
        action="reject",
        actor=town.officer,
        comment="The deceased was not a resident of this pourashava",
    )
    bangla, english = sms_outbox.last_to(town.citizen.mobile).body.split("\n")
    assert "নামঞ্জুর" in bangla and "কারণ: The deceased was not a resident" in bangla
    assert f"application {application.number} (Heir (warish) certificate) was refused" in english
    assert "Reason: The deceased was not a resident of this pourashava." in english


def test_recommending_sends_nothing(town, sms_outbox):
    application = _application(town, "with_councillor")
    sms_outbox.clear()
    take_action(application=application, action="recommend", actor=town.councillors[1])
    assert sms_outbox.to(town.citizen.mobile) == []


def test_approval_issues_and_the_sms_gives_the_certificate_number(town, sms_outbox):
    ensure_demo_signatory(town.officer, town.pourashava)
    application = _application(town, "with_officer", language="en")
    sms_outbox.clear()
    take_action(application=application, action="approve", actor=town.officer)

    certificate = CertificateApplication.objects.get(application=application).certificate
    assert certificate is not None
    bangla, english = sms_outbox.last_to(town.citizen.mobile).body.split("\n")
    assert f"সনদ নং {certificate.number}" in bangla
    assert "অনুমোদিত হয়েছে এবং সনদ ইস্যু করা হয়েছে" in bangla
    assert f"approved and the certificate issued, no. {certificate.number}." in english
    assert len(sms_outbox.to(town.citizen.mobile)) == 1


def test_an_approval_that_fails_sends_no_sms(town, sms_outbox):
    """No signatory: issuing refuses, the approval rolls back, and no message leaves."""
    application = _application(town, "with_officer")
    sms_outbox.clear()
    with pytest.raises(Exception) as refused:
        take_action(application=application, action="approve", actor=town.officer)
    assert getattr(refused.value, "code", "") == "signatory_missing"
    assert sms_outbox.to(town.citizen.mobile) == []


def test_a_long_reason_is_cut_short_in_the_sms_and_kept_whole_in_the_app(town, sms_outbox):
    """The reason is sent twice (Bangla and English); a 2,000-character comment would make a
    message of dozens of parts. The SMS carries its start; the history keeps all of it."""
    application = _application(town, "with_councillor")
    reason = "The heirs' names do not match the death certificate. " * 30
    take_action(
        application=application, action="send_back", actor=town.councillors[1], comment=reason
    )
    bangla, english = sms_outbox.last_to(town.citizen.mobile).body.split("\n")
    sent = english.split("Reason: ")[1].split("…. Please correct")[0]
    assert len(sent) < 120 and reason.startswith(sent)
    assert reason[len(sent)] == " "  # cut between words
    assert "কারণ: The heirs' names do not match" in bangla and "…" in bangla
    assert len(bangla) + len(english) < 600  # was over 3,500 with the whole comment
    assert application.log.last().comment == reason.strip()
