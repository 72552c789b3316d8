"""SSLCommerz (API v4): session init at /gwprocess/v4/api.php -> citizen pays on GatewayPageURL ->
SSLCommerz POSTs the IPN to ipn_url (server to server) and the citizen's browser POSTs the same
fields to success_url / fail_url / cancel_url -> we check verify_sign and ask the validation API.

verify_sign is MD5 over the fields named in verify_key plus md5(store password). MD5 is what the
protocol uses, and ASVS 5.0 V11.4.1 says MD5 must not serve any cryptographic purpose, so here it is
only a pre-filter: a bad or missing signature means the callback's val_id is not used at all and the
payment is looked up by our own session key instead. The proof is always the server-to-server
validation API (validationserverAPI.php, or merchantTransIDvalidationAPI.php for enquiries).
"""

import hashlib
import hmac
import logging
from decimal import Decimal

from backend.payments.gateways.base import (
    GatewayAnswer,
    GatewayStatus,
    GatewayUnavailable,
    PaymentIntent,
    RefundAnswer,
    StartedPayment,
)
from backend.payments.gateways.errors import GatewayRejected
from backend.payments.gateways.http import GatewayHttp
from backend.payments.gateways.util import amount_text, parse_amount

logger = logging.getLogger("backend.payments.gateways")

PAID_STATES = {"VALID", "VALIDATED"}
# UNATTEMPTED is not here: the citizen may still be on the payment page; SSLCommerz turns an
# abandoned session into EXPIRED.
FAILED_STATES = {"FAILED", "CANCELLED", "EXPIRED", "INVALID_TRANSACTION"}


def md5_hex(text: str) -> str:
    # The protocol's own hash, kept only as a pre-filter (see the module docstring).
    return hashlib.md5(text.encode(), usedforsecurity=False).hexdigest()


def sign_fields(fields: dict, store_password: str) -> tuple[str, str]:
    """(verify_sign, verify_key) for `fields`, as SSLCommerz computes them."""
    keys = [key for key in fields if key not in ("verify_sign", "verify_key", "verify_sign_sha2")]
    signed = {key: str(fields[key]) for key in keys}
    signed["store_passwd"] = md5_hex(store_password)
    text = "&".join(f"{key}={signed[key]}" for key in sorted(signed))
    return md5_hex(text), ",".join(keys)


def verify_callback_signature(fields: dict, store_password: str) -> bool:
    """The IPN hash check of SSLCommerz's own validate(): verify_key names the signed fields."""
    verify_sign = str(fields.get("verify_sign") or "")
    verify_key = str(fields.get("verify_key") or "")
    if not verify_sign or not verify_key:
        return False
    names = [name for name in verify_key.split(",") if name]
    if any(name not in fields for name in names):
        return False
    expected, _ = sign_fields({name: fields[name] for name in names}, store_password)
    return hmac.compare_digest(expected, verify_sign.lower())


def map_status(status: str | None, risk_level: object) -> GatewayStatus:
    if status in PAID_STATES:
        # The official WHMCS module accepts only risk_level 0; anything else is held (pending)
        # for a clerk to review instead of being settled automatically.
        return GatewayStatus.PAID if str(risk_level) == "0" else GatewayStatus.PENDING
    if status in FAILED_STATES:
        return GatewayStatus.FAILED
    return GatewayStatus.PENDING


