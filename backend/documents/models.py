"""The register of every document the platform has issued: what was signed, and its status."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.identity.models import Citizen
from backend.municipality.models import Pourashava


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("Valid")
    REVOKED = "revoked", _("Revoked")
    SUPERSEDED = "superseded", _("Superseded")


class DocumentLanguage(models.TextChoices):
    BN = "bn", _("Bangla")
    EN = "en", _("English")


def document_upload_to(instance: "IssuedDocument", filename: str) -> str:
    # Numbers may hold "/" (some pourashavas print them so); keep the path one level deep.
    return f"documents/{instance.pourashava.code}/{instance.kind}/{filename.replace('/', '-')}"


class IssuedDocument(models.Model):
    """One issued document. Rows are never deleted: revoking and superseding change status only.

    `fields` holds the fields that matter for the kind, exactly as digested into the token
    (JSON values: amounts and dates as strings); `digest` is their truncated SHA-256 in hex.
    """

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    kind = models.CharField(max_length=40, verbose_name=_("kind"))
    number = models.CharField(max_length=64, verbose_name=_("number"))
    language = models.CharField(
        max_length=2, choices=DocumentLanguage.choices, verbose_name=_("language")
    )
    fields = models.JSONField(default=dict, verbose_name=_("fields"))
    digest = models.CharField(max_length=32, verbose_name=_("digest"))
    kid = models.CharField(max_length=32, verbose_name=_("key ID"))
    token = models.CharField(max_length=600, unique=True, verbose_name=_("token"))
    issued_at = models.DateTimeField(default=timezone.now, verbose_name=_("issued"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("valid until"))
    status = models.CharField(
        max_length=12,
        choices=DocumentStatus.choices,
        default=DocumentStatus.VALID,
        verbose_name=_("status"),
    )
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked"))
    revoked_reason = models.TextField(blank=True, verbose_name=_("reason revoked"))
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    superseded_by = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="supersedes",
        verbose_name=_("superseded by"),
    )
    holder = models.ForeignKey(
        Citizen,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("holder"),
    )
    pdf = models.FileField(
        upload_to=document_upload_to, null=True, blank=True, max_length=255, verbose_name=_("PDF")
    )

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "kind", "number"], name="issued_document_number_unique"
            ),
        ]
        indexes = [models.Index(fields=["holder", "kind"], name="issued_document_holder_idx")]

    def __str__(self) -> str:
        return f"{self.number} ({self.pourashava.code})"
