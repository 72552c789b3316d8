"""The SMS layer: bilingual bodies, the outbox committed with the caller's transaction,
idempotent delivery, and the console, memory and HTTP backends."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from backend.common.text import Text
from backend.notifications import services
from backend.notifications.backends import get_backend
from backend.notifications.backends.http import HttpSmsBackend
from backend.notifications.backends.memory import outbox
from backend.notifications.models import REDACTED, SmsMessage, SmsStatus
from backend.notifications.services import deliver_sms, send_sms
from backend.notifications.tasks import deliver_sms_task

GREETING = Text(en="Your bill of Tk {amount} is ready.", bn="আপনার {amount} টাকার বিল প্রস্তুত।")


@pytest.mark.django_db
def test_text_goes_out_in_bangla_then_english(sms_outbox):
    message = send_sms(to="01712345678", text=GREETING, params={"amount": "1,250.00"})
    sent = sms_outbox.last_to("01712345678")
    assert sent.body == "আপনার 1,250.00 টাকার বিল প্রস্তুত।\nYour bill of Tk 1,250.00 is ready."
    assert sent.message_id == str(message.pk)
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT and message.sent_at is not None
    assert message.backend == "memory" and message.provider_reference


@pytest.mark.django_db
def test_plain_string_is_sent_as_given(sms_outbox):
    send_sms(to="01712345678", text="already both languages")
    assert sms_outbox.last_to("01712345678").body == "already both languages"


@pytest.mark.django_db
def test_nothing_is_sent_before_the_transaction_commits(sms_outbox):
    send_sms(to="01712345678", text=GREETING, params={"amount": "1"})
    assert outbox() == []  # still waiting for commit
    assert len(sms_outbox.messages) == 1  # the (emulated) commit sends it


@pytest.mark.django_db
def test_rolled_back_work_sends_nothing(sms_outbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        send_sms(to="01712345678", text=GREETING, params={"amount": "1"})
        raise RuntimeError("the use-case failed")
    assert sms_outbox.messages == []
    assert not SmsMessage.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_real_commit_dispatches_and_real_rollback_does_not(settings):
    """Without the test transaction around it: on_commit fires on a real commit only."""
    from backend.notifications.backends.memory import clear_outbox

    settings.SMS_BACKEND = "memory"
    clear_outbox()
    with pytest.raises(RuntimeError), transaction.atomic():
        send_sms(to="01712345678", text="rolled back")
        raise RuntimeError
    with transaction.atomic():
        send_sms(to="01712345678", text="committed")
        assert outbox() == []
    assert [m.body for m in outbox()] == ["committed"]
    clear_outbox()


@pytest.mark.django_db
def test_delivery_is_idempotent_by_message_id(sms_outbox):
    message = send_sms(to="01712345678", text="once")
    sms_outbox.flush()
    assert deliver_sms_task.apply(args=[str(message.pk)]).get() == SmsStatus.SENT
    deliver_sms(message_id=str(message.pk))
    assert [m.body for m in sms_outbox.messages] == ["once"]
    message.refresh_from_db()
    assert message.attempts == 1


@pytest.mark.django_db
def test_unknown_message_id_is_ignored(sms_outbox):
    assert deliver_sms_task.apply(args=["00000000-0000-0000-0000-000000000000"]).get() is None


@pytest.mark.django_db
def test_sensitive_body_is_blanked_after_delivery(sms_outbox):
    message = send_sms(to="01712345678", text="code 123456", sensitive=True)
    assert sms_outbox.last_to("01712345678").body == "code 123456"
    message.refresh_from_db()
    assert message.body == REDACTED


def test_console_backend_prints_the_message(capsys, settings):
    settings.SMS_BACKEND = "console"
    from backend.notifications.backends.base import OutgoingSms

    get_backend().send(OutgoingSms("id-1", "01712345678", "কোড 123456\ncode 123456"))
    printed = capsys.readouterr().out
    assert "SMS to 01712345678" in printed and "কোড 123456" in printed


def test_unknown_backend_is_a_configuration_error(settings):
    settings.SMS_BACKEND = "pigeon"
    with pytest.raises(ImproperlyConfigured):
        get_backend()


# The HTTP provider adapter, against a local server ---------------------------------------------


@pytest.fixture
def http_sms(settings, local_server):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = f"{local_server.url}/sms/send"
    settings.SMS_HTTP_API_KEY = "secret-key"
    settings.SMS_HTTP_SENDER_ID = "POURASHAVA"
    settings.SMS_HTTP_TIMEOUT_SECONDS = 2
    return local_server


@pytest.mark.django_db
def test_http_backend_posts_the_message_with_the_key(http_sms):
    http_sms.respond = lambda seen: (200, {"message_id": "prov-42"}, 0)
    message = send_sms(to="01712345678", text=GREETING, params={"amount": "10"})
    from tests.backend.notifications.outbox import SmsOutbox

    SmsOutbox().flush()
    seen = http_sms.requests[-1]
    assert seen.path == "/sms/send"
    assert seen.headers["Authorization"] == "Bearer secret-key"
    payload = seen.json()
    assert payload["to"] == "8801712345678"
    assert payload["sender_id"] == "POURASHAVA"
    assert payload["client_ref"] == str(message.pk)
    assert payload["message"].startswith("আপনার 10 টাকার")
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.provider_reference == "prov-42"


@pytest.mark.django_db
def test_http_failure_leaves_the_message_pending_then_failed(http_sms):
    http_sms.respond = lambda seen: (500, {"error": "down"}, 0)
    message = send_sms(to="01712345678", text="code 654321", sensitive=True)
    from tests.backend.notifications.outbox import SmsOutbox

    SmsOutbox().flush()  # eager task: one try, no retry loop in-process
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert message.attempts == 1
    assert "HTTP 500" in message.last_error
    for _ in range(services.MAX_DELIVERY_ATTEMPTS - 1):
        deliver_sms(message_id=str(message.pk))
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED
    assert message.body == REDACTED
    assert len(http_sms.requests) == services.MAX_DELIVERY_ATTEMPTS
    # A failed message is not tried again.
    deliver_sms(message_id=str(message.pk))
    assert len(http_sms.requests) == services.MAX_DELIVERY_ATTEMPTS


@pytest.mark.django_db
def test_http_timeout_is_a_delivery_failure_not_a_hang(http_sms, settings):
    settings.SMS_HTTP_TIMEOUT_SECONDS = 0.3
    http_sms.respond = lambda seen: (200, {}, 1.5)
    message = send_sms(to="01712345678", text="slow")
    from tests.backend.notifications.outbox import SmsOutbox

    SmsOutbox().flush()
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert "Timeout" in message.last_error


@pytest.mark.django_db
def test_http_backend_without_a_url_fails_delivery_not_the_caller(settings, sms_outbox):
    settings.SMS_BACKEND = "http"
    settings.SMS_HTTP_URL = ""
    message = send_sms(to="01712345678", text="nowhere to go")
    sms_outbox.flush()
    message.refresh_from_db()
    assert message.status == SmsStatus.PENDING
    assert "SMS_HTTP_URL" in message.last_error


def test_http_backend_reads_its_settings(settings):
    settings.SMS_HTTP_URL = "http://sms.example/send"
    settings.SMS_HTTP_TIMEOUT_SECONDS = 4
    backend = HttpSmsBackend()
    assert backend.url == "http://sms.example/send" and backend.timeout == 4


@pytest.mark.django_db
def test_pending_messages_are_redelivered_and_stale_codes_given_up(sms_outbox):
    from datetime import timedelta

    from django.utils import timezone

    from backend.notifications.services import redeliver_pending

    old = timezone.now() - timedelta(minutes=30)
    notice = SmsMessage.objects.create(to="01712345678", body="your bill", created_at=old)
    code = SmsMessage.objects.create(
        to="01712345678", body="code 111111", sensitive=True, created_at=old
    )
    fresh = SmsMessage.objects.create(to="01712345678", body="just queued")

    assert redeliver_pending(older_than_seconds=120, secret_ttl_seconds=300) == 1
    assert [m.body for m in sms_outbox.messages] == ["your bill"]
    notice.refresh_from_db()
    code.refresh_from_db()
    fresh.refresh_from_db()
    assert notice.status == SmsStatus.SENT
    assert code.status == SmsStatus.FAILED and code.body == REDACTED
    assert fresh.status == SmsStatus.PENDING
