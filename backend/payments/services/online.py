"""Online payments: start at a gateway, then confirm with the gateway itself on its callback."""

import logging
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict, NotFound
from backend.identity.models import Citizen
from backend.payments import errors
from backend.payments.gateways.base import GatewayUnavailable, PaymentIntent
from backend.payments.integration import get_adapter, record_audit
from backend.payments.models import (
    FINAL_PAYMENT_STATUSES,
    ONLINE_CHANNELS,
    Bill,
    BillStatus,
    GatewayEvent,
    Payment,
    PaymentStatus,
)
from backend.payments.services.settlement import settle_payment

log = logging.getLogger(__name__)


def new_reference(pourashava_code: str) -> str:
    """Our payment reference: short, unguessable, alphanumeric (gateways differ on symbols)."""
    return f"{pourashava_code}P{secrets.token_hex(7).upper()}"[:30]


def callback_url(gateway: str, reference: str) -> str:
    base = getattr(settings, "PAYMENTS_CALLBACK_BASE_URL", "") or settings.PUBLIC_BASE_URL
    return f"{base.rstrip('/')}/api/v1/payments/callback/{gateway}/?{urlencode({'ref': reference})}"


def start_online_payment(*, bill: Bill, gateway: str, citizen: Citizen | None, actor) -> Payment:
    """Open a payment for a bill at a gateway. One open online payment per bill: asking again
    with the same gateway returns the open one; with another gateway it is a 409 until the open
    one finishes (or reconciliation closes it)."""
    if gateway not in ONLINE_CHANNELS:
        raise AppError("unknown_gateway", errors.UNKNOWN_GATEWAY)
    with transaction.atomic():
        bill = (
            Bill.objects.select_for_update(of=("self",))
            .select_related("pourashava")
            .get(pk=bill.pk)
        )
        if bill.status != BillStatus.OPEN:
            raise Conflict("bill_not_open", errors.BILL_NOT_OPEN)
        if bill.is_expired():
            raise Conflict("bill_expired", errors.BILL_EXPIRED)
        open_payment = bill.payments.filter(status=PaymentStatus.PENDING).first()
        if open_payment is not None:
            if open_payment.channel == gateway and open_payment.redirect_url:
                return open_payment
            raise Conflict("payment_in_progress", errors.PAYMENT_IN_PROGRESS)
        payment = Payment.objects.create(
            pourashava=bill.pourashava,
            citizen=citizen or bill.citizen,
            bill=bill,
            channel=gateway,
            reference=new_reference(bill.pourashava.code),
            amount=bill.total,
            initiated_by=actor,
        )
    intent = PaymentIntent(
        reference=payment.reference,
        amount=payment.amount,
        currency=payment.currency,
        description=f"{bill.pourashava.name_en} bill {bill.number}",
        payer_mobile=getattr(payment.citizen, "mobile", "") or "",
        return_url=callback_url(gateway, payment.reference),
    )
    try:
        started = get_adapter(gateway).start(intent)
    except GatewayUnavailable as exc:
        # Nothing could have been paid: the citizen never got a payment page.
        with transaction.atomic():
            GatewayEvent.objects.create(
                payment=payment,
                pourashava_id=payment.pourashava_id,
                kind="start",
                outcome="gateway_unavailable",
                answer={"error": str(exc)[:500]},
            )
            Payment.objects.filter(pk=payment.pk).update(
                status=PaymentStatus.FAILED, settled_at=timezone.now()
            )
        raise AppError("gateway_unavailable", errors.GATEWAY_UNAVAILABLE, status_code=503) from exc
    with transaction.atomic():
        payment.gateway_reference = started.gateway_reference
        payment.redirect_url = started.redirect_url
        payment.save(update_fields=["gateway_reference", "redirect_url"])
        GatewayEvent.objects.create(
            payment=payment,
            pourashava_id=payment.pourashava_id,
            kind="start",
            outcome="started",
            answer=started.raw or {},
        )
        record_audit(
            actor=actor,
            action="payments.payment_started",
            obj=payment,
            pourashava=payment.pourashava,
            after={
                "bill": bill.number,
                "gateway": gateway,
                "amount": str(payment.amount),
                "reference": payment.reference,
            },
        )
    return payment


def find_callback_payment(gateway: str, params: dict) -> Payment:
    """The payment a callback is about, by our reference (in our return URL as `ref`, or echoed
    by the gateway) or by the gateway's own id. What else the callback says is not trusted."""
    values = {str(v) for v in params.values() if isinstance(v, str | int) and str(v)}
    if not values:
        raise NotFound("payment_not_found", errors.PAYMENT_NOT_FOUND)
    ref = params.get("ref")
    payments = Payment.objects.filter(channel=gateway)
    payment = payments.filter(reference=ref).first() if ref else None
    if payment is None:
        payment = (
            payments.filter(reference__in=values).first()
            or payments.filter(gateway_reference__in=values).exclude(gateway_reference="").first()
        )
    if payment is None:
        raise NotFound("payment_not_found", errors.PAYMENT_NOT_FOUND)
    return payment


def handle_callback(*, gateway: str, params: dict) -> Payment:
    """A browser return or IPN: ask the gateway itself (confirm), then settle through the one
    settlement path. The payment row is locked while the gateway is asked, so the browser
    return and the IPN arriving together confirm once."""
    if gateway not in ONLINE_CHANNELS:
        raise NotFound("payment_not_found", errors.PAYMENT_NOT_FOUND)
    payment = find_callback_payment(gateway, params)
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if payment.status in FINAL_PAYMENT_STATUSES:
            return payment  # a replay: the first result stands
        try:
            answer = get_adapter(gateway).confirm(
                gateway_reference=payment.gateway_reference, callback=params
            )
        except GatewayUnavailable as exc:
            GatewayEvent.objects.create(
                payment=payment,
                pourashava_id=payment.pourashava_id,
                kind="callback",
                payload=params,
                outcome="gateway_unavailable",
                answer={"error": str(exc)[:500]},
            )
            log.info("gateway %s unavailable confirming %s", gateway, payment.reference)
            return payment
        return settle_payment(payment=payment, answer=answer, source="callback", payload=params)
