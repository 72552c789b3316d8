"""Trade licences: the rates (categories, fee slabs, signboard, VAT, NBR source tax, late
policy, all dated data) and the licences with their yearly terms and applications.

Rates are dated by fiscal year (`fy_from`, e.g. "2025-26"): the row in force for FY n is the one
with the greatest fy_from <= n. Labels "YYYY-YY" sort as the years they name."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.money import MoneyField
from backend.common.text import in_language
from backend.identity.models import Citizen
from backend.municipality.models import Pourashava, Ward
from backend.uploads.models import Upload
from backend.workflow.models import Application


class FeeBasis(models.TextChoices):
    FLAT = "flat", _("Flat")
    CAPITAL_SLAB = "capital_slab", _("By paid-up capital")
    AREA_SLAB = "area_slab", _("By floor area")


class BusinessCategory(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    code = models.CharField(
        max_length=60, help_text=_("Hierarchical, e.g. RETAIL.GROCERY."), verbose_name=_("code")
    )
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    fee_basis = models.CharField(
        max_length=12, choices=FeeBasis.choices, default=FeeBasis.FLAT, verbose_name=_("fee basis")
    )
    requires_inspection = models.BooleanField(default=True, verbose_name=_("needs inspection"))
    is_active = models.BooleanField(default=True, verbose_name=_("active"))
    is_demo = models.BooleanField(default=False, verbose_name=_("demo value"))

    class Meta:
        verbose_name = _("business category")
        verbose_name_plural = _("business categories")
        ordering = ["pourashava", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "code"], name="trade_category_unique")
        ]

    def __str__(self) -> str:
        return f"{in_language(self.name_en, self.name_bn)} ({self.code})"


class FeeSlab(models.Model):
    """One slab of a category's fee schedule from a fiscal year on. The lower bound is
    inclusive, the upper exclusive (empty: no upper bound). A flat fee is one slab from 0."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    category = models.ForeignKey(
        BusinessCategory, on_delete=models.PROTECT, related_name="slabs", verbose_name=_("category")
    )
    fy_from = models.CharField(max_length=7, verbose_name=_("from fiscal year"))
    lower = models.DecimalField(
        max_digits=16, decimal_places=2, default=0, verbose_name=_("from (capital or sq ft)")
    )
    upper = models.DecimalField(
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        verbose_name=_("below (capital or sq ft)"),
    )
    new_fee = MoneyField(verbose_name=_("fee for a new licence"))
    renewal_fee = MoneyField(verbose_name=_("fee for a renewal"))
    gazette_ref = models.CharField(max_length=200, blank=True, verbose_name=_("gazette reference"))
    is_demo = models.BooleanField(default=False, verbose_name=_("demo value"))

    class Meta:
        verbose_name = _("fee slab")
        verbose_name_plural = _("fee slabs")
        ordering = ["category", "fy_from", "lower"]
        constraints = [
            models.UniqueConstraint(
                fields=["category", "fy_from", "lower"], name="trade_fee_slab_unique"
            ),
            models.CheckConstraint(
                condition=Q(lower__gte=0)
                & (Q(upper__isnull=True) | Q(upper__gt=models.F("lower"))),
                name="trade_fee_slab_bounds",
            ),
            models.CheckConstraint(
                condition=Q(new_fee__gte=0) & Q(renewal_fee__gte=0), name="trade_fee_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.category.code} {self.fy_from} [{self.lower}, {self.upper or '∞'})"


class SignboardBasis(models.TextChoices):
    NONE = "none", _("No signboard tax")
    PCT_OF_FEE = "pct_of_fee", _("Percent of the licence fee")
    PER_SQFT = "per_sqft", _("Rate per square foot")
    FLAT = "flat", _("Flat amount")


class SignboardRule(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    fy_from = models.CharField(max_length=7, verbose_name=_("from fiscal year"))
    basis = models.CharField(max_length=12, choices=SignboardBasis.choices, verbose_name=_("basis"))
    value = models.DecimalField(max_digits=12, decimal_places=2, verbose_name=_("value"))
    illuminated_multiplier = models.DecimalField(
        max_digits=5, decimal_places=2, default=1, verbose_name=_("illuminated multiplier")
    )
    is_demo = models.BooleanField(default=False, verbose_name=_("demo value"))

    class Meta:
        verbose_name = _("signboard tax rule")
        verbose_name_plural = _("signboard tax rules")
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "fy_from"], name="trade_signboard_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fy_from}: {self.get_basis_display()} {self.value}"


class VatRule(models.Model):
    """VAT on the licence fee (national, dated). Default 15% (bd-domain §2, INFERRED)."""

    fy_from = models.CharField(max_length=7, unique=True, verbose_name=_("from fiscal year"))
    rate_pct = models.DecimalField(max_digits=5, decimal_places=2, verbose_name=_("rate (%)"))
    legal_ref = models.CharField(max_length=200, blank=True, verbose_name=_("legal reference"))

    class Meta:
        verbose_name = _("VAT rule")
        verbose_name_plural = _("VAT rules")

    def __str__(self) -> str:
        return f"{self.fy_from} {self.rate_pct}%"


class LocalBodyClass(models.TextChoices):
    DHAKA_CTG_CC = "dhaka_ctg_cc", _("Dhaka or Chattogram city corporation")
    OTHER_CC = "other_cc", _("Other city corporation")
    DISTRICT_HQ_PS = "district_hq_ps", _("Pourashava at a district headquarters")
    OTHER_PS = "other_ps", _("Other pourashava")


class SourceTaxRule(models.Model):
    """Income tax collected at renewal for the NBR (Income Tax Act 2023 s.131), national, dated."""

    local_body_class = models.CharField(
        max_length=16, choices=LocalBodyClass.choices, verbose_name=_("class of local body")
    )
    fy_from = models.CharField(max_length=7, verbose_name=_("from fiscal year"))
    amount = MoneyField(verbose_name=_("amount"))
    legal_ref = models.CharField(max_length=200, blank=True, verbose_name=_("legal reference"))

    class Meta:
        verbose_name = _("source tax rule")
        verbose_name_plural = _("source tax rules")
        constraints = [
            models.UniqueConstraint(
                fields=["local_body_class", "fy_from"], name="trade_source_tax_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_local_body_class_display()} {self.fy_from}: {self.amount}"


class TradeSettings(models.Model):
    """Per pourashava: its class of local body (which source tax applies)."""

    pourashava = models.OneToOneField(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    local_body_class = models.CharField(
        max_length=16,
        choices=LocalBodyClass.choices,
        default=LocalBodyClass.OTHER_PS,
        verbose_name=_("class of local body"),
    )

    class Meta:
        verbose_name = _("trade licence settings")
        verbose_name_plural = _("trade licence settings")

    def __str__(self) -> str:
        return f"{self.pourashava}: {self.get_local_body_class_display()}"


class LateMode(models.TextChoices):
    PCT_PER_MONTH = "pct_per_month", _("Percent of the fee per month late")
    FLAT_PCT = "flat_pct", _("Flat percent of the fee")


class LatePolicy(models.Model):
    """Late-renewal surcharge for renewing FY `fiscal_year` after `grace_end_date` (often
    extended by the pourashava, hence editable)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    grace_end_date = models.DateField(verbose_name=_("grace ends"))
    mode = models.CharField(max_length=16, choices=LateMode.choices, verbose_name=_("mode"))
    rate_pct = models.DecimalField(max_digits=6, decimal_places=2, verbose_name=_("rate (%)"))
    cap_pct = models.DecimalField(
        max_digits=7, decimal_places=2, null=True, blank=True, verbose_name=_("cap (% of fee)")
    )
    is_demo = models.BooleanField(default=False, verbose_name=_("demo value"))

    class Meta:
        verbose_name = _("late renewal policy")
        verbose_name_plural = _("late renewal policies")
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "fiscal_year"], name="trade_late_unique")
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.get_mode_display()} {self.rate_pct}%"


class OwnershipKind(models.TextChoices):
    PROPRIETOR = "proprietor", _("Proprietorship")
    PARTNERSHIP = "partnership", _("Partnership")
    COMPANY = "company", _("Limited company")
    OTHER = "other", _("Other")


class LicenceStatus(models.TextChoices):
    PENDING = "pending", _("Not yet issued")
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    CANCELLED = "cancelled", _("Cancelled")


class TradeLicence(models.Model):
    """The enduring licence: its number never changes across renewals."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ward"),
    )
    licence_no = models.CharField(max_length=40, unique=True, verbose_name=_("licence number"))
    holder = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="trade_licences", verbose_name=_("holder")
    )
    business_name_en = models.CharField(max_length=200, verbose_name=_("business (English)"))
    business_name_bn = models.CharField(max_length=200, verbose_name=_("business (Bangla)"))
    category = models.ForeignKey(
        BusinessCategory, on_delete=models.PROTECT, related_name="+", verbose_name=_("category")
    )
    ownership_kind = models.CharField(
        max_length=12, choices=OwnershipKind.choices, verbose_name=_("ownership")
    )
    paid_up_capital = MoneyField(null=True, blank=True, verbose_name=_("paid-up capital"))
    floor_area_sqft = models.DecimalField(
        max_digits=10, decimal_places=2, null=True, blank=True, verbose_name=_("floor area (sq ft)")
    )
    signboard_sqft = models.DecimalField(
        max_digits=8, decimal_places=2, default=0, verbose_name=_("signboard (sq ft)")
    )
    signboard_illuminated = models.BooleanField(default=False, verbose_name=_("illuminated"))
    premises_holding = models.ForeignKey(
        "property.Holding",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("premises (holding)"),
    )
    premises_address_en = models.CharField(max_length=300, blank=True, verbose_name=_("address"))
    premises_address_bn = models.CharField(
        max_length=300, blank=True, verbose_name=_("address (Bangla)")
    )
    rent_agreement = models.ForeignKey(
        Upload,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("rent agreement"),
    )
    tin = models.CharField(max_length=12, blank=True, verbose_name=_("TIN"))
    bin = models.CharField(max_length=13, blank=True, verbose_name=_("BIN"))
    status = models.CharField(
        max_length=10,
        choices=LicenceStatus.choices,
        default=LicenceStatus.PENDING,
        verbose_name=_("status"),
    )
    first_fy = models.CharField(max_length=7, verbose_name=_("first fiscal year"))
    valid_from = models.DateField(null=True, blank=True, verbose_name=_("valid from"))
    valid_to = models.DateField(null=True, blank=True, verbose_name=_("valid to"))
    expired_on = models.DateField(null=True, blank=True, verbose_name=_("expired on"))
    # The coming FY the holder was last reminded to renew for ("" never): one SMS a year.
    reminded_for = models.CharField(
        max_length=7, blank=True, default="", verbose_name=_("reminded for")
    )
    cancelled_reason = models.TextField(blank=True, verbose_name=_("reason cancelled"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created"))

    class Meta:
        verbose_name = _("trade licence")
        verbose_name_plural = _("trade licences")
        indexes = [
            models.Index(fields=["status", "valid_to"], name="trade_licence_expiry_idx"),
            models.Index(fields=["pourashava", "status"], name="trade_licence_status_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.licence_no} {in_language(self.business_name_en, self.business_name_bn)}"


class LicenceOwner(models.Model):
    licence = models.ForeignKey(
        TradeLicence, on_delete=models.CASCADE, related_name="owners", verbose_name=_("licence")
    )
    citizen = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="+", verbose_name=_("citizen")
    )
    share = models.DecimalField(max_digits=5, decimal_places=4, verbose_name=_("share"))

    class Meta:
        verbose_name = _("licence owner")
        verbose_name_plural = _("licence owners")
        constraints = [
            models.UniqueConstraint(fields=["licence", "citizen"], name="trade_owner_unique"),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=1), name="trade_owner_share_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.citizen_id} {self.share}"


class LicenceTerm(models.Model):
    """One paid fiscal year of a licence."""

    licence = models.ForeignKey(
        TradeLicence, on_delete=models.PROTECT, related_name="terms", verbose_name=_("licence")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    application = models.ForeignKey(
        "TradeApplication",
        on_delete=models.PROTECT,
        related_name="terms",
        verbose_name=_("application"),
    )
    fee = MoneyField(default=0, verbose_name=_("fee"))
    vat = MoneyField(default=0, verbose_name=_("VAT"))
    signboard = MoneyField(default=0, verbose_name=_("signboard tax"))
    source_tax = MoneyField(default=0, verbose_name=_("source tax"))
    surcharge = MoneyField(default=0, verbose_name=_("surcharge"))
    paid_at = models.DateTimeField(verbose_name=_("paid"))

    class Meta:
        verbose_name = _("licence term")
        verbose_name_plural = _("licence terms")
        constraints = [
            models.UniqueConstraint(fields=["licence", "fiscal_year"], name="trade_term_unique")
        ]

    def __str__(self) -> str:
        return f"{self.licence_id} {self.fiscal_year}"


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New licence")
    RENEWAL = "renewal", _("Renewal")
    RENEWAL_WITH_CHANGE = "renewal_change", _("Renewal with change")
    TRANSFER = "transfer", _("Transfer")
    CANCELLATION = "cancellation", _("Cancellation")
    DUPLICATE = "duplicate", _("Duplicate copy")


class TradeApplication(models.Model):
    """A trade-licence application's own details; its state lives in the workflow engine."""

    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="trade", verbose_name=_("application")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("ward"),
    )
    licence = models.ForeignKey(
        TradeLicence,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("licence"),
    )
    kind = models.CharField(max_length=16, choices=ApplicationKind.choices, verbose_name=_("kind"))
    fiscal_year = models.CharField(max_length=7, verbose_name=_("first fiscal year"))
    years = models.PositiveSmallIntegerField(default=1, verbose_name=_("years"))
    # Set while the application is open: one open application per (licence, FY), by a unique
    # index, so concurrent renew calls cannot make two (cleared when it closes).
    open_key = models.CharField(
        max_length=60, null=True, blank=True, unique=True, verbose_name=_("open key")
    )
    changes = models.JSONField(default=dict, blank=True, verbose_name=_("changes asked for"))
    quote = models.JSONField(default=dict, blank=True, verbose_name=_("quote"))
    demand = models.ForeignKey(
        "payments.Demand",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demand"),
    )
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("paid"))
    documents = models.ManyToManyField(
        Upload, blank=True, related_name="+", verbose_name=_("documents")
    )
    new_owner = models.ForeignKey(
        Citizen,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("new owner"),
    )
    consent_code_hash = models.CharField(max_length=64, blank=True, verbose_name=_("consent code"))
    consent_at = models.DateTimeField(null=True, blank=True, verbose_name=_("consent given"))
    reason = models.TextField(blank=True, verbose_name=_("reason"))
    document = models.ForeignKey(
        "documents.IssuedDocument",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("licence document"),
    )

    class Meta:
        verbose_name = _("trade licence application")
        verbose_name_plural = _("trade licence applications")

    def __str__(self) -> str:
        return f"{self.application.number}: {self.get_kind_display()}"


class InspectionResult(models.TextChoices):
    OK = "ok", _("Premises as stated")
    DEFICIENT = "deficient", _("Deficient")
    REJECT = "reject", _("Reject")


class InspectionReport(models.Model):
    application = models.ForeignKey(
        TradeApplication,
        on_delete=models.PROTECT,
        related_name="inspections",
        verbose_name=_("application"),
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    inspector = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )
    inspected_on = models.DateField(verbose_name=_("inspected on"))
    result = models.CharField(
        max_length=10, choices=InspectionResult.choices, verbose_name=_("result")
    )
    signboard_sqft = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, verbose_name=_("signboard (sq ft)")
    )
    notes = models.TextField(blank=True, verbose_name=_("notes"))

    class Meta:
        verbose_name = _("inspection report")
        verbose_name_plural = _("inspection reports")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.get_result_display()}"


class InspectorWard(models.Model):
    """Which licence inspector covers which ward (for assigning inspections)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    inspector = models.ForeignKey(
        "identity.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("inspector")
    )

    class Meta:
        verbose_name = _("inspector's ward")
        verbose_name_plural = _("inspectors' wards")
        constraints = [
            models.UniqueConstraint(
                fields=["ward", "inspector"], name="trade_inspector_ward_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.ward_id} {self.inspector_id}"
