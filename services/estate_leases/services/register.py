"""The register: adding leasable property, and recording what happened in a lease year (the
outcome, its reason, the realised value; a value a later reserve was computed from changes only
with a correction record, which recomputes those reserves)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction

from backend.common.errors import AppError, Conflict
from backend.identity.audit import record_audit
from backend.identity.models import User
from backend.municipality.models import Pourashava, Ward
from services.estate_leases import access, errors
from services.estate_leases.models import (
    NEEDS_DC_APPROVAL,
    Outcome,
    Property,
    ReservePrice,
    ValueCorrection,
    YearOutcome,
)

REALISED = (Outcome.LEASED, Outcome.DIRECT)


@dataclass(frozen=True)
class PropertyInput:
    code: str
    name_en: str
    name_bn: str
    kind: str
    ward_number: int | None = None
    mouza: str = ""
    dag: str = ""
    area_sqm: Decimal | None = None
    hat_days: str = ""
    dc_approval_ref: str = ""
    is_demo: bool = False


def check_dc_approval(kind: str, dc_approval_ref: str) -> None:
    if kind in NEEDS_DC_APPROVAL and not dc_approval_ref.strip():
        raise AppError(
            "dc_approval_required",
            errors.NEEDS_DC_APPROVAL,
            fields={"dc_approval_ref": [errors.NEEDS_DC_APPROVAL]},
        )


@transaction.atomic
def add_property(*, pourashava: Pourashava, data: PropertyInput, actor: User) -> Property:
    access.require(actor, access.OFFICERS, pourashava.pk)
    check_dc_approval(data.kind, data.dc_approval_ref)
    ward = None
    if data.ward_number is not None:
        ward = Ward.objects.filter(pourashava=pourashava, number=data.ward_number).first()
        if ward is None:
            raise AppError("ward_not_found", errors.WARD_ELSEWHERE, fields={"ward": ["not_found"]})
    if Property.objects.filter(pourashava=pourashava, code=data.code).exists():
        raise Conflict("property_code_taken", errors.CODE_TAKEN, params={"code": data.code})
    prop = Property.objects.create(
        pourashava=pourashava,
        ward=ward,
        code=data.code,
        name_en=data.name_en,
        name_bn=data.name_bn,
        kind=data.kind,
        mouza=data.mouza,
        dag=data.dag,
        area_sqm=data.area_sqm,
        hat_days=data.hat_days,
        dc_approval_ref=data.dc_approval_ref.strip(),
        is_demo=data.is_demo,
    )
    record_audit(actor=actor, action="estate.property_added", obj=prop, after={"code": prop.code})
    return prop


def later_reserves_using(prop: Property, year: int) -> list[ReservePrice]:
    """Reserve prices of later years whose average took this year's value."""
    return [
        r
        for r in ReservePrice.objects.filter(property=prop, year__gt=year)
        if any(row[0] == year for row in r.basis)
    ]


@transaction.atomic
def record_outcome(
    *,
    prop: Property,
    year: int,
    outcome: str,
    actor: User,
    reason: str = "",
    reason_text: str = "",
    realised_value: Decimal | None = None,
    correction_reason: str = "",
    is_demo: bool = False,
) -> YearOutcome:
    """Set the outcome of (property, year). A leased year is set by the award, never here; a
    year already leased or directly collected keeps that outcome."""
    access.require(actor, access.OFFICERS, prop.pourashava_id)
    if outcome not in (Outcome.LEASED, Outcome.PENDING) and not reason:
        raise AppError("reason_required", errors.REASON_REQUIRED, fields={"reason": ["required"]})
    if realised_value is not None and outcome not in REALISED:
        raise AppError("value_needs_realised", errors.VALUE_NEEDS_REALISED)
    row = YearOutcome.objects.select_for_update().filter(property=prop, year=year).first()
    if row is not None and row.outcome in REALISED and row.outcome != outcome:
        raise Conflict(
            "outcome_taken",
            errors.OUTCOME_TAKEN,
            params={"year": year, "outcome": Outcome(row.outcome).label},
        )
    if row is None:
        row = YearOutcome(pourashava_id=prop.pourashava_id, property=prop, year=year)
    before = row.realised_value
    changes_value = row.pk is not None and realised_value is not None and before != realised_value
    used_by = later_reserves_using(prop, year) if changes_value else []
    if used_by and not correction_reason.strip():
        raise Conflict(
            "value_used_by_reserve",
            errors.VALUE_USED_BY_RESERVE,
            params={"year": year, "later": used_by[0].year},
            fields={"correction_reason": ["required"]},
        )
    row.outcome = outcome
    row.reason = "" if outcome == Outcome.LEASED else reason
    row.reason_text = reason_text
    if realised_value is not None:
        row.realised_value = realised_value
    row.is_demo = is_demo
    try:
        with transaction.atomic():
            row.save()
    except IntegrityError:
        raise Conflict(
            "outcome_taken", errors.OUTCOME_TAKEN, params={"year": year, "outcome": outcome}
        ) from None
    if used_by:
        ValueCorrection.objects.create(
            pourashava_id=prop.pourashava_id,
            outcome=row,
            old_value=before,
            new_value=realised_value,
            reason=correction_reason.strip(),
            corrected_by=actor,
        )
        from services.estate_leases.services.reserves import recompute

        for reserve in used_by:
            recompute(reserve, as_of=reserve.computed_at.date())
    record_audit(
        actor=actor,
        action="estate.outcome_recorded",
        obj=row,
        before={"value": str(before) if before is not None else None},
        after={
            "outcome": outcome,
            "reason": reason,
            "value": str(row.realised_value) if row.realised_value is not None else None,
            "correction": correction_reason,
        },
    )
    return row
