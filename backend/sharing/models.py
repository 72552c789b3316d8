"""Agencies that read the platform's data, what each may read and why, citizens' consents, and
the append-only log of every disclosure (backend/sharing)."""

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.identity.models import Citizen


class AgencyKind(models.TextChoices):
    BANK = "bank", _("Bank")
    NBR = "nbr", _("National Board of Revenue")
    LAND_OFFICE = "land_office", _("Land office")
    SUB_REGISTRAR = "sub_registrar", _("Sub-registrar")
    UTILITY = "utility", _("Utility")
    MINISTRY = "ministry", _("Ministry")
    OTHER = "other", _("Other")


class LegalBasis(models.TextChoices):
    LAW = "law", _("Law")
    MOU = "mou", _("Memorandum of understanding")
    CONSENT = "consent", _("Citizen's consent")


class Agency(models.Model):
    """A government body or bank with one OAuth2 client (client credentials)."""

    code = models.SlugField(max_length=40, unique=True, verbose_name=_("code"))
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    kind = models.CharField(max_length=20, choices=AgencyKind.choices, verbose_name=_("kind"))
    application = models.OneToOneField(
        settings.OAUTH2_PROVIDER_APPLICATION_MODEL,
        on_delete=models.PROTECT,
        related_name="agency",
        verbose_name=_("OAuth2 client"),
    )
    agreement_reference = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("The MoU or order under which the agency reads data."),
        verbose_name=_("agreement reference"),
    )
    contact = models.CharField(max_length=200, blank=True, verbose_name=_("contact"))
    is_active = models.BooleanField(
        default=True,
        help_text=_("A suspended agency's calls are refused at once, even with a live token."),
        verbose_name=_("active"),
    )
    valid_until = models.DateField(null=True, blank=True, verbose_name=_("valid until"))
    rate_limit_per_minute = models.PositiveIntegerField(
        default=600,
        help_text=_("Subjects looked up per minute; each one not found counts extra."),
        verbose_name=_("rate limit per minute"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class AgencyScope(models.Model):
    """One dataset scope the agency may read ("holding_tax", or "holding_tax:personal")."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="scopes", verbose_name=_("agency")
    )
    scope = models.CharField(max_length=60, verbose_name=_("scope"))

    class Meta:
        verbose_name = _("scope")
        verbose_name_plural = _("scopes")
        constraints = [
            models.UniqueConstraint(fields=["agency", "scope"], name="sharing_scope_unique")
        ]

    def __str__(self) -> str:
        return self.scope


class AgencyPurpose(models.Model):
    """A purpose the agency may state in a call, with its legal basis."""

    agency = models.ForeignKey(
        Agency, on_delete=models.CASCADE, related_name="purposes", verbose_name=_("agency")
    )
    code = models.SlugField(max_length=40, verbose_name=_("code"))
    text_en = models.CharField(max_length=200, verbose_name=_("purpose (English)"))
    text_bn = models.CharField(max_length=200, verbose_name=_("purpose (Bangla)"))
    legal_basis = models.CharField(
        max_length=10, choices=LegalBasis.choices, verbose_name=_("legal basis")
    )
    basis_reference = models.CharField(
        max_length=200,
        help_text=_("The section, MoU or order relied on."),
        verbose_name=_("basis reference"),
    )

    class Meta:
        verbose_name = _("purpose")
        verbose_name_plural = _("purposes")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="sharing_purpose_unique")
        ]

    def __str__(self) -> str:
        return self.code


class ConsentGrant(models.Model):
    """A citizen's consent, confirmed by OTP, to one agency reading their personal fields of one
    dataset scope. Revoking it stops further personal answers at once."""

    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="+", verbose_name=_("citizen")
    )
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="consents", verbose_name=_("agency")
    )
    scope = models.CharField(max_length=60, verbose_name=_("scope"))
    granted_at = models.DateTimeField(default=timezone.now, verbose_name=_("granted"))
    expires_at = models.DateTimeField(verbose_name=_("expires"))
    otp_challenge = models.UUIDField(verbose_name=_("OTP challenge"))
    revoked_at = models.DateTimeField(null=True, blank=True, verbose_name=_("revoked"))

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-granted_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["citizen", "agency", "scope"],
                condition=models.Q(revoked_at__isnull=True),
                name="sharing_one_live_consent",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.code} {self.scope}"


class DisclosureResult(models.TextChoices):
    FOUND = "found", _("Answered")
    NOT_FOUND = "not_found", _("Not found")
    DENIED = "denied", _("Refused")


class Disclosure(models.Model):
    """One subject asked about in one call: append-only (a database trigger refuses UPDATE, and
    DELETE on PostgreSQL). Texts are copied, so a later edit of a purpose rewrites nothing."""

    at = models.DateTimeField(default=timezone.now, verbose_name=_("time"))
    request_id = models.UUIDField(default=uuid.uuid4, verbose_name=_("request ID"))
    agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="+", verbose_name=_("agency")
    )
    client_id = models.CharField(max_length=100, verbose_name=_("client ID"))
    dataset = models.CharField(max_length=60, verbose_name=_("dataset"))
    purpose = models.CharField(max_length=40, blank=True, verbose_name=_("purpose"))
    purpose_en = models.CharField(max_length=200, blank=True, verbose_name=_("purpose (English)"))
    purpose_bn = models.CharField(max_length=200, blank=True, verbose_name=_("purpose (Bangla)"))
    legal_basis = models.CharField(
        max_length=10, blank=True, choices=LegalBasis.choices, verbose_name=_("legal basis")
    )
    basis_reference = models.CharField(
        max_length=200, blank=True, verbose_name=_("basis reference")
    )
    consent = models.ForeignKey(
        ConsentGrant,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("consent"),
    )
    subject = models.CharField(max_length=100, verbose_name=_("subject"))
    citizen = models.ForeignKey(
        Citizen,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("citizen"),
    )
    fields = models.JSONField(default=list, verbose_name=_("fields returned"))
    result = models.CharField(
        max_length=10, choices=DisclosureResult.choices, verbose_name=_("result")
    )
    refusal = models.CharField(max_length=40, blank=True, verbose_name=_("refusal code"))

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["citizen", "-at"], name="sharing_disclosure_citizen"),
            models.Index(fields=["agency", "-at"], name="sharing_disclosure_agency"),
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.dataset} {self.subject}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:  # the database refuses it too (migration 0002)
            raise ValueError("The disclosure log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("The disclosure log is append-only.")
