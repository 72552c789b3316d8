"""Nagad online payment (merchant API v-0.2.0): initialize -> complete -> (citizen pays on
callBackUrl) -> redirect to our callback with payment_ref_id -> verify/payment/{payment_ref_id}.

Requests carry RSA-sealed `sensitiveData` (see nagad_crypto); answers to initialize and refund come
sealed the other way and are opened and signature-checked before anything in them is used.
"""

import secrets
from datetime import datetime
from decimal import Decimal
from functools import cached_property
from urllib.parse import quote
from zoneinfo import ZoneInfo

from backend.payments.gateways import nagad_crypto
from backend.payments.gateways.base import (
    GatewayAnswer,
    GatewayStatus,
    PaymentIntent,
    RefundAnswer,
    StartedPayment,
)
from backend.payments.gateways.config import sandboxes_enabled
from backend.payments.gateways.errors import GatewayRejected
from backend.payments.gateways.http import GatewayHttp, HttpAnswer
from backend.payments.gateways.util import amount_text, parse_amount

DHAKA = ZoneInfo("Asia/Dhaka")
CURRENCY_CODES = {"050": "BDT"}  # ISO 4217 numeric, as Nagad sends it
# Final states in which nothing was taken; OrderInitiated, Ready, InProgress... stay pending.
FAILED_STATES = {"Aborted", "Cancelled", "Failed", "UnKnownFailed", "Fraud", "Expired"}


def now_text() -> str:
    """Nagad's dateTime: YmdHis in Bangladesh time."""
    return datetime.now(DHAKA).strftime("%Y%m%d%H%M%S")


def map_status(status: str | None) -> GatewayStatus:
    if status == "Success":
        return GatewayStatus.PAID
    if status in FAILED_STATES:
        return GatewayStatus.FAILED
    return GatewayStatus.PENDING


def merchant_private_pem(config: dict) -> str:
    return nagad_crypto.private_key_pem_from(
        pem=config.get("MERCHANT_PRIVATE_KEY", ""),
        path=config.get("MERCHANT_PRIVATE_KEY_FILE", ""),
        generate=sandboxes_enabled(),
    )


def sandbox_private_pem(config: dict) -> str:
    return nagad_crypto.private_key_pem_from(
        pem=config.get("SANDBOX_PRIVATE_KEY", ""),
        path=config.get("SANDBOX_PRIVATE_KEY_FILE", ""),
        generate=sandboxes_enabled(),
    )


def gateway_public_pem(config: dict) -> str:
    """Nagad's public key; unset means 'the app's own sandbox' (embedded default)."""
    configured = config.get("GATEWAY_PUBLIC_KEY", "")
    if configured.strip():
        return configured
    sandbox_key = nagad_crypto.load_private_key(sandbox_private_pem(config))
    return nagad_crypto.public_pem(sandbox_key.public_key())


