"""The water bill's surcharge, by the pourashava's settings, computed when a payment bill is
made: once on a water bill's unpaid amount after its due date, never on an earlier surcharge
(so it cannot compound), less any waiver campaign running on the day of payment."""

from collections.abc import Iterable, Sequence
from datetime import date
from decimal import Decimal

from backend.common.money import ZERO
from backend.payments.registry import Adjustment
from services.water_billing.calculator import surcharge
from services.water_billing.heads import BILL_OBJECT, SURCHARGE
from services.water_billing.models import WaiverCampaign
from services.water_billing.settings_rows import settings_for


def waived_percent(pourashava_id: int, day: date) -> Decimal:
    campaign = (
        WaiverCampaign.objects.filter(
            pourashava_id=pourashava_id, starts_on__lte=day, ends_on__gte=day
        )
        .order_by("-waive_percent")
        .first()
    )
    return campaign.waive_percent if campaign else ZERO


def bill_adjustments(demands: Sequence, as_of: date) -> Iterable[Adjustment]:
    bills = [d for d in demands if d.object_type == BILL_OBJECT and as_of > d.due_date]
    if not bills:
        return []
    pourashava_id = bills[0].pourashava_id
    percent = Decimal(settings_for(pourashava_id).surcharge_percent)
    waived = waived_percent(pourashava_id, as_of)
    adjustments = []
    for demand in bills:
        unpaid = sum((line.outstanding for line in demand.lines.all()), ZERO)
        amount = surcharge(
            unpaid, due_date=demand.due_date, as_of=as_of, percent=percent, waived_percent=waived
        )
        if amount > ZERO:
            note = f"{percent.normalize():f}% after {demand.due_date}"
            if waived:
                note += f", {waived.normalize():f}% waived"
            adjustments.append(Adjustment(demand.pk, SURCHARGE, amount, note=note))
    return adjustments
