"""The consent SMS says what is true for how the citizen is being served: in person at a UDC
desk, or on a 333 call they made; and a code the citizen asks for in the app (agency consent)
neither reads like an operator's nor cancels the code of a session being opened for them."""

from django.urls import reverse

from backend.identity.models import AssistedSession, OtpPurpose
from backend.sharing.services.consents import ask_consent
from tests.backend.notifications.outbox import SmsOutbox
from tests.backend.sharing.helpers import make_agency

from .conftest import console, open_session, start


def _notice_and_code(outbox: SmsOutbox, mobile: str) -> tuple[str, str]:
    notice, code = outbox.to(mobile)[-2:]
    return notice.body, code.body


def test_a_udc_desk_asks_for_the_code_in_person(world):
    start(console(world.operator), world.citizen, world.centre, world.natore)
    notice, code = _notice_and_code(SmsOutbox(), world.citizen.mobile)
    session = AssistedSession.objects.select_related("challenge").get(citizen=world.citizen)
    assert session.challenge.purpose == OtpPurpose.CONSENT
    assert "সশরীরে" in notice + code or "in person" in notice + code
    assert "৩৩৩" not in notice and "333" not in notice


def test_a_333_call_asks_for_the_code_only_on_a_call_the_citizen_made(world):
    session = open_session(console(world.agent), world.citizen, world.call_centre, world.natore)
    notice, code = _notice_and_code(SmsOutbox(), world.citizen.mobile)
    assert session.challenge.purpose == OtpPurpose.PHONE_CONSENT
    assert "সশরীরে" not in notice + code and "in person" not in notice + code
    assert ("৩৩৩" in notice and "৩৩৩" in code) or ("333" in notice and "333" in code)


def test_an_agency_consent_code_neither_reads_as_an_operators_nor_cancels_a_session_code(
    world, settings
):
    settings.OTP_RESEND_INTERVAL_SECONDS = 0  # the per-number pause is not what this is about
    make_agency(code="bank-t", scopes=("holding_tax", "holding_tax:personal"))
    operator = console(world.operator)
    start(operator, world.citizen, world.centre, world.natore)
    outbox = SmsOutbox()
    session_code = outbox.code_for(world.citizen.mobile)

    challenge = ask_consent(
        citizen=world.citizen, agency_code="bank-t", scope="holding_tax", client_address=None
    )
    assert challenge.purpose == OtpPurpose.AGENCY_CONSENT
    agency_sms = outbox.last_to(world.citizen.mobile).body
    assert "অপারেটর" not in agency_sms and "operator" not in agency_sms

    session = AssistedSession.objects.get(citizen=world.citizen)
    confirmed = operator.post(
        reverse("operator_console:consent", args=[session.pk]), {"code": session_code}
    )
    assert confirmed.status_code == 302
    session.refresh_from_db()
    assert session.is_live()
