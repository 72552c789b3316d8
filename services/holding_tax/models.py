"""Holding tax: each pourashava's valuation rules per fiscal year (data, with documented
defaults), exemptions, and the assessment of each holding with its working."""

from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.money import MoneyField
from backend.identity.models import User
from backend.municipality.models import Pourashava, Ward
from services.holding_tax import defaults
from services.property.models import Holding, StructureType, Use


class TaxRules(models.Model):
    """A pourashava's valuation rules from one fiscal year on (until a later row replaces them)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    from_fiscal_year = models.CharField(
        max_length=7, help_text=_("e.g. 2025-26"), verbose_name=_("from fiscal year")
    )
    repairs_allowance_months = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("2"),
        help_text=_("Months of rent allowed for repairs (2 of 12 = 1/6). Uncertain default."),
        verbose_name=_("repairs allowance (months)"),
    )
    owner_occupier_allowance = models.DecimalField(
        max_digits=4,
        decimal_places=3,
        default=defaults.OWNER_OCCUPIER_ALLOWANCE,
        verbose_name=_("owner-occupier allowance"),
    )
    vacant_land_value = MoneyField(
        default=defaults.VACANT_LAND_VALUE, verbose_name=_("vacant land value")
    )
    combined_cap_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=defaults.COMBINED_CAP_PERCENT,
        verbose_name=_("combined cap (percent)"),
    )
    early_rebate_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("10"),
        help_text=_("On the current year's demand paid whole by the end of the first quarter."),
        verbose_name=_("early-payment rebate (percent)"),
    )
    arrears_surcharge_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal("15"),
        help_text=_("On arrears of earlier years. Pourashava rate not found: uncertain default."),
        verbose_name=_("arrears surcharge (percent)"),
    )
    gazette_reference = models.CharField(
        max_length=200, blank=True, verbose_name=_("gazette reference")
    )

    class Meta:
        verbose_name = _("tax rules")
        verbose_name_plural = _("tax rules")
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "from_fiscal_year"], name="tax_rules_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(pourashava)s tax rules from %(year)s") % {
            "pourashava": self.pourashava.code,
            "year": self.from_fiscal_year,
        }


class ComponentRate(models.Model):
    rules = models.ForeignKey(
        TaxRules, on_delete=models.CASCADE, related_name="components", verbose_name=_("tax rules")
    )
    head = models.CharField(
        max_length=30,
        help_text=_("Revenue head code, e.g. conservancy."),
        verbose_name=_("revenue head"),
    )
    percent = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("percent"))

    class Meta:
        verbose_name = _("component rate")
        verbose_name_plural = _("component rates")
        constraints = [
            models.UniqueConstraint(fields=["rules", "head"], name="component_rate_unique"),
            models.CheckConstraint(condition=Q(percent__gte=0), name="component_rate_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.head} {self.percent}%"


class RentRate(models.Model):
    """Estimated monthly rent per sq ft of floor area, for holdings not let."""

    rules = models.ForeignKey(
        TaxRules, on_delete=models.CASCADE, related_name="rent_rates", verbose_name=_("tax rules")
    )
    structure_type = models.CharField(
        max_length=12, choices=StructureType.choices, verbose_name=_("structure")
    )
    use = models.CharField(max_length=16, choices=Use.choices, verbose_name=_("use"))
    taka_per_sqft = models.DecimalField(
        max_digits=8, decimal_places=2, verbose_name=_("taka per sq ft")
    )

    class Meta:
        verbose_name = _("rent rate")
        verbose_name_plural = _("rent rates")
        constraints = [
            models.UniqueConstraint(
                fields=["rules", "structure_type", "use"], name="rent_rate_unique"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.get_structure_type_display()}, {self.get_use_display()}: {self.taka_per_sqft}"
        )


class Exemption(models.Model):
    """Relief from some heads (e.g. holding tax for a place of worship), by order."""

    holding = models.ForeignKey(
        Holding, on_delete=models.PROTECT, related_name="exemptions", verbose_name=_("holding")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    heads = models.JSONField(
        help_text=_('Revenue head codes covered, e.g. ["holding_tax"].'),
        verbose_name=_("revenue heads"),
    )
    reason = models.CharField(max_length=200, verbose_name=_("reason"))
    order_reference = models.CharField(max_length=120, verbose_name=_("order reference"))
    from_fiscal_year = models.CharField(max_length=7, verbose_name=_("from fiscal year"))
    to_fiscal_year = models.CharField(
        max_length=7,
        blank=True,
        help_text=_("Blank: open-ended."),
        verbose_name=_("to fiscal year"),
    )
    granted_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")

    def __str__(self) -> str:
        return gettext("%(holding)s exempt from %(heads)s (%(order)s)") % {
            "holding": self.holding,
            "heads": ", ".join(self.heads),
            "order": self.order_reference,
        }


class AssessmentKind(models.TextChoices):
    GENERAL = "general", _("Five-yearly general reassessment")
    INTERIM = "interim", _("Interim assessment")
    REVIEW = "review", _("Review decision")


class ValuationBasis(models.TextChoices):
    LET = "let", _("Let: actual rent")
    ESTIMATED = "estimated", _("Estimated rent")
    PART_LET = "part_let", _("Part let: actual and estimated rent")
    VACANT_LAND = "vacant_land", _("Vacant land")


class Assessment(models.Model):
    """A holding's annual value from a fiscal year on, with the working that produced it."""

    holding = models.ForeignKey(
        Holding, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("holding")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    from_fiscal_year = models.CharField(max_length=7, verbose_name=_("from fiscal year"))
    kind = models.CharField(max_length=10, choices=AssessmentKind.choices, verbose_name=_("kind"))
    basis = models.CharField(max_length=16, choices=ValuationBasis.choices, verbose_name=_("basis"))
    annual_value = MoneyField(verbose_name=_("annual value"))
    annual_tax = models.JSONField(
        help_text=_("Revenue head -> taka (strings)."), verbose_name=_("annual tax")
    )
    working = models.JSONField(help_text=_("Lines: {en, bn, amount}."), verbose_name=_("working"))
    assessed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    assessed_at = models.DateTimeField(auto_now_add=True, verbose_name=_("assessed"))
    superseded = models.BooleanField(default=False, verbose_name=_("superseded"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.UniqueConstraint(
                fields=["holding"], condition=Q(superseded=False), name="one_live_assessment"
            ),
        ]
        indexes = [
            models.Index(fields=["pourashava", "from_fiscal_year"], name="assessment_fy_idx"),
            # A quarter's run walks one pourashava's live assessments in holding order, in
            # batches: without this it reads every pourashava's (holding ids interleave).
            models.Index(
                fields=["pourashava", "holding"],
                condition=Q(superseded=False),
                name="assessment_live_holding_idx",
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(holding)s from %(year)s: %(value)s") % {
            "holding": self.holding,
            "year": self.from_fiscal_year,
            "value": self.annual_value,
        }


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class DemandRun(models.Model):
    """One quarter's demand generation for a pourashava. Resumable: it records the last holding
    done, and raising a demand twice is a no-op (each has a natural key)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(verbose_name=_("quarter"))
    status = models.CharField(
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.PENDING,
        verbose_name=_("status"),
    )
    holdings_total = models.PositiveIntegerField(default=0, verbose_name=_("holdings"))
    holdings_done = models.PositiveIntegerField(default=0, verbose_name=_("holdings done"))
    demands_raised = models.PositiveIntegerField(default=0, verbose_name=_("demands raised"))
    last_holding_id = models.BigIntegerField(default=0, verbose_name=_("last holding done"))
    # Empty: started by the beat schedule on the quarter's first day.
    started_by = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("started"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    # Set by the task working the run after each batch, cleared when it stops: a run left
    # unfinished with no recent sign of a worker was stopped and may be resumed.
    worker_seen_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last sign of its worker")
    )

    class Meta:
        verbose_name = _("quarter's demand run")
        verbose_name_plural = _("quarters' demand runs")
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year", "quarter"], name="demand_run_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(pourashava)s %(year)s quarter %(quarter)s: %(status)s") % {
            "pourashava": self.pourashava.code,
            "year": self.fiscal_year,
            "quarter": self.quarter,
            "status": self.get_status_display(),
        }


class AssessmentPublication(models.Model):
    """The assessment list of a fiscal year made public; objections run until the deadline."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    published_at = models.DateTimeField(verbose_name=_("published"))
    objection_deadline = models.DateField(verbose_name=_("objection deadline"))
    published_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("published by")
    )

    class Meta:
        verbose_name = _("published assessment list")
        verbose_name_plural = _("published assessment lists")
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year"], name="assessment_publication_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("%(pourashava)s assessment list %(year)s") % {
            "pourashava": self.pourashava.code,
            "year": self.fiscal_year,
        }


class ReviewCase(models.Model):
    """A citizen's objection to an assessment, heard and decided by the assessment committee.
    The valuation changes only through a 'revise' decision."""

    application = models.OneToOneField(
        "workflow.Application",
        on_delete=models.PROTECT,
        related_name="review_case",
        verbose_name=_("application"),
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("assessment")
    )
    grounds = models.TextField(verbose_name=_("grounds"))
    claimed_value = MoneyField(null=True, blank=True, verbose_name=_("claimed value"))
    decided_value = MoneyField(null=True, blank=True, verbose_name=_("decided value"))
    result = models.ForeignKey(
        Assessment,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("resulting assessment"),
    )

    class Meta:
        verbose_name = _("review case")
        verbose_name_plural = _("review cases")

    def __str__(self) -> str:
        return gettext("Review of %(assessment)s") % {"assessment": self.assessment}


class Reassessment(models.Model):
    """A five-yearly general reassessment of one ward or the whole pourashava from a fiscal
    year: every active holding valued afresh under that year's rules, as one resumable job (it
    records the last holding done). One per pourashava, year and ward."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Empty: the whole pourashava."),
        verbose_name=_("ward"),
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("from fiscal year"))
    status = models.CharField(
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.PENDING,
        verbose_name=_("status"),
    )
    holdings_total = models.PositiveIntegerField(default=0, verbose_name=_("holdings"))
    holdings_done = models.PositiveIntegerField(default=0, verbose_name=_("holdings done"))
    reassessed = models.PositiveIntegerField(default=0, verbose_name=_("reassessed"))
    skipped = models.PositiveIntegerField(default=0, verbose_name=_("could not be valued"))
    problems = models.JSONField(
        default=list, blank=True, verbose_name=_("holdings that could not be valued")
    )
    last_holding_id = models.BigIntegerField(default=0, verbose_name=_("last holding done"))
    started_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    started_at = models.DateTimeField(auto_now_add=True, verbose_name=_("started"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    error = models.TextField(blank=True, verbose_name=_("error"))
    worker_seen_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last sign of its worker")
    )

    class Meta:
        verbose_name = _("general reassessment")
        verbose_name_plural = _("general reassessments")
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year", "ward"],
                condition=Q(ward__isnull=False),
                name="reassessment_ward_unique",
            ),
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year"],
                condition=Q(ward__isnull=True),
                name="reassessment_whole_unique",
            ),
        ]

    def __str__(self) -> str:
        where = self.ward or self.pourashava
        return gettext("General reassessment of %(where)s from %(year)s") % {
            "where": where,
            "year": self.fiscal_year,
        }
