"""Tender calls: made by the estate officer for properties with a reserve, published with a
generated notice, schedules sold, sealed bids recorded until the deadline (earnest 25% and
security 5% of the bid, one bid per bidder per call), opened by the tender committee only after
the deadline (ranking = the comparative statement), and a failed property sent to a new call
or to direct collection with its reason."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.common.numbering import next_number
from backend.identity.audit import record_audit
from backend.identity.models import Citizen, User
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from services.estate_leases import access, errors
from services.estate_leases.checks.calculator import earnest_needed, security_needed
from services.estate_leases.models import (
    Bid,
    CallStatus,
    ItemStatus,
    Lease,
    LeaseStatus,
    Outcome,
    Property,
    ReservePrice,
    TenderCall,
    TenderItem,
    YearOutcome,
)
from services.estate_leases.notice import notice_texts

SERIES = "TC"  # call numbers: NAT-TC-2026-27-000001
SETTLED = (Outcome.LEASED, Outcome.DIRECT, Outcome.NOT_OPERATED)


@dataclass(frozen=True)
class CallInput:
    year: int
    property_codes: tuple[str, ...]
    sale_until: datetime
    deadline: datetime
    opening_at: datetime
    schedule_price: Decimal = Decimal("0")


def _locked(call: TenderCall) -> TenderCall:
    return TenderCall.objects.select_for_update().select_related("pourashava").get(pk=call.pk)


@transaction.atomic
def create_call(*, pourashava: Pourashava, data: CallInput, actor: User) -> TenderCall:
    access.require(actor, access.OFFICERS, pourashava.pk)
    if not data.sale_until <= data.deadline <= data.opening_at:
        raise AppError("bad_schedule", errors.BAD_SCHEDULE, fields={"deadline": ["order"]})
    props = list(Property.objects.filter(pourashava=pourashava, code__in=data.property_codes))
    missing = set(data.property_codes) - {p.code for p in props}
    if missing or not props:
        raise AppError(
            "property_not_found",
            errors.PROPERTY_NOT_FOUND,
            fields={"properties": sorted(missing) or ["required"]},
            status_code=404,
        )
    reserves = {
        r.property_id: r for r in ReservePrice.objects.filter(property__in=props, year=data.year)
    }
    outcomes = dict(
        YearOutcome.objects.filter(property__in=props, year=data.year).values_list(
            "property_id", "outcome"
        )
    )
    for prop in props:
        if prop.pk not in reserves:
            raise Conflict(
                "reserve_missing", errors.NO_RESERVE, params={"code": prop.code, "year": data.year}
            )
        if outcomes.get(prop.pk) in SETTLED:
            raise Conflict(
                "already_settled",
                errors.ALREADY_SETTLED,
                params={
                    "code": prop.code,
                    "year": data.year,
                    "outcome": Outcome(outcomes[prop.pk]).label,
                },
            )
    awarded = (
        Lease.objects.filter(property__in=props, year=data.year)
        .exclude(status=LeaseStatus.REJECTED)
        .select_related("property")
        .first()
    )
    if awarded is not None:  # awaiting approval or leased: no second call for that year
        raise Conflict(
            "already_settled",
            errors.ALREADY_SETTLED,
            params={
                "code": awarded.property.code,
                "year": data.year,
                "outcome": Outcome.LEASED.label,
            },
        )
    earlier = TenderItem.objects.filter(property__in=props, call__year=data.year).count()
    call = TenderCall.objects.create(
        pourashava=pourashava,
        number=next_number(
            pourashava=pourashava, series=SERIES, fiscal_year=FiscalYear.of(timezone.now())
        ),
        year=data.year,
        call_no=earlier // len(props) + 1 if earlier else 1,
        schedule_price=data.schedule_price,
        sale_until=data.sale_until,
        deadline=data.deadline,
        opening_at=data.opening_at,
        created_by=actor,
    )
    TenderItem.objects.bulk_create(
        TenderItem(pourashava=pourashava, call=call, property=p, reserve=reserves[p.pk])
        for p in props
    )
    for prop in props:
        if prop.pk not in outcomes:
            YearOutcome.objects.create(pourashava=pourashava, property=prop, year=data.year)
    record_audit(actor=actor, action="estate.call_created", obj=call, after={"year": data.year})
    return call


@transaction.atomic
def publish(*, call: TenderCall, actor: User) -> TenderCall:
    access.require(actor, access.OFFICERS, call.pourashava_id)
    call = _locked(call)
    if call.status != CallStatus.DRAFT:
        raise Conflict("call_not_draft", errors.CALL_NOT_DRAFT)
    call.notice_bn, call.notice_en = notice_texts(call)
    call.status = CallStatus.PUBLISHED
    call.published_at = timezone.now()
    call.save(update_fields=["notice_bn", "notice_en", "status", "published_at"])
    record_audit(actor=actor, action="estate.call_published", obj=call)
    return call


def _item(call: TenderCall, code: str) -> TenderItem:
    item = (
        TenderItem.objects.select_for_update()
        .select_related("property", "reserve")
        .filter(call=call, property__code=code)
        .first()
    )
    if item is None:
        raise AppError("not_in_call", errors.NOT_IN_CALL, fields={"property": ["not_found"]})
    return item


@transaction.atomic
def sell_schedule(*, call: TenderCall, code: str, actor: User) -> TenderItem:
    """Count a schedule sold (the "schedules sold vs bids received" signal)."""
    access.require(actor, access.OFFICERS, call.pourashava_id)
    call = _locked(call)
    if call.status != CallStatus.PUBLISHED:
        raise Conflict("call_not_published", errors.CALL_NOT_PUBLISHED)
    if timezone.now() > call.sale_until:
        raise Conflict("sales_closed", errors.SALES_CLOSED)
    item = _item(call, code)
    item.schedules_sold += 1
    item.save(update_fields=["schedules_sold"])
    return item


@dataclass(frozen=True)
class BidInput:
    property_code: str
    bidder: Citizen
    bidder_name: str
    amount: Decimal
    earnest_amount: Decimal
    security_amount: Decimal
    instrument_ref: str = ""


@transaction.atomic
def submit_bid(*, call: TenderCall, data: BidInput, actor: User) -> Bid:
    """Record a sealed bid as it is dropped in the box (by the estate officer)."""
    access.require(actor, access.OFFICERS, call.pourashava_id)
    call = _locked(call)
    now = timezone.now()
    if call.status != CallStatus.PUBLISHED:
        raise Conflict("call_not_published", errors.CALL_NOT_PUBLISHED)
    if now > call.deadline:
        raise Conflict(
            "bid_after_deadline",
            errors.AFTER_DEADLINE,
            params={"deadline": timezone.localtime(call.deadline).strftime("%d-%m-%Y %H:%M")},
        )
    item = _item(call, data.property_code)
    if data.earnest_amount < earnest_needed(data.amount):
        needed = earnest_needed(data.amount)
        raise AppError(
            "earnest_too_small",
            errors.EARNEST_SHORT,
            params={"needed": str(needed)},
            fields={"earnest_amount": ["too_small"]},
        )
    if data.security_amount < security_needed(data.amount):
        raise AppError(
            "security_too_small",
            errors.SECURITY_SHORT,
            params={"needed": str(security_needed(data.amount))},
            fields={"security_amount": ["too_small"]},
        )
    if Bid.objects.filter(call=call, bidder=data.bidder).exists():
        raise Conflict("second_bid", errors.SECOND_BID)
    try:
        with transaction.atomic():
            bid = Bid.objects.create(
                pourashava_id=call.pourashava_id,
                call=call,
                item=item,
                bidder=data.bidder,
                bidder_name=data.bidder_name,
                amount=data.amount,
                earnest_amount=data.earnest_amount,
                security_amount=data.security_amount,
                instrument_ref=data.instrument_ref,
                submitted_at=now,
                recorded_by=actor,
            )
    except IntegrityError:
        raise Conflict("second_bid", errors.SECOND_BID) from None
    record_audit(
        actor=actor, action="estate.bid_recorded", obj=bid, after={"amount": str(data.amount)}
    )
    return bid


@transaction.atomic
def open_bids(*, call: TenderCall, actor: User) -> TenderCall:
    """The committee opens the box after the deadline: every bid is ranked per property
    (highest first, earlier submission first on a tie)."""
    access.require(actor, access.COMMITTEE, call.pourashava_id, errors.NOT_COMMITTEE)
    call = _locked(call)
    now = timezone.now()
    if call.status != CallStatus.PUBLISHED:
        raise Conflict("call_not_published", errors.CALL_NOT_PUBLISHED)
    if now <= call.deadline:
        raise Conflict(
            "opening_before_deadline",
            errors.BEFORE_DEADLINE,
            params={"deadline": timezone.localtime(call.deadline).strftime("%d-%m-%Y %H:%M")},
        )
    for item in call.items.all():
        bids = list(item.bids.order_by("-amount", "submitted_at", "pk"))
        for rank, bid in enumerate(bids, start=1):
            bid.rank = rank
            if bid.valid is None:
                bid.valid = True
        Bid.objects.bulk_update(bids, ["rank", "valid"])
    call.status = CallStatus.OPENED
    call.opened_at = now
    call.opened_by = actor
    call.save(update_fields=["status", "opened_at", "opened_by"])
    record_audit(actor=actor, action="estate.bids_opened", obj=call)
    return call


@transaction.atomic
def invalidate_bid(*, call: TenderCall, bid_id: int, reason: str, actor: User) -> Bid:
    """The committee finds a bid invalid on opening (unsigned pages, overwriting...)."""
    access.require(actor, access.COMMITTEE, call.pourashava_id, errors.NOT_COMMITTEE)
    call = _locked(call)
    if call.status != CallStatus.OPENED:
        raise Conflict("not_opened", errors.NOT_OPENED)
    bid = Bid.objects.select_related("item").filter(call=call, pk=bid_id).first()
    if bid is None:
        raise AppError("bid_not_found", errors.NOT_IN_CALL, status_code=404)
    if bid.item.status != ItemStatus.OPEN:
        raise Conflict("item_decided", errors.ITEM_NOT_OPEN)
    if not reason.strip():
        raise AppError("reason_required", errors.REASON_REQUIRED, fields={"reason": ["required"]})
    bid.valid = False
    bid.invalid_reason = reason.strip()
    bid.save(update_fields=["valid", "invalid_reason"])
    record_audit(actor=actor, action="estate.bid_invalidated", obj=bid, after={"reason": reason})
    return bid


def comparative_statement(call: TenderCall) -> list[dict]:
    """Per property: reserve, schedules sold and every bid with its rank and standing."""
    out = []
    for item in call.items.select_related("property", "reserve").order_by("property__code"):
        reserve = item.reserve.amount
        bids = list(item.bids.order_by("rank", "-amount", "submitted_at"))
        out.append(
            {
                "property": item.property.code,
                "name_en": item.property.name_en,
                "name_bn": item.property.name_bn,
                "reserve": reserve,
                "status": item.status,
                "schedules_sold": item.schedules_sold,
                "bids": [
                    {
                        "id": b.pk,
                        "rank": b.rank,
                        "bidder_name": b.bidder_name,
                        "amount": b.amount,
                        "earnest_amount": b.earnest_amount,
                        "security_amount": b.security_amount,
                        "submitted_at": b.submitted_at,
                        "valid": b.valid,
                        "invalid_reason": b.invalid_reason,
                        "at_or_above_reserve": b.amount >= reserve,
                    }
                    for b in bids
                ]
                if call.status != CallStatus.DRAFT and call.opened_at
                else [],
                "bid_count": len(bids),
            }
        )
    return out


FAIL_ACTIONS = ("retender", "direct")


@transaction.atomic
def fail_item(
    *, call: TenderCall, code: str, reason: str, reason_text: str, next_action: str, actor: User
) -> TenderItem:
    """No award for this property in this call: a new call follows (the year stays pending,
    with the reason) or the pourashava collects directly (khas)."""
    access.require(actor, access.COMMITTEE | access.OFFICERS, call.pourashava_id)
    if next_action not in FAIL_ACTIONS:
        raise AppError("bad_next_action", errors.FAIL_ACTION, fields={"next_action": ["invalid"]})
    if not reason:
        raise AppError("reason_required", errors.REASON_REQUIRED, fields={"reason": ["required"]})
    call = _locked(call)
    item = _item(call, code)
    if item.status != ItemStatus.OPEN:
        raise Conflict("item_decided", errors.ITEM_NOT_OPEN)
    item.status = ItemStatus.FAILED
    item.save(update_fields=["status"])
    outcome = Outcome.DIRECT if next_action == "direct" else Outcome.PENDING
    _set_outcome_unchecked(item.property, call.year, outcome, reason, reason_text)
    close_call_if_decided(call)
    record_audit(
        actor=actor,
        action="estate.item_failed",
        obj=item,
        after={"reason": reason, "next": next_action},
    )
    return item


def _set_outcome_unchecked(prop: Property, year: int, outcome: str, reason: str, text: str):
    row, _ = YearOutcome.objects.select_for_update().get_or_create(
        property=prop, year=year, defaults={"pourashava_id": prop.pourashava_id}
    )
    if row.outcome == Outcome.LEASED:
        raise Conflict(
            "outcome_taken",
            errors.OUTCOME_TAKEN,
            params={"year": year, "outcome": Outcome(row.outcome).label},
        )
    row.outcome, row.reason, row.reason_text = outcome, reason, text
    row.save()


def close_call_if_decided(call: TenderCall) -> None:
    statuses = set(call.items.values_list("status", flat=True))
    if ItemStatus.OPEN in statuses:
        return
    call.status = CallStatus.AWARDED if ItemStatus.AWARDED in statuses else CallStatus.FAILED
    call.save(update_fields=["status"])
