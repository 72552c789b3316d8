"""Dated tariffs and fees. A row in effect never changes: a new row with a later start closes
the open row of the same key the day before; a row overlapping another of its key is refused.
The check runs under a lock on the pourashava's row, so two clerks adding rows at once cannot
both pass it."""

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import Q

from backend.common.errors import AppError, Conflict, NotFound
from backend.identity.audit import record_audit
from backend.municipality.models import Pourashava
from services.water_billing import errors
from services.water_billing.calculator import TariffTerms, slabs_from_json
from services.water_billing.models import (
    Basis,
    Category,
    Connection,
    Diameter,
    Fee,
    StoreyClass,
    Tariff,
)


def _lock_pourashava(pourashava: Pourashava) -> None:
    Pourashava.objects.select_for_update().filter(pk=pourashava.pk).first()


def _overlapping(rows, start: date, end: date | None):
    overlap = Q(effective_to__isnull=True) | Q(effective_to__gte=start)
    if end is not None:
        overlap &= Q(effective_from__lte=end)
    return rows.filter(overlap)


def _close_or_refuse(rows, start: date, end: date | None) -> None:
    """An open-ended row that started before `start` is closed the day before; anything else
    overlapping is refused."""
    for row in _overlapping(rows, start, end).select_for_update():
        if row.effective_to is None and row.effective_from < start:
            row.effective_to = start - timedelta(days=1)
            type(row).objects.filter(pk=row.pk).update(effective_to=row.effective_to)
            continue
        raise Conflict(
            "tariff_overlap",
            errors.TARIFF_OVERLAP,
            params={"start": row.effective_from.isoformat()},
        )


@transaction.atomic
def add_tariff(*, pourashava: Pourashava, actor=None, **fields) -> Tariff:
    """A new dated tariff row (see Tariff for the fields)."""
    tariff = Tariff(pourashava=pourashava, **fields)
    if tariff.basis == Basis.METERED:
        tariff.storey_class, tariff.diameter = StoreyClass.ANY, Diameter.ANY
    tariff.full_clean()
    _lock_pourashava(pourashava)
    rows = Tariff.objects.filter(
        pourashava=pourashava,
        basis=tariff.basis,
        category=tariff.category,
        storey_class=tariff.storey_class,
        diameter=tariff.diameter,
    )
    _close_or_refuse(rows, tariff.effective_from, tariff.effective_to)
    tariff.save()
    record_audit(
        actor=actor,
        action="water_billing.tariff_added",
        obj=tariff,
        pourashava=pourashava,
        after={"key": str(tariff), "ref": tariff.gazette_ref},
    )
    return tariff


@transaction.atomic
def add_fee(*, pourashava: Pourashava, actor=None, **fields) -> Fee:
    fee = Fee(pourashava=pourashava, **fields)
    fee.full_clean()
    _lock_pourashava(pourashava)
    rows = Fee.objects.filter(pourashava=pourashava, code=fee.code, diameter=fee.diameter)
    _close_or_refuse(rows, fee.effective_from, fee.effective_to)
    fee.save()
    record_audit(
        actor=actor,
        action="water_billing.fee_added",
        obj=fee,
        pourashava=pourashava,
        after={"fee": fee.code, "amount": str(fee.amount), "ref": fee.gazette_ref},
    )
    return fee


def _in_effect(rows, day: date):
    return rows.filter(effective_from__lte=day).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gte=day)
    )


def tariff_row(
    *,
    pourashava_id: int,
    metered: bool,
    category: str,
    storey_class: str,
    diameter: str,
    day: date,
) -> Tariff | None:
    rows = Tariff.objects.filter(pourashava_id=pourashava_id, category=category)
    if metered:
        rows = rows.filter(basis=Basis.METERED)
    else:
        rows = rows.filter(basis=Basis.FLAT, storey_class=storey_class, diameter=diameter)
    return _in_effect(rows, day).order_by("-effective_from").first()


def require_tariff(
    *, pourashava_id: int, metered: bool, category: str, storey_class: str, diameter: str, day: date
) -> Tariff:
    row = tariff_row(
        pourashava_id=pourashava_id,
        metered=metered,
        category=category,
        storey_class=storey_class,
        diameter=diameter,
        day=day,
    )
    if row is None:
        raise AppError("no_tariff", errors.NO_TARIFF, params={"day": day.isoformat()})
    return row


def terms_of(tariff: Tariff) -> TariffTerms:
    return TariffTerms(
        monthly_amount=tariff.monthly_amount,
        per_extra_flat=tariff.per_extra_flat,
        slabs=slabs_from_json(tariff.slabs),
        minimum_charge=tariff.minimum_charge,
        sewerage_percent=Decimal(tariff.sewerage_percent),
        sewerage_flat=tariff.sewerage_flat,
    )


def tariff_for_connection(connection: Connection, day: date) -> Tariff | None:
    return tariff_row(
        pourashava_id=connection.pourashava_id,
        metered=connection.is_metered,
        category=connection.category,
        storey_class=connection.storey_class,
        diameter=connection.diameter,
        day=day,
    )


def fee_amount(*, pourashava_id: int, code: str, diameter: str, day: date) -> Decimal:
    """The fee for `diameter`, else the row for any diameter; refused when none is set."""
    rows = _in_effect(Fee.objects.filter(pourashava_id=pourashava_id, code=code), day)
    row = rows.filter(diameter=diameter).first() or rows.filter(diameter=Diameter.ANY).first()
    if row is None:
        raise NotFound("no_fee", errors.NO_FEE, params={"fee": code, "day": day.isoformat()})
    return row.amount


CATEGORIES = [c.value for c in Category]
