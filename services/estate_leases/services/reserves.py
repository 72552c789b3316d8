"""Reserve prices: the average of the last three years' realised value (leased or directly
collected) plus the uplift in force, rounded up to 100 taka. Computing again keeps an override
and changes nothing but the computed figures; an override needs a reason, and is in force only
once someone else with the approving role approves it."""

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.municipality.models import Pourashava
from services.estate_leases import access, errors
from services.estate_leases.checks.calculator import reserve_price
from services.estate_leases.models import (
    Outcome,
    Property,
    PropertyStatus,
    RateKind,
    ReservePrice,
    YearOutcome,
)
from services.estate_leases.rates import rate_on

WINDOW = 3


def _basis(prop_id: int, year: int) -> list[list]:
    rows = YearOutcome.objects.filter(
        property_id=prop_id,
        year__gte=year - WINDOW,
        year__lt=year,
        outcome__in=[Outcome.LEASED, Outcome.DIRECT],
        realised_value__isnull=False,
    ).order_by("year")
    return [[r.year, str(r.realised_value), r.outcome] for r in rows]


def _fill(reserve: ReservePrice, prop: Property, as_of: date) -> None:
    basis = _basis(prop.pk, reserve.year)
    uplift = rate_on(RateKind.UPLIFT, as_of, prop.kind)
    result = reserve_price([Decimal(b[1]) for b in basis], uplift)
    reserve.basis = basis
    reserve.years_used = result.years_used
    reserve.average = result.average
    reserve.uplift_percent = uplift
    reserve.computed_amount = result.amount
    reserve.computed_at = timezone.now()


def compute_for(prop: Property, year: int, *, as_of: date | None = None) -> ReservePrice:
    """Compute (or recompute) one property's reserve for `year`."""
    as_of = as_of or timezone.localdate()
    reserve = ReservePrice.objects.select_for_update().filter(property=prop, year=year).first()
    if reserve is None:
        reserve = ReservePrice(pourashava_id=prop.pourashava_id, property=prop, year=year)
    _fill(reserve, prop, as_of)
    reserve.save()
    return reserve


def recompute(reserve: ReservePrice, *, as_of: date) -> ReservePrice:
    _fill(reserve, reserve.property, as_of)
    reserve.save(
        update_fields=[
            "basis",
            "years_used",
            "average",
            "uplift_percent",
            "computed_amount",
            "computed_at",
        ]
    )
    return reserve


@transaction.atomic
def compute_all(
    *, pourashava: Pourashava, year: int, actor: User, as_of: date | None = None
) -> list[ReservePrice]:
    """Every active property of the pourashava: idempotent, overrides kept."""
    access.require(actor, access.OFFICERS, pourashava.pk)
    props = Property.objects.filter(pourashava=pourashava, status=PropertyStatus.ACTIVE)
    reserves = [compute_for(p, year, as_of=as_of) for p in props.order_by("pk")]
    record_audit(
        actor=actor,
        action="estate.reserves_computed",
        object_type="estate_leases.reserveprice",
        object_id=str(year),
        pourashava=pourashava,
        after={"year": year, "count": len(reserves)},
    )
    return reserves


@transaction.atomic
def ask_override(
    *, reserve: ReservePrice, amount: Decimal, reason: str, actor: User
) -> ReservePrice:
    access.require(actor, access.OFFICERS, reserve.pourashava_id)
    if not reason.strip():
        raise AppError(
            "override_reason_required", errors.OVERRIDE_REASON, fields={"reason": ["required"]}
        )
    reserve = ReservePrice.objects.select_for_update().get(pk=reserve.pk)
    reserve.override_amount = amount
    reserve.override_reason = reason.strip()
    reserve.override_by = actor
    reserve.override_approved_by = None
    reserve.override_approved_at = None
    reserve.save()
    record_audit(
        actor=actor,
        action="estate.override_asked",
        obj=reserve,
        after={"amount": str(amount), "reason": reason},
    )
    return reserve


@transaction.atomic
def approve_override(*, reserve: ReservePrice, actor: User) -> ReservePrice:
    access.require(actor, access.APPROVERS, reserve.pourashava_id, errors.NOT_APPROVER)
    reserve = ReservePrice.objects.select_for_update().get(pk=reserve.pk)
    if reserve.override_amount is None or reserve.override_approved_at is not None:
        raise Conflict("no_override_waiting", errors.NO_OVERRIDE)
    if reserve.override_by_id == actor.pk:
        raise Conflict("own_override", errors.OWN_OVERRIDE)
    reserve.override_approved_by = actor
    reserve.override_approved_at = timezone.now()
    reserve.save(update_fields=["override_approved_by", "override_approved_at"])
    record_audit(
        actor=actor,
        action="estate.override_approved",
        obj=reserve,
        after={"amount": str(reserve.override_amount)},
    )
    return reserve
