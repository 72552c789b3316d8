"""The console's own data: what a centre may charge the citizen for its help (per pourashava,
dated), and what the console knows about each assisted session it opened (by phone or at a
desk, and the fees shown to the citizen before they consented)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.money import MoneyField
from backend.common.text import in_language
from backend.identity.models import AssistedSession
from backend.municipality.models import Pourashava


class ServiceFee(models.Model):
    """A fee a UDC may charge a citizen for its help (not a pourashava fee: it is paid to the
    centre, in cash, and never enters the payment layer). Shown before the citizen consents."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    code = models.SlugField(max_length=40, verbose_name=_("code"))
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    amount = MoneyField(verbose_name=_("amount (taka)"))
    effective_from = models.DateField(verbose_name=_("effective from"))
    source = models.TextField(
        blank=True,
        help_text=_("The order or circular the fee comes from; demo values say so."),
        verbose_name=_("source"),
    )

    class Meta:
        verbose_name = _("centre service fee")
        verbose_name_plural = _("centre service fees")
        ordering = ["pourashava", "code", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "code", "effective_from"], name="console_fee_unique"
            ),
        ]

    def __str__(self) -> str:
        return in_language(self.name_en, self.name_bn)


class ConsoleSession(models.Model):
    """The console's note on an assisted session it opened: made on a 333 call or at a desk,
    and the centre's fees the citizen was shown before reading out the consent code."""

    session = models.OneToOneField(
        AssistedSession,
        on_delete=models.PROTECT,
        primary_key=True,
        related_name="console",
        verbose_name=_("assisted session"),
    )
    by_phone = models.BooleanField(default=False, verbose_name=_("by phone"))
    fees_shown = models.JSONField(default=list, blank=True, verbose_name=_("fees shown"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("console session")
        verbose_name_plural = _("console sessions")

    def __str__(self) -> str:
        return str(self.session_id)
