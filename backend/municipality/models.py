"""Tenancy: the pourashava is the tenant; wards and mahallas belong to one."""

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.text import in_language


class PourashavaClass(models.TextChoices):
    A = "A", _("Class A")
    B = "B", _("Class B")
    C = "C", _("Class C")


class Pourashava(models.Model):
    code = models.CharField(
        max_length=6,
        unique=True,
        help_text=_("Short code read aloud at counters, e.g. NAT, FRD."),
        verbose_name=_("code"),
    )
    name_en = models.CharField(max_length=100, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=100, verbose_name=_("name (Bangla)"))
    pourashava_class = models.CharField(
        max_length=1, choices=PourashavaClass.choices, verbose_name=_("class")
    )
    district_en = models.CharField(max_length=60, verbose_name=_("district (English)"))
    district_bn = models.CharField(max_length=60, verbose_name=_("district (Bangla)"))
    upazila_en = models.CharField(max_length=60, verbose_name=_("upazila (English)"))
    upazila_bn = models.CharField(max_length=60, verbose_name=_("upazila (Bangla)"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    description = models.TextField(
        blank=True,
        help_text=_("Provenance of this record; demo values are marked as such."),
        verbose_name=_("description"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("pourashava")
        verbose_name_plural = _("pourashavas")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{in_language(self.name_en, self.name_bn)} ({self.code})"


class Ward(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="wards", verbose_name=_("pourashava")
    )
    number = models.PositiveSmallIntegerField(verbose_name=_("number"))
    name_en = models.CharField(max_length=100, blank=True, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=100, blank=True, verbose_name=_("name (Bangla)"))

    class Meta:
        verbose_name = _("ward")
        verbose_name_plural = _("wards")
        ordering = ["pourashava", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "number"], name="ward_number_unique"),
        ]

    def __str__(self) -> str:
        return gettext("%(pourashava)s ward %(number)s") % {
            "pourashava": self.pourashava.code,
            "number": self.number,
        }


class Mahalla(models.Model):
    # Carries pourashava as well as ward so tenant scoping is one filter, like every other table.
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="mahallas", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="mahallas", verbose_name=_("ward")
    )
    name_en = models.CharField(max_length=100, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=100, verbose_name=_("name (Bangla)"))

    class Meta:
        verbose_name = _("mahalla")
        verbose_name_plural = _("mahallas")
        ordering = ["pourashava", "ward__number", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "name_en"], name="mahalla_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{in_language(self.name_en, self.name_bn)} ({self.ward})"

    def save(self, *args, **kwargs) -> None:
        self.pourashava_id = self.ward.pourashava_id
        super().save(*args, **kwargs)
