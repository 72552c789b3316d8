"""Holding tax: each pourashava's valuation rules per fiscal year (data, with documented
defaults), exemptions, and the assessment of each holding with its working."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from backend.common.money import MoneyField
from backend.identity.models import User
from backend.municipality.models import Pourashava
from services.holding_tax import defaults
from services.property.models import Holding, StructureType, Use


class TaxRules(models.Model):
    """A pourashava's valuation rules from one fiscal year on (until a later row replaces them)."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    from_fiscal_year = models.CharField(max_length=7, help_text="e.g. 2025-26")
    repairs_allowance_months = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("2"),
        help_text="Months of rent allowed for repairs (2 of 12 = 1/6). Uncertain default.",
    )
    owner_occupier_allowance = models.DecimalField(
        max_digits=4, decimal_places=3, default=defaults.OWNER_OCCUPIER_ALLOWANCE
    )
    vacant_land_value = MoneyField(default=defaults.VACANT_LAND_VALUE)
    combined_cap_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=defaults.COMBINED_CAP_PERCENT
    )
    early_rebate_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        help_text="On the current year's demand paid whole by the end of the first quarter.",
    )
    arrears_surcharge_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        help_text="On arrears of earlier years. Pourashava rate not found: uncertain default.",
    )
    gazette_reference = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "from_fiscal_year"], name="tax_rules_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} rules from {self.from_fiscal_year}"


class ComponentRate(models.Model):
    rules = models.ForeignKey(TaxRules, on_delete=models.CASCADE, related_name="components")
    head = models.CharField(max_length=30, help_text="Revenue head code, e.g. conservancy.")
    percent = models.DecimalField(max_digits=5, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["rules", "head"], name="component_rate_unique"),
            models.CheckConstraint(condition=Q(percent__gte=0), name="component_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.head} {self.percent}%"


class RentRate(models.Model):
    """Estimated monthly rent per sq ft of floor area, for holdings not let."""

    rules = models.ForeignKey(TaxRules, on_delete=models.CASCADE, related_name="rent_rates")
    structure_type = models.CharField(max_length=12, choices=StructureType.choices)
    use = models.CharField(max_length=16, choices=Use.choices)
    taka_per_sqft = models.DecimalField(max_digits=8, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["rules", "structure_type", "use"], name="rent_rate_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.structure_type}/{self.use}: {self.taka_per_sqft}"


class Exemption(models.Model):
    """Relief from some heads (e.g. holding tax for a place of worship), by order."""

    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="exemptions")
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    heads = models.JSONField(help_text='Revenue head codes covered, e.g. ["holding_tax"].')
    reason = models.CharField(max_length=200)
    order_reference = models.CharField(max_length=120)
    from_fiscal_year = models.CharField(max_length=7)
    to_fiscal_year = models.CharField(max_length=7, blank=True, help_text="Blank: open-ended.")
    granted_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    def __str__(self) -> str:
        return f"{self.holding_id} exempt from {self.heads} ({self.order_reference})"


class AssessmentKind(models.TextChoices):
    GENERAL = "general", "Five-yearly general reassessment"
    INTERIM = "interim", "Interim assessment"
    REVIEW = "review", "Review decision"


class Assessment(models.Model):
    """A holding's annual value from a fiscal year on, with the working that produced it."""

    holding = models.ForeignKey(Holding, on_delete=models.PROTECT, related_name="assessments")
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    from_fiscal_year = models.CharField(max_length=7)
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices)
    basis = models.CharField(max_length=16)
    annual_value = MoneyField()
    annual_tax = models.JSONField(help_text="Revenue head -> taka (strings).")
    working = models.JSONField(help_text="Lines: {en, bn, amount}.")
    assessed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    assessed_at = models.DateTimeField(auto_now_add=True)
    superseded = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["holding"], condition=Q(superseded=False), name="one_live_assessment"
            ),
        ]
        indexes = [
            models.Index(fields=["pourashava", "from_fiscal_year"], name="assessment_fy_idx")
        ]

    def __str__(self) -> str:
        return f"{self.holding_id} from {self.from_fiscal_year}: {self.annual_value}"


class RunStatus(models.TextChoices):
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class DemandRun(models.Model):
    """One quarter's demand generation for a pourashava. Resumable: it records the last holding
    done, and raising a demand twice is a no-op (each has a natural key)."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.CharField(max_length=7)
    quarter = models.PositiveSmallIntegerField()
    status = models.CharField(max_length=10, choices=RunStatus.choices, default=RunStatus.RUNNING)
    holdings_total = models.PositiveIntegerField(default=0)
    holdings_done = models.PositiveIntegerField(default=0)
    demands_raised = models.PositiveIntegerField(default=0)
    last_holding_id = models.BigIntegerField(default=0)
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year", "quarter"], name="demand_run_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.fiscal_year} Q{self.quarter}: {self.status}"


class AssessmentPublication(models.Model):
    """The assessment list of a fiscal year made public; objections run until the deadline."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    fiscal_year = models.CharField(max_length=7)
    published_at = models.DateTimeField()
    objection_deadline = models.DateField()
    published_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year"], name="assessment_publication_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.fiscal_year} list"


class ReviewCase(models.Model):
    """A citizen's objection to an assessment, heard and decided by the assessment committee.
    The valuation changes only through a 'revise' decision."""

    application = models.OneToOneField(
        "workflow.Application", on_delete=models.PROTECT, related_name="review_case"
    )
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="reviews")
    grounds = models.TextField()
    claimed_value = MoneyField(null=True, blank=True)
    decided_value = MoneyField(null=True, blank=True)
    result = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    def __str__(self) -> str:
        return f"Review of {self.assessment_id}"
