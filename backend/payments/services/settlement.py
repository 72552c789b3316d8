"""Settlement: the one path by which money becomes "paid" (callbacks, reconciliation, counter).

Lock order, everywhere, to rule out deadlocks: collector user (counter only) -> payment ->
bills over the demands (by id) -> demands (by id) -> demand lines (by id) -> receipt counter.
"""

import contextvars
import logging
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from backend.common.errors import Conflict
from backend.common.money import ZERO, money
from backend.common.numbering import next_number
from backend.municipality.fiscal_year import FiscalYear
from backend.payments import errors
from backend.payments.gateways.base import GatewayAnswer, GatewayStatus
from backend.payments.integration import audit_context, record_audit
from backend.payments.models import (
    FINAL_PAYMENT_STATUSES,
    OPEN_DEMAND_STATUSES,
    Bill,
    BillLine,
    BillStatus,
    Credit,
    Demand,
    DemandLine,
    DemandStatus,
    GatewayEvent,
    Payment,
    PaymentStatus,
    Receipt,
    ReceiptLine,
    RevenueHead,
)
from backend.payments.registry import settlement_hooks
from backend.payments.services import settle_sql
from backend.payments.services.demands import refresh_status

log = logging.getLogger(__name__)

# The request a settlement runs in (counter, UDC), for the audit entry's address and session.
_request: contextvars.ContextVar = contextvars.ContextVar("settlement_request", default=None)


def in_sql() -> bool:
    """Whether settlement runs as settle_sql's statements (PostgreSQL) rather than the ORM's."""
    return connection.vendor == "postgresql"


def answer_as_dict(answer: GatewayAnswer | None) -> dict:
    if answer is None:
        return {}
    return {
        "status": str(answer.status),
        "reference": answer.reference,
        "amount": None if answer.amount is None else str(answer.amount),
        "currency": answer.currency,
        "gateway_transaction_id": answer.gateway_transaction_id,
        "raw": answer.raw,
    }


def mismatch_of(payment: Payment, answer: GatewayAnswer) -> str:
    """Why the gateway's answer does not match our payment ('' when it does). Exact: no
    tolerance on amount, whatever the callback said."""
    if answer.reference != payment.reference:
        return f"reference {answer.reference!r} is not {payment.reference!r}"
    if (answer.currency or "").upper() != payment.currency:
        return f"currency {answer.currency!r} is not {payment.currency}"
    if answer.amount is None or Decimal(answer.amount) != payment.amount:
        return f"amount {answer.amount} is not {payment.amount}"
    return ""


def settle_payment(
    *,
    payment: Payment | int,
    answer: GatewayAnswer | None = None,
    source: str = "callback",
    payload: dict | None = None,
    actor=None,
    demand_ids: Sequence[int] | None = None,
    request=None,
) -> Payment:
    """Apply a payment, once. For an online payment `answer` is what the gateway itself said
    (from confirm or query); for cash (counter, UDC) it is None and the money is in hand.

    A payment already final is returned unchanged (a replayed callback changes nothing). Cash
    without a bill is applied to `demand_ids`, oldest demand first."""
    payment_id = payment if isinstance(payment, int) else payment.pk
    token = _request.set(request)
    try:
        return _settle(payment_id, answer, source, payload, actor, demand_ids)
    finally:
        _request.reset(token)


