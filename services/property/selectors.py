"""Reads of the register: a holding on any date, a citizen's holdings, staff search."""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet

from backend.common.digits import to_ascii_digits
from backend.identity.models import Citizen, User
from backend.municipality.scoping import restrict
from services.property.models import ClaimStatus, Holding, HoldingClaim, Ownership, Particulars


def _on(day: date) -> Q:
    return Q(valid_from__lte=day) & (Q(valid_to__isnull=True) | Q(valid_to__gt=day))


def particulars_on(holding: Holding, day: date) -> Particulars | None:
    return Particulars.objects.filter(_on(day), holding=holding).first()


def owners_on(holding: Holding, day: date) -> list[Ownership]:
    return list(Ownership.objects.filter(_on(day), holding=holding).order_by("-share", "id"))


def lineage(holding: Holding) -> dict:
    """Where a holding came from and what it became, by reference: split from a parent or merged
    from several; split into children or merged into one."""
    related = Holding.objects.select_related("pourashava", "ward")
    became = [h.reference for h in related.filter(parent=holding).order_by("number")]
    if holding.merged_into_id:
        became.append(related.get(pk=holding.merged_into_id).reference)
    return {
        "split_from": related.get(pk=holding.parent_id).reference if holding.parent_id else None,
        "merged_from": [
            h.reference for h in related.filter(merged_into=holding).order_by("number")
        ],
        "became": became,
    }


def holdings_of(citizen: Citizen) -> QuerySet[Holding]:
    """Holdings a citizen owns now (by account or mobile) or has an approved claim on."""
    owns = Ownership.objects.filter(
        Q(citizen=citizen) | Q(mobile=citizen.mobile),
        holding=OuterRef("pk"),
        valid_to__isnull=True,
    )
    claimed = HoldingClaim.objects.filter(
        holding=OuterRef("pk"), citizen=citizen, status=ClaimStatus.APPROVED
    )
    return (
        Holding.objects.filter(Exists(owns) | Exists(claimed))
        .select_related("pourashava", "ward", "mahalla")
        .order_by("pourashava__code", "ward__number", "number")
    )


def search_holdings(user: User, query: str) -> QuerySet[Holding]:
    """Clerk search by holding number, owner name, NID or mobile, within the clerk's scope."""
    term = to_ascii_digits(query).strip()
    holdings = restrict(Holding.objects.all(), user, ward_field="ward")
    if term:
        owner_match = Ownership.objects.filter(
            Q(name_en__icontains=term) | Q(name_bn__icontains=term) | Q(nid=term) | Q(mobile=term),
            holding=OuterRef("pk"),
        )
        holdings = holdings.filter(Q(number__iexact=term) | Exists(owner_match))
    return holdings.select_related("pourashava", "ward").order_by("ward__number", "number")
