"""Payment layer tables: what is owed (Demand), what is asked for (Bill), what was paid (Payment),
what the payer holds as proof (Receipt), money kept for the payer (Credit), money given back
(Refund), and the counter's end-of-day (DayClose).

Every tenant-owned row carries `pourashava`. Amounts are Decimal taka (MoneyField)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from backend.common.money import ZERO, MoneyField
from backend.common.text import in_language
from backend.municipality.models import Pourashava


class RevenueHead(models.Model):
    """A head money is reported under (holding tax, conservancy, rebate...)."""

    code = models.CharField(max_length=40, primary_key=True, verbose_name=_("code"))
    name_en = models.CharField(max_length=100, verbose_name=_("name (English)"))
    name_bn = models.CharField(max_length=100, verbose_name=_("name (Bangla)"))
    order = models.PositiveSmallIntegerField(default=100, verbose_name=_("order"))
    is_adjustment = models.BooleanField(
        default=False,
        help_text=_("Rebate or surcharge: added by bill rules, not by demands."),
        verbose_name=_("adjustment"),
    )
    # What the ministry's revenue monitor reports it under (registry.SECTORS), and the body it
    # is collected for ("nbr": VAT, source tax), empty for the pourashava's own revenue.
    sector = models.CharField(max_length=20, default="other", verbose_name=_("sector"))
    collected_for = models.CharField(
        max_length=20,
        blank=True,
        default="",
        help_text=_("Empty for the pourashava's own revenue; otherwise the body it is for."),
        verbose_name=_("collected for"),
    )

    class Meta:
        verbose_name = _("revenue head")
        verbose_name_plural = _("revenue heads")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{in_language(self.name_en, self.name_bn)} ({self.code})"


class DemandStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PARTIALLY_PAID = "partially_paid", _("Partially paid")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_DEMAND_STATUSES = (DemandStatus.OPEN, DemandStatus.PARTIALLY_PAID)


def period_label(fiscal_year: str, quarter: int | None, month: int | None) -> str:
    if quarter:
        return f"{fiscal_year} Q{quarter}"
    if month:
        return f"{fiscal_year} M{month:02d}"
    return fiscal_year


class Demand(models.Model):
    """What a payer owes a pourashava for one service object and period, split by head."""

    # No single-column indexes: demand_natural_key leads with pourashava, and
    # demand_citizen_status with citizen (each extra index slows bulk generation).
    pourashava = models.ForeignKey(
        Pourashava,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("pourashava"),
    )
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
        db_index=False,
        verbose_name=_("citizen"),
    )
    service_code = models.CharField(max_length=40, verbose_name=_("service"))
    object_type = models.CharField(max_length=60, blank=True, verbose_name=_("object type"))
    object_id = models.CharField(max_length=64, blank=True, verbose_name=_("object ID"))
    object_label = models.CharField(max_length=200, blank=True, verbose_name=_("object"))
    natural_key = models.CharField(
        max_length=200,
        help_text=_("Given by the service; raising the same key twice is a no-op."),
        verbose_name=_("natural key"),
    )
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    period_quarter = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("quarter")
    )
    period_month = models.PositiveSmallIntegerField(null=True, blank=True, verbose_name=_("month"))
    due_date = models.DateField(verbose_name=_("due date"))
    status = models.CharField(
        max_length=16,
        choices=DemandStatus.choices,
        default=DemandStatus.OPEN,
        verbose_name=_("status"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    updated_at = models.DateTimeField(auto_now=True, verbose_name=_("updated"))

    class Meta:
        verbose_name = _("demand")
        verbose_name_plural = _("demands")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "service_code", "natural_key"], name="demand_natural_key"
            ),
        ]
        indexes = [
            models.Index(fields=["citizen", "status"], name="demand_citizen_status"),
            # A service object's demands (a holding's ledger, its clearance check): looked up
            # without the pourashava, so it must not lead the index.
            models.Index(fields=["service_code", "object_type", "object_id"], name="demand_object"),
        ]

    def __str__(self) -> str:
        return f"{self.object_label or self.natural_key}, {self.period_label}"

    @property
    def period_label(self) -> str:
        return period_label(self.fiscal_year, self.period_quarter, self.period_month)

    def lines_total(self) -> tuple:
        """(amount, paid) over prefetched lines."""
        lines = list(self.lines.all())
        return (
            sum((line.amount for line in lines), ZERO),
            sum((line.amount_paid for line in lines), ZERO),
        )


class DemandLine(models.Model):
    """One head's amount of a demand. A quarter's generation writes about five per holding, so
    these rows carry no row-by-row foreign-key checks (each cost more than the row's insert):
    on PostgreSQL one check per statement refuses lines whose demand or head does not exist or
    whose pourashava is not their demand's, and refuses deleting a demand or head that has lines
    or changing its key (or the demand's pourashava) (migration 0004). The ORM still protects
    them (on_delete=PROTECT) and joins them as usual."""

    pourashava = models.ForeignKey(  # the demand's, repeated for tenant scoping
        Pourashava,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
        verbose_name=_("pourashava"),
    )
    demand = models.ForeignKey(
        Demand,
        on_delete=models.PROTECT,
        related_name="lines",
        db_constraint=False,
        verbose_name=_("demand"),
    )
    head = models.ForeignKey(
        RevenueHead,
        on_delete=models.PROTECT,
        related_name="+",
        db_constraint=False,
        db_index=False,
        verbose_name=_("revenue head"),
    )
    amount = MoneyField(verbose_name=_("amount"))
    amount_paid = MoneyField(default=ZERO, verbose_name=_("amount paid"))

    class Meta:
        verbose_name = _("demand line")
        verbose_name_plural = _("demand lines")
        ordering = ["demand_id", "head__order", "id"]

    def __str__(self) -> str:
        return f"{self.head_id} {self.amount}"

    @property
    def outstanding(self):
        return self.amount - self.amount_paid


class BillStatus(models.TextChoices):
    OPEN = "open", _("Open")
    PAID = "paid", _("Paid")
    SUPERSEDED = "superseded", _("Superseded")  # its demands changed (e.g. paid at the counter)


class Bill(models.Model):
    """Open demands of one payer in one pourashava, plus rebate/surcharge as of a date."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bills",
        verbose_name=_("citizen"),
    )
    number = models.CharField(max_length=40, unique=True, verbose_name=_("number"))
    as_of = models.DateField(verbose_name=_("as of"))
    valid_until = models.DateTimeField(verbose_name=_("valid until"))
    total = MoneyField(verbose_name=_("total"))
    status = models.CharField(
        max_length=12, choices=BillStatus.choices, default=BillStatus.OPEN, verbose_name=_("status")
    )
    demands = models.ManyToManyField(Demand, related_name="bills", verbose_name=_("demands"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    paid_at = models.DateTimeField(null=True, blank=True, verbose_name=_("paid"))

    class Meta:
        verbose_name = _("bill")
        verbose_name_plural = _("bills")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) > self.valid_until


class BillLine(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    bill = models.ForeignKey(
        Bill, on_delete=models.PROTECT, related_name="lines", verbose_name=_("bill")
    )
    demand = models.ForeignKey(
        Demand, on_delete=models.PROTECT, related_name="+", verbose_name=_("demand")
    )
    demand_line = models.ForeignKey(
        DemandLine,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("demand line"),
    )  # empty for an adjustment (rebate, surcharge)
    head = models.ForeignKey(
        RevenueHead, on_delete=models.PROTECT, related_name="+", verbose_name=_("revenue head")
    )
    amount = MoneyField(verbose_name=_("amount"))
    note = models.CharField(max_length=200, blank=True, verbose_name=_("note"))

    class Meta:
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")
        ordering = ["bill_id", "demand_id", "head__order", "id"]

    def __str__(self) -> str:
        return f"{self.head_id} {self.amount}"


class Channel(models.TextChoices):
    BKASH = "bkash", _("bKash")
    NAGAD = "nagad", _("Nagad")
    SSLCOMMERZ = "sslcommerz", _("SSLCommerz")
    COUNTER = "counter", _("Pourashava counter")
    UDC = "udc", _("UDC")


ONLINE_CHANNELS = (Channel.BKASH, Channel.NAGAD, Channel.SSLCOMMERZ)


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")  # started at the gateway, outcome not known yet
    SETTLED = "settled", _("Settled")  # applied to its bill/demands, receipt issued
    CREDITED = "credited", _("Credited")  # money taken but nothing left to pay: kept as a credit
    FAILED = "failed", _("Failed")
    FLAGGED = "flagged", _("Flagged")  # the gateway's answer did not match: held for review


FINAL_PAYMENT_STATUSES = (
    PaymentStatus.SETTLED,
    PaymentStatus.CREDITED,
    PaymentStatus.FAILED,
    PaymentStatus.FLAGGED,
)


class Payment(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("citizen"),
    )
    bill = models.ForeignKey(
        Bill,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
        verbose_name=_("bill"),
    )
    channel = models.CharField(max_length=12, choices=Channel.choices, verbose_name=_("channel"))
    reference = models.CharField(max_length=30, unique=True, verbose_name=_("reference"))
    amount = MoneyField(verbose_name=_("amount"))
    currency = models.CharField(max_length=3, default="BDT", verbose_name=_("currency"))
    status = models.CharField(
        max_length=10,
        choices=PaymentStatus.choices,
        default=PaymentStatus.PENDING,
        verbose_name=_("status"),
    )
    gateway_reference = models.CharField(
        max_length=100, blank=True, verbose_name=_("gateway reference")
    )
    # NULL, not "", when unknown: unique among the known ones only.
    gateway_transaction_id = models.CharField(  # noqa: DJ001
        max_length=100, null=True, blank=True, verbose_name=_("gateway transaction ID")
    )
    redirect_url = models.URLField(max_length=1000, blank=True, verbose_name=_("redirect URL"))
    flag_reason = models.CharField(max_length=200, blank=True, verbose_name=_("reason flagged"))
    # Counter / UDC cash: who took the money, where, for whom.
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collector"),
    )
    udc_centre = models.ForeignKey(
        "identity.UdcCentre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("UDC centre"),
    )
    assisted_session = models.ForeignKey(
        "identity.AssistedSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assisted session"),
    )
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("initiated by"),
    )
    created_at = models.DateTimeField(
        default=timezone.now, db_index=True, verbose_name=_("created")
    )
    settled_at = models.DateTimeField(null=True, blank=True, verbose_name=_("settled"))

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One open online payment per bill.
            models.UniqueConstraint(
                fields=["bill"],
                condition=Q(status="pending"),
                name="payment_one_open_per_bill",
            ),
            models.UniqueConstraint(
                fields=["channel", "gateway_transaction_id"],
                condition=Q(gateway_transaction_id__isnull=False),
                name="payment_gateway_txn_unique",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"], name="payment_status_created")]

    def __str__(self) -> str:
        return gettext("%(reference)s: %(amount)s by %(channel)s, %(status)s") % {
            "reference": self.reference,
            "amount": self.amount,
            "channel": self.get_channel_display(),
            "status": self.get_status_display(),
        }

    @property
    def is_online(self) -> bool:
        return self.channel in ONLINE_CHANNELS


class GatewayEvent(models.Model):
    """Every exchange with a gateway about a payment, raw payload kept (append-only)."""

    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="events", verbose_name=_("payment")
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    kind = models.CharField(
        max_length=20, verbose_name=_("kind")
    )  # start | callback | confirm | query | refund
    payload = models.JSONField(
        default=dict, blank=True, verbose_name=_("payload")
    )  # what we received (untrusted)
    answer = models.JSONField(
        default=dict, blank=True, verbose_name=_("gateway's answer")
    )  # what the gateway itself said
    outcome = models.CharField(max_length=40, blank=True, verbose_name=_("outcome"))
    mismatch = models.BooleanField(default=False, verbose_name=_("mismatch"))
    at = models.DateTimeField(default=timezone.now, verbose_name=_("time"))

    class Meta:
        verbose_name = _("gateway event")
        verbose_name_plural = _("gateway events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome}"


class Receipt(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    number = models.CharField(max_length=40, unique=True, verbose_name=_("number"))
    fiscal_year = models.CharField(max_length=7, verbose_name=_("fiscal year"))
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="receipt", verbose_name=_("payment")
    )
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
        verbose_name=_("citizen"),
    )
    payer_name_en = models.CharField(
        max_length=150, blank=True, verbose_name=_("payer name (English)")
    )
    payer_name_bn = models.CharField(
        max_length=150, blank=True, verbose_name=_("payer name (Bangla)")
    )
    total = MoneyField(verbose_name=_("total"))
    channel = models.CharField(max_length=12, choices=Channel.choices, verbose_name=_("channel"))
    paid_at = models.DateTimeField(verbose_name=_("paid"))
    issued_at = models.DateTimeField(default=timezone.now, verbose_name=_("issued"))
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collector"),
    )
    udc_centre = models.ForeignKey(
        "identity.UdcCentre",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("UDC centre"),
    )
    document_token = models.CharField(max_length=500, blank=True, verbose_name=_("document token"))

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["collector", "paid_at"], name="receipt_collector_day")]

    def __str__(self) -> str:
        return self.number