def _settle(payment_id, answer, source, payload, actor, demand_ids) -> Payment:
    # On PostgreSQL the same locks and writes go as a few hand-written statements (settle_sql);
    # elsewhere (SQLite in tests) through the ORM.
    fast = in_sql()
    with transaction.atomic():
        # The payment's pourashava and citizen come with its row (the receipt and the audit
        # entry need them); only the payment row is locked, as before.
        if fast:
            payment = settle_sql.lock_payment(payment_id)
        else:
            payment = (
                Payment.objects.select_for_update(of=("self",))
                .select_related("pourashava", "citizen")
                .get(pk=payment_id)
            )
        if payment.status in FINAL_PAYMENT_STATUSES:
            return payment
        if payment.is_online:
            if answer is None:
                raise ValueError("an online payment settles only on the gateway's own answer")
            event = GatewayEvent(
                payment=payment,
                pourashava_id=payment.pourashava_id,
                kind=source,
                payload=payload or {},
                answer=answer_as_dict(answer),
            )
            if answer.status == GatewayStatus.PENDING:
                event.outcome = "pending"
                event.save()
                return payment
            if answer.status == GatewayStatus.FAILED:
                event.outcome = "failed"
                event.save()
                _finish(payment, PaymentStatus.FAILED, actor, source)
                return payment
            reason = mismatch_of(payment, answer)
            txn = answer.gateway_transaction_id or None
            if fast and not reason and payment.bill_id is not None:
                # The event is written with the settlement (or before a credit); whether the
                # transaction id is another payment's is asked with the bill's locks.
                _settle_bill_pg(payment, actor, source, event, txn)
                return payment
            if (
                not reason
                and txn
                and Payment.objects.filter(channel=payment.channel, gateway_transaction_id=txn)
                .exclude(pk=payment.pk)
                .exists()
            ):
                reason = f"gateway transaction {txn} already used by another payment"
                txn = None
            if reason:
                _flag(payment, event, reason, txn, actor, source)
                return payment
            event.outcome = "paid"
            event.save()
            payment.gateway_transaction_id = txn
        if payment.bill_id is not None:
            if fast:
                _settle_bill_pg(payment, actor, source, None, None)
            else:
                _settle_bill(payment, actor, source)
        else:
            _settle_demands(payment, demand_ids or [], actor, source)
        return payment


def _flag(payment: Payment, event: GatewayEvent, reason: str, txn, actor, source: str) -> None:
    payment.gateway_transaction_id = txn  # kept for a refund of what was taken
    event.outcome = "flagged"
    event.mismatch = True
    event.save()
    payment.flag_reason = reason[:200]
    _finish(payment, PaymentStatus.FLAGGED, actor, source)
    log.warning("payment %s flagged: %s", payment.reference, reason)


def _finish(payment: Payment, status: str, actor, source: str) -> None:
    before = payment.status
    payment.status = status
    payment.settled_at = timezone.now()
    payment.save()
    record_audit(
        request=_request.get(),
        actor=actor,
        action=f"payments.payment_{status}",
        obj=payment,
        pourashava=payment.pourashava,
        before={"status": before},
        after={
            "status": status,
            "source": source,
            "reason": payment.flag_reason,
            "amount": str(payment.amount),
        },
    )


def lock_bills_over(demand_ids: Sequence[int], own_bill_id: int | None) -> dict[int, Bill]:
    """Lock, by id, the open bills over these demands and the payment's own bill: one
    statement (the open bills found by a subquery), in the lock order's id order."""
    over = Bill.objects.filter(status=BillStatus.OPEN, demands__in=list(demand_ids)).values("pk")
    wanted = Q(pk__in=over)
    if own_bill_id is not None:
        wanted |= Q(pk=own_bill_id)
    return {b.pk: b for b in Bill.objects.select_for_update().filter(wanted).order_by("pk")}


def _lock_demands(demand_ids: Sequence[int]) -> tuple[dict[int, Demand], dict[int, DemandLine]]:
    demands = {
        d.pk: d
        for d in Demand.objects.select_for_update().filter(pk__in=list(demand_ids)).order_by("pk")
    }
    lines = {
        dl.pk: dl
        for dl in DemandLine.objects.select_for_update()
        .filter(demand_id__in=list(demand_ids))
        .order_by("pk")
    }
    return demands, lines


