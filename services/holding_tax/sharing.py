"""What holding tax shares with agencies (backend/sharing): holding clearance, "are there dues on
this holding, or none", for sub-registrars, land offices and banks taking a mortgage. No amount
and no owner by default; those are personal fields (the scope "holding_tax:personal" and the
owner's consent)."""

from decimal import Decimal

from django.db.models import CharField, Exists, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Cast
from django.utils import timezone

from backend.common.money import money
from backend.identity.models import Citizen
from backend.payments.models import OPEN_DEMAND_STATUSES, Demand, DemandLine
from backend.sharing.registry import SharedDataset, SharedRecord, register_dataset
from services.holding_tax.billing import SERVICE_CODE
from services.property.models import Holding, Ownership
from services.property.selectors import owners_on

CODE = "holding.clearance"
SCOPE = "holding_tax"


def _open_demands() -> Exists:
    return Exists(
        Demand.objects.filter(
            service_code=SERVICE_CODE,
            object_type="holding",
            object_id=Cast(OuterRef("pk"), CharField()),
            status__in=OPEN_DEMAND_STATUSES,
        )
    )


def _owner_account(day) -> Subquery:
    """The account of the first current owner who has one (shown "who looked at my records")."""
    current = Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))
    return Subquery(
        Ownership.objects.filter(current, holding=OuterRef("pk"), citizen__isnull=False)
        .order_by("-share", "id")
        .values("citizen_id")[:1]
    )


def _holding(identifier: str, day) -> Holding | None:
    """ "NAT-3-12/A": pourashava code, ward number, holding number (as printed on the bill).
    One query: the holding, whether anything is due on it (the same rule as a clearance
    certificate's) and its owner's account."""
    code, _, rest = identifier.partition("-")
    ward, _, number = rest.partition("-")
    if not (code and ward.isdigit() and number):
        return None
    return (
        Holding.objects.select_related("pourashava", "ward")
        .filter(pourashava__code=code.upper(), ward__number=int(ward), number=number)
        .annotate(dues_outstanding=_open_demands(), owner_citizen_id=_owner_account(day))
        .first()
    )


def _citizen_by_mobile(owners) -> int | None:
    """An owner recorded by mobile only, who has since made an account with that number."""
    mobiles = [o.mobile for o in owners if o.mobile]
    if not mobiles:
        return None
    return Citizen.objects.filter(mobile__in=mobiles).values_list("pk", flat=True).first()


def _dues_amount(holding: Holding) -> Decimal:
    total = DemandLine.objects.filter(
        demand__service_code=SERVICE_CODE,
        demand__object_type="holding",
        demand__object_id=str(holding.pk),
        demand__status__in=OPEN_DEMAND_STATUSES,
    ).aggregate(due=Sum(F("amount") - F("amount_paid")))["due"]
    return money(total or 0)


def clearance_of(identifier: str, include_personal: bool = False) -> SharedRecord | None:
    today = timezone.localdate()
    holding = _holding(identifier, today)
    if holding is None:
        return None
    fields = {
        "holding": holding.reference,
        "pourashava": holding.pourashava.code,
        "ward": holding.ward.number,
        "status": holding.status,
        "dues_outstanding": holding.dues_outstanding,
    }
    citizen_id = holding.owner_citizen_id
    if include_personal or citizen_id is None:
        owners = owners_on(holding, today)
        citizen_id = citizen_id or _citizen_by_mobile(owners)
        if include_personal:
            fields["owners_en"] = ", ".join(o.name_en for o in owners)
            fields["owners_bn"] = ", ".join(o.name_bn for o in owners)
            fields["dues_amount"] = str(_dues_amount(holding))
    return SharedRecord(fields=fields, citizen_id=citizen_id)


def register() -> None:
    register_dataset(
        SharedDataset(
            code=CODE,
            scope=SCOPE,
            title_en="Holding tax clearance",
            title_bn="হোল্ডিং কর বকেয়া যাচাই",
            subject_en="holding (pourashava code-ward-number, e.g. NAT-3-12/A)",
            subject_bn="হোল্ডিং (পৌরসভার কোড-ওয়ার্ড-নম্বর, যেমন NAT-3-12/A)",
            fields=("holding", "pourashava", "ward", "status", "dues_outstanding"),
            personal_fields=("owners_en", "owners_bn", "dues_amount"),
            lookup=clearance_of,
        )
    )
