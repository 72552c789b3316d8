"""Gap-free counters for identifiers people read aloud (receipts, applications, licences)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Counter(models.Model):
    """One row per (pourashava, series, fiscal year). Incremented under a row lock inside the
    caller's transaction, so a rolled-back use-case gives its number back: no gaps."""

    pourashava = models.ForeignKey(
        "municipality.Pourashava",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("pourashava"),
    )
    series = models.CharField(max_length=20, verbose_name=_("series"))
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    value = models.PositiveBigIntegerField(default=0, verbose_name=_("value"))

    class Meta:
        verbose_name = _("number counter")
        verbose_name_plural = _("number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "series", "fiscal_year"], name="counter_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.series} {self.fiscal_year}: {self.value}"
