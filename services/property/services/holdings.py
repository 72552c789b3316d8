"""Writes to the holdings register. Each change closes the current version on its effective date
and opens a new one, so history is never overwritten."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError, Conflict, NotFound
from backend.common.text import Text
from backend.identity.audit import record_audit, snapshot
from backend.identity.models import Citizen, User
from backend.municipality.models import Mahalla, Pourashava, Ward
from services.property.models import (
    ClaimStatus,
    Holding,
    HoldingClaim,
    HoldingStatus,
    Occupancy,
    Ownership,
    Particulars,
)
from services.property.signals import holding_claim_approved

PARTICULAR_FIELDS = (
    "land_area_sqft",
    "structure_type",
    "floors",
    "floor_area_sqft",
    "year_built",
    "use",
    "occupancy",
    "monthly_rent",
    "latitude",
    "longitude",
)

SHARES_MUST_SUM_TO_ONE = Text(
    en="Owners' shares must add up to 1 (they add up to {total}).",
    bn="মালিকদের অংশের যোগফল ১ হতে হবে (এখন {total})।",
)
RENT_NEEDED = Text(
    en="A let or part-let holding needs its monthly rent.",
    bn="ভাড়া দেওয়া হোল্ডিংয়ের মাসিক ভাড়া দিতে হবে।",
)
NUMBER_TAKEN = Text(
    en="Holding number {number} already exists in ward {ward}.",
    bn="{ward} নং ওয়ার্ডে {number} নম্বর হোল্ডিং আগে থেকেই আছে।",
)
NOT_AFTER_CURRENT = Text(
    en="A change must take effect after {date}, when the current record began.",
    bn="পরিবর্তন বর্তমান রেকর্ড শুরুর তারিখ {date}-এর পরে কার্যকর হতে হবে।",
)
OWNERS_CHANGED_SAME_DAY = Text(
    en="The owners of holding {reference} were recorded on {date}: a split or merge can take "
    "effect only from the next day. Approve it again tomorrow.",
    bn="{reference} হোল্ডিংয়ের মালিক {date} তারিখে নথিভুক্ত হয়েছে: ভাগ বা একত্রীকরণ পরের দিন থেকে "
    "কার্যকর হতে পারে। আগামীকাল আবার অনুমোদন করুন।",
)
HOLDING_NOT_FOUND = Text(
    en="No holding {number} in ward {ward} of this pourashava.",
    bn="এই পৌরসভার {ward} নং ওয়ার্ডে {number} নম্বর হোল্ডিং নেই।",
)
ALREADY_CLAIMED = Text(
    en="You have already claimed this holding.", bn="আপনি ইতোমধ্যে এই হোল্ডিং দাবি করেছেন।"
)
NOT_ACTIVE = Text(
    en="Holding {reference} is no longer active (it was split or merged).",
    bn="{reference} হোল্ডিংটি আর সক্রিয় নেই (ভাগ বা একত্র হয়েছে)।",
)
CLAIM_DECIDED = Text(en="This claim has already been decided.", bn="এই দাবির সিদ্ধান্ত হয়ে গেছে।")


@dataclass(frozen=True)
class OwnerInput:
    name_en: str
    name_bn: str
    share: Decimal
    nid: str = ""
    mobile: str = ""
    citizen: Citizen | None = None


def normalise_holding_number(raw: str) -> str:
    """`১২/ক` and ` 12/a ` are typed at counters; store digits in ASCII and letters upper-case."""
    return to_ascii_digits(raw).strip().upper().replace(" ", "")


def check_active(holding: Holding) -> None:
    """A retired holding is history: it is never changed, split or merged again."""
    if holding.status != HoldingStatus.ACTIVE:
        raise Conflict("holding_not_active", NOT_ACTIVE, params={"reference": holding})


def check_shares(owners: list[OwnerInput]) -> None:
    total = sum((o.share for o in owners), Decimal("0"))
    if not owners or total != Decimal("1"):
        raise AppError("owner_shares_invalid", SHARES_MUST_SUM_TO_ONE, params={"total": total})


def _check_particulars(values: dict) -> None:
    if values.get("occupancy") in (Occupancy.LET, Occupancy.PART_LET) and not values.get(
        "monthly_rent"
    ):
        raise AppError("monthly_rent_required", RENT_NEEDED)


def _link_citizen(owner: OwnerInput) -> Citizen | None:
    """An owner's mobile links the holding to their account (a known citizen)."""
    if owner.citizen is not None:
        return owner.citizen
    if owner.mobile:
        return Citizen.objects.filter(mobile=owner.mobile).first()
    return None


