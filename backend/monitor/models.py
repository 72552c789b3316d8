"""The revenue monitor's tables: daily facts built from the payment layer (collection and demand
raised, by pourashava, ward, head and channel), their monthly roll-ups (what national questions
read), the arrears snapshot, targets by month, and the quarterly e-governance indicators.

Facts hold no citizen's personal data: only amounts by place, head, channel and age.
Heads and wards are plain ids (no row-by-row foreign-key checks: facts are rebuilt in bulk and
rows of a deleted ward simply stop matching)."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from backend.common.money import ZERO, MoneyField
from backend.common.text import in_language
from backend.municipality.models import Pourashava
from backend.payments.models import Channel, RevenueHead


class ArrearsAge(models.IntegerChoices):
    """How many fiscal years before the one in question the money was due (3: three or more)."""

    CURRENT = 0, _("Current year")
    ONE = 1, _("1 year")
    TWO = 2, _("2 years")
    THREE_PLUS = 3, _("3 years or more")


def _pourashava_fk():
    return models.ForeignKey(
        Pourashava,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
        verbose_name=_("pourashava"),
    )


class _FactBase(models.Model):
    pourashava = _pourashava_fk()
    ward_id = models.IntegerField(null=True, blank=True, verbose_name=_("ward"))
    head_id = models.CharField(max_length=40, verbose_name=_("revenue head"))
    sector = models.CharField(max_length=20, verbose_name=_("sector"))
    own = models.BooleanField(default=True, verbose_name=_("own revenue"))
    amount = MoneyField(default=ZERO, verbose_name=_("amount"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.head_id} {self.amount}"


class CollectionFact(_FactBase):
    """Money collected on one day (the day the payer paid: the payment's start, so a settlement
    confirmed later lands on its own day) from confirmed payments' receipt lines."""

    day = models.DateField(verbose_name=_("day"))
    channel = models.CharField(max_length=12, choices=Channel.choices, verbose_name=_("channel"))
    age = models.PositiveSmallIntegerField(choices=ArrearsAge.choices, verbose_name=_("age"))
    payments = models.PositiveIntegerField(default=0, verbose_name=_("payments"))

    class Meta:
        verbose_name = _("collection fact")
        verbose_name_plural = _("collection facts")
        indexes = [models.Index(fields=["pourashava", "day"], name="monitor_coll_pday")]


class CollectionMonth(_FactBase):
    """CollectionFact summed by month without the ward: what national summaries read."""

    month = models.DateField(verbose_name=_("month"))  # the first of the month
    channel = models.CharField(max_length=12, choices=Channel.choices, verbose_name=_("channel"))
    age = models.PositiveSmallIntegerField(choices=ArrearsAge.choices, verbose_name=_("age"))
    payments = models.PositiveIntegerField(default=0, verbose_name=_("payments"))

    class Meta:
        verbose_name = _("collection by month")
        verbose_name_plural = _("collection by month")
        indexes = [
            models.Index(fields=["month", "pourashava"], name="monitor_collm_month"),
            models.Index(fields=["pourashava", "month"], name="monitor_collm_pmonth"),
        ]


class SectorMonth(models.Model):
    """Own and other revenue by month, pourashava, sector and age only: the narrow roll-up the
    national summary (every pourashava by sector for a year) reads."""

    pourashava = _pourashava_fk()
    month = models.DateField(verbose_name=_("month"))
    sector = models.CharField(max_length=20, verbose_name=_("sector"))
    own = models.BooleanField(default=True, verbose_name=_("own revenue"))
    age = models.PositiveSmallIntegerField(choices=ArrearsAge.choices, verbose_name=_("age"))
    amount = MoneyField(default=ZERO, verbose_name=_("amount"))

    class Meta:
        verbose_name = _("collection by sector and month")
        verbose_name_plural = _("collection by sector and month")
        indexes = [
            models.Index(fields=["month", "pourashava"], name="monitor_secm_month"),
            models.Index(fields=["pourashava", "month"], name="monitor_secm_pmonth"),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.month} {self.sector} {self.amount}"


class _SummaryBase(models.Model):
    """Own revenue collected (current year's demands and arrears apart) and money collected for
    other bodies, by pourashava, fiscal year and sector: no head, ward or channel, so a national
    question reads one row per pourashava and sector for each month."""

    pourashava = _pourashava_fk()
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    sector = models.CharField(max_length=20, verbose_name=_("sector"))
    collected_current = MoneyField(default=ZERO, verbose_name=_("collected, current year"))
    collected_arrears = MoneyField(default=ZERO, verbose_name=_("collected, arrears"))
    collected_other = MoneyField(default=ZERO, verbose_name=_("collected for other bodies"))

    class Meta:
        abstract = True


class SummaryDay(_SummaryBase):
    """CollectionFact summed by pourashava, day and sector (the fiscal year is the day's): the
    ragged ends of a date range, when the range does not end on a month's end."""

    day = models.DateField(verbose_name=_("day"))

    class Meta:
        verbose_name = _("summary by day")
        verbose_name_plural = _("summary by day")
        indexes = [
            models.Index(fields=["day", "pourashava"], name="monitor_sumd_day"),
            models.Index(fields=["pourashava", "day"], name="monitor_sumd_pday"),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.day} {self.sector}"