class ReceiptLine(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    receipt = models.ForeignKey(
        Receipt, on_delete=models.PROTECT, related_name="lines", verbose_name=_("receipt")
    )
    demand = models.ForeignKey(
        Demand, on_delete=models.PROTECT, related_name="+", verbose_name=_("demand")
    )
    head = models.ForeignKey(
        RevenueHead, on_delete=models.PROTECT, related_name="+", verbose_name=_("revenue head")
    )
    amount = MoneyField(verbose_name=_("amount"))

    class Meta:
        verbose_name = _("receipt line")
        verbose_name_plural = _("receipt lines")
        ordering = ["receipt_id", "head__order", "id"]

    def __str__(self) -> str:
        return f"{self.head_id} {self.amount}"


class CreditStatus(models.TextChoices):
    OPEN = "open", _("Open")
    REFUNDED = "refunded", _("Refunded")


class Credit(models.Model):
    """Money received with nothing left to pay (e.g. a second gateway success for a paid bill).
    Never lost, never applied twice: it stays here until refunded."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="credits",
        verbose_name=_("citizen"),
    )
    payment = models.OneToOneField(
        Payment, on_delete=models.PROTECT, related_name="credit", verbose_name=_("payment")
    )
    amount = MoneyField(verbose_name=_("amount"))
    amount_refunded = MoneyField(default=ZERO, verbose_name=_("amount refunded"))
    reason = models.CharField(max_length=200, verbose_name=_("reason"))
    status = models.CharField(
        max_length=10, choices=CreditStatus.choices, default="open", verbose_name=_("status")
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("credit")
        verbose_name_plural = _("credits")

    def __str__(self) -> str:
        return gettext("Credit of %(amount)s (%(reference)s)") % {
            "amount": self.amount,
            "reference": self.payment.reference,
        }

    @property
    def remaining(self):
        return self.amount - self.amount_refunded


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    COMPLETED = "completed", _("Completed")
    FAILED = "failed", _("Failed")
    REJECTED = "rejected", _("Rejected")


class Refund(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    payment = models.ForeignKey(
        Payment, on_delete=models.PROTECT, related_name="refunds", verbose_name=_("payment")
    )
    credit = models.ForeignKey(
        Credit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="refunds",
        verbose_name=_("credit"),
    )
    amount = MoneyField(verbose_name=_("amount"))
    reason = models.CharField(max_length=300, verbose_name=_("reason"))
    method = models.CharField(max_length=10, verbose_name=_("method"))  # gateway | cash
    status = models.CharField(
        max_length=10,
        choices=RefundStatus.choices,
        default=RefundStatus.REQUESTED,
        verbose_name=_("status"),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("requested by"),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("approved by"),
    )
    gateway_refund_id = models.CharField(
        max_length=100, blank=True, verbose_name=_("gateway refund ID")
    )
    raw = models.JSONField(default=dict, blank=True, verbose_name=_("gateway's answer"))
    requested_at = models.DateTimeField(default=timezone.now, verbose_name=_("requested"))
    decided_at = models.DateTimeField(null=True, blank=True, verbose_name=_("decided"))

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return gettext("Refund of %(amount)s (%(status)s)") % {
            "amount": self.amount,
            "status": self.get_status_display(),
        }


class DayClose(models.Model):
    """A collector's counter day, totalled by head and compared with the cash declared. Once it
    exists, that collector takes no more counter payments for that pourashava and date."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("collector"),
    )
    date = models.DateField(verbose_name=_("date"))
    totals_by_head = models.JSONField(default=dict, verbose_name=_("totals by head"))
    receipt_count = models.PositiveIntegerField(default=0, verbose_name=_("receipts"))
    expected_total = MoneyField(verbose_name=_("expected total"))
    declared_cash = MoneyField(verbose_name=_("cash declared"))
    difference = MoneyField(verbose_name=_("difference"))  # declared - expected
    flagged = models.BooleanField(default=False, verbose_name=_("flagged"))
    closed_at = models.DateTimeField(default=timezone.now, verbose_name=_("closed"))

    class Meta:
        verbose_name = _("counter day-close")
        verbose_name_plural = _("counter day-closes")
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "collector", "date"], name="day_close_unique"
            ),
        ]

    def __str__(self) -> str:
        return gettext("Day-close of %(date)s by %(collector)s") % {
            "date": date_format(self.date),
            "collector": self.collector,
        }


class IdempotencyStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class IdempotencyRecord(models.Model):
    """First answer to a request made with an Idempotency-Key, per caller and endpoint."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    endpoint = models.CharField(max_length=60, verbose_name=_("endpoint"))
    key = models.CharField(max_length=255, verbose_name=_("key"))
    request_hash = models.CharField(max_length=64, verbose_name=_("request hash"))
    status = models.CharField(
        max_length=12, choices=IdempotencyStatus.choices, verbose_name=_("status")
    )
    response_code = models.PositiveSmallIntegerField(
        null=True, blank=True, verbose_name=_("response code")
    )
    response_body = models.JSONField(null=True, blank=True, verbose_name=_("response body"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))
    expires_at = models.DateTimeField(db_index=True, verbose_name=_("expires"))

    class Meta:
        verbose_name = _("idempotency record")
        verbose_name_plural = _("idempotency records")
        constraints = [
            models.UniqueConstraint(fields=["user", "endpoint", "key"], name="idempotency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"
