"""Outgoing SMS, written in the same transaction as the change that causes it (a transactional
outbox): if that transaction rolls back, nothing is sent; once it commits, a task delivers it."""

import uuid

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SmsStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


REDACTED = "[redacted after delivery]"


class SmsMessage(models.Model):
    """One SMS. Its id is the idempotency key: delivering it twice sends it once."""

    id = models.UUIDField(
        primary_key=True, default=uuid.uuid4, editable=False, verbose_name=_("ID")
    )
    to = models.CharField(
        max_length=20, help_text=_("Normalised 01XXXXXXXXX."), verbose_name=_("to")
    )
    body = models.TextField(verbose_name=_("text"))
    sensitive = models.BooleanField(
        default=False,
        help_text=_("Holds a secret (an OTP): the body is blanked once delivered."),
        verbose_name=_("holds a secret"),
    )
    status = models.CharField(
        max_length=10,
        choices=SmsStatus.choices,
        default=SmsStatus.PENDING,
        verbose_name=_("status"),
    )
    backend = models.CharField(max_length=20, blank=True, verbose_name=_("sent through"))
    provider_reference = models.CharField(
        max_length=100, blank=True, verbose_name=_("provider reference")
    )
    attempts = models.PositiveSmallIntegerField(default=0, verbose_name=_("attempts"))
    last_error = models.CharField(max_length=300, blank=True, verbose_name=_("last error"))
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created")
    )
    sent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("sent"))

    class Meta:
        verbose_name = _("SMS message")
        verbose_name_plural = _("SMS messages")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="sms_status_idx")]

    def __str__(self) -> str:
        return gettext("SMS to %(to)s (%(status)s)") % {
            "to": self.to,
            "status": self.get_status_display(),
        }