class SummaryMonth(_SummaryBase):
    """The national summary's table: one row per pourashava, fiscal year, sector and month,
    rebuilt with the month's facts (so a rebuilt day, a late settlement or a refund corrects
    it exactly) and when a target is set. A row holds the month's collection (when the month
    is in `fiscal_year`), the own-revenue demand for `fiscal_year` raised in the month (an
    advance bill may be raised in the year before), and the month's share of the year's
    own-revenue targets."""

    month = models.DateField(verbose_name=_("month"))  # the first of the month
    demand = MoneyField(default=ZERO, verbose_name=_("demand raised"))
    target = MoneyField(default=ZERO, verbose_name=_("target"))

    class Meta:
        verbose_name = _("summary by month")
        verbose_name_plural = _("summary by month")
        indexes = [
            models.Index(fields=["fiscal_year", "pourashava"], name="monitor_summ_fy"),
            models.Index(fields=["pourashava", "month"], name="monitor_summ_pmonth"),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.fiscal_year} {self.month} {self.sector}"


FISCAL_MONTHS = range(1, 13)  # 1 is July ... 12 is June


class SummaryYear(models.Model):
    """What the national summary reads: one row per pourashava, fiscal year and sector, the
    year's months side by side (own revenue collected, current and arrears; the month's target)
    and the year's own demand. Derived from SummaryMonth whenever one of the year's months is
    rebuilt, so it is exact whenever the months are."""

    pourashava = _pourashava_fk()
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    sector = models.CharField(max_length=20, verbose_name=_("sector"))
    demand = MoneyField(default=ZERO, verbose_name=_("demand for the year"))
    for _m in FISCAL_MONTHS:
        locals()[f"current_{_m:02d}"] = MoneyField(
            default=ZERO, verbose_name=format_lazy("{} {}", _("current, month"), _m)
        )
        locals()[f"arrears_{_m:02d}"] = MoneyField(
            default=ZERO, verbose_name=format_lazy("{} {}", _("arrears, month"), _m)
        )
        locals()[f"target_{_m:02d}"] = MoneyField(
            default=ZERO, verbose_name=format_lazy("{} {}", _("target, month"), _m)
        )
    del _m

    class Meta:
        verbose_name = _("summary by fiscal year")
        verbose_name_plural = _("summary by fiscal year")
        indexes = [models.Index(fields=["fiscal_year", "pourashava"], name="monitor_sumy_fy")]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year", "sector"], name="monitor_sumy_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.fiscal_year} {self.sector}"


class DemandFact(_FactBase):
    """Demand raised on one day (the demand's creation), cancelled demands left out, by the
    fiscal year the demand is for."""

    day = models.DateField(verbose_name=_("day"))
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year of the demand"))

    class Meta:
        verbose_name = _("demand fact")
        verbose_name_plural = _("demand facts")
        indexes = [models.Index(fields=["pourashava", "day"], name="monitor_dem_pday")]


class DemandMonth(_FactBase):
    month = models.DateField(verbose_name=_("month"))
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year of the demand"))

    class Meta:
        verbose_name = _("demand by month")
        verbose_name_plural = _("demand by month")
        indexes = [
            models.Index(fields=["fiscal_year", "pourashava"], name="monitor_demm_fy"),
            models.Index(fields=["pourashava", "month"], name="monitor_demm_pmonth"),
        ]


class ArrearsSnapshot(_FactBase):
    """What was still owed on `as_of`, by how old it is (fiscal years behind as_of's)."""

    as_of = models.DateField(verbose_name=_("as of"))
    age = models.PositiveSmallIntegerField(choices=ArrearsAge.choices, verbose_name=_("age"))

    class Meta:
        verbose_name = _("arrears snapshot")
        verbose_name_plural = _("arrears snapshots")
        indexes = [models.Index(fields=["pourashava", "as_of"], name="monitor_arr_pdate")]


