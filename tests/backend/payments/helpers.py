from django.db.models import Sum

from backend.common.models import Counter
from backend.identity.models import AuditEntry
from backend.payments.models import (
    Bill,
    Credit,
    DemandLine,
    Payment,
    Receipt,
    ReceiptLine,
    Refund,
)


def snapshot() -> dict:
    """Row counts and paid totals: what must not change when nothing should happen."""
    return {
        "payments": Payment.objects.count(),
        "settled": Payment.objects.filter(status="settled").count(),
        "receipts": Receipt.objects.count(),
        "receipt_lines": ReceiptLine.objects.count(),
        "credits": Credit.objects.count(),
        "refunds": Refund.objects.count(),
        "bills_paid": Bill.objects.filter(status="paid").count(),
        "paid_total": DemandLine.objects.aggregate(s=Sum("amount_paid"))["s"],
        "demand_lines": DemandLine.objects.count(),
        "counters": list(Counter.objects.values_list("series", "value").order_by("series")),
        "audit": AuditEntry.objects.count(),
    }
