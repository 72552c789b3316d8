"""The pourashava's leasable property and its lease years: the register, the yearly outcome of
each (property, Bangla year), reserve prices, tender calls with their bids, leases, direct
(khas) collection and the dated rates (uplift, VAT, income tax) the sums come from.

Every row carries `pourashava`, so the panel and API scope it by construction."""

import builtins

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backend.common.money import MoneyField
from backend.common.text import in_language
from backend.identity.models import Citizen
from backend.municipality.models import Pourashava, Ward


class PropertyKind(models.TextChoices):
    HAT_BAZAR = "hat_bazar", _("Hat-bazar")
    TEMP_CATTLE_HAT = "temp_cattle_hat", _("Temporary cattle hat")
    FERRY_GHAT = "ferry_ghat", _("Ferry ghat")
    SLAUGHTERHOUSE = "slaughterhouse", _("Slaughterhouse")
    STAND = "stand", _("Bus or truck stand")
    POND = "pond", _("Pond")
    MARKET_SHOP = "market_shop", _("Market shop")
    OTHER = "other", _("Other estate")


# Kinds the Hat and Bazar Act 2023 (ss.3-4) lets a pourashava run only with the DC's approval.
NEEDS_DC_APPROVAL = (PropertyKind.HAT_BAZAR, PropertyKind.TEMP_CATTLE_HAT)


class PropertyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    SUSPENDED = "suspended", _("Suspended")
    CLOSED = "closed", _("Closed")


class Outcome(models.TextChoices):
    LEASED = "leased", _("Leased")
    DIRECT = "direct", _("Directly collected")
    NOT_OPERATED = "not_operated", _("Not operated")
    PENDING = "pending", _("Pending")


class NonLeaseReason(models.TextChoices):
    NO_BID = "no_bid", _("No bid")
    BELOW_RESERVE = "below_reserve", _("All bids below the reserve")
    BIDS_INVALID = "bids_invalid", _("Bids invalid")
    COURT_STAY = "court_stay", _("Court stay")
    APPROVAL_PENDING = "approval_pending", _("Approval pending")
    UNUSABLE = "unusable", _("Unusable")
    COLLUSION = "collusion", _("Collusion suspected")
    OTHER = "other", _("Other")


class RateKind(models.TextChoices):
    UPLIFT = "uplift", _("Reserve uplift")
    VAT = "vat", _("VAT")
    INCOME_TAX = "income_tax", _("Income tax")


class Property(models.Model):
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
    code = models.CharField(max_length=30, verbose_name=_("code"))
    name_en = models.CharField(max_length=150, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=150, verbose_name=_("name (Bangla)"))
    kind = models.CharField(max_length=20, choices=PropertyKind.choices, verbose_name=_("kind"))
    mouza = models.CharField(max_length=100, blank=True, verbose_name=_("mouza"))
    dag = models.CharField(max_length=100, blank=True, verbose_name=_("dag number"))
    area_sqm = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True, verbose_name=_("area (m²)")
    )
    hat_days = models.CharField(
        max_length=60,
        blank=True,
        help_text=_("Weekdays the hat sits."),
        verbose_name=_("hat days"),
    )
    dc_approval_ref = models.CharField(
        max_length=120,
        blank=True,
        help_text=_("The Deputy Commissioner's approval (required for a hat-bazar or cattle hat)."),
        verbose_name=_("DC approval reference"),
    )
    status = models.CharField(
        max_length=12,
        choices=PropertyStatus.choices,
        default=PropertyStatus.ACTIVE,
        verbose_name=_("status"),
    )
    is_demo = models.BooleanField(default=False, verbose_name=_("demo data"))

    class Meta:
        verbose_name = _("leasable property")
        verbose_name_plural = _("leasable properties")
        ordering = ["pourashava", "code"]
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "code"], name="estate_property_code"),
            models.CheckConstraint(
                condition=~Q(kind__in=[k.value for k in NEEDS_DC_APPROVAL])
                | ~Q(dc_approval_ref=""),
                name="estate_hat_needs_dc_approval",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {in_language(self.name_en, self.name_bn)}"


class YearOutcome(models.Model):
    """What happened to a property in one Bangla lease year: exactly one row per (property,
    year), so a lease and a direct collection can never both stand."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="outcomes", verbose_name=_("property")
    )
    year = models.PositiveIntegerField(verbose_name=_("Bangla year"))
    outcome = models.CharField(
        max_length=14, choices=Outcome.choices, default=Outcome.PENDING, verbose_name=_("outcome")
    )
    reason = models.CharField(
        max_length=20, choices=NonLeaseReason.choices, blank=True, verbose_name=_("reason")
    )
    reason_text = models.TextField(blank=True, verbose_name=_("reason (text)"))
    realised_value = MoneyField(null=True, blank=True, verbose_name=_("realised value"))
    is_demo = models.BooleanField(default=False, verbose_name=_("demo data"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated at"))

    class Meta:
        verbose_name = _("lease year outcome")
        verbose_name_plural = _("lease year outcomes")
        ordering = ["property", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["property", "year"], name="estate_one_outcome_a_year"),
            models.CheckConstraint(
                condition=Q(outcome__in=["leased", "pending"]) | ~Q(reason=""),
                name="estate_not_leased_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(realised_value__isnull=True) | Q(realised_value__gte=0),
                name="estate_realised_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["pourashava", "year"], name="estate_outcome_year")]

    def __str__(self) -> str:
        return f"{self.property} {self.year}: {self.get_outcome_display()}"


class ValueCorrection(models.Model):
    """A change to a realised value after a later reserve price was computed from it."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    outcome = models.ForeignKey(
        YearOutcome,
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("outcome"),
    )
    old_value = MoneyField(null=True, verbose_name=_("old value"))
    new_value = MoneyField(verbose_name=_("new value"))
    reason = models.TextField(verbose_name=_("reason"))
    corrected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("corrected by"),
    )
    corrected_at = models.DateTimeField(auto_now_add=True, verbose_name=_("corrected at"))

    class Meta:
        verbose_name = _("value correction")
        verbose_name_plural = _("value corrections")
        ordering = ["-corrected_at"]

    def __str__(self) -> str:
        return f"{self.outcome}: {self.old_value} → {self.new_value}"


