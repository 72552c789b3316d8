"""Water billing tables: a pourashava's dated tariffs and fees, connections on registered
holdings, meters and their monthly readings, the monthly billing run and its bills, and
disconnection notices. Money is Decimal taka (MoneyField); a bill's demand lives in the payment
layer (object_type "water_bill", object_id the bill's id)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.money import ZERO, MoneyField
from backend.municipality.models import Pourashava, Ward


class Category(models.TextChoices):
    RESIDENTIAL = "residential", _("Residential")
    INSTITUTIONAL = "institutional", _("Institutional")
    COMMERCIAL = "commercial", _("Commercial")
    INDUSTRIAL = "industrial", _("Industrial")
    UNDER_CONSTRUCTION = "under_construction", _("Under construction")


DOMESTIC = frozenset({Category.RESIDENTIAL})


class StoreyClass(models.TextChoices):
    SINGLE = "single", _("Single storey")
    MULTI = "multi", _("Multi-storey")
    ANY = "any", _("Any")


class Diameter(models.TextChoices):
    HALF = "0.5", _("½ inch")
    THREE_QUARTER = "0.75", _("¾ inch")
    ONE = "1", _("1 inch")
    ONE_HALF = "1.5", _("1½ inch")
    TWO = "2", _("2 inch")
    THREE = "3", _("3 inch")
    ANY = "any", _("Any")


class Basis(models.TextChoices):
    FLAT = "flat", _("Flat monthly")
    METERED = "metered", _("Metered (slabs per kL)")


class WaterSettings(models.Model):
    """A pourashava's billing settings (one row; the model's defaults when it has none)."""

    pourashava = models.OneToOneField(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    due_day = models.PositiveSmallIntegerField(default=10, verbose_name=_("due day of month"))
    due_month_offset = models.PositiveSmallIntegerField(
        default=2,
        help_text=_("A month's bill is due on the due day this many months later."),
        verbose_name=_("months to due date"),
    )
    surcharge_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=20,
        help_text=_("On the unpaid bill after its due date, once (Ellenga: 20%)."),
        verbose_name=_("surcharge percent"),
    )
    sanity_cap_factor = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=10,
        help_text=_("A reading over this many times the 3-month average needs an override."),
        verbose_name=_("sanity cap (x average)"),
    )
    sanity_cap_kl = models.DecimalField(
        max_digits=10,
        decimal_places=3,
        default=200,
        help_text=_("Cap in kL when a connection has no history yet."),
        verbose_name=_("sanity cap without history (kL)"),
    )
    refuse_domestic_with_arrears = models.BooleanField(
        default=False,
        help_text=_("Refuse a residential connection while the holding owes holding tax."),
        verbose_name=_("refuse domestic connection with holding-tax arrears"),
    )
    notice_days = models.PositiveSmallIntegerField(
        default=30, verbose_name=_("disconnection notice (days)")
    )
    is_demo = models.BooleanField(default=False, verbose_name=_("demo values"))

    class Meta:
        verbose_name = _("water billing settings")
        verbose_name_plural = _("water billing settings")

    def __str__(self) -> str:
        return str(self.pourashava)


class Tariff(models.Model):
    """One dated tariff row. Flat rows are matched on category x storey class x diameter;
    metered rows on category (storey class and diameter "any"). A row in effect never changes:
    a new dated row replaces it (services/tariffs.py), and rows of one key never overlap."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    basis = models.CharField(max_length=8, choices=Basis.choices, verbose_name=_("basis"))
    category = models.CharField(max_length=20, choices=Category.choices, verbose_name=_("category"))
    storey_class = models.CharField(
        max_length=8,
        choices=StoreyClass.choices,
        default=StoreyClass.ANY,
        verbose_name=_("storey class"),
    )
    diameter = models.CharField(
        max_length=5, choices=Diameter.choices, default=Diameter.ANY, verbose_name=_("diameter")
    )
    effective_from = models.DateField(verbose_name=_("effective from"))
    effective_to = models.DateField(null=True, blank=True, verbose_name=_("effective to"))
    gazette_ref = models.CharField(
        max_length=200, verbose_name=_("gazette or council resolution reference")
    )
    monthly_amount = MoneyField(default=ZERO, verbose_name=_("monthly amount"))
    per_extra_flat = MoneyField(default=ZERO, verbose_name=_("per extra flat"))
    # Metered: [{"upto_kl": "10", "rate": "10.00"}, ..., {"upto_kl": null, "rate": "16.00"}]
    slabs = models.JSONField(default=list, blank=True, verbose_name=_("slabs"))
    minimum_charge = MoneyField(default=ZERO, verbose_name=_("minimum charge"))
    sewerage_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=0,
        verbose_name=_("sewerage, percent of water charge"),
    )
    sewerage_flat = MoneyField(default=ZERO, verbose_name=_("sewerage flat charge"))
    is_demo = models.BooleanField(default=False, verbose_name=_("demo values"))
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("created"))

    class Meta:
        verbose_name = _("water tariff")
        verbose_name_plural = _("water tariffs")
        ordering = [
            "pourashava",
            "basis",
            "category",
            "storey_class",
            "diameter",
            "-effective_from",
        ]
        indexes = [
            models.Index(
                fields=["pourashava", "basis", "category", "storey_class", "diameter"],
                name="water_tariff_key",
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True)
                | Q(effective_to__gte=models.F("effective_from")),
                name="water_tariff_dates",
            )
        ]

    def __str__(self) -> str:
        key = " ".join(
            str(label)
            for label in (
                self.get_category_display(),
                self.get_storey_class_display(),
                self.get_diameter_display(),
            )
        )
        return f"{self.get_basis_display()} {key} ({self.effective_from})"


