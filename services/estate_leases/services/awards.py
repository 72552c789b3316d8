"""Award, approval, payment, agreement and the security's refund.

The committee awards a property to the highest valid bid at or above the reserve in force
(ties: the earlier submission); below it only with an approved override. The award waits for the
mayor's approval through the workflow engine; approving raises one demand on the lessee with the
lease money, VAT and income tax as separate heads (dated rates) and marks the year leased; when
the payment layer settles it, the lease is paid; the estate officer records the agreement, and
refunds the security after the lease year ends."""

from collections.abc import Sequence
from datetime import date, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.payments.models import Demand
from backend.payments.registry import register_settlement_hook
from backend.payments.services import raise_demand
from backend.workflow.definitions import Transition
from backend.workflow.models import Application
from backend.workflow.services import register_transition_hook, start_application
from services.estate_leases import access, errors, heads, workflow
from services.estate_leases.checks.calculator import percent_of
from services.estate_leases.lease_year import LeaseYear
from services.estate_leases.models import (
    Bid,
    CallStatus,
    ItemStatus,
    Lease,
    LeaseStatus,
    Outcome,
    RateKind,
    TenderCall,
    TenderItem,
    YearOutcome,
)
from services.estate_leases.rates import rate_on
from services.estate_leases.services.tenders import _item, _locked, close_call_if_decided

OBJECT_TYPE = "estate_lease"
PAY_WITHIN_DAYS = 15


def winner(item: TenderItem) -> Bid | None:
    """The highest valid bid at or above the reserve in force; ties by earlier submission."""
    return (
        item.bids.filter(valid=True, amount__gte=item.reserve.amount)
        .order_by("-amount", "submitted_at", "pk")
        .first()
    )


@transaction.atomic
def award(*, call: TenderCall, code: str, actor: User, bid_id: int | None = None) -> Lease:
    access.require(actor, access.COMMITTEE, call.pourashava_id, errors.NOT_COMMITTEE)
    call = _locked(call)
    if call.status != CallStatus.OPENED:
        raise Conflict("not_opened", errors.NOT_OPENED)
    item = _item(call, code)
    if item.status != ItemStatus.OPEN:
        raise Conflict("item_decided", errors.ITEM_NOT_OPEN)
    item.reserve.refresh_from_db()  # an override approved since the call counts
    reserve = item.reserve.amount
    best = winner(item)
    chosen = best
    if bid_id is not None:
        chosen = item.bids.filter(pk=bid_id).first()
        if chosen is None:
            raise AppError("bid_not_found", errors.NOT_IN_CALL, status_code=404)
        if not chosen.valid:
            raise Conflict("bid_invalid", errors.BID_INVALID, params={"why": chosen.invalid_reason})
    if chosen is None or chosen.amount < reserve:
        highest = chosen or item.bids.filter(valid=True).order_by("-amount").first()
        raise Conflict(
            "award_below_reserve",
            errors.BELOW_RESERVE,
            params={"amount": str(highest.amount if highest else 0), "reserve": str(reserve)},
        )
    if best is not None and chosen.pk != best.pk:
        raise Conflict("not_highest_bid", errors.NOT_HIGHEST, params={"winner": best.bidder_name})
    outcome = (
        YearOutcome.objects.select_for_update()
        .filter(property=item.property, year=call.year)
        .first()
    )
    if outcome is not None and outcome.outcome in (
        Outcome.DIRECT,
        Outcome.NOT_OPERATED,
        Outcome.LEASED,
    ):
        raise Conflict(
            "outcome_taken",
            errors.OUTCOME_TAKEN,
            params={"year": call.year, "outcome": Outcome(outcome.outcome).label},
        )
    year = LeaseYear(call.year)
    kind = item.property.kind
    vat_percent = rate_on(RateKind.VAT, year.starts_on, kind)
    tax_percent = rate_on(RateKind.INCOME_TAX, year.starts_on, kind)
    application = start_application(
        kind=workflow.KIND, series=workflow.SERIES, pourashava=call.pourashava, actor=actor
    )
    try:
        with transaction.atomic():
            lease = Lease.objects.create(
                pourashava_id=call.pourashava_id,
                property=item.property,
                year=call.year,
                bid=chosen,
                lessee=chosen.bidder,
                application=application,
                amount=chosen.amount,
                vat_percent=vat_percent,
                vat_amount=percent_of(chosen.amount, vat_percent),
                income_tax_percent=tax_percent,
                income_tax_amount=percent_of(chosen.amount, tax_percent),
                security_amount=chosen.security_amount,
                starts_on=year.starts_on,
                ends_on=year.ends_on,
                awarded_by=actor,
            )
    except IntegrityError:
        raise Conflict(
            "outcome_taken", errors.OUTCOME_TAKEN, params={"year": call.year, "outcome": "leased"}
        ) from None
    item.status = ItemStatus.AWARDED
    item.save(update_fields=["status"])
    close_call_if_decided(call)
    record_audit(
        actor=actor,
        action="estate.awarded",
        obj=lease,
        after={"bid": chosen.pk, "amount": str(chosen.amount), "reserve": str(reserve)},
    )
    return lease