def _open_ownerships(holding: Holding, owners: list[OwnerInput], start: date, reason: str) -> None:
    Ownership.objects.bulk_create(
        Ownership(
            holding=holding,
            pourashava_id=holding.pourashava_id,
            citizen=_link_citizen(o),
            name_en=o.name_en,
            name_bn=o.name_bn,
            nid=o.nid,
            mobile=o.mobile,
            share=o.share,
            valid_from=start,
            reason=reason,
        )
        for o in owners
    )


@transaction.atomic
def register_holding(
    *,
    pourashava: Pourashava,
    ward: Ward,
    number: str,
    particulars: dict,
    owners: list[OwnerInput],
    valid_from: date,
    actor: User,
    reason: str,
    mahalla: Mahalla | None = None,
    road: str = "",
) -> Holding:
    check_shares(owners)
    _check_particulars(particulars)
    number = normalise_holding_number(number)
    try:
        with transaction.atomic():
            holding = Holding.objects.create(
                pourashava=pourashava, ward=ward, mahalla=mahalla, road=road, number=number
            )
    except IntegrityError:
        raise Conflict(
            "holding_number_taken", NUMBER_TAKEN, params={"number": number, "ward": ward.number}
        ) from None
    Particulars.objects.create(
        holding=holding,
        pourashava=pourashava,
        valid_from=valid_from,
        recorded_by=actor,
        reason=reason,
        **particulars,
    )
    _open_ownerships(holding, owners, valid_from, reason)
    record_audit(
        actor=actor,
        action="holding.registered",
        obj=holding,
        pourashava=pourashava,
        after={"number": holding.reference, **snapshot_values(particulars)},
    )
    return holding


def _owner_summary(owner: OwnerInput) -> dict:
    return {"name_en": owner.name_en, "nid": owner.nid, "share": str(owner.share)}


def snapshot_values(values: dict) -> dict:
    return {k: str(v) if v is not None else None for k, v in values.items()}


def _current_particulars(holding: Holding) -> Particulars:
    return Particulars.objects.select_for_update().get(holding=holding, valid_to__isnull=True)


@transaction.atomic
def change_particulars(
    *, holding: Holding, changes: dict, effective: date, actor: User, reason: str
) -> Particulars:
    """Close the current particulars the day `effective` begins and open the changed ones."""
    current = _current_particulars(holding)
    if effective <= current.valid_from:
        raise AppError(
            "effective_date_too_early", NOT_AFTER_CURRENT, params={"date": current.valid_from}
        )
    values = {field: getattr(current, field) for field in PARTICULAR_FIELDS}
    values.update(changes)
    _check_particulars(values)
    before = snapshot(current, PARTICULAR_FIELDS)
    current.valid_to = effective
    current.save(update_fields=["valid_to"])
    new = Particulars.objects.create(
        holding=holding,
        pourashava_id=holding.pourashava_id,
        valid_from=effective,
        recorded_by=actor,
        reason=reason,
        **values,
    )
    record_audit(
        actor=actor,
        action="holding.particulars_changed",
        obj=holding,
        pourashava=holding.pourashava,
        before=before,
        after=snapshot(new, PARTICULAR_FIELDS),
    )
    return new


def end_ownerships(*, holding_ids: list[int], effective: date) -> None:
    """End the current owners of holdings being split or merged the day `effective` begins.
    Owners recorded on `effective` itself would be left with a period that covers no day (and
    a day of ownership the register never had): refused, as a mutation on that day is."""
    current = Ownership.objects.filter(holding_id__in=holding_ids, valid_to__isnull=True)
    same_day = current.filter(valid_from__gte=effective).select_related("holding").first()
    if same_day is not None:
        raise Conflict(
            "owners_changed_same_day",
            OWNERS_CHANGED_SAME_DAY,
            params={
                "reference": same_day.holding.reference,
                "date": same_day.valid_from.isoformat(),
            },
        )
    current.update(valid_to=effective)


