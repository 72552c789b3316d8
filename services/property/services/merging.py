"""Merging holdings: two or more active holdings of one ward become one new holding.

The parents are retired, not rewritten: their owners and particulars on past dates stay as they
were, each points at the holding it became (`merged_into`), and their demands stay theirs (a
holding's unpaid tax is that holding's debt; a merge does not move it).

Numbering: a retired holding keeps its number (its receipts and demands name it), so the merged
holding cannot reuse one. It takes the number given in the application, or by default the first
parent's number with "/M" (12 and 13 merged -> 12/M)."""

from datetime import date
from decimal import Decimal

from django.db import transaction

from backend.common.errors import AppError, Conflict
from backend.common.text import Text
from backend.identity.audit import record_audit
from backend.identity.models import User
from services.property.models import Holding, HoldingStatus
from services.property.selectors import particulars_on
from services.property.services.holdings import (
    NUMBER_TAKEN,
    OwnerInput,
    check_active,
    end_ownerships,
    normalise_holding_number,
    register_holding,
)

MERGE_SUFFIX = "/M"
NEEDS_TWO = Text(
    en="A merge combines at least two different holdings.",
    bn="একত্রীকরণে অন্তত দুটি ভিন্ন হোল্ডিং লাগে।",
)
ACROSS_WARDS = Text(
    en="Holdings can be merged only within one ward; these are in wards {wards}.",
    bn="শুধু একই ওয়ার্ডের হোল্ডিং একত্র করা যায়; এগুলো {wards} নং ওয়ার্ডে।",
)


def merged_number(first: Holding, requested: str | None) -> str:
    return normalise_holding_number(requested or f"{first.number}{MERGE_SUFFIX}")


def check_mergeable(holdings: list[Holding], number: str) -> None:
    """Refuse what could never be approved: fewer than two holdings, a retired one, several
    wards, or a number already on the register."""
    if len({h.pk for h in holdings}) < 2:
        raise AppError("merge_needs_holdings", NEEDS_TWO)
    for holding in holdings:
        check_active(holding)
    # One ward is one Ward row: ward numbers repeat across pourashavas (another tenant's ward 5).
    wards = {h.ward_id: h.ward for h in holdings}
    if len(wards) > 1:
        across_towns = len({w.pourashava_id for w in wards.values()}) > 1
        ordered = sorted(wards.values(), key=lambda w: (w.pourashava.code, w.number))
        listed = ", ".join(
            f"{w.pourashava.code} {w.number}" if across_towns else str(w.number) for w in ordered
        )
        raise AppError(
            "merge_across_wards",
            ACROSS_WARDS,
            params={"wards": listed},
            fields={"holdings": [ACROSS_WARDS.render(wards=listed)]},
        )
    first = holdings[0]
    if Holding.objects.filter(ward=first.ward, number=number).exists():
        raise Conflict(
            "holding_number_taken",
            NUMBER_TAKEN,
            params={"number": number, "ward": first.ward.number},
        )


def combined_land_area(holdings: list[Holding], day: date) -> Decimal:
    total = Decimal("0")
    for holding in holdings:
        particulars = particulars_on(holding, day)
        total += particulars.land_area_sqft if particulars else Decimal("0")
    return total


@transaction.atomic
def merge_holdings(
    *,
    parents: list[Holding],
    number: str | None,
    particulars: dict,
    owners: list[OwnerInput],
    effective: date,
    actor: User,
    reason: str,
) -> Holding:
    """Register the merged holding from `effective` and retire `parents` (in the given order;
    the first lends its location and default number). Land area defaults to the parents' sum."""
    locked = {
        h.pk: h
        for h in Holding.objects.select_for_update(of=("self",))
        .select_related("pourashava", "ward", "mahalla")
        .filter(pk__in=[p.pk for p in parents])
    }
    parents = [locked[pk] for pk in dict.fromkeys(p.pk for p in parents)]  # each one once
    first = parents[0]
    number = merged_number(first, number)
    check_mergeable(parents, number)
    parent_ids = [p.pk for p in parents]
    end_ownerships(holding_ids=parent_ids, effective=effective)
    values = dict(particulars)
    if values.get("land_area_sqft") in (None, ""):
        values["land_area_sqft"] = combined_land_area(parents, effective)
    merged = register_holding(
        pourashava=first.pourashava,
        ward=first.ward,
        mahalla=first.mahalla,
        road=first.road,
        number=number,
        particulars=values,
        owners=owners,
        valid_from=effective,
        actor=actor,
        reason=reason,
    )
    Holding.objects.filter(pk__in=parent_ids).update(
        status=HoldingStatus.RETIRED, merged_into=merged
    )
    record_audit(
        actor=actor,
        action="holding.merged",
        obj=merged,
        pourashava=merged.pourashava,
        after={"from": [p.reference for p in parents], "into": merged.reference},
    )
    return merged
