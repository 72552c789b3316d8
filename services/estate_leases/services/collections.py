"""Direct (khas) collection: on each hat day the pourashava's lease collector records what was
collected at a property not leased this year; the entry raises a demand under the direct
collection head and is settled at once as cash in hand, so it gets a receipt from the payment
layer like any counter payment (and shows in the collector's day-close). The year's realised
value is the sum of its entries."""

from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Sum

from backend.common.errors import AppError, Conflict
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.payments.models import Channel, Payment
from backend.payments.services import raise_demand, settle_payment
from backend.payments.services.online import new_reference
from services.estate_leases import access, errors, heads
from services.estate_leases.lease_year import lease_year_of
from services.estate_leases.models import DirectCollection, Outcome, Property, YearOutcome

OBJECT_TYPE = "estate_direct_collection"


@transaction.atomic
def record_collection(
    *, prop: Property, day: date, amount: Decimal, actor: User
) -> DirectCollection:
    access.require(actor, access.COLLECTORS, prop.pourashava_id)
    if amount <= 0:
        raise AppError("invalid_amount", errors.VALUE_NEEDS_REALISED, fields={"amount": ["min"]})
    year = lease_year_of(day).year
    outcome = YearOutcome.objects.select_for_update().filter(property=prop, year=year).first()
    if outcome is None or outcome.outcome != Outcome.DIRECT:
        raise Conflict("not_direct", errors.NOT_DIRECT, params={"code": prop.code, "year": year})
    if DirectCollection.objects.filter(property=prop, date=day).exists():
        raise Conflict(
            "collection_taken", errors.ENTRY_TAKEN, params={"code": prop.code, "date": str(day)}
        )
    pourashava = prop.pourashava
    demand = raise_demand(
        pourashava=pourashava,
        service_code=heads.SERVICE_CODE,
        natural_key=f"khas:{prop.pk}:{day.isoformat()}",
        lines={heads.DIRECT_COLLECTION: amount},
        due_date=day,
        object_type=OBJECT_TYPE,
        object_id=f"{prop.code}:{day.isoformat()}",
        object_label=f"{prop.name_en}, khas collection {day.isoformat()}",
        actor=actor,
    )
    payment = Payment.objects.create(
        pourashava=pourashava,
        channel=Channel.COUNTER,
        reference=new_reference(pourashava.code),
        amount=demand.lines.get().amount,
        collector=actor,
        initiated_by=actor,
    )
    payment = settle_payment(
        payment=payment, source=Channel.COUNTER, actor=actor, demand_ids=[demand.pk]
    )
    try:
        with transaction.atomic():
            entry = DirectCollection.objects.create(
                pourashava=pourashava,
                property=prop,
                year=year,
                date=day,
                amount=amount,
                collector=actor,
                demand=demand,
                receipt_number=getattr(getattr(payment, "receipt", None), "number", ""),
            )
    except IntegrityError:
        raise Conflict(
            "collection_taken", errors.ENTRY_TAKEN, params={"code": prop.code, "date": str(day)}
        ) from None
    outcome.realised_value = DirectCollection.objects.filter(property=prop, year=year).aggregate(
        total=Sum("amount")
    )["total"]
    outcome.save(update_fields=["realised_value", "updated_at"])
    record_audit(
        actor=actor,
        action="estate.direct_collection",
        obj=entry,
        after={"amount": str(amount), "receipt": entry.receipt_number},
    )
    return entry
