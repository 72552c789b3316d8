"""Demands: what a service says is owed, split by revenue head."""

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction

from backend.common.errors import AppError
from backend.common.money import ZERO, money
from backend.identity.models import Citizen
from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from backend.payments import errors
from backend.payments.integration import record_audit
from backend.payments.models import Demand, DemandLine, DemandStatus, RevenueHead
from backend.payments.registry import REBATE, head_spec, registered_heads


def sync_revenue_heads() -> int:
    """Create the registered heads that have no row yet (names of existing rows are left as
    edited in the admin) and keep every registered head's sector and collected_for as the
    registry says (the monitor reports by them). Returns how many were created."""
    existing = {
        code: (sector, collected_for)
        for code, sector, collected_for in RevenueHead.objects.values_list(
            "code", "sector", "collected_for"
        )
    }
    new = [
        RevenueHead(
            code=h.code,
            name_en=h.name_en,
            name_bn=h.name_bn,
            order=h.order,
            is_adjustment=h.is_adjustment,
            sector=h.sector,
            collected_for=h.collected_for,
        )
        for h in registered_heads()
        if h.code not in existing
    ]
    RevenueHead.objects.bulk_create(new, ignore_conflicts=True)
    for h in registered_heads():
        if h.code in existing and existing[h.code] != (h.sector, h.collected_for):
            RevenueHead.objects.filter(code=h.code).update(
                sector=h.sector, collected_for=h.collected_for
            )
    return len(new)


def _heads_for(codes: Iterable[str]) -> dict[str, RevenueHead]:
    codes = set(codes)
    found = {h.code: h for h in RevenueHead.objects.filter(code__in=codes)}
    missing = codes - set(found)
    if missing:
        # A head a service registered after the last migrate: create it from the registry.
        specs = [head_spec(code) for code in missing]
        unknown = sorted(c for c, s in zip(missing, specs, strict=True) if s is None)
        if unknown:
            raise AppError(
                "unknown_revenue_head", errors.UNKNOWN_HEAD, params={"code": ", ".join(unknown)}
            )
        sync_revenue_heads()
        found = {h.code: h for h in RevenueHead.objects.filter(code__in=codes)}
    return found


def raise_demand(
    *,
    pourashava: Pourashava,
    service_code: str,
    natural_key: str,
    lines: Mapping[str, Decimal | int | str],
    due_date: date,
    fiscal_year: str | None = None,
    citizen: Citizen | None = None,
    object_type: str = "",
    object_id: str | int = "",
    object_label: str = "",
    quarter: int | None = None,
    month: int | None = None,
    actor=None,
) -> Demand:
    """Create a demand, or return the one already raised with this natural key (so a bulk job
    can rerun safely; an existing demand is never changed here). `lines` maps head code to
    amount."""
    existing = Demand.objects.filter(
        pourashava=pourashava, service_code=service_code, natural_key=natural_key
    ).first()
    if existing is not None:
        return existing
    amounts = {code: money(amount) for code, amount in lines.items()}
    if not amounts:
        raise AppError("invalid_demand_lines", errors.BAD_LINES, params={"detail": "no lines"})
    if REBATE in amounts or any(a <= ZERO for a in amounts.values()):
        raise AppError(
            "invalid_demand_lines",
            errors.BAD_LINES,
            params={"detail": "amounts must be above zero; rebates come from bill rules"},
        )
    fy = FiscalYear.parse(fiscal_year) if fiscal_year else FiscalYear.of(due_date)
    heads = _heads_for(amounts)
    try:
        with transaction.atomic():
            demand = Demand.objects.create(
                pourashava=pourashava,
                citizen=citizen,
                service_code=service_code,
                object_type=object_type,
                object_id=str(object_id),
                object_label=object_label,
                natural_key=natural_key,
                fiscal_year=fy.label,
                period_quarter=quarter,
                period_month=month,
                due_date=due_date,
            )
            DemandLine.objects.bulk_create(
                DemandLine(pourashava=pourashava, demand=demand, head=heads[code], amount=amount)
                for code, amount in amounts.items()
            )
            record_audit(
                actor=actor,
                action="payments.demand_raised",
                obj=demand,
                pourashava=pourashava,
                after={
                    "service": service_code,
                    "key": natural_key,
                    "lines": {c: str(a) for c, a in amounts.items()},
                },
            )
    except IntegrityError:
        # Raised concurrently by another run of the same job: the first one stands.
        return Demand.objects.get(
            pourashava=pourashava, service_code=service_code, natural_key=natural_key
        )
    return demand


@transaction.atomic
def cancel_demand(*, demand: Demand, actor=None, reason: str = "") -> Demand:
    """Cancel an unpaid demand (e.g. raised in error); open bills over it can no longer be paid
    (a payment already under way for one of them becomes a refundable credit)."""
    from backend.payments.services.settlement import lock_bills_over, supersede

    bills = lock_bills_over([demand.pk], None)  # bills before demands, as settlement does
    demand = Demand.objects.select_for_update().get(pk=demand.pk)
    if demand.status != DemandStatus.OPEN:
        raise AppError("demand_not_open", errors.DEMAND_NOT_OPEN)
    demand.status = DemandStatus.CANCELLED
    demand.save(update_fields=["status", "updated_at"])
    supersede(bills, exclude=None)
    record_audit(
        actor=actor,
        action="payments.demand_cancelled",
        obj=demand,
        pourashava=demand.pourashava,
        after={"reason": reason},
    )
    return demand


def refresh_status(demand: Demand, lines: list[DemandLine]) -> None:
    """Set a demand's status from its lines (caller holds the row lock and saves)."""
    if demand.status == DemandStatus.CANCELLED:
        return
    total = sum((line.amount for line in lines), ZERO)
    paid = sum((line.amount_paid for line in lines), ZERO)
    if paid >= total:
        demand.status = DemandStatus.PAID
    elif paid != ZERO:
        demand.status = DemandStatus.PARTIALLY_PAID
    else:
        demand.status = DemandStatus.OPEN
