"""Staff reports of one pourashava: defaulters (connections whose water bills are unpaid past
their due dates, by ward, amount and age), the day's water collection by ward (from the payment
layer's receipts, so only confirmed payments count) and the registers (connections, bills,
readings, defaulters) as rows for CSV and Excel. Every function takes the pourashava the caller
was already allowed; none of them widens it."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import DecimalField, F, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from backend.common.money import ZERO
from backend.municipality.models import Pourashava
from backend.payments.models import OPEN_DEMAND_STATUSES, DemandLine, ReceiptLine
from services.water_billing.heads import BILL_OBJECT, SERVICE_CODE
from services.water_billing.models import Bill, Connection, Reading, WaterApplication

MONEY = DecimalField(max_digits=14, decimal_places=2)


def _overdue_lines(day: date) -> QuerySet:
    """Open water-bill demand lines past due on `day`, for the connection of the outer row."""
    return DemandLine.objects.filter(
        pourashava_id=OuterRef("pourashava_id"),
        demand__service_code=SERVICE_CODE,
        demand__object_type=BILL_OBJECT,
        demand__object_label=OuterRef("number"),
        demand__status__in=OPEN_DEMAND_STATUSES,
        demand__due_date__lt=day,
    )


def defaulters(
    pourashava: Pourashava,
    *,
    ward: int | None = None,
    min_amount: Decimal | None = None,
    min_days: int | None = None,
    day: date | None = None,
) -> QuerySet:
    """Connections with arrears on `day` (default today), largest first, each annotated with
    `arrears` (unpaid principal of overdue bills; the surcharge is added when a bill is made)
    and `oldest_due` (the earliest unpaid due date, for the age)."""
    day = day or timezone.localdate()
    owed = (
        _overdue_lines(day)
        .values("pourashava_id")
        .annotate(owed=Sum(F("amount") - F("amount_paid")))
        .values("owed")
    )
    oldest = _overdue_lines(day).order_by("demand__due_date").values("demand__due_date")[:1]
    rows = (
        Connection.objects.filter(pourashava=pourashava)
        .annotate(
            arrears=Coalesce(Subquery(owed, output_field=MONEY), ZERO, output_field=MONEY),
            oldest_due=Subquery(oldest),
        )
        .filter(arrears__gt=0)
        .select_related("ward")
        .order_by("-arrears", "number")
    )
    if ward is not None:
        rows = rows.filter(ward__number=ward)
    if min_amount is not None:
        rows = rows.filter(arrears__gte=min_amount)
    if min_days is not None:
        rows = rows.filter(oldest_due__lte=day - timedelta(days=min_days))
    return rows


def age_days(connection: Connection, day: date | None = None) -> int:
    day = day or timezone.localdate()
    return (day - connection.oldest_due).days if connection.oldest_due else 0


@dataclass(frozen=True)
class WardCollection:
    ward: int | None  # None: a payment whose connection is not known (e.g. a new connection)
    receipts: int
    amount: Decimal


def daily_collection(pourashava: Pourashava, day: date) -> list[WardCollection]:
    """Water money received on `day`, by ward: the receipt lines of water billing's demands
    (bills, surcharge, fees), which exist only for confirmed payments."""
    lines = (
        ReceiptLine.objects.filter(
            pourashava=pourashava,
            demand__service_code=SERVICE_CODE,
            receipt__paid_at__date=day,
        )
        .values("demand_id", "demand__object_label", "receipt_id")
        .annotate(amount=Sum("amount"))
    )
    lines = list(lines)
    labels = {line["demand__object_label"] for line in lines}
    ward_of = dict(
        Connection.objects.filter(pourashava=pourashava, number__in=labels).values_list(
            "number", "ward__number"
        )
    )
    fee_ward = dict(
        WaterApplication.objects.filter(
            fee_demand_id__in={line["demand_id"] for line in lines}
        ).values_list("fee_demand_id", "ward__number")
    )
    totals: dict[int | None, tuple[set, Decimal]] = {}
    for line in lines:
        ward = ward_of.get(line["demand__object_label"], fee_ward.get(line["demand_id"]))
        receipts, amount = totals.get(ward, (set(), ZERO))
        receipts.add(line["receipt_id"])
        totals[ward] = (receipts, amount + line["amount"])
    return [
        WardCollection(ward=ward, receipts=len(receipts), amount=amount)
        for ward, (receipts, amount) in sorted(totals.items(), key=lambda i: (i[0] is None, i[0]))
    ]


# --- registers: headers and rows (strings and Decimals, ready for CSV or Excel) ------------


@dataclass(frozen=True)
class Register:
    code: str
    title: str
    headers: tuple
    rows: object  # (pourashava, month: date | None) -> Iterator[list]


def connection_rows(pourashava: Pourashava, month: date | None = None) -> Iterator[list]:
    rows = (
        Connection.objects.filter(pourashava=pourashava)
        .select_related("ward", "holding__ward", "holding__pourashava")
        .order_by("number")
    )
    for c in rows.iterator(chunk_size=2000):
        yield [
            c.number,
            c.ward.number,
            c.holding.reference,
            c.consumer_name,
            c.category,
            c.storey_class,
            c.diameter,
            c.extra_flats,
            "yes" if c.is_metered else "no",
            c.status,
            c.connected_on.isoformat(),
            c.disconnected_on.isoformat() if c.disconnected_on else "",
            c.closed_on.isoformat() if c.closed_on else "",
        ]


def bill_rows(pourashava: Pourashava, month: date | None = None) -> Iterator[list]:
    rows = Bill.objects.filter(pourashava=pourashava).select_related("connection__ward")
    if month is not None:
        rows = rows.filter(period=month)
    for b in rows.order_by("period", "connection__number").iterator(chunk_size=2000):
        yield [
            b.connection.number,
            b.connection.ward.number,
            f"{b.period:%Y-%m}",
            b.consumption_kl if b.consumption_kl is not None else "",
            "yes" if b.estimated else "no",
            b.days_billed,
            b.water_charge,
            b.sewerage,
            b.roundoff,
            b.total,
            b.issue_date.isoformat(),
            b.due_date.isoformat(),
            "yes" if b.is_final else "no",
        ]


def reading_rows(pourashava: Pourashava, month: date | None = None) -> Iterator[list]:
    rows = Reading.objects.filter(pourashava=pourashava).select_related("connection__ward", "meter")
    if month is not None:
        rows = rows.filter(period=month)
    for r in rows.order_by("period", "connection__number").iterator(chunk_size=2000):
        yield [
            r.connection.number,
            r.connection.ward.number,
            f"{r.period:%Y-%m}",
            r.reading_date.isoformat(),
            r.reading if r.reading is not None else "",
            r.status,
            r.consumption_kl,
            r.meter.serial if r.meter_id else "",
            r.source,
            "yes" if r.photo_id else "no",
        ]


def defaulter_rows(pourashava: Pourashava, month: date | None = None, **filters) -> Iterator[list]:
    day = timezone.localdate()
    for c in defaulters(pourashava, day=day, **filters).iterator(chunk_size=2000):
        yield [
            c.number,
            c.ward.number,
            c.consumer_name,
            c.status,
            c.arrears,
            c.oldest_due.isoformat() if c.oldest_due else "",
            age_days(c, day),
        ]


REGISTERS = {
    r.code: r
    for r in (
        Register(
            "connections",
            _("Water connections register"),
            (
                "connection",
                "ward",
                "holding",
                "consumer",
                "category",
                "storey_class",
                "diameter",
                "extra_flats",
                "metered",
                "status",
                "connected_on",
                "disconnected_on",
                "closed_on",
            ),
            connection_rows,
        ),
        Register(
            "bills",
            _("Water bills register"),
            (
                "connection",
                "ward",
                "month",
                "consumption_kl",
                "estimated",
                "days_billed",
                "water_charge",
                "sewerage",
                "roundoff",
                "total",
                "issued",
                "due",
                "final",
            ),
            bill_rows,
        ),
        Register(
            "readings",
            _("Meter readings register"),
            (
                "connection",
                "ward",
                "month",
                "reading_date",
                "reading",
                "status",
                "consumption_kl",
                "meter",
                "source",
                "photo",
            ),
            reading_rows,
        ),
        Register(
            "defaulters",
            _("Water defaulters register"),
            ("connection", "ward", "consumer", "status", "arrears", "oldest_due", "age_days"),
            defaulter_rows,
        ),
    )
}
