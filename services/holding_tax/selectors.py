"""Reads for clerks and citizens: a holding's ledger, the registers."""

from collections import defaultdict
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from backend.common.money import ZERO
from backend.municipality.models import Pourashava
from backend.payments.models import Demand, DemandLine, ReceiptLine
from services.holding_tax.billing import SERVICE_CODE
from services.holding_tax.models import Assessment
from services.property.models import Holding


def holding_demands(holding: Holding):
    return (
        Demand.objects.filter(
            service_code=SERVICE_CODE, object_type="holding", object_id=str(holding.pk)
        )
        .select_related("citizen")
        .prefetch_related(Prefetch("lines", queryset=DemandLine.objects.select_related("head")))
        .order_by("fiscal_year", "period_quarter", "id")
    )


def ledger_of(holding: Holding) -> dict:
    """Every demand on the holding with what was paid against it and the receipts, plus
    arrears by fiscal year."""
    demands = list(holding_demands(holding))
    receipts = defaultdict(set)
    for line in ReceiptLine.objects.filter(demand__in=demands).select_related("receipt"):
        receipts[line.demand_id].add(line.receipt.number)
    rows, arrears = [], defaultdict(lambda: ZERO)
    for demand in demands:
        lines = list(demand.lines.all())
        amount = sum((line.amount for line in lines), ZERO)
        paid = sum((line.amount_paid for line in lines), ZERO)
        if demand.status != "cancelled":
            arrears[demand.fiscal_year] += amount - paid
        rows.append(
            {
                "fiscal_year": demand.fiscal_year,
                "quarter": demand.period_quarter,
                "payer": str(demand.citizen) if demand.citizen else "",
                "payer_id": demand.citizen_id,
                "due_date": demand.due_date,
                "amount": amount,
                "paid": paid,
                "status": demand.status,
                "receipts": sorted(receipts[demand.pk]),
                "heads": {line.head_id: line.amount for line in lines},
            }
        )
    return {"demands": rows, "outstanding_by_year": {fy: a for fy, a in arrears.items() if a}}


ASSESSMENT_HEADERS = [
    "Holding",
    "Ward",
    "Road",
    "Basis",
    "Annual value",
    "Annual tax",
    "From fiscal year",
    "Kind",
]


def assessment_register(pourashava: Pourashava) -> Iterator[list]:
    live = (
        Assessment.objects.filter(pourashava=pourashava, superseded=False)
        .select_related("holding__ward", "holding__pourashava")
        .order_by("holding__ward__number", "holding__number")
    )
    for a in live.iterator(chunk_size=2000):
        total = sum((Decimal(v) for v in a.annual_tax.values()), ZERO)
        yield [
            a.holding.reference,
            a.holding.ward.number,
            a.holding.road,
            a.basis,
            a.annual_value,
            total,
            a.from_fiscal_year,
            a.kind,
        ]


COLLECTION_HEADERS = [
    "Receipt",
    "Paid at",
    "Holding",
    "Fiscal year",
    "Quarter",
    "Head",
    "Amount",
    "Channel",
]


def collection_register(pourashava: Pourashava, first: date, last: date) -> Iterator[list]:
    lines = (
        ReceiptLine.objects.filter(
            pourashava=pourashava,
            demand__service_code=SERVICE_CODE,
            receipt__paid_at__date__gte=first,
            receipt__paid_at__date__lte=last,
        )
        .select_related("receipt", "demand")
        .order_by("receipt__paid_at", "receipt_id", "id")
    )
    for line in lines.iterator(chunk_size=2000):
        yield [
            line.receipt.number,
            timezone.localtime(line.receipt.paid_at).strftime("%Y-%m-%d %H:%M"),
            line.demand.object_label,
            line.demand.fiscal_year,
            line.demand.period_quarter,
            line.head_id,
            line.amount,
            line.receipt.channel,
        ]
