"""When a citizen's claim on a holding is approved, the holding's open demands that nobody could
be billed for (no owner had an account when they were raised) become theirs, so the dues they
came to pay are in their app at once. Demands already with a payer keep it."""

from django.utils import timezone

from backend.payments.models import OPEN_DEMAND_STATUSES, Demand
from services.holding_tax.billing import SERVICE_CODE
from services.property.models import HoldingClaim
from services.property.signals import holding_claim_approved


def give_unassigned_dues_to_claimant(sender, *, claim: HoldingClaim, **kwargs) -> int:
    return Demand.objects.filter(
        service_code=SERVICE_CODE,
        object_type="holding",
        object_id=str(claim.holding_id),
        citizen__isnull=True,
        status__in=OPEN_DEMAND_STATUSES,
    ).update(citizen=claim.citizen, updated_at=timezone.now())


def register() -> None:
    holding_claim_approved.connect(
        give_unassigned_dues_to_claimant, dispatch_uid="holding_tax_claim_dues"
    )