class NagadAdapter:
    code = "nagad"

    def __init__(self, config: dict) -> None:
        self.config = config
        self.merchant_id = config["MERCHANT_ID"]
        self.merchant_number = config["MERCHANT_NUMBER"]
        self.server_ip = config.get("SERVER_IP", "127.0.0.1")
        self.http = GatewayHttp(
            gateway=self.code,
            base_url=config["BASE_URL"],
            connect_timeout=config["CONNECT_TIMEOUT"],
            read_timeout=config["READ_TIMEOUT"],
        )

    @cached_property
    def merchant_key(self):
        return nagad_crypto.load_private_key(merchant_private_pem(self.config))

    @cached_property
    def gateway_key(self):
        return nagad_crypto.load_public_key(gateway_public_pem(self.config))

    def _headers(self) -> dict[str, str]:
        return {
            "X-KM-Api-Version": "v-0.2.0",
            "X-KM-IP-V4": self.server_ip,
            "X-KM-Client-Type": "PC_WEB",
        }

    def _seal(self, payload: dict) -> dict[str, str]:
        return nagad_crypto.seal(payload, to_public=self.gateway_key, signer=self.merchant_key)

    def _open(self, answer: HttpAnswer, step: str) -> dict:
        body = answer.body
        if not body.get("sensitiveData") or not body.get("signature"):
            raise GatewayRejected(self.code, str(body.get("reason") or answer.status_code), step)
        try:
            return nagad_crypto.open_sealed(
                body["sensitiveData"],
                body["signature"],
                own_private=self.merchant_key,
                sender=self.gateway_key,
            )
        except nagad_crypto.SealError as exc:
            # Not Nagad, or tampered on the way: nothing in it is used.
            raise GatewayRejected(self.code, "bad_gateway_signature", step) from exc

    # --- interface ------------------------------------------------------------------------
    def start(self, intent: PaymentIntent) -> StartedPayment:
        order_id = intent.reference
        date_time = now_text()
        challenge = secrets.token_hex(20)
        initialized = self.http.call(
            "POST",
            f"check-out/initialize/{quote(self.merchant_id, safe='')}/{quote(order_id, safe='')}",
            json={
                "accountNumber": self.merchant_number,
                "dateTime": date_time,
                **self._seal(
                    {
                        "merchantId": self.merchant_id,
                        "datetime": date_time,
                        "orderId": order_id,
                        "challenge": challenge,
                    }
                ),
            },
            headers=self._headers(),
        )
        opened = self._open(initialized, "initialize")
        reference_id = opened.get("paymentReferenceId")
        if not reference_id or not opened.get("challenge"):
            raise GatewayRejected(self.code, "initialize_incomplete", "no paymentReferenceId")
        completed = self.http.call(
            "POST",
            f"check-out/complete/{quote(reference_id, safe='')}",
            json={
                **self._seal(
                    {
                        "merchantId": self.merchant_id,
                        "orderId": order_id,
                        "currencyCode": "050",
                        "amount": amount_text(intent.amount),
                        "challenge": opened["challenge"],
                    }
                ),
                "merchantCallbackURL": intent.return_url,
                "additionalMerchantInfo": {"reference": intent.reference},
            },
            headers=self._headers(),
        )
        body = completed.body
        if body.get("status") != "Success" or not body.get("callBackUrl"):
            raise GatewayRejected(
                self.code, str(body.get("reason") or body.get("status")), str(body.get("message"))
            )
        return StartedPayment(
            redirect_url=body["callBackUrl"],
            gateway_reference=reference_id,
            raw={"initialize": opened, "complete": body},
        )

    def confirm(self, *, gateway_reference: str, callback: dict) -> GatewayAnswer:
        # The callback's status=Success is the browser's word; verify is Nagad's.
        return self._verify(gateway_reference)

    def query(self, *, gateway_reference: str, reference: str) -> GatewayAnswer:
        return self._verify(gateway_reference)

    def refund(
        self, *, gateway_reference: str, gateway_transaction_id: str, amount: Decimal, reason: str
    ) -> RefundAnswer:
        verified = self._verify(gateway_reference)
        original = verified.raw["verify"]
        order_date = str(original.get("orderDateTime") or "")[:10].replace("-", "")
        answer = self.http.call(
            "POST",
            "purchase/cancel",
            params={"paymentRefId": gateway_reference},
            json=self._seal(
                {
                    "originalRequestDate": order_date or now_text()[:8],
                    "originalAmount": str(original.get("amount") or ""),
                    "cancelAmount": amount_text(amount),
                    "referenceNo": gateway_transaction_id,
                    "referenceMessage": (reason or "refund")[:255],
                }
            ),
            headers=self._headers(),
        )
        if not answer.body.get("sensitiveData"):
            return RefundAnswer(accepted=False, gateway_refund_id=None, raw=answer.body)
        opened = self._open(answer, "refund")
        cancel_id = opened.get("cancelTransactionId")
        return RefundAnswer(
            accepted=opened.get("cancelStatus") == "Success" and bool(cancel_id),
            gateway_refund_id=cancel_id,
            raw=opened,
        )

    # --- helpers --------------------------------------------------------------------------
    def _verify(self, payment_ref_id: str) -> GatewayAnswer:
        answer = self.http.call(
            "GET", f"verify/payment/{quote(payment_ref_id, safe='')}", headers=self._headers()
        )
        body = answer.body
        if answer.status_code >= 400 and not body.get("status"):
            raise GatewayRejected(
                self.code, str(body.get("reason") or answer.status_code), "verify"
            )
        info = body.get("additionalMerchantInfo")
        reference = body.get("orderId")
        if not reference and isinstance(info, dict):
            reference = info.get("reference")
        currency_code = str(body.get("currencyCode") or "050")
        return GatewayAnswer(
            status=map_status(body.get("status")),
            reference=reference,
            amount=parse_amount(body.get("amount"), gateway=self.code),
            currency=CURRENCY_CODES.get(currency_code, currency_code),
            gateway_transaction_id=body.get("issuerPaymentRefNo") or None,
            raw={"verify": body},
        )