def _settle_bill(payment: Payment, actor, source: str) -> None:
    # The bill row itself is read (and locked) with the other bills over these demands.
    bill_lines = list(BillLine.objects.filter(bill_id=payment.bill_id))
    demand_ids = sorted({line.demand_id for line in bill_lines})
    bills = lock_bills_over(demand_ids, payment.bill_id)
    bill = bills[payment.bill_id]
    demands, demand_lines = _lock_demands(demand_ids)

    problem = _bill_problem(payment, bill, bill_lines, demands, demand_lines)
    if problem:
        if not payment.is_online:
            # Cash not taken yet: refuse, and the whole transaction (payment row too) rolls back.
            raise Conflict("bill_not_open", errors.BILL_NOT_OPEN)
        _to_credit(payment, problem, actor, source)
        return

    new_lines = []
    for line in bill_lines:
        if line.demand_line_id:
            demand_line = demand_lines[line.demand_line_id]
            demand_line.amount_paid += line.amount
        else:
            # A rebate or surcharge becomes part of the demand once it is paid with it.
            new_lines.append(
                DemandLine(
                    pourashava_id=line.pourashava_id,
                    demand_id=line.demand_id,
                    head_id=line.head_id,
                    amount=line.amount,
                    amount_paid=line.amount,
                )
            )
    DemandLine.objects.bulk_update(list(demand_lines.values()), ["amount_paid"])
    DemandLine.objects.bulk_create(new_lines)
    lines_by_demand: dict[int, list[DemandLine]] = defaultdict(list)
    for demand_line in [*demand_lines.values(), *new_lines]:
        lines_by_demand[demand_line.demand_id].append(demand_line)

    now = timezone.now()
    bill.status = BillStatus.PAID
    bill.paid_at = now
    bill.save(update_fields=["status", "paid_at"])
    supersede(bills, exclude=bill.pk)
    receipt_lines = [(line.demand_id, line.head_id, line.amount) for line in bill_lines]
    _complete(payment, demands, lines_by_demand, receipt_lines, actor, source)


def _bill_problem(payment: Payment, bill, bill_lines, demands, demand_lines) -> str:
    """Why the locked bill can no longer be paid by this payment ('' when it can)."""
    if bill.status != BillStatus.OPEN:
        return f"bill {bill.number} is {bill.status}"
    if payment.amount != bill.total:
        return f"amount {payment.amount} is not the bill total {bill.total}"
    if payment.created_at > bill.valid_until:
        return f"bill {bill.number} expired before the payment started"
    for line in bill_lines:
        if demands[line.demand_id].status not in OPEN_DEMAND_STATUSES:
            return f"demand {line.demand_id} is no longer open"
        if line.demand_line_id and demand_lines[line.demand_line_id].outstanding != line.amount:
            return f"demand {line.demand_id} changed since the bill was made"
    return ""


def _settle_bill_pg(payment: Payment, actor, source: str, event: GatewayEvent | None, txn) -> None:
    """_settle_bill on PostgreSQL: the bill's and its demands' locks in one statement, the
    demand lines' in a second, every write in a third (settle_sql). `event` is the gateway's
    answer not yet written (None for cash)."""
    lock = settle_sql.lock_bill(payment, txn if event is not None else None)
    if event is not None and lock.txn_taken:
        reason = f"gateway transaction {txn} already used by another payment"
        _flag(payment, event, reason, None, actor, source)
        return
    if event is not None:
        payment.gateway_transaction_id = txn
    bill = lock.bills[payment.bill_id]
    demand_lines = settle_sql.lock_lines(sorted({line.demand_id for line in lock.lines}))
    problem = _bill_problem(payment, bill, lock.lines, lock.demands, demand_lines)
    if problem:
        if not payment.is_online:
            raise Conflict("bill_not_open", errors.BILL_NOT_OPEN)
        event.outcome = "paid"  # what the gateway said; the money is kept as a credit
        event.save()
        _to_credit(payment, problem, actor, source)
        return
    paid_lines, new_lines = [], []
    for line in lock.lines:
        if line.demand_line_id:
            demand_line = demand_lines[line.demand_line_id]
            demand_line.amount_paid += line.amount
            paid_lines.append(demand_line)
        else:
            # A rebate or surcharge becomes part of the demand once it is paid with it.
            new_lines.append(
                DemandLine(
                    pourashava_id=line.pourashava_id,
                    demand_id=line.demand_id,
                    head_id=line.head_id,
                    amount=line.amount,
                    amount_paid=line.amount,
                )
            )
    lines_by_demand: dict[int, list] = defaultdict(list)
    for demand_line in [*demand_lines.values(), *new_lines]:
        lines_by_demand[demand_line.demand_id].append(demand_line)
    superseded = [
        pk for pk, b in lock.bills.items() if pk != bill.pk and b.status == BillStatus.OPEN
    ]
    receipt_lines = [(line.demand_id, line.head_id, line.amount) for line in lock.lines]
    _complete_pg(
        payment,
        lock.demands,
        lines_by_demand,
        receipt_lines,
        actor,
        source,
        bill_id=bill.pk,
        superseded=superseded,
        paid_lines=paid_lines,
        new_lines=new_lines,
        event=event,
    )