class RateRule(models.Model):
    """A dated rate (percent): the reserve uplift, VAT or income tax on a lease, optionally for
    one kind of property. National: the ministry's and NBR's rates, not one pourashava's."""

    rate_kind = models.CharField(max_length=12, choices=RateKind.choices, verbose_name=_("rate"))
    property_kind = models.CharField(
        max_length=20,
        choices=PropertyKind.choices,
        blank=True,
        help_text=_("Empty: every kind."),
        verbose_name=_("property kind"),
    )
    effective_from = models.DateField(verbose_name=_("effective from"))
    percent = models.DecimalField(max_digits=6, decimal_places=2, verbose_name=_("percent"))
    source = models.TextField(blank=True, verbose_name=_("source"))
    is_demo = models.BooleanField(default=False, verbose_name=_("demo data"))

    class Meta:
        verbose_name = _("lease rate rule")
        verbose_name_plural = _("lease rate rules")
        ordering = ["rate_kind", "property_kind", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["rate_kind", "property_kind", "effective_from"], name="estate_rate_dated"
            )
        ]

    def __str__(self) -> str:
        kind = f" ({self.get_property_kind_display()})" if self.property_kind else ""
        return f"{self.get_rate_kind_display()}{kind} {self.percent}%, {self.effective_from}"


