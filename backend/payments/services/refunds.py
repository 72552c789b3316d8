"""Refunds of credits (money with nothing left to pay) and of flagged payments. Two people:
one requests, a different one (secretary, mayor or cashier) approves; then the money goes back
through the gateway, or in cash at the counter."""

from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.money import ZERO, money
from backend.identity.models import Role, User
from backend.identity.roles import has_role
from backend.payments import errors
from backend.payments.gateways.base import GatewayUnavailable
from backend.payments.integration import get_adapter, record_audit
from backend.payments.models import (
    Credit,
    CreditStatus,
    GatewayEvent,
    Payment,
    PaymentStatus,
    Refund,
    RefundStatus,
)

REQUEST_ROLES = frozenset({Role.CASHIER, Role.REVENUE_CLERK, Role.SECRETARY, Role.MAYOR})
APPROVE_ROLES = frozenset({Role.SECRETARY, Role.MAYOR, Role.CASHIER})
_LIVE = (RefundStatus.REQUESTED, RefundStatus.COMPLETED)


def _allowed(user: User, roles, pourashava_id: int) -> bool:
    return user.is_superuser or has_role(user, roles, pourashava_id=pourashava_id)


def refundable(payment: Payment, credit: Credit | None) -> Decimal:
    """What may still be refunded, counting refunds requested and not yet decided."""
    taken = payment.refunds.filter(status__in=_LIVE).aggregate(s=Sum("amount"))["s"] or ZERO
    if credit is not None:
        return credit.amount - taken
    if payment.status == PaymentStatus.FLAGGED:
        return max(taken_by_gateway(payment) - taken, ZERO)
    return ZERO


def taken_by_gateway(payment: Payment) -> Decimal:
    """What the gateway itself said it took for a flagged payment (its answer on the flagging
    event), not the amount we asked: a mismatch is often exactly that the two differ."""
    event = (
        GatewayEvent.objects.filter(payment=payment, outcome="flagged")
        .order_by("-at", "-id")
        .first()
    )
    amount = (event.answer or {}).get("amount") if event is not None else None
    try:
        return money(Decimal(str(amount))) if amount is not None else ZERO
    except (InvalidOperation, ValueError):
        return ZERO


def request_refund(
    *,
    requested_by: User,
    amount: Decimal,
    reason: str,
    credit: Credit | None = None,
    payment: Payment | None = None,
) -> Refund:
    if credit is not None:
        payment = credit.payment
    elif payment is not None and payment.status == PaymentStatus.CREDITED:
        credit = payment.credit
    elif payment is None or payment.status != PaymentStatus.FLAGGED:
        raise Conflict("refund_not_allowed", errors.REFUND_NOT_ALLOWED)
    if not _allowed(requested_by, REQUEST_ROLES, payment.pourashava_id):
        raise Forbidden("permission_denied", errors.NOT_ALLOWED)
    amount = money(amount)
    if amount <= ZERO:
        raise AppError("invalid_amount", errors.BAD_AMOUNT)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        available = refundable(payment, credit)
        if amount > available:
            raise AppError(
                "refund_too_large", errors.REFUND_TOO_LARGE, params={"available": str(available)}
            )
        refund = Refund.objects.create(
            pourashava_id=payment.pourashava_id,
            payment=payment,
            credit=credit,
            amount=amount,
            reason=reason[:300],
            method="gateway" if payment.is_online else "cash",
            requested_by=requested_by,
        )
        record_audit(
            actor=requested_by,
            action="payments.refund_requested",
            obj=refund,
            pourashava=payment.pourashava,
            after={"payment": payment.reference, "amount": str(amount), "reason": reason},
        )
    return refund


def decide_refund(*, refund: Refund, approver: User, approve: bool = True) -> Refund:
    """Approve (and pay out) or reject a requested refund."""
    if approver.pk == refund.requested_by_id:
        raise Forbidden("refund_same_user", errors.REFUND_SAME_USER)
    if not _allowed(approver, APPROVE_ROLES, refund.pourashava_id):
        raise Forbidden("permission_denied", errors.NOT_ALLOWED)
    with transaction.atomic():
        # Lock order as in settlement: payment first.
        payment = Payment.objects.select_for_update().get(pk=refund.payment_id)
        refund = Refund.objects.select_for_update().get(pk=refund.pk)
        if refund.status != RefundStatus.REQUESTED:
            raise Conflict("refund_not_pending", errors.REFUND_NOT_PENDING)
        refund.approved_by = approver
        refund.decided_at = timezone.now()
        if not approve:
            refund.status = RefundStatus.REJECTED
        elif refund.method == "cash":
            refund.status = RefundStatus.COMPLETED  # paid out at the counter by the approver
        else:
            try:
                answer = get_adapter(payment.channel).refund(
                    gateway_reference=payment.gateway_reference,
                    gateway_transaction_id=payment.gateway_transaction_id or "",
                    amount=refund.amount,
                    reason=refund.reason,
                )
                refund.status = RefundStatus.COMPLETED if answer.accepted else RefundStatus.FAILED
                refund.gateway_refund_id = answer.gateway_refund_id or ""
                refund.raw = answer.raw or {}
            except GatewayUnavailable as exc:
                refund.status = RefundStatus.FAILED
                refund.raw = {"error": str(exc)[:500]}
        refund.save()
        if refund.status == RefundStatus.COMPLETED and refund.credit_id:
            credit = Credit.objects.select_for_update().get(pk=refund.credit_id)
            credit.amount_refunded += refund.amount
            if credit.remaining <= ZERO:
                credit.status = CreditStatus.REFUNDED
            credit.save(update_fields=["amount_refunded", "status"])
        record_audit(
            actor=approver,
            action=f"payments.refund_{refund.status}",
            obj=refund,
            pourashava=payment.pourashava,
            after={
                "payment": payment.reference,
                "amount": str(refund.amount),
                "gateway_refund_id": refund.gateway_refund_id,
            },
        )
    return refund
