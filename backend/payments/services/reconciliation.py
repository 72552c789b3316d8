"""Reconciliation: ask the gateway about every online payment left pending, and settle or fail
it through the same settlement path a callback uses."""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from backend.notifications.services import send_sms
from backend.payments import errors
from backend.payments.gateways.base import GatewayUnavailable
from backend.payments.integration import get_adapter
from backend.payments.models import ONLINE_CHANNELS, GatewayEvent, Payment, PaymentStatus
from backend.payments.services.settlement import settle_payment

log = logging.getLogger(__name__)

GATEWAY_NAMES_BN = {"bkash": "বিকাশ", "nagad": "নগদ", "sslcommerz": "এসএসএলকমার্জ"}
# A payment whose start never reached the gateway (no gateway reference) is failed after this.
ABANDONED_START = timedelta(minutes=30)


def reconcile_pending(*, older_than_minutes: int = 5, limit: int = 1000) -> dict:
    now = timezone.now()
    ids = list(
        Payment.objects.filter(
            status=PaymentStatus.PENDING,
            channel__in=ONLINE_CHANNELS,
            created_at__lte=now - timedelta(minutes=older_than_minutes),
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
    report: dict = {
        "checked": 0,
        "settled": 0,
        "credited": 0,
        "failed": 0,
        "flagged": 0,
        "unresolved": [],
    }
    for pk in ids:
        report["checked"] += 1
        try:
            outcome = _reconcile_one(pk, now)
        except Exception as exc:  # one bad payment must not stop the sweep
            log.exception("reconciling payment %s failed", pk)
            outcome = f"error: {type(exc).__name__}"
        if outcome in ("settled", "credited", "failed", "flagged"):
            report[outcome] += 1
        elif outcome != "skipped":
            reference = Payment.objects.filter(pk=pk).values_list("reference", flat=True).first()
            report["unresolved"].append({"reference": reference, "reason": outcome})
    if report["unresolved"]:
        log.warning(
            "reconciliation left %d payments unresolved: %s",
            len(report["unresolved"]),
            report["unresolved"],
        )
    return report


def _reconcile_one(pk: int, now) -> str:
    with transaction.atomic():
        payment = (
            Payment.objects.select_for_update(skip_locked=True)
            .filter(pk=pk, status=PaymentStatus.PENDING)
            .first()
        )
        if payment is None:
            return "skipped"  # finished meanwhile, or a callback holds it right now
        if not payment.gateway_reference:
            if payment.created_at <= now - ABANDONED_START:
                Payment.objects.filter(pk=pk).update(status=PaymentStatus.FAILED, settled_at=now)
                return "failed"
            return "not started at the gateway yet"
        adapter = get_adapter(payment.channel)
        try:
            answer = adapter.query(
                gateway_reference=payment.gateway_reference, reference=payment.reference
            )
        except GatewayUnavailable as exc:
            GatewayEvent.objects.create(
                payment=payment,
                pourashava_id=payment.pourashava_id,
                kind="query",
                outcome="gateway_unavailable",
                answer={"error": str(exc)[:500]},
            )
            return "gateway unavailable"
        # A gateway whose protocol closes a payment never executed (bKash) says so here.
        close_unexecuted = getattr(adapter, "close_unexecuted", None)
        if close_unexecuted is not None:
            answer = close_unexecuted(answer=answer, started_at=payment.created_at, now=now)
        payment = settle_payment(payment=payment, answer=answer, source="query")
        if payment.status == PaymentStatus.FAILED and answer.raw.get("closed"):
            _tell_citizen_expired(payment)
        return payment.status if payment.status != PaymentStatus.PENDING else "still pending"


def _tell_citizen_expired(payment: Payment) -> None:
    """The citizen approved (or began) a payment that was never completed: say that nothing
    was taken and that the bill can be paid again. Sent once the transaction commits."""
    mobile = getattr(payment.citizen, "mobile", "") if payment.citizen_id else ""
    if mobile:
        send_sms(
            to=mobile,
            text=errors.PAYMENT_EXPIRED_SMS,
            params={
                "gateway_en": payment.get_channel_display(),
                "gateway_bn": GATEWAY_NAMES_BN.get(payment.channel, payment.channel),
                "reference": payment.reference,
                "amount": payment.amount,
            },
        )