class ArrearsSector(models.Model):
    """ArrearsSnapshot summed by pourashava, sector and age: what national summaries read."""

    pourashava = _pourashava_fk()
    as_of = models.DateField(verbose_name=_("as of"))
    sector = models.CharField(max_length=20, verbose_name=_("sector"))
    own = models.BooleanField(default=True, verbose_name=_("own revenue"))
    age = models.PositiveSmallIntegerField(choices=ArrearsAge.choices, verbose_name=_("age"))
    amount = MoneyField(default=ZERO, verbose_name=_("amount"))
    # The pourashava's newest snapshot (kept by snapshot_arrears): what the summary reads.
    latest = models.BooleanField(default=False, verbose_name=_("latest"))

    class Meta:
        verbose_name = _("arrears by sector")
        verbose_name_plural = _("arrears by sector")
        indexes = [
            models.Index(fields=["pourashava", "as_of"], name="monitor_arrs_pdate"),
            models.Index(
                fields=["pourashava"], condition=models.Q(latest=True), name="monitor_arrs_latest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.as_of} {self.sector} {self.amount}"


class DirtyDay(models.Model):
    """A pourashava-day whose facts must be rebuilt (a late settlement, a refund, a cancelled
    demand): marked by signal in the changing transaction, cleared by the beat job."""

    pourashava = _pourashava_fk()
    day = models.DateField(verbose_name=_("day"))
    marked_at = models.DateTimeField(default=timezone.now, verbose_name=_("marked"))

    class Meta:
        verbose_name = _("day to rebuild")
        verbose_name_plural = _("days to rebuild")
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "day"], name="monitor_dirty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pourashava_id} {self.day}"


class BuildState(models.Model):
    """The beat job's watermark: payments settled since it are re-scanned for their days."""

    key = models.CharField(max_length=40, primary_key=True, verbose_name=_("key"))
    value = models.DateTimeField(verbose_name=_("value"))

    class Meta:
        verbose_name = _("build state")
        verbose_name_plural = _("build state")

    def __str__(self) -> str:
        return f"{self.key} {self.value}"


class TargetSetBy(models.TextChoices):
    POURASHAVA = "pourashava", _("Pourashava")
    MINISTRY = "ministry", _("Ministry")


class RevenueTarget(models.Model):
    """A collection target for one pourashava, fiscal year and own-revenue head, split by month
    (TargetMonth; months 1-12 are July-June)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    head = models.ForeignKey(
        RevenueHead, on_delete=models.PROTECT, related_name="+", verbose_name=_("revenue head")
    )
    amount = MoneyField(verbose_name=_("annual target"))
    set_by = models.CharField(max_length=12, choices=TargetSetBy.choices, verbose_name=_("set by"))
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("updated by"),
    )
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("revenue target")
        verbose_name_plural = _("revenue targets")
        ordering = ["pourashava", "fiscal_year", "head__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "fiscal_year", "head"], name="monitor_target_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.pourashava} {self.fiscal_year} {self.head_id}: {self.amount}"


class TargetMonth(models.Model):
    pourashava = models.ForeignKey(  # the target's, repeated for tenant scoping
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    target = models.ForeignKey(
        RevenueTarget, on_delete=models.CASCADE, related_name="months", verbose_name=_("target")
    )
    # The target's year and head, repeated so national summaries read this table alone.
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    head = models.ForeignKey(
        RevenueHead,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
        verbose_name=_("revenue head"),
    )
    month = models.PositiveSmallIntegerField(verbose_name=_("month of the fiscal year"))
    amount = MoneyField(verbose_name=_("amount"))

    class Meta:
        verbose_name = _("monthly target")
        verbose_name_plural = _("monthly targets")
        ordering = ["target_id", "month"]
        indexes = [models.Index(fields=["fiscal_year", "pourashava"], name="monitor_tm_fy")]
        constraints = [
            models.UniqueConstraint(fields=["target", "month"], name="monitor_target_month"),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="monitor_target_month_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target_id} M{self.month:02d}: {self.amount}"


class IndicatorUnit(models.TextChoices):
    PERCENT = "%", _("per cent")
    NUMBER = "number", _("Number")
    DAYS = "days", _("Days")
    DATE = "date", _("Date")


class Indicator(models.Model):
    """One line of the government's e-governance indicator table (national list)."""

    code = models.CharField(max_length=20, primary_key=True, verbose_name=_("code"))
    text_en = models.CharField(max_length=300, verbose_name=_("text (English)"))
    text_bn = models.CharField(max_length=300, verbose_name=_("text (Bangla)"))
    unit = models.CharField(max_length=8, choices=IndicatorUnit.choices, verbose_name=_("unit"))
    weight = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("weight"))
    computed = models.BooleanField(
        default=False,
        help_text=_("Computed from the data each quarter; otherwise entered by the office."),
        verbose_name=_("computed"),
    )
    order = models.PositiveSmallIntegerField(default=100, verbose_name=_("order"))

    class Meta:
        verbose_name = _("e-governance indicator")
        verbose_name_plural = _("e-governance indicators")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {in_language(self.text_en, self.text_bn)}"


class IndicatorValue(models.Model):
    """A pourashava's target, achievement and comment for one indicator and quarter."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("indicator")
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    quarter = models.PositiveSmallIntegerField(verbose_name=_("quarter"))
    target = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("target")
    )
    achievement = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("achievement")
    )
    comment = models.CharField(max_length=300, blank=True, verbose_name=_("comment"))
    computed_at = models.DateTimeField(null=True, blank=True, verbose_name=_("computed"))

    class Meta:
        verbose_name = _("indicator value")
        verbose_name_plural = _("indicator values")
        ordering = ["pourashava", "fiscal_year", "quarter", "indicator__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "indicator", "fiscal_year", "quarter"],
                name="monitor_indicator_value_unique",
            ),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4),
                name="monitor_indicator_quarter_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.fiscal_year} Q{self.quarter}"
