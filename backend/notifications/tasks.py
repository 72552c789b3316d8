"""Celery tasks for notifications: thin and idempotent (keyed by the message id)."""

from celery import shared_task

from backend.notifications.models import SmsStatus
from backend.notifications.services import deliver_sms


@shared_task(bind=True, acks_late=True, max_retries=5, name="notifications.deliver_sms")
def deliver_sms_task(self, message_id: str) -> str | None:
    message = deliver_sms(message_id=message_id)
    if message is None:
        return None
    if message.status == SmsStatus.PENDING and not self.request.is_eager:
        # The provider failed; try again later (30 s, 60 s, 120 s, ...).
        raise self.retry(countdown=30 * 2**self.request.retries)
    return message.status


@shared_task(acks_late=True, name="notifications.redeliver_pending_sms")
def redeliver_pending_sms_task() -> int:
    """Run every few minutes from beat: see services.redeliver_pending."""
    from django.conf import settings

    from backend.notifications.services import redeliver_pending

    return redeliver_pending(secret_ttl_seconds=settings.OTP_TTL_SECONDS)
