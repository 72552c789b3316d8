"""Sending SMS. `send_sms` records the message in the caller's transaction and hands it to a
Celery task once that transaction commits; `deliver_sms` (run by the task) sends it once."""

import logging
from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone

from backend.common.text import Text
from backend.notifications.backends import OutgoingSms, SmsDeliveryError, get_backend
from backend.notifications.models import REDACTED, SmsMessage, SmsStatus

logger = logging.getLogger(__name__)

# Tries before a message is given up as failed (the task retries with a growing delay).
MAX_DELIVERY_ATTEMPTS = 5


def send_sms(
    *, to: str, text: Text | str, params: dict | None = None, sensitive: bool = False
) -> SmsMessage:
    """Queue an SMS of `text` in Bangla then English (Text.both). A plain str is sent as given.

    Nothing leaves before the surrounding transaction commits; `sensitive` (an OTP) blanks the
    stored body once the message is delivered or given up."""
    body = text.both(**(params or {})) if isinstance(text, Text) else str(text)
    with transaction.atomic():
        message = SmsMessage.objects.create(to=to, body=body, sensitive=sensitive)
        # robust: a broker outage must not turn the caller's committed work into an error; the
        # message stays pending and can be delivered later.
        transaction.on_commit(partial(_dispatch, str(message.pk)), robust=True)
    return message


def _dispatch(message_id: str) -> None:
    from backend.notifications.tasks import deliver_sms_task

    deliver_sms_task.delay(message_id)


def deliver_sms(*, message_id: str) -> SmsMessage | None:
    """Send one pending message. A message already sent (or given up) is not sent again; one
    being sent by another worker right now is skipped (None)."""
    with transaction.atomic():
        message = (
            SmsMessage.objects.select_for_update(skip_locked=True).filter(pk=message_id).first()
        )
        if message is None or message.status != SmsStatus.PENDING:
            return message
        backend = get_backend()
        message.attempts += 1
        message.backend = backend.name
        try:
            message.provider_reference = backend.send(
                OutgoingSms(message_id=str(message.pk), to=message.to, body=message.body)
            )
        except SmsDeliveryError as exc:
            message.last_error = str(exc)[:300]
            logger.warning("SMS %s not delivered (try %s): %s", message.pk, message.attempts, exc)
            if message.attempts >= MAX_DELIVERY_ATTEMPTS:
                message.status = SmsStatus.FAILED
                _redact_if_sensitive(message)
        else:
            message.status = SmsStatus.SENT
            message.sent_at = timezone.now()
            message.last_error = ""
            _redact_if_sensitive(message)
        message.save()
    return message


def _redact_if_sensitive(message: SmsMessage) -> None:
    if message.sensitive:
        message.body = REDACTED


def redeliver_pending(*, older_than_seconds: int = 120, secret_ttl_seconds: int = 600) -> int:
    """Hand messages left pending (a broker outage, a worker lost mid-send) to the task again.

    A secret (an OTP) older than `secret_ttl_seconds` is no use any more: it is given up and
    blanked instead. Returns how many were dispatched."""
    now = timezone.now()
    pending = SmsMessage.objects.filter(
        status=SmsStatus.PENDING, created_at__lt=now - timedelta(seconds=older_than_seconds)
    )
    stale_secrets = pending.filter(
        sensitive=True, created_at__lt=now - timedelta(seconds=secret_ttl_seconds)
    )
    stale_secrets.update(status=SmsStatus.FAILED, body=REDACTED, last_error="expired unsent")
    ids = [str(pk) for pk in pending.values_list("pk", flat=True)[:1000]]
    for message_id in ids:
        _dispatch(message_id)
    return len(ids)