def _complete_pg(
    payment,
    demands,
    lines_by_demand,
    receipt_lines,
    actor,
    source,
    *,
    bill_id,
    superseded,
    paid_lines,
    new_lines,
    event,
) -> None:
    """_complete on PostgreSQL: one statement writes it all (settle_sql.write_settlement). The
    saves it replaces sent pre_save/post_save for the payment and the changed demands: sent
    here too, to whoever listens (the monitor does)."""
    changed, newly_paid = {}, []
    for demand in demands.values():
        before = demand.status
        refresh_status(demand, lines_by_demand[demand.pk])
        if demand.status != before:
            changed[demand.pk] = demand
            if demand.status == DemandStatus.PAID:
                newly_paid.append(demand)
    now = timezone.now()
    payment.status = PaymentStatus.SETTLED
    payment.settled_at = now
    for demand in changed.values():
        demand.updated_at = now
    saved = [(Payment, payment, _PAYMENT_FIELDS)] + [
        (Demand, demand, _DEMAND_FIELDS) for demand in changed.values()
    ]
    for model, instance, fields in saved:
        if pre_save.has_listeners(model):
            pre_save.send(
                model, instance=instance, raw=False, using="default", update_fields=fields
            )
    actor_id, session_id, address = audit_context(_request.get(), actor)
    settle_sql.write_settlement(
        payment=payment,
        now=now,
        fiscal_year=FiscalYear.of(now).label,
        paid_lines=paid_lines,
        new_lines=new_lines,
        bill_id=bill_id,
        superseded=superseded,
        demand_status={pk: demand.status for pk, demand in changed.items()},
        receipt_lines=receipt_lines,
        event=None
        if event is None
        else {"kind": event.kind, "payload": event.payload, "answer": event.answer, "at": event.at},
        source=source,
        actor_id=actor_id,
        assisted_session_id=session_id,
        client_address=address,
    )
    for model, instance, fields in saved:
        if post_save.has_listeners(model):
            post_save.send(
                model,
                instance=instance,
                created=False,
                raw=False,
                using="default",
                update_fields=fields,
            )
    _run_hooks(newly_paid)


_PAYMENT_FIELDS = frozenset({"status", "settled_at", "gateway_transaction_id"})
_DEMAND_FIELDS = frozenset({"status", "updated_at"})


def _run_hooks(newly_paid: list[Demand]) -> None:
    by_service: dict[str, list[Demand]] = defaultdict(list)
    for demand in newly_paid:
        by_service[demand.service_code].append(demand)
    for service_code, service_demands in by_service.items():
        for hook in settlement_hooks(service_code):
            hook(service_demands)


def allocate_oldest_first(
    demands: Sequence[Demand], lines_by_demand: dict[int, list[DemandLine]], amount: Decimal
) -> list[tuple[DemandLine, Decimal]]:
    """Split `amount` over outstanding lines: oldest demand first, then by head order."""
    remaining = money(amount)
    applied = []
    for demand in sorted(demands, key=lambda d: (d.due_date, d.pk)):
        for line in lines_by_demand.get(demand.pk, []):
            if remaining <= ZERO:
                return applied
            take = min(line.outstanding, remaining)
            if take > ZERO:
                applied.append((line, take))
                remaining -= take
    return applied


