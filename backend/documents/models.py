"""The register of every document the platform has issued: what was signed, and its status."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from backend.identity.models import Citizen
from backend.municipality.models import Pourashava


class DocumentStatus(models.TextChoices):
    VALID = "valid", "Valid"
    REVOKED = "revoked", "Revoked"
    SUPERSEDED = "superseded", "Superseded"


class DocumentLanguage(models.TextChoices):
    BN = "bn", "বাংলা"
    EN = "en", "English"


def document_upload_to(instance: "IssuedDocument", filename: str) -> str:
    # Numbers may hold "/" (some pourashavas print them so); keep the path one level deep.
    return f"documents/{instance.pourashava.code}/{instance.kind}/{filename.replace('/', '-')}"


class IssuedDocument(models.Model):
    """One issued document. Rows are never deleted: revoking and superseding change status only.

    `fields` holds the fields that matter for the kind, exactly as digested into the token
    (JSON values: amounts and dates as strings); `digest` is their truncated SHA-256 in hex.
    """

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    number = models.CharField(max_length=64)
    language = models.CharField(max_length=2, choices=DocumentLanguage.choices)
    fields = models.JSONField(default=dict)
    digest = models.CharField(max_length=32)
    kid = models.CharField(max_length=32)
    token = models.CharField(max_length=600, unique=True)
    issued_at = models.DateTimeField(default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    valid_until = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=12, choices=DocumentStatus.choices, default=DocumentStatus.VALID
    )
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_reason = models.TextField(blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    superseded_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="supersedes"
    )
    holder = models.ForeignKey(
        Citizen, null=True, blank=True, on_delete=models.PROTECT, related_name="documents"
    )
    pdf = models.FileField(upload_to=document_upload_to, null=True, blank=True, max_length=255)

    class Meta:
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "kind", "number"], name="issued_document_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["holder", "kind"], name="issued_document_holder_idx")]

    def __str__(self) -> str:
        return f"{self.kind} {self.number} ({self.pourashava.code})"
