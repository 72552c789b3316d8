"""Payment layer tables: what is owed (Demand), what is asked for (Bill), what was paid (Payment),
what the payer holds as proof (Receipt), money kept for the payer (Credit), money given back
(Refund), and the counter's end-of-day (DayClose).

Every tenant-owned row carries `pourashava`. Amounts are Decimal taka (MoneyField)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from backend.common.money import ZERO, MoneyField
from backend.municipality.models import Pourashava


class RevenueHead(models.Model):
    """A head money is reported under (holding tax, conservancy, rebate...)."""

    code = models.CharField(max_length=40, primary_key=True)
    name_en = models.CharField(max_length=100)
    name_bn = models.CharField(max_length=100)
    order = models.PositiveSmallIntegerField(default=100)
    is_adjustment = models.BooleanField(
        default=False, help_text="Rebate or surcharge: added by bill rules, not by demands."
    )

    class Meta:
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class DemandStatus(models.TextChoices):
    OPEN = "open", "Open"
    PARTIALLY_PAID = "partially_paid", "Partially paid"
    PAID = "paid", "Paid"
    CANCELLED = "cancelled", "Cancelled"


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
        Pourashava, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="demands",
        db_index=False,
    )
    service_code = models.CharField(max_length=40)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(max_length=200, blank=True)
    natural_key = models.CharField(
        max_length=200, help_text="Given by the service; raising the same key twice is a no-op."
    )
    fiscal_year = models.CharField(max_length=7)
    period_quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    period_month = models.PositiveSmallIntegerField(null=True, blank=True)
    due_date = models.DateField()
    status = models.CharField(
        max_length=16, choices=DemandStatus.choices, default=DemandStatus.OPEN
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
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
        return f"{self.service_code} {self.object_label or self.natural_key} {self.fiscal_year}"

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
        Pourashava, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    demand = models.ForeignKey(
        Demand, on_delete=models.PROTECT, related_name="lines", db_constraint=False
    )
    head = models.ForeignKey(
        RevenueHead, on_delete=models.PROTECT, related_name="+", db_constraint=False, db_index=False
    )
    amount = MoneyField()
    amount_paid = MoneyField(default=ZERO)

    class Meta:
        ordering = ["demand_id", "head__order", "id"]

    def __str__(self) -> str:
        return f"{self.head_id} {self.amount}"

    @property
    def outstanding(self):
        return self.amount - self.amount_paid


class BillStatus(models.TextChoices):
    OPEN = "open", "Open"
    PAID = "paid", "Paid"
    SUPERSEDED = "superseded", "Superseded"  # its demands changed (e.g. paid at the counter)


class Bill(models.Model):
    """Open demands of one payer in one pourashava, plus rebate/surcharge as of a date."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(
        "identity.Citizen", null=True, blank=True, on_delete=models.PROTECT, related_name="bills"
    )
    number = models.CharField(max_length=40, unique=True)
    as_of = models.DateField()
    valid_until = models.DateTimeField()
    total = MoneyField()
    status = models.CharField(max_length=12, choices=BillStatus.choices, default=BillStatus.OPEN)
    demands = models.ManyToManyField(Demand, related_name="bills")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    paid_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.number

    def is_expired(self, now=None) -> bool:
        return (now or timezone.now()) > self.valid_until


