"""Tenancy: the pourashava is the tenant; wards and mahallas belong to one."""

from django.db import models


class PourashavaClass(models.TextChoices):
    A = "A", "Class A"
    B = "B", "Class B"
    C = "C", "Class C"


class Pourashava(models.Model):
    code = models.CharField(
        max_length=6, unique=True, help_text="Short code read aloud at counters, e.g. NAT, FRD."
    )
    name_en = models.CharField(max_length=100)
    name_bn = models.CharField(max_length=100)
    pourashava_class = models.CharField(max_length=1, choices=PourashavaClass.choices)
    district_en = models.CharField(max_length=60)
    district_bn = models.CharField(max_length=60)
    upazila_en = models.CharField(max_length=60)
    upazila_bn = models.CharField(max_length=60)
    is_active = models.BooleanField(default=True)
    description = models.TextField(
        blank=True, help_text="Provenance of this record; demo values are marked as such."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class Ward(models.Model):
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="wards")
    number = models.PositiveSmallIntegerField()
    name_en = models.CharField(max_length=100, blank=True)
    name_bn = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["pourashava", "number"]
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "number"], name="ward_number_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava.code} ward {self.number}"


class Mahalla(models.Model):
    # Carries pourashava as well as ward so tenant scoping is one filter, like every other table.
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="mahallas")
    ward = models.ForeignKey(Ward, on_delete=models.PROTECT, related_name="mahallas")
    name_en = models.CharField(max_length=100)
    name_bn = models.CharField(max_length=100)

    class Meta:
        ordering = ["pourashava", "ward__number", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["ward", "name_en"], name="mahalla_name_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.ward})"

    def save(self, *args, **kwargs) -> None:
        self.pourashava_id = self.ward.pourashava_id
        super().save(*args, **kwargs)