class SslcommerzAdapter:
    code = "sslcommerz"

    def __init__(self, config: dict) -> None:
        self.store_id = config["STORE_ID"]
        self.store_password = config["STORE_PASSWORD"]
        self.ipn_url = config.get("IPN_URL") or ""
        self.customer_email = config.get("CUSTOMER_EMAIL") or "citizen@example.com"
        self.http = GatewayHttp(
            gateway=self.code,
            base_url=config["BASE_URL"],
            connect_timeout=config["CONNECT_TIMEOUT"],
            read_timeout=config["READ_TIMEOUT"],
        )

    def _credentials(self) -> dict[str, str]:
        return {"store_id": self.store_id, "store_passwd": self.store_password}

    # --- interface ------------------------------------------------------------------------
    def start(self, intent: PaymentIntent) -> StartedPayment:
        answer = self.http.call(
            "POST",
            "gwprocess/v4/api.php",
            data={
                **self._credentials(),
                "total_amount": amount_text(intent.amount),
                "currency": intent.currency,
                "tran_id": intent.reference,
                "success_url": intent.return_url,
                "fail_url": intent.return_url,
                "cancel_url": intent.return_url,
                "ipn_url": self.ipn_url or intent.return_url,
                "cus_name": intent.payer_mobile or "Citizen",
                "cus_email": self.customer_email,
                "cus_phone": intent.payer_mobile,
                "cus_add1": "Bangladesh",
                "cus_city": "Dhaka",
                "cus_country": "Bangladesh",
                "shipping_method": "NO",
                "num_of_item": "1",
                "product_name": (intent.description or intent.reference)[:255],
                "product_category": "Municipal service",
                "product_profile": "non-physical-goods",
                "value_a": intent.reference,
            },
        )
        body = answer.body
        if body.get("status") != "SUCCESS" or not body.get("GatewayPageURL"):
            raise GatewayRejected(
                self.code, str(body.get("status")), str(body.get("failedreason") or "")
            )
        return StartedPayment(
            redirect_url=body["GatewayPageURL"], gateway_reference=body["sessionkey"], raw=body
        )

    def confirm(self, *, gateway_reference: str, callback: dict) -> GatewayAnswer:
        signature_ok = verify_callback_signature(callback, self.store_password)
        val_id = str(callback.get("val_id") or "")
        if signature_ok and val_id:
            validation = self._validate(val_id)
            if validation is not None:
                return self._answer(
                    validation, {"callback_signature": "valid", "validation": validation}
                )
        if not signature_ok and (callback.get("verify_sign") or val_id):
            logger.warning("sslcommerz callback with a bad or missing verify_sign ignored")
        # Failed/cancelled callbacks carry no val_id; forged ones are not believed: ask by the
        # session key we got at start, which no callback can change.
        found = self._by_session(gateway_reference)
        label = (
            "valid"
            if signature_ok
            else ("missing" if not callback.get("verify_sign") else "invalid")
        )
        return self._answer(found, {"callback_signature": label, "transaction_query": found})

    def query(self, *, gateway_reference: str, reference: str) -> GatewayAnswer:
        if gateway_reference:
            found = self._by_session(gateway_reference)
        else:
            found = self._by_tran_id(reference)
        return self._answer(found, {"transaction_query": found})

    def refund(
        self, *, gateway_reference: str, gateway_transaction_id: str, amount: Decimal, reason: str
    ) -> RefundAnswer:
        """gateway_transaction_id is SSLCommerz's bank_tran_id (what GatewayAnswer carries)."""
        answer = self.http.call(
            "GET",
            "validator/api/merchantTransIDvalidationAPI.php",
            params={
                "bank_tran_id": gateway_transaction_id,
                "refund_amount": amount_text(amount),
                "refund_remarks": (reason or "refund")[:255],
                **self._credentials(),
                "v": "1",
                "format": "json",
            },
        )
        body = answer.body
        accepted = body.get("APIConnect") == "DONE" and body.get("status") in (
            "success",
            "processing",
        )
        return RefundAnswer(
            accepted=accepted, gateway_refund_id=body.get("refund_ref_id"), raw=body
        )

    # --- helpers --------------------------------------------------------------------------
    def _validate(self, val_id: str) -> dict | None:
        answer = self.http.call(
            "GET",
            "validator/api/validationserverAPI.php",
            params={"val_id": val_id, **self._credentials(), "v": "1", "format": "json"},
        )
        body = answer.body
        self._check_connect(body)
        if body.get("status") == "INVALID_TRANSACTION":
            return None  # a val_id SSLCommerz does not know: fall back to the session lookup
        return body

    def _by_session(self, session_key: str) -> dict:
        answer = self.http.call(
            "GET",
            "validator/api/merchantTransIDvalidationAPI.php",
            params={"sessionkey": session_key, **self._credentials(), "v": "1", "format": "json"},
        )
        self._check_connect(answer.body)
        return answer.body

    def _by_tran_id(self, tran_id: str) -> dict:
        answer = self.http.call(
            "GET",
            "validator/api/merchantTransIDvalidationAPI.php",
            params={"tran_id": tran_id, **self._credentials(), "v": "1", "format": "json"},
        )
        body = answer.body
        self._check_connect(body)
        elements = body.get("element") or []
        if not elements:
            return {"status": "UNATTEMPTED", "tran_id": tran_id}
        # Several attempts may share a tran_id: a paid one wins, else the latest.
        for element in elements:
            if element.get("status") in PAID_STATES:
                return element
        return elements[-1]

    def _check_connect(self, body: dict) -> None:
        connect = body.get("APIConnect")
        if connect not in (None, "DONE"):
            # INVALID_REQUEST / FAILED / INACTIVE: the enquiry itself failed, no verdict.
            raise GatewayUnavailable(f"sslcommerz validation API: APIConnect={connect}")

    def _answer(self, body: dict, raw: dict) -> GatewayAnswer:
        return GatewayAnswer(
            status=map_status(body.get("status"), body.get("risk_level")),
            reference=body.get("tran_id"),
            amount=parse_amount(body.get("amount"), gateway=self.code),
            currency=body.get("currency_type") or body.get("currency"),
            gateway_transaction_id=body.get("bank_tran_id") or None,
            raw=raw,
        )