def _settle_demands(payment: Payment, demand_ids: Sequence[int], actor, source: str) -> None:
    bills = lock_bills_over(demand_ids, None)
    demands, demand_lines = _lock_demands(demand_ids)
    order = dict(RevenueHead.objects.values_list("code", "order"))
    lines_by_demand: dict[int, list[DemandLine]] = defaultdict(list)
    for demand_line in sorted(demand_lines.values(), key=lambda dl: (order[dl.head_id], dl.pk)):
        lines_by_demand[demand_line.demand_id].append(demand_line)
    open_demands = [d for d in demands.values() if d.status in OPEN_DEMAND_STATUSES]
    applied = allocate_oldest_first(open_demands, lines_by_demand, payment.amount)
    if sum((take for _, take in applied), ZERO) != payment.amount:
        # Dues changed between the counter's check and the lock: refuse, nothing is written.
        raise Conflict("dues_changed", errors.DUES_CHANGED)
    for demand_line, take in applied:
        demand_line.amount_paid += take
    receipt_lines = [(dl.demand_id, dl.head_id, take) for dl, take in applied]
    touched = {dl.demand_id for dl, _ in applied}
    if in_sql():
        _complete_pg(
            payment,
            {k: v for k, v in demands.items() if k in touched},
            lines_by_demand,
            receipt_lines,
            actor,
            source,
            bill_id=None,
            superseded=[pk for pk, b in bills.items() if b.status == BillStatus.OPEN],
            paid_lines=[dl for dl, _ in applied],
            new_lines=[],
            event=None,
        )
        return
    DemandLine.objects.bulk_update([dl for dl, _ in applied], ["amount_paid"])
    supersede(bills, exclude=None)
    _complete(
        payment,
        {k: v for k, v in demands.items() if k in touched},
        lines_by_demand,
        receipt_lines,
        actor,
        source,
    )


def supersede(bills: dict[int, Bill], exclude: int | None) -> None:
    ids = [pk for pk, b in bills.items() if pk != exclude and b.status == BillStatus.OPEN]
    if ids:
        Bill.objects.filter(pk__in=ids).update(status=BillStatus.SUPERSEDED)


def _complete(payment, demands, lines_by_demand, receipt_lines, actor, source) -> None:
    newly_paid = []
    for demand in demands.values():
        before = demand.status
        refresh_status(demand, lines_by_demand[demand.pk])
        if demand.status != before:
            demand.save(update_fields=["status", "updated_at"])
            if demand.status == DemandStatus.PAID:
                newly_paid.append(demand)
    now = timezone.now()
    payment.status = PaymentStatus.SETTLED
    payment.settled_at = now
    payment.save(update_fields=["status", "settled_at", "gateway_transaction_id"])
    receipt = _issue_receipt(payment, receipt_lines, now)
    _run_hooks(newly_paid)
    record_audit(
        request=_request.get(),
        actor=actor,
        action="payments.payment_settled",
        obj=payment,
        pourashava=payment.pourashava,
        before={"status": PaymentStatus.PENDING},
        after={
            "status": PaymentStatus.SETTLED,
            "receipt": receipt.number,
            "source": source,
            "amount": str(payment.amount),
            "channel": payment.channel,
        },
    )


def _issue_receipt(payment: Payment, receipt_lines, now) -> Receipt:
    pourashava = payment.pourashava
    fiscal_year = FiscalYear.of(now).label
    citizen = payment.citizen
    receipt = Receipt.objects.create(
        pourashava=pourashava,
        number=next_number(pourashava=pourashava, series="RC", fiscal_year=fiscal_year),
        fiscal_year=fiscal_year,
        payment=payment,
        citizen=citizen,
        payer_name_en=getattr(citizen, "name_en", "") or "",
        payer_name_bn=getattr(citizen, "name_bn", "") or "",
        total=payment.amount,
        channel=payment.channel,
        paid_at=now,
        issued_at=now,
        collector=payment.collector,
        udc_centre=payment.udc_centre,
    )
    ReceiptLine.objects.bulk_create(
        ReceiptLine(
            pourashava=pourashava,
            receipt=receipt,
            demand_id=demand_id,
            head_id=head_id,
            amount=amount,
        )
        for demand_id, head_id, amount in receipt_lines
    )
    return receipt


def _to_credit(payment: Payment, reason: str, actor, source: str) -> None:
    Credit.objects.create(
        pourashava=payment.pourashava,
        citizen=payment.citizen,
        payment=payment,
        amount=payment.amount,
        reason=reason[:200],
    )
    payment.flag_reason = reason[:200]
    _finish(payment, PaymentStatus.CREDITED, actor, source)
    log.warning("payment %s kept as credit: %s", payment.reference, reason)