@transaction.atomic
def transfer_ownership(
    *, holding: Holding, owners: list[OwnerInput], effective: date, actor: User, reason: str
) -> list[Ownership]:
    """Mutation: the current owners' period ends the day `effective` begins."""
    check_shares(owners)
    Holding.objects.select_for_update().filter(pk=holding.pk).first()
    current = list(Ownership.objects.filter(holding=holding, valid_to__isnull=True))
    latest_start = max((o.valid_from for o in current), default=None)
    if latest_start is not None and effective <= latest_start:
        raise AppError("effective_date_too_early", NOT_AFTER_CURRENT, params={"date": latest_start})
    before = [snapshot(o, ("name_en", "nid", "share", "valid_from")) for o in current]
    Ownership.objects.filter(pk__in=[o.pk for o in current]).update(valid_to=effective)
    _open_ownerships(holding, owners, effective, reason)
    record_audit(
        actor=actor,
        action="holding.ownership_transferred",
        obj=holding,
        pourashava=holding.pourashava,
        before={"owners": before},
        after={"owners": [_owner_summary(o) for o in owners], "effective": str(effective)},
    )
    return list(Ownership.objects.filter(holding=holding, valid_to__isnull=True))


@transaction.atomic
def claim_holding(
    *, citizen: Citizen, pourashava: Pourashava, ward_number: int, number: str
) -> HoldingClaim:
    """A citizen claims a holding. A verified NID matching a current owner proves it at once;
    otherwise the claim waits for a clerk."""
    number = normalise_holding_number(number)
    holding = Holding.objects.filter(
        pourashava=pourashava, ward__number=ward_number, number=number
    ).first()
    if holding is None:
        raise NotFound(
            "holding_not_found", HOLDING_NOT_FOUND, params={"number": number, "ward": ward_number}
        )
    if (
        HoldingClaim.objects.filter(holding=holding, citizen=citizen)
        .exclude(status=ClaimStatus.REJECTED)
        .exists()
    ):
        raise Conflict("holding_already_claimed", ALREADY_CLAIMED)
    nid_matches = bool(
        citizen.nid
        and citizen.nid_verified_at
        and Ownership.objects.filter(
            holding=holding, valid_to__isnull=True, nid=citizen.nid
        ).exists()
    )
    claim = HoldingClaim.objects.create(
        holding=holding,
        pourashava=pourashava,
        citizen=citizen,
        status=ClaimStatus.APPROVED if nid_matches else ClaimStatus.PENDING,
        proof="nid_match" if nid_matches else "clerk",
        decided_at=timezone.now() if nid_matches else None,
    )
    if nid_matches:
        Ownership.objects.filter(
            holding=holding, valid_to__isnull=True, nid=citizen.nid, citizen__isnull=True
        ).update(citizen=citizen)
        holding_claim_approved.send(sender=HoldingClaim, claim=claim)
    return claim


@transaction.atomic
def decide_claim(
    *, claim: HoldingClaim, approve: bool, actor: User, note: str = ""
) -> HoldingClaim:
    claim = HoldingClaim.objects.select_for_update().get(pk=claim.pk)
    if claim.status != ClaimStatus.PENDING:
        raise Conflict("claim_already_decided", CLAIM_DECIDED)
    claim.status = ClaimStatus.APPROVED if approve else ClaimStatus.REJECTED
    claim.decided_by, claim.decided_at, claim.note = actor, timezone.now(), note
    claim.save(update_fields=["status", "decided_by", "decided_at", "note"])
    if approve:
        holding_claim_approved.send(sender=HoldingClaim, claim=claim)
    record_audit(
        actor=actor,
        action=f"holding.claim_{claim.status}",
        obj=claim,
        pourashava=claim.pourashava_id,
        after={"note": note},
    )
    return claim