class FeeCode(models.TextChoices):
    CONNECTION = "connection", _("Connection")
    RECONNECTION = "reconnection", _("Reconnection")
    NAME_CHANGE = "name_change", _("Name change")
    DIAMETER_CHANGE = "diameter_change", _("Diameter change")
    CATEGORY_CHANGE = "category_change", _("Category change")
    ROAD_CUTTING = "road_cutting", _("Road cutting")
    METER = "meter", _("Meter")


class Fee(models.Model):
    """A dated one-off fee, by diameter ("any" for all) and category (blank for all)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    code = models.CharField(max_length=20, choices=FeeCode.choices, verbose_name=_("fee"))
    diameter = models.CharField(
        max_length=5, choices=Diameter.choices, default=Diameter.ANY, verbose_name=_("diameter")
    )
    effective_from = models.DateField(verbose_name=_("effective from"))
    effective_to = models.DateField(null=True, blank=True, verbose_name=_("effective to"))
    gazette_ref = models.CharField(
        max_length=200, verbose_name=_("gazette or council resolution reference")
    )
    amount = MoneyField(verbose_name=_("amount"))
    is_demo = models.BooleanField(default=False, verbose_name=_("demo values"))

    class Meta:
        verbose_name = _("water fee")
        verbose_name_plural = _("water fees")
        ordering = ["pourashava", "code", "diameter", "-effective_from"]

    def __str__(self) -> str:
        return f"{self.get_code_display()} {self.get_diameter_display()}: {self.amount}"


class WaiverCampaign(models.Model):
    """A time-boxed surcharge waiver (a "water bill fair"): bills paid between the dates carry
    `waive_percent` less surcharge."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    starts_on = models.DateField(verbose_name=_("from"))
    ends_on = models.DateField(verbose_name=_("to"))
    waive_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=100, verbose_name=_("surcharge waived (percent)")
    )
    order_ref = models.CharField(max_length=200, verbose_name=_("approving order"))

    class Meta:
        verbose_name = _("surcharge waiver campaign")
        verbose_name_plural = _("surcharge waiver campaigns")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="water_waiver_dates"
            ),
            models.CheckConstraint(
                condition=Q(waive_percent__gte=0) & Q(waive_percent__lte=100),
                name="water_waiver_percent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_on}..{self.ends_on} ({self.waive_percent}%)"


class ConnectionStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    DISCONNECTED = "disconnected", _("Disconnected")
    CLOSED = "closed", _("Closed")


class Source(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    COUNTER = "counter", _("Counter")
    UDC = "udc", _("UDC")
    MIGRATION = "migration", _("Migration")


class Connection(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    holding = models.ForeignKey(
        "property.Holding",
        on_delete=models.PROTECT,
        related_name="water_connections",
        verbose_name=_("holding"),
    )
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="water_connections",
        verbose_name=_("consumer"),
    )
    number = models.CharField(max_length=40, unique=True, verbose_name=_("connection number"))
    consumer_name = models.CharField(max_length=150, verbose_name=_("consumer name"))
    category = models.CharField(max_length=20, choices=Category.choices, verbose_name=_("category"))
    storey_class = models.CharField(
        max_length=8, choices=StoreyClass.choices, verbose_name=_("storey class")
    )
    diameter = models.CharField(max_length=5, choices=Diameter.choices, verbose_name=_("diameter"))
    extra_flats = models.PositiveSmallIntegerField(default=0, verbose_name=_("extra flats"))
    is_metered = models.BooleanField(default=False, verbose_name=_("metered"))
    status = models.CharField(
        max_length=14,
        choices=ConnectionStatus.choices,
        default=ConnectionStatus.ACTIVE,
        verbose_name=_("status"),
    )
    connected_on = models.DateField(verbose_name=_("connected on"))
    disconnected_on = models.DateField(null=True, blank=True, verbose_name=_("disconnected on"))
    closed_on = models.DateField(null=True, blank=True, verbose_name=_("closed on"))
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.CITIZEN, verbose_name=_("source")
    )

    class Meta:
        verbose_name = _("water connection")
        verbose_name_plural = _("water connections")
        indexes = [models.Index(fields=["pourashava", "status"], name="water_conn_status")]

    def __str__(self) -> str:
        return self.number


class MeterStatus(models.TextChoices):
    WORKING = "working", _("Working")
    BROKEN = "broken", _("Broken")
    REMOVED = "removed", _("Removed")


class Meter(models.Model):
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    connection = models.ForeignKey(
        Connection, on_delete=models.PROTECT, related_name="meters", verbose_name=_("connection")
    )
    serial = models.CharField(max_length=40, verbose_name=_("serial"))
    installed_on = models.DateField(verbose_name=_("installed on"))
    initial_reading = models.DecimalField(
        max_digits=12, decimal_places=3, default=0, verbose_name=_("initial reading")
    )
    max_reading = models.DecimalField(
        max_digits=12,
        decimal_places=3,
        default=99999,
        help_text=_("The dial's last value before it rolls over to zero."),
        verbose_name=_("maximum reading"),
    )
    final_reading = models.DecimalField(
        max_digits=12, decimal_places=3, null=True, blank=True, verbose_name=_("final reading")
    )
    status = models.CharField(
        max_length=8,
        choices=MeterStatus.choices,
        default=MeterStatus.WORKING,
        verbose_name=_("status"),
    )
    removed_on = models.DateField(null=True, blank=True, verbose_name=_("removed on"))

    class Meta:
        verbose_name = _("meter")
        verbose_name_plural = _("meters")
        ordering = ["connection", "installed_on", "id"]

    def __str__(self) -> str:
        return self.serial


class ReadingStatus(models.TextChoices):
    NORMAL = "normal", _("Normal")
    ROLLOVER = "rollover", _("Meter rolled over")
    REPLACED = "replaced", _("Meter replaced")
    ESTIMATED = "estimated", _("Estimated")


REAL_READINGS = (ReadingStatus.NORMAL, ReadingStatus.ROLLOVER, ReadingStatus.REPLACED)


class ReadingSource(models.TextChoices):
    FIELD_APP = "field_app", _("Field app")
    CSV = "csv", _("CSV import")
    OFFICE = "office", _("Office")
    ESTIMATE = "estimate", _("Estimated by the run")


class Reading(models.Model):
    """One reading per connection per month. An estimate has no dial value; the next real
    reading trues it up (its consumption is counted from the last real reading, less what the
    estimates billed)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    connection = models.ForeignKey(
        Connection, on_delete=models.PROTECT, related_name="readings", verbose_name=_("connection")
    )
    meter = models.ForeignKey(
        Meter,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("meter"),
    )
    period = models.DateField(help_text=_("First day of the month read."), verbose_name=_("month"))
    reading_date = models.DateField(verbose_name=_("reading date"))
    reading = models.DecimalField(
        max_digits=12, decimal_places=3, null=True, blank=True, verbose_name=_("reading")
    )
    status = models.CharField(
        max_length=10, choices=ReadingStatus.choices, verbose_name=_("status")
    )
    consumption_kl = models.DecimalField(
        max_digits=12, decimal_places=3, verbose_name=_("consumption (kL)")
    )
    # Over-estimated kL a true-up could not take back this month (never billed below zero).
    carry_kl = models.DecimalField(
        max_digits=12, decimal_places=3, default=0, verbose_name=_("estimate carried (kL)")
    )
    reader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reader"),
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cap override by"),
    )
    photo = models.ForeignKey(
        "uploads.Upload",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("photo"),
    )
    source = models.CharField(
        max_length=10, choices=ReadingSource.choices, verbose_name=_("source")
    )
    client_id = models.CharField(  # noqa: DJ001 - NULL: no id given (unique only when given)
        max_length=64,
        null=True,
        blank=True,
        help_text=_("Made by the field app; a retried batch names the same id."),
        verbose_name=_("client ID"),
    )
    created_at = models.DateTimeField(default=timezone.now, verbose_name=_("recorded"))

    class Meta:
        verbose_name = _("meter reading")
        verbose_name_plural = _("meter readings")
        ordering = ["connection", "period"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "period"], name="water_reading_month"),
            models.UniqueConstraint(
                fields=["pourashava", "client_id"],
                condition=Q(client_id__isnull=False),
                name="water_reading_client_id",
            ),
        ]

    def __str__(self) -> str:
        shown = self.get_status_display() if self.reading is None else self.reading
        return f"{self.connection_id} {self.period:%Y-%m}: {shown}"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for a worker")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class BillingRun(models.Model):
    """One month's bills for a pourashava. Resumable (the last connection done is recorded) and
    idempotent (one bill per connection and month)."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    period = models.DateField(verbose_name=_("month"))
    status = models.CharField(
        max_length=10,
        choices=RunStatus.choices,
        default=RunStatus.PENDING,
        verbose_name=_("status"),
    )
    connections_total = models.PositiveIntegerField(default=0, verbose_name=_("connections"))
    connections_done = models.PositiveIntegerField(default=0, verbose_name=_("connections done"))
    bills_raised = models.PositiveIntegerField(default=0, verbose_name=_("bills raised"))
    estimates_made = models.PositiveIntegerField(default=0, verbose_name=_("readings estimated"))
    last_connection_id = models.BigIntegerField(default=0, verbose_name=_("last connection done"))
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(default=timezone.now, verbose_name=_("started"))
    finished_at = models.DateTimeField(null=True, blank=True, verbose_name=_("finished"))
    worker_seen_at = models.DateTimeField(
        null=True, blank=True, verbose_name=_("last sign of its worker")
    )
    error = models.TextField(blank=True, verbose_name=_("error"))

    class Meta:
        verbose_name = _("water billing run")
        verbose_name_plural = _("water billing runs")
        constraints = [
            models.UniqueConstraint(fields=["pourashava", "period"], name="water_run_unique")
        ]

    def __str__(self) -> str:
        return f"{self.pourashava.code} {self.period:%Y-%m}: {self.get_status_display()}"


class Bill(models.Model):
    """A connection's bill for one month; its demand (heads water_bill, water_sewerage) is in
    the payment layer. `lines` sum to `total`, the round-off line included."""

    # No single-column indexes on these two: (pourashava, period) and the unique
    # (connection, period) lead with them, and each extra index is paid by every monthly run.
    pourashava = models.ForeignKey(
        Pourashava,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("pourashava"),
    )
    connection = models.ForeignKey(
        Connection,
        on_delete=models.PROTECT,
        related_name="bills",
        db_index=False,
        verbose_name=_("connection"),
    )
    run = models.ForeignKey(
        BillingRun,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("run"),
    )
    period = models.DateField(verbose_name=_("month"))
    citizen = models.ForeignKey(
        "identity.Citizen",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        verbose_name=_("payer"),
    )
    consumption_kl = models.DecimalField(
        max_digits=12, decimal_places=3, null=True, blank=True, verbose_name=_("consumption (kL)")
    )
    estimated = models.BooleanField(default=False, verbose_name=_("estimated"))
    days_billed = models.PositiveSmallIntegerField(verbose_name=_("days billed"))
    days_in_month = models.PositiveSmallIntegerField(verbose_name=_("days in month"))
    water_charge = MoneyField(verbose_name=_("water charge"))
    sewerage = MoneyField(default=ZERO, verbose_name=_("sewerage"))
    roundoff = MoneyField(default=ZERO, verbose_name=_("round-off"))
    total = MoneyField(verbose_name=_("total"))
    lines = models.JSONField(default=list, verbose_name=_("lines"))
    issue_date = models.DateField(verbose_name=_("issued"))
    due_date = models.DateField(verbose_name=_("due"))
    is_final = models.BooleanField(default=False, verbose_name=_("final bill"))

    class Meta:
        verbose_name = _("water bill")
        verbose_name_plural = _("water bills")
        ordering = ["-period", "connection_id"]
        constraints = [
            models.UniqueConstraint(fields=["connection", "period"], name="water_bill_month"),
        ]
        indexes = [models.Index(fields=["pourashava", "period"], name="water_bill_period")]

    def __str__(self) -> str:
        return f"{self.connection_id} {self.period:%Y-%m}: {self.total}"


class NoticeStatus(models.TextChoices):
    ISSUED = "issued", _("Notice issued")
    WITHDRAWN = "withdrawn", _("Withdrawn (arrears paid)")
    EXECUTED = "executed", _("Disconnected")
    RECONNECTED = "reconnected", _("Reconnected")


class DisconnectionNotice(models.Model):
    """Disconnection for arrears: a written notice at least `notice_days` before execution
    (the WASA Act 1996 s.26 rule, by analogy), then reconnection once arrears and fee are paid."""

    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    connection = models.ForeignKey(
        Connection, on_delete=models.PROTECT, related_name="notices", verbose_name=_("connection")
    )
    arrears_at_notice = MoneyField(verbose_name=_("arrears at notice"))
    issued_on = models.DateField(verbose_name=_("issued on"))
    expires_on = models.DateField(verbose_name=_("disconnect not before"))
    status = models.CharField(
        max_length=12,
        choices=NoticeStatus.choices,
        default=NoticeStatus.ISSUED,
        verbose_name=_("status"),
    )
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("issued by"),
    )
    executed_on = models.DateField(null=True, blank=True, verbose_name=_("executed on"))
    reconnection_demand = models.ForeignKey(
        "payments.Demand",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reconnection fee"),
    )
    reconnected_on = models.DateField(null=True, blank=True, verbose_name=_("reconnected on"))

    class Meta:
        verbose_name = _("disconnection notice")
        verbose_name_plural = _("disconnection notices")
        ordering = ["-issued_on", "-id"]

    def __str__(self) -> str:
        return f"{self.connection_id} {self.issued_on} ({self.get_status_display()})"