def natural_key(lease: Lease) -> str:
    return f"lease:{lease.property.pourashava_id}:{lease.property.code}:{lease.year}"


def _on_transition(application: Application, transition: Transition, actor: User) -> None:
    """Approving raises the demands and marks the year leased; rejecting reopens the item."""
    lease = (
        Lease.objects.select_for_update()
        .select_related("property", "pourashava", "lessee")
        .filter(application=application)
        .first()
    )
    if lease is None:
        return
    if transition.target == workflow.APPROVED:
        lease.demand = raise_demand(
            pourashava=lease.pourashava,
            service_code=heads.SERVICE_CODE,
            natural_key=natural_key(lease),
            lines={
                heads.LEASE_MONEY: lease.amount,
                heads.LEASE_VAT: lease.vat_amount,
                heads.LEASE_INCOME_TAX: lease.income_tax_amount,
            },
            due_date=timezone.localdate() + timedelta(days=PAY_WITHIN_DAYS),
            citizen=lease.lessee,
            object_type=OBJECT_TYPE,
            object_id=lease.pk,
            object_label=f"{lease.property.name_en}, lease {lease.year} BS",
            actor=actor,
        )
        lease.status = LeaseStatus.APPROVED
        lease.save(update_fields=["demand", "status"])
        row, _ = YearOutcome.objects.get_or_create(
            property=lease.property, year=lease.year, defaults={"pourashava": lease.pourashava}
        )
        row.outcome, row.reason, row.reason_text = Outcome.LEASED, "", ""
        row.realised_value = lease.amount
        row.save()
    elif transition.target == workflow.REJECTED:
        lease.status = LeaseStatus.REJECTED
        lease.save(update_fields=["status"])
        TenderItem.objects.filter(call=lease.bid.call, property=lease.property).update(
            status=ItemStatus.OPEN
        )
        TenderCall.objects.filter(pk=lease.bid.call_id).update(status=CallStatus.OPENED)


def _on_paid(demands: Sequence[Demand]) -> None:
    for demand in demands:
        if demand.object_type != OBJECT_TYPE:
            continue
        Lease.objects.filter(demand=demand, status=LeaseStatus.APPROVED).update(
            status=LeaseStatus.PAID, paid_at=timezone.now()
        )


def _lease(lease: Lease) -> Lease:
    return Lease.objects.select_for_update().select_related("property").get(pk=lease.pk)


@transaction.atomic
def sign_agreement(*, lease: Lease, agreement_date: date, stamp_ref: str, actor: User) -> Lease:
    access.require(actor, access.OFFICERS, lease.pourashava_id)
    lease = _lease(lease)
    if lease.status != LeaseStatus.PAID:
        raise Conflict("lease_not_paid", errors.LEASE_NOT_APPROVED_PAID)
    lease.agreement_date, lease.stamp_ref = agreement_date, stamp_ref
    lease.status = LeaseStatus.AGREEMENT_SIGNED
    lease.save(update_fields=["agreement_date", "stamp_ref", "status"])
    record_audit(actor=actor, action="estate.agreement_signed", obj=lease)
    return lease


@transaction.atomic
def refund_security(*, lease: Lease, reference: str, actor: User, on: date | None = None) -> Lease:
    access.require(actor, access.OFFICERS, lease.pourashava_id)
    lease = _lease(lease)
    on = on or timezone.localdate()
    if lease.status != LeaseStatus.AGREEMENT_SIGNED:
        raise Conflict("lease_not_signed", errors.LEASE_NOT_SIGNED)
    if on <= lease.ends_on:
        raise Conflict(
            "lease_not_ended", errors.LEASE_NOT_ENDED, params={"ends": str(lease.ends_on)}
        )
    lease.security_refunded_on, lease.security_refund_ref = on, reference
    lease.status = LeaseStatus.CLOSED
    lease.save(update_fields=["security_refunded_on", "security_refund_ref", "status"])
    record_audit(
        actor=actor,
        action="estate.security_refunded",
        obj=lease,
        after={"amount": str(lease.security_amount), "reference": reference},
    )
    return lease


def register() -> None:
    register_transition_hook(workflow.KIND, _on_transition)
    register_settlement_hook(heads.SERVICE_CODE, _on_paid)
