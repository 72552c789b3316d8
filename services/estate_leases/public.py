"""What anyone may read: published tender notices and their results, in Bangla and English
(no bidder's personal data; the winning amount is public, as on the notice boards)."""

from django.db.models import QuerySet

from services.estate_leases.models import CallStatus, ItemStatus, Lease, LeaseStatus, TenderCall

PUBLIC_LIMIT = 100


def public_calls(pourashava_code: str | None = None) -> QuerySet:
    qs = (
        TenderCall.objects.exclude(status=CallStatus.DRAFT)
        .select_related("pourashava")
        .prefetch_related("items__property", "items__reserve")
        .order_by("-published_at")
    )
    if pourashava_code:
        qs = qs.filter(pourashava__code=pourashava_code.upper())
    return qs


def call_public(call: TenderCall) -> dict:
    awarded = {
        (lease.property_id): lease.amount
        for lease in Lease.objects.filter(
            bid__call=call,
            status__in=[
                LeaseStatus.APPROVED,
                LeaseStatus.PAID,
                LeaseStatus.AGREEMENT_SIGNED,
                LeaseStatus.CLOSED,
            ],
        )
    }
    return {
        "number": call.number,
        "pourashava": call.pourashava.code,
        "pourashava_name_en": call.pourashava.name_en,
        "pourashava_name_bn": call.pourashava.name_bn,
        "year": call.year,
        "call_no": call.call_no,
        "status": call.status,
        "deadline": call.deadline,
        "opening_at": call.opening_at,
        "notice_bn": call.notice_bn,
        "notice_en": call.notice_en,
        "results": [
            {
                "property": item.property.code,
                "name_en": item.property.name_en,
                "name_bn": item.property.name_bn,
                "reserve": f"{item.reserve.amount:.2f}",
                "status": item.status,
                "lease_amount": f"{awarded[item.property_id]:.2f}"
                if item.status == ItemStatus.AWARDED and item.property_id in awarded
                else None,
            }
            for item in call.items.all()
        ],
    }