class ReservePrice(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="reserves", verbose_name=_("property")
    )
    year = models.PositiveIntegerField(verbose_name=_("Bangla year"))
    # [[year, amount, outcome], ...]: the realised values the average was taken from.
    basis = models.JSONField(default=list, verbose_name=_("basis"))
    years_used = models.PositiveSmallIntegerField(default=0, verbose_name=_("years used"))
    average = MoneyField(verbose_name=_("average"))
    uplift_percent = models.DecimalField(
        max_digits=6, decimal_places=2, verbose_name=_("uplift (%)")
    )
    computed_amount = MoneyField(verbose_name=_("computed reserve"))
    computed_at = models.DateTimeField(verbose_name=_("computed at"))
    override_amount = MoneyField(null=True, blank=True, verbose_name=_("override amount"))
    override_reason = models.TextField(blank=True, verbose_name=_("override reason"))
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("override asked by"),
    )
    override_approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("override approved by"),
    )
    override_approved_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("override approved at")
    )

    class Meta:
        verbose_name = _("reserve price")
        verbose_name_plural = _("reserve prices")
        ordering = ["property", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["property", "year"], name="estate_one_reserve_a_year"),
            models.CheckConstraint(
                condition=Q(override_amount__isnull=True) | ~Q(override_reason=""),
                name="estate_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.property} {self.year}"

    @builtins.property
    def amount(self):
        """The reserve in force: an approved override, else the computed figure."""
        if self.override_amount is not None and self.override_approved_at is not None:
            return self.override_amount
        return self.computed_amount

    @builtins.property
    def partial(self) -> bool:
        return self.years_used < 3


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")
    OPENED = "opened", _("Opened")
    AWARDED = "awarded", _("Awarded")
    FAILED = "failed", _("Failed")


class TenderCall(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    number = models.CharField(max_length=40, unique=True, verbose_name=_("number"))
    year = models.PositiveIntegerField(verbose_name=_("lease year (Bangla)"))
    call_no = models.PositiveSmallIntegerField(default=1, verbose_name=_("call number"))
    schedule_price = MoneyField(default=0, verbose_name=_("schedule price"))
    sale_until = models.DateTimeField(verbose_name=_("schedules sold until"))
    deadline = models.DateTimeField(verbose_name=_("submission deadline"))
    opening_at = models.DateTimeField(verbose_name=_("opening at"))
    status = models.CharField(
        max_length=10,
        choices=CallStatus.choices,
        default=CallStatus.DRAFT,
        verbose_name=_("status"),
    )
    notice_bn = models.TextField(blank=True, verbose_name=_("notice (Bangla)"))
    notice_en = models.TextField(blank=True, verbose_name=_("notice (English)"))
    published_at = models.DateTimeField(null=True, blank=True, verbose_name=_("published at"))
    opened_at = models.DateTimeField(null=True, blank=True, verbose_name=_("opened at"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("opened by"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("created at"))

    class Meta:
        verbose_name = _("tender call")
        verbose_name_plural = _("tender calls")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.number


class ItemStatus(models.TextChoices):
    OPEN = "open", _("Open")
    AWARDED = "awarded", _("Awarded")
    FAILED = "failed", _("Failed")


class TenderItem(models.Model):
    """One property offered in a call, with the reserve in force when the call was made."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    call = models.ForeignKey(
        TenderCall, on_delete=models.PROTECT, related_name="items", verbose_name=_("call")
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="+", verbose_name=_("property")
    )
    reserve = models.ForeignKey(
        ReservePrice, on_delete=models.PROTECT, related_name="+", verbose_name=_("reserve")
    )
    status = models.CharField(
        max_length=8, choices=ItemStatus.choices, default=ItemStatus.OPEN, verbose_name=_("status")
    )
    schedules_sold = models.PositiveIntegerField(default=0, verbose_name=_("schedules sold"))

    class Meta:
        verbose_name = _("tender item")
        verbose_name_plural = _("tender items")
        constraints = [
            models.UniqueConstraint(fields=["call", "property"], name="estate_item_once_a_call")
        ]

    def __str__(self) -> str:
        return f"{self.call} {self.property}"


class Bid(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    item = models.ForeignKey(
        TenderItem, on_delete=models.PROTECT, related_name="bids", verbose_name=_("item")
    )
    call = models.ForeignKey(
        TenderCall, on_delete=models.PROTECT, related_name="bids", verbose_name=_("call")
    )
    bidder = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="+", verbose_name=_("bidder")
    )
    bidder_name = models.CharField(max_length=150, verbose_name=_("bidder's name"))
    amount = MoneyField(verbose_name=_("bid amount"))
    earnest_amount = MoneyField(verbose_name=_("earnest money"))
    security_amount = MoneyField(verbose_name=_("security deposit"))
    instrument_ref = models.CharField(
        max_length=80, blank=True, verbose_name=_("pay order / draft number")
    )
    submitted_at = models.DateTimeField(verbose_name=_("submitted at"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    valid = models.BooleanField(null=True, verbose_name=_("valid"))
    invalid_reason = models.CharField(max_length=200, blank=True, verbose_name=_("why invalid"))
    rank = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("rank"))

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["item", "rank", "submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["call", "bidder"], name="estate_one_bid_a_bidder"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="estate_bid_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.bidder_name}: {self.amount}"


class LeaseStatus(models.TextChoices):
    AWAITING_APPROVAL = "awaiting_approval", _("Awaiting approval")
    APPROVED = "approved", _("Approved, money due")
    PAID = "paid", _("Paid")
    AGREEMENT_SIGNED = "agreement_signed", _("Agreement signed")
    CLOSED = "closed", _("Closed, security refunded")
    REJECTED = "rejected", _("Rejected")


class Lease(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="leases", verbose_name=_("property")
    )
    year = models.PositiveIntegerField(verbose_name=_("Bangla year"))
    bid = models.OneToOneField(
        Bid, on_delete=models.PROTECT, related_name="lease", verbose_name=_("winning bid")
    )
    lessee = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="+", verbose_name=_("lessee")
    )
    application = models.OneToOneField(
        "workflow.Application",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approval"),
    )
    amount = MoneyField(verbose_name=_("lease money"))
    vat_percent = models.DecimalField(max_digits=6, decimal_places=2, verbose_name=_("VAT (%)"))
    vat_amount = MoneyField(verbose_name=_("VAT"))
    income_tax_percent = models.DecimalField(
        max_digits=6, decimal_places=2, verbose_name=_("income tax (%)")
    )
    income_tax_amount = MoneyField(verbose_name=_("income tax"))
    security_amount = MoneyField(verbose_name=_("security deposit"))
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(verbose_name=_("ends on"))
    status = models.CharField(
        max_length=20,
        choices=LeaseStatus.choices,
        default=LeaseStatus.AWAITING_APPROVAL,
        verbose_name=_("status"),
    )
    demand = models.ForeignKey(
        "payments.Demand",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demand"),
    )
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("paid at"))
    agreement_date = models.DateField(null=True, blank=True, verbose_name=_("agreement date"))
    stamp_ref = models.CharField(max_length=80, blank=True, verbose_name=_("stamp reference"))
    security_refunded_on = models.DateField(
        null=True, blank=True, verbose_name=_("security refunded on")
    )
    security_refund_ref = models.CharField(
        max_length=80, blank=True, verbose_name=_("security refund reference")
    )
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("awarded by"),
    )
    awarded_at = models.DateTimeField(auto_now_add=True, verbose_name=_("awarded at"))

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["-awarded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["property", "year"],
                condition=~Q(status="rejected"),
                name="estate_one_lease_a_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.property} {self.year}"


class DirectCollection(models.Model):
    """Khas collection: what the pourashava's own collector took on one hat day."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    property = models.ForeignKey(
        Property,
        on_delete=models.PROTECT,
        related_name="collections",
        verbose_name=_("property"),
    )
    year = models.PositiveIntegerField(verbose_name=_("Bangla year"))
    date = models.DateField(verbose_name=_("hat day"))
    amount = MoneyField(verbose_name=_("amount"))
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collector"),
    )
    demand = models.ForeignKey(
        "payments.Demand",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demand"),
    )
    receipt_number = models.CharField(max_length=40, blank=True, verbose_name=_("receipt"))
    created_at = models.DateTimeField(auto_now_add=True, verbose_name=_("recorded at"))

    class Meta:
        verbose_name = _("direct collection")
        verbose_name_plural = _("direct collections")
        ordering = ["-date"]
        constraints = [
            models.UniqueConstraint(fields=["property", "date"], name="estate_one_entry_a_day"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="estate_collection_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.property} {self.date}"


class TenancyStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    ENDED = "ended", _("Ended")


class ShopTenancy(models.Model):
    """A pourashava market shop let to a tenant for a monthly rent (allotted by tender)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    property = models.ForeignKey(
        Property, on_delete=models.PROTECT, related_name="tenancies", verbose_name=_("shop")
    )
    tenant = models.ForeignKey(
        Citizen, on_delete=models.PROTECT, related_name="+", verbose_name=_("tenant")
    )
    tenant_name = models.CharField(max_length=150, verbose_name=_("tenant's name"))
    monthly_rent = MoneyField(verbose_name=_("monthly rent"))
    starts_on = models.DateField(verbose_name=_("starts on"))
    ends_on = models.DateField(null=True, blank=True, verbose_name=_("ends on"))
    status = models.CharField(
        max_length=8,
        choices=TenancyStatus.choices,
        default=TenancyStatus.ACTIVE,
        verbose_name=_("status"),
    )

    class Meta:
        verbose_name = _("shop tenancy")
        verbose_name_plural = _("shop tenancies")
        ordering = ["property"]
        constraints = [
            models.UniqueConstraint(
                fields=["property"],
                condition=Q(status="active"),
                name="estate_one_tenant_a_shop",
            ),
            models.CheckConstraint(condition=Q(monthly_rent__gt=0), name="estate_rent_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.property} {self.tenant_name}"