class BillLine(models.Model):
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    bill = models.ForeignKey(Bill, on_delete=models.PROTECT, related_name="lines")
    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="+")
    demand_line = models.ForeignKey(
        DemandLine, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # empty for an adjustment (rebate, surcharge)
    head = models.ForeignKey(RevenueHead, on_delete=models.PROTECT, related_name="+")
    amount = MoneyField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["bill_id", "demand_id", "head__order", "id"]

    def __str__(self) -> str:
        return f"{self.head_id} {self.amount}"


class Channel(models.TextChoices):
    BKASH = "bkash", "bKash"
    NAGAD = "nagad", "Nagad"
    SSLCOMMERZ = "sslcommerz", "SSLCommerz"
    COUNTER = "counter", "Pourashava counter"
    UDC = "udc", "UDC"


ONLINE_CHANNELS = (Channel.BKASH, Channel.NAGAD, Channel.SSLCOMMERZ)


class PaymentStatus(models.TextChoices):
    PENDING = "pending", "Pending"  # started at the gateway, outcome not known yet
    SETTLED = "settled", "Settled"  # applied to its bill/demands, receipt issued
    CREDITED = "credited", "Credited"  # money taken but nothing left to pay: kept as a credit
    FAILED = "failed", "Failed"
    FLAGGED = "flagged", "Flagged"  # the gateway's answer did not match: held for review


FINAL_PAYMENT_STATUSES = (
    PaymentStatus.SETTLED,
    PaymentStatus.CREDITED,
    PaymentStatus.FAILED,
    PaymentStatus.FLAGGED,
)


class Payment(models.Model):
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="payments",
    )
    bill = models.ForeignKey(
        Bill, null=True, blank=True, on_delete=models.PROTECT, related_name="payments"
    )
    channel = models.CharField(max_length=12, choices=Channel.choices)
    reference = models.CharField(max_length=30, unique=True)
    amount = MoneyField()
    currency = models.CharField(max_length=3, default="BDT")
    status = models.CharField(
        max_length=10, choices=PaymentStatus.choices, default=PaymentStatus.PENDING
    )
    gateway_reference = models.CharField(max_length=100, blank=True)
    # NULL, not "", when unknown: unique among the known ones only.
    gateway_transaction_id = models.CharField(max_length=100, null=True, blank=True)  # noqa: DJ001
    redirect_url = models.URLField(max_length=1000, blank=True)
    flag_reason = models.CharField(max_length=200, blank=True)
    # Counter / UDC cash: who took the money, where, for whom.
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    udc_centre = models.ForeignKey(
        "identity.UdcCentre", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    assisted_session = models.ForeignKey(
        "identity.AssistedSession",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    initiated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
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
        return f"{self.reference} {self.channel} {self.amount} {self.status}"

    @property
    def is_online(self) -> bool:
        return self.channel in ONLINE_CHANNELS


class GatewayEvent(models.Model):
    """Every exchange with a gateway about a payment, raw payload kept (append-only)."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="events")
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20)  # start | callback | confirm | query | refund
    payload = models.JSONField(default=dict, blank=True)  # what we received (untrusted)
    answer = models.JSONField(default=dict, blank=True)  # what the gateway itself said
    outcome = models.CharField(max_length=40, blank=True)
    mismatch = models.BooleanField(default=False)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.kind} {self.outcome}"


class Receipt(models.Model):
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    number = models.CharField(max_length=40, unique=True)
    fiscal_year = models.CharField(max_length=7)
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="receipt")
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="receipts",
    )
    payer_name_en = models.CharField(max_length=150, blank=True)
    payer_name_bn = models.CharField(max_length=150, blank=True)
    total = MoneyField()
    channel = models.CharField(max_length=12, choices=Channel.choices)
    paid_at = models.DateTimeField()
    issued_at = models.DateTimeField(default=timezone.now)
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    udc_centre = models.ForeignKey(
        "identity.UdcCentre", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document_token = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["collector", "paid_at"], name="receipt_collector_day")]

    def __str__(self) -> str:
        return self.number


class ReceiptLine(models.Model):
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="lines")
    demand = models.ForeignKey(Demand, on_delete=models.PROTECT, related_name="+")
    head = models.ForeignKey(RevenueHead, on_delete=models.PROTECT, related_name="+")
    amount = MoneyField()

    class Meta:
        ordering = ["receipt_id", "head__order", "id"]

    def __str__(self) -> str:
        return f"{self.head_id} {self.amount}"


class CreditStatus(models.TextChoices):
    OPEN = "open", "Open"
    REFUNDED = "refunded", "Refunded"


class Credit(models.Model):
    """Money received with nothing left to pay (e.g. a second gateway success for a paid bill).
    Never lost, never applied twice: it stays here until refunded."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    citizen = models.ForeignKey(
        "identity.Citizen", null=True, blank=True, on_delete=models.PROTECT, related_name="credits"
    )
    payment = models.OneToOneField(Payment, on_delete=models.PROTECT, related_name="credit")
    amount = MoneyField()
    amount_refunded = MoneyField(default=ZERO)
    reason = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=CreditStatus.choices, default="open")
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Credit {self.amount} ({self.payment.reference})"

    @property
    def remaining(self):
        return self.amount - self.amount_refunded


class RefundStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    COMPLETED = "completed", "Completed"
    FAILED = "failed", "Failed"
    REJECTED = "rejected", "Rejected"


class Refund(models.Model):
    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="refunds")
    credit = models.ForeignKey(
        Credit, null=True, blank=True, on_delete=models.PROTECT, related_name="refunds"
    )
    amount = MoneyField()
    reason = models.CharField(max_length=300)
    method = models.CharField(max_length=10)  # gateway | cash
    status = models.CharField(
        max_length=10, choices=RefundStatus.choices, default=RefundStatus.REQUESTED
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    gateway_refund_id = models.CharField(max_length=100, blank=True)
    raw = models.JSONField(default=dict, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]

    def __str__(self) -> str:
        return f"Refund {self.amount} ({self.status})"


class DayClose(models.Model):
    """A collector's counter day, totalled by head and compared with the cash declared. Once it
    exists, that collector takes no more counter payments for that pourashava and date."""

    pourashava = models.ForeignKey(Pourashava, on_delete=models.PROTECT, related_name="+")
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField()
    totals_by_head = models.JSONField(default=dict)
    receipt_count = models.PositiveIntegerField(default=0)
    expected_total = MoneyField()
    declared_cash = MoneyField()
    difference = MoneyField()  # declared - expected
    flagged = models.BooleanField(default=False)
    closed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["pourashava", "collector", "date"], name="day_close_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"Day-close {self.date} by {self.collector_id}"


class IdempotencyStatus(models.TextChoices):
    IN_PROGRESS = "in_progress", "In progress"
    DONE = "done", "Done"


class IdempotencyRecord(models.Model):
    """First answer to a request made with an Idempotency-Key, per caller and endpoint."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    endpoint = models.CharField(max_length=60)
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status = models.CharField(max_length=12, choices=IdempotencyStatus.choices)
    response_code = models.PositiveSmallIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "endpoint", "key"], name="idempotency_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.endpoint} {self.key}"
