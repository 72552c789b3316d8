"""bKash Tokenized Checkout (v1.2.0-beta): grant token -> create -> (citizen approves on bkashURL)
-> callback ?paymentID=&status= -> execute -> payment/status for enquiries; payment/refund.

The id_token is cached (Django cache, so every worker shares it) until shortly before it expires;
an answer saying the token is no longer accepted drops it and grants once more.
"""

import hashlib
import logging
from dataclasses import replace
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.cache import cache

from backend.payments.gateways.base import (
    GatewayAnswer,
    GatewayStatus,
    GatewayUnavailable,
    PaymentIntent,
    RefundAnswer,
    StartedPayment,
)
from backend.payments.gateways.errors import GatewayRejected
from backend.payments.gateways.http import GatewayHttp, HttpAnswer
from backend.payments.gateways.util import amount_text, parse_amount

logger = logging.getLogger("backend.payments.gateways")

SUCCESS_CODE = "0000"
TOKEN_SAFETY_SECONDS = 300  # stop using a token five minutes before bKash says it expires
# transactionStatus values that mean nothing was (or will be) taken.
FAILED_STATES = {"Failed", "Cancelled", "Expired", "Declined"}
# A payment bKash still reports "Initiated" (never executed: no money moved) this long after it
# was created is closed by reconciliation as expired, so its bill can be paid again.
EXECUTE_WINDOW_MINUTES = 60


def map_status(transaction_status: str | None) -> GatewayStatus:
    if transaction_status == "Completed":
        return GatewayStatus.PAID
    if transaction_status in FAILED_STATES:
        return GatewayStatus.FAILED
    return GatewayStatus.PENDING  # Initiated, Pending, Authorized, anything new


