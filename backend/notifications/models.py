"""Outgoing SMS, written in the same transaction as the change that causes it (a transactional
outbox): if that transaction rolls back, nothing is sent; once it commits, a task delivers it."""

import uuid

from django.db import models
from django.utils import timezone


class SmsStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


REDACTED = "[redacted after delivery]"


class SmsMessage(models.Model):
    """One SMS. Its id is the idempotency key: delivering it twice sends it once."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    to = models.CharField(max_length=20, help_text="Normalised 01XXXXXXXXX.")
    body = models.TextField()
    sensitive = models.BooleanField(
        default=False, help_text="Holds a secret (an OTP): the body is blanked once delivered."
    )
    status = models.CharField(max_length=10, choices=SmsStatus.choices, default=SmsStatus.PENDING)
    backend = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="sms_status_idx")]
        verbose_name = "SMS message"

    def __str__(self) -> str:
        return f"SMS to {self.to} ({self.status})"
