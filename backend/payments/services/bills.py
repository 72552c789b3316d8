"""Bills: a payer's chosen open demands of one pourashava, with rebate/surcharge as of a date."""

from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime, time

from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, NotFound
from backend.common.money import ZERO, money
from backend.common.numbering import next_number
from backend.identity.models import Citizen
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments import errors
from backend.payments.models import (
    OPEN_DEMAND_STATUSES,
    Bill,
    BillLine,
    Demand,
    RevenueHead,
)
from backend.payments.registry import REBATE, Adjustment, bill_rules


def _end_of_day(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


def _invalid(detail: str) -> AppError:
    return AppError("invalid_adjustment", errors.BAD_ADJUSTMENT, params={"detail": detail})


def check_adjustments(
    adjustments: Iterable[Adjustment],
    demands: dict[int, Demand],
    as_of: date,
    heads: dict[str, RevenueHead],
) -> list[Adjustment]:
    """Enforce what every service's rules must respect: adjustments are on this bill's demands
    and adjustment heads; a rebate is negative, never on arrears, and never more than the
    demand's outstanding amount; anything else (surcharge) is positive."""
    current_fy = FiscalYear.of(as_of).label
    rebate_by_demand: dict[int, object] = defaultdict(lambda: ZERO)
    checked = []
    for adj in adjustments:
        demand = demands.get(adj.demand_id)
        if demand is None:
            raise _invalid(f"demand {adj.demand_id} is not on this bill")
        head = heads.get(adj.head)
        if head is None or not head.is_adjustment:
            raise _invalid(f"{adj.head} is not an adjustment head")
        amount = money(adj.amount)
        if adj.head == REBATE:
            if amount >= ZERO:
                raise _invalid("a rebate must be negative")
            if demand.fiscal_year < current_fy:
                raise _invalid("no rebate on arrears")
            rebate_by_demand[demand.pk] += -amount
            outstanding = sum((line.outstanding for line in demand.lines.all()), ZERO)
            if rebate_by_demand[demand.pk] > outstanding:
                raise _invalid("a rebate cannot exceed the demand")
        elif amount <= ZERO:
            raise _invalid(f"{adj.head} must be positive")
        checked.append(Adjustment(demand.pk, adj.head, amount, adj.note, adj.valid_until))
    return checked


@transaction.atomic
def make_bill(
    *,
    payer: Citizen | None,
    pourashava: Pourashava | None,
    demand_ids: Iterable[int],
    as_of: date | None = None,
    actor=None,
) -> Bill:
    as_of = as_of or timezone.localdate()
    ids = sorted({int(i) for i in demand_ids})
    if not ids:
        raise AppError("no_demands", errors.NO_DEMANDS)
    found = list(
        Demand.objects.filter(pk__in=ids).select_related("pourashava").prefetch_related("lines")
    )
    if len(found) != len(ids) or any(payer is not None and d.citizen_id != payer.pk for d in found):
        raise NotFound("demand_not_found", errors.DEMAND_NOT_FOUND)
    if len({d.pourashava_id for d in found}) != 1 or (
        pourashava is not None and found[0].pourashava_id != pourashava.pk
    ):
        raise AppError("mixed_pourashavas", errors.MIXED_POURASHAVAS)
    pourashava = found[0].pourashava
    if any(d.status not in OPEN_DEMAND_STATUSES for d in found):
        raise AppError("demand_not_open", errors.DEMAND_NOT_OPEN)

    heads = {h.code: h for h in RevenueHead.objects.all()}
    by_service: dict[str, list[Demand]] = defaultdict(list)
    for demand in found:
        by_service[demand.service_code].append(demand)
    adjustments: list[Adjustment] = []
    for service_code, service_demands in by_service.items():
        rules = bill_rules(service_code)
        if rules is not None:
            adjustments += check_adjustments(
                rules(service_demands, as_of), {d.pk: d for d in service_demands}, as_of, heads
            )

    valid_until = _end_of_day(as_of)
    for adj in adjustments:
        if adj.valid_until is not None:
            valid_until = min(valid_until, _end_of_day(adj.valid_until))

    lines: list[BillLine] = []
    for demand in found:
        for line in demand.lines.all():
            if line.outstanding > ZERO:
                lines.append(
                    BillLine(
                        pourashava=pourashava,
                        demand=demand,
                        demand_line=line,
                        head_id=line.head_id,
                        amount=line.outstanding,
                    )
                )
    for adj in adjustments:
        lines.append(
            BillLine(
                pourashava=pourashava,
                demand_id=adj.demand_id,
                head=heads[adj.head],
                amount=adj.amount,
                note=adj.note[:200],
            )
        )
    total = sum((line.amount for line in lines), ZERO)
    if total <= ZERO:
        raise AppError("demand_not_open", errors.DEMAND_NOT_OPEN)

    fy = FiscalYear.of(as_of).label
    bill = Bill.objects.create(
        pourashava=pourashava,
        citizen=payer if payer is not None else found[0].citizen,
        number=next_number(pourashava=pourashava, series="BL", fiscal_year=fy),
        as_of=as_of,
        valid_until=valid_until,
        total=total,
        created_by=actor,
    )
    bill.demands.set(found)
    for line in lines:
        line.bill = bill
    BillLine.objects.bulk_create(lines)
    return bill