class BkashAdapter:
    code = "bkash"

    def __init__(self, config: dict) -> None:
        self.username = config["USERNAME"]
        self.password = config["PASSWORD"]
        self.app_key = config["APP_KEY"]
        self.app_secret = config["APP_SECRET"]
        self.http = GatewayHttp(
            gateway=self.code,
            base_url=config["BASE_URL"],
            connect_timeout=config["CONNECT_TIMEOUT"],
            read_timeout=config["READ_TIMEOUT"],
        )
        fingerprint = f"{self.http.base_url}|{self.username}|{self.app_key}"
        self._token_key = (
            "payments:bkash:id_token:" + hashlib.sha256(fingerprint.encode()).hexdigest()
        )

    # --- token ----------------------------------------------------------------------------
    def _grant(self) -> str:
        answer = self.http.call(
            "POST",
            "token/grant",
            json={"app_key": self.app_key, "app_secret": self.app_secret},
            headers={"username": self.username, "password": self.password},
        )
        token = answer.body.get("id_token")
        if not token:
            raise GatewayRejected(
                self.code,
                str(answer.body.get("statusCode") or answer.status_code),
                str(answer.body.get("statusMessage") or answer.body.get("message") or ""),
            )
        try:
            expires_in = int(answer.body.get("expires_in") or 3600)
        except (TypeError, ValueError):
            expires_in = 3600
        cache.set(self._token_key, token, max(expires_in - TOKEN_SAFETY_SECONDS, 30))
        return token

    def _token(self) -> str:
        return cache.get(self._token_key) or self._grant()

    def _call(self, path: str, body: dict) -> HttpAnswer:
        """An authorised call; one fresh grant if bKash no longer accepts the cached token."""
        for attempt in (1, 2):
            answer = self.http.call(
                "POST",
                path,
                json=body,
                headers={"Authorization": self._token(), "X-APP-Key": self.app_key},
            )
            if answer.status_code in (401, 403) and attempt == 1:
                cache.delete(self._token_key)
                continue
            if answer.status_code in (401, 403):
                raise GatewayRejected(self.code, str(answer.status_code), "token not accepted")
            return answer
        raise AssertionError("unreachable")

    # --- interface ------------------------------------------------------------------------
    def start(self, intent: PaymentIntent) -> StartedPayment:
        answer = self._call(
            "create",
            {
                "mode": "0011",
                "payerReference": intent.payer_mobile or intent.reference,
                "callbackURL": intent.return_url,
                "amount": amount_text(intent.amount),
                "currency": intent.currency,
                "intent": "sale",
                "merchantInvoiceNumber": intent.reference,
            },
        )
        body = answer.body
        if body.get("statusCode") != SUCCESS_CODE or not body.get("bkashURL"):
            raise GatewayRejected(
                self.code, str(body.get("statusCode")), str(body.get("statusMessage") or "")
            )
        return StartedPayment(
            redirect_url=body["bkashURL"], gateway_reference=body["paymentID"], raw=body
        )

    def confirm(self, *, gateway_reference: str, callback: dict) -> GatewayAnswer:
        """Execute only when the citizen's browser says success; the execute (or status) answer
        decides. An execute error (already executed, not approved...) is settled by a status
        query. A timeout raises: execute may have gone through, so reconciliation asks later."""
        if str(callback.get("status", "")).lower() != "success":
            status = self._status(gateway_reference)
            return self._answer(status.body, {"payment/status": status.body})
        executed = self._call("execute", {"paymentID": gateway_reference})
        if executed.body.get("statusCode") == SUCCESS_CODE:
            return self._answer(executed.body, {"execute": executed.body})
        logger.info(
            "bkash execute refused (%s); asking payment/status", executed.body.get("statusCode")
        )
        status = self._status(gateway_reference)
        return self._answer(status.body, {"execute": executed.body, "payment/status": status.body})

    def query(self, *, gateway_reference: str, reference: str) -> GatewayAnswer:
        status = self._status(gateway_reference)
        return self._answer(status.body, {"payment/status": status.body})

    def close_unexecuted(
        self, *, answer: GatewayAnswer, started_at: datetime, now: datetime
    ) -> GatewayAnswer:
        """Reconciliation's last word on a payment still pending. Money moves only at execute:
        one bKash still reports "Initiated" (never executed: the citizen did not approve, or
        approved and our execute failed) once the execute window has passed is closed as
        expired. Anything else (Pending, Authorized...) stays pending: money may be moving."""
        status_body = answer.raw.get("payment/status") or {}
        if (
            answer.status != GatewayStatus.PENDING
            or status_body.get("transactionStatus") != "Initiated"
            or now - started_at < timedelta(minutes=EXECUTE_WINDOW_MINUTES)
        ):
            return answer
        return replace(
            answer,
            status=GatewayStatus.FAILED,
            raw={
                **answer.raw,
                "closed": f"expired: not executed within {EXECUTE_WINDOW_MINUTES} minutes",
            },
        )

    def refund(
        self, *, gateway_reference: str, gateway_transaction_id: str, amount: Decimal, reason: str
    ) -> RefundAnswer:
        answer = self._call(
            "payment/refund",
            {
                "paymentID": gateway_reference,
                "amount": amount_text(amount),
                "trxID": gateway_transaction_id,
                "sku": "municipal-service",
                "reason": (reason or "refund")[:255],
            },
        )
        body = answer.body
        accepted = body.get("transactionStatus") == "Completed" and bool(body.get("refundTrxID"))
        return RefundAnswer(accepted=accepted, gateway_refund_id=body.get("refundTrxID"), raw=body)

    # --- helpers --------------------------------------------------------------------------
    def _status(self, payment_id: str) -> HttpAnswer:
        answer = self._call("payment/status", {"paymentID": payment_id})
        if answer.body.get("statusCode") not in (None, SUCCESS_CODE):
            # The enquiry itself failed (unknown paymentID, system error): no verdict.
            raise GatewayUnavailable(
                f"bkash payment/status refused: {answer.body.get('statusCode')}"
            )
        return answer

    def _answer(self, body: dict, raw: dict) -> GatewayAnswer:
        return GatewayAnswer(
            status=map_status(body.get("transactionStatus")),
            reference=body.get("merchantInvoiceNumber") or body.get("merchantInvoice"),
            amount=parse_amount(body.get("amount"), gateway=self.code),
            currency=body.get("currency"),
            gateway_transaction_id=body.get("trxID") or None,
            raw=raw,
        )