class ApplicationKind(models.TextChoices):
    NEW = "new", _("New connection")
    NAME_CHANGE = "name_change", _("Name change")
    DIAMETER_CHANGE = "diameter_change", _("Diameter change")
    CATEGORY_CHANGE = "category_change", _("Category change")


class WaterApplication(models.Model):
    """The water details of a workflow application (new connection or a change)."""

    application = models.OneToOneField(
        "workflow.Application",
        on_delete=models.PROTECT,
        related_name="water",
        verbose_name=_("application"),
    )
    pourashava = models.ForeignKey(
        Pourashava, on_delete=models.PROTECT, related_name="+", verbose_name=_("pourashava")
    )
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    kind = models.CharField(max_length=16, choices=ApplicationKind.choices, verbose_name=_("kind"))
    holding = models.ForeignKey(
        "property.Holding", on_delete=models.PROTECT, related_name="+", verbose_name=_("holding")
    )
    connection = models.ForeignKey(
        Connection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("connection"),
    )
    consumer_name = models.CharField(max_length=150, verbose_name=_("consumer name"))
    category = models.CharField(max_length=20, choices=Category.choices, verbose_name=_("category"))
    storey_class = models.CharField(
        max_length=8, choices=StoreyClass.choices, verbose_name=_("storey class")
    )
    diameter = models.CharField(max_length=5, choices=Diameter.choices, verbose_name=_("diameter"))
    extra_flats = models.PositiveSmallIntegerField(default=0, verbose_name=_("extra flats"))
    is_metered = models.BooleanField(default=False, verbose_name=_("metered"))
    documents = models.ManyToManyField(
        "uploads.Upload", blank=True, related_name="+", verbose_name=_("documents")
    )
    inspection_note = models.TextField(blank=True, verbose_name=_("inspection note"))
    fee = MoneyField(default=ZERO, verbose_name=_("fee"))
    fee_demand = models.ForeignKey(
        "payments.Demand",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("fee demand"),
    )
    source = models.CharField(
        max_length=10, choices=Source.choices, default=Source.CITIZEN, verbose_name=_("source")
    )

    class Meta:
        verbose_name = _("water application")
        verbose_name_plural = _("water applications")

    def __str__(self) -> str:
        return f"{self.application.number} ({self.get_kind_display()})"
