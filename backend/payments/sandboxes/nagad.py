"""Nagad sandbox, under /sandbox/nagad/remote-payment-gateway-1.0/api/dfs/.

check-out/initialize/{merchantId}/{orderId}, check-out/complete/{paymentReferenceId},
verify/payment/{paymentRefId} and purchase/cancel?paymentRefId= (refund), with the same RSA sealing
as Nagad: the sandbox holds its own key pair (its public key is what the merchant is configured
with) and knows the merchant's public key, as Nagad does after merchant registration.

Chosen where the reference does not document Nagad's own: error answers are HTTP 400/404 with
{"reason", "message"}; verify's statuses before payment are "OrderInitiated" then "Ready", and
"InProgress" for pending_then_paid; the callback's status_code values; the refund endpoint and its
sealed fields (from memory of Nagad's merchant guide, not confirmed).
"""

import secrets
from datetime import datetime
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from backend.payments.gateways import nagad_crypto
from backend.payments.gateways.config import gateway_config
from backend.payments.gateways.nagad import merchant_private_pem, sandbox_private_pem
from backend.payments.gateways.util import with_query
from backend.payments.sandboxes.common import (
    ACTIONS,
    Store,
    checkout_page,
    control_view,
    deliver,
    json_body,
    new_id,
    paid_amount,
    parse_money,
    sandbox_view,
    status_fault,
    take_pending_answer,
    text,
)

store = Store("nagad")
DHAKA = ZoneInfo("Asia/Dhaka")
CALLBACK_CODES = {
    "Success": ("00_0000_000", "Successful Transaction"),
    "Aborted": ("00_1111_000", "Transaction aborted by customer"),
    "Failed": ("00_2222_000", "Transaction failed"),
}


def _error(reason: str, message: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"reason": reason, "message": message}, status=status)


def _now(fmt: str = "%Y-%m-%d %H:%M:%S") -> str:
    return datetime.now(DHAKA).strftime(fmt)


def _keys() -> tuple:
    """(sandbox private key, merchant public key) for the current configuration."""
    config = gateway_config("nagad")
    return _keys_for(sandbox_private_pem(config), merchant_private_pem(config))


@lru_cache(maxsize=8)
def _keys_for(sandbox_pem: str, merchant_pem: str) -> tuple:
    sandbox_key = nagad_crypto.load_private_key(sandbox_pem)
    merchant_public = nagad_crypto.load_private_key(merchant_pem).public_key()
    return sandbox_key, merchant_public


def _open(body: dict) -> dict | None:
    sandbox_key, merchant_public = _keys()
    try:
        return nagad_crypto.open_sealed(
            str(body.get("sensitiveData") or ""),
            str(body.get("signature") or ""),
            own_private=sandbox_key,
            sender=merchant_public,
        )
    except nagad_crypto.SealError:
        return None


def _seal(payload: dict, state: dict) -> dict:
    sandbox_key, merchant_public = _keys()
    if state.get("behaviour") == "bad_signature":
        sandbox_key = _impostor_key()
    return nagad_crypto.seal(payload, to_public=merchant_public, signer=sandbox_key)


@lru_cache(maxsize=1)
def _impostor_key():
    return nagad_crypto.generate_private_key()


# --- merchant API -----------------------------------------------------------------------------
@sandbox_view
def initialize(request: HttpRequest, merchant_id: str, order_id: str) -> HttpResponse:
    if request.method != "POST":
        return _error("MethodNotAllowed", "POST only", status=405)
    config = gateway_config("nagad")
    if not request.headers.get("X-KM-Api-Version"):
        return _error("InvalidRequest", "X-KM-Api-Version header missing")
    if merchant_id != config["MERCHANT_ID"]:
        return _error("InvalidMerchant", "Unknown merchant")
    body = json_body(request)
    opened = _open(body)
    if opened is None:
        return _error("InvalidSignature", "Sensitive data could not be verified")
    if (
        opened.get("merchantId") != merchant_id
        or opened.get("orderId") != order_id
        or opened.get("datetime") != body.get("dateTime")
        or not opened.get("challenge")
    ):
        return _error("InvalidRequest", "Sensitive data does not match the request")
    if store.get_alias("order", order_id):
        return _error("DuplicateOrderId", "Order id already used")
    reference_id = new_id(40)
    state = {
        "paymentRefId": reference_id,
        "merchantId": merchant_id,
        "orderId": order_id,
        "challenge": secrets.token_hex(20),
        "status": "OrderInitiated",
        "orderDateTime": _now(),
        "behaviour": store.behaviour_for_new(request),
        "refunded": "0.00",
    }
    store.put(reference_id, state)
    store.set_alias("order", order_id, reference_id)
    return JsonResponse(
        _seal(
            {
                "paymentReferenceId": reference_id,
                "challenge": state["challenge"],
                "acceptDateTime": _now("%Y%m%d%H%M%S"),
            },
            state,
        )
    )


@sandbox_view
def complete(request: HttpRequest, reference_id: str) -> HttpResponse:
    if request.method != "POST":
        return _error("MethodNotAllowed", "POST only", status=405)
    state = store.get(reference_id)
    if state is None:
        return _error("InvalidPaymentRefId", "Unknown payment reference", status=404)
    if state["status"] != "OrderInitiated":
        return _error("InvalidRequest", "Payment already completed")
    body = json_body(request)
    opened = _open(body)
    if opened is None:
        return _error("InvalidSignature", "Sensitive data could not be verified")
    amount = parse_money(opened.get("amount"))
    callback = str(body.get("merchantCallbackURL") or "")
    if (
        opened.get("merchantId") != state["merchantId"]
        or opened.get("orderId") != state["orderId"]
        or opened.get("challenge") != state["challenge"]
    ):
        return _error("InvalidRequest", "Sensitive data does not match the order")
    if opened.get("currencyCode") != "050" or amount is None or amount <= 0:
        return _error("InvalidAmount", "Amount or currency is not valid")
    if not callback.startswith(("http://", "https://")):
        return _error("InvalidRequest", "merchantCallbackURL is not valid")
    info = body.get("additionalMerchantInfo")
    state |= {
        "status": "Ready",
        "amount": text(amount),
        "callback": callback,
        "additionalMerchantInfo": info if isinstance(info, dict) else {},
        "page_token": new_id(32),
    }
    store.put(reference_id, state)
    page = reverse("sandbox-nagad-checkout", args=[reference_id])
    return JsonResponse(
        {
            "status": "Success",
            "callBackUrl": request.build_absolute_uri(page) + f"?token={state['page_token']}",
        }
    )


def _verify_body(state: dict, status: str) -> dict:
    paid = status in ("Success", "InProgress")
    return {
        "merchantId": state["merchantId"],
        "orderId": state["orderId"],
        "paymentRefId": state["paymentRefId"],
        "amount": text(paid_amount(state)) if paid else state.get("amount"),
        "clientMobileNo": "017****8575" if paid else None,
        "merchantMobileNo": gateway_config("nagad")["MERCHANT_NUMBER"],
        "orderDateTime": state["orderDateTime"],
        "issuerPaymentDateTime": state.get("paidDateTime") if status == "Success" else None,
        "issuerPaymentRefNo": state.get("issuerPaymentRefNo") if status == "Success" else None,
        "additionalMerchantInfo": state.get("additionalMerchantInfo"),
        "status": status,
        "statusCode": "000" if status == "Success" else "001",
        "currencyCode": "050",
        "cancelIssuerDateTime": state.get("cancelDateTime"),
        "cancelIssuerRefNo": None,
    }


@sandbox_view
def verify(request: HttpRequest, reference_id: str) -> HttpResponse:
    state = store.get(reference_id)
    if state is None:
        return _error("InvalidPaymentRefId", "Unknown payment reference", status=404)
    if (fault := status_fault("nagad", state)) is not None:
        return fault
    status = state["status"]
    if status == "Success" and take_pending_answer(state):
        status = "InProgress"
        store.put(reference_id, state)
    return JsonResponse(_verify_body(state, status))


@sandbox_view
def refund(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _error("MethodNotAllowed", "POST only", status=405)
    reference_id = request.GET.get("paymentRefId", "")
    state = store.get(reference_id)
    if state is None:
        return _error("InvalidPaymentRefId", "Unknown payment reference", status=404)
    opened = _open(json_body(request))
    if opened is None:
        return _error("InvalidSignature", "Sensitive data could not be verified")
    if state["status"] != "Success" or opened.get("referenceNo") != state.get("issuerPaymentRefNo"):
        return _error("InvalidRequest", "Payment is not refundable")
    amount = parse_money(opened.get("cancelAmount"))
    remaining = paid_amount(state) - Decimal(state["refunded"])
    if amount is None or amount <= 0 or amount > remaining:
        return _error("InvalidAmount", "Refund amount is not valid")
    state["refunded"] = text(Decimal(state["refunded"]) + amount)
    store.put(reference_id, state)
    return JsonResponse(
        _seal(
            {
                "originalTransactionId": state["issuerPaymentRefNo"],
                "cancelTransactionId": new_id(12),
                "cancelAmount": text(amount),
                "cancelStatus": "Success",
                "cancelDateTime": _now("%Y%m%d%H%M%S"),
            },
            state,
        )
    )


# --- the citizen's side -----------------------------------------------------------------------
def _page_state(request: HttpRequest, reference_id: str) -> dict | None:
    state = store.get(reference_id)
    source = request.POST if request.method == "POST" else request.GET
    if state is None or not state.get("page_token") or source.get("token") != state["page_token"]:
        return None
    return state


@sandbox_view
def checkout(request: HttpRequest, reference_id: str) -> HttpResponse:
    state = _page_state(request, reference_id)
    if state is None:
        return HttpResponse("Unknown or expired payment", status=404)
    base = reverse("sandbox-nagad-checkout", args=[reference_id])
    return checkout_page(
        gateway_name="Nagad / নগদ",
        merchant=gateway_config("nagad").get("MERCHANT_NAME", "Pourashava"),
        amount=state["amount"],
        reference=state["orderId"],
        actions={name: f"{base}{name}/" for name in ACTIONS},
        hidden={"token": state["page_token"]},
    )


@sandbox_view
def checkout_action(request: HttpRequest, reference_id: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    if action not in ACTIONS:
        return HttpResponse("Unknown action", status=404)
    state = _page_state(request, reference_id)
    if state is None or state["status"] != "Ready":
        return HttpResponse("Unknown, expired or finished payment", status=404)
    if action == "pay" and state["behaviour"] == "fail":
        action = "fail"
    status = {"pay": "Success", "cancel": "Aborted", "fail": "Failed"}[action]
    state["status"] = status
    if status == "Success":
        state |= {"issuerPaymentRefNo": new_id(10), "paidDateTime": _now()}
    store.put(reference_id, state)
    code, message = CALLBACK_CODES[status]
    url = with_query(
        state["callback"],
        merchant=state["merchantId"],
        order_id=state["orderId"],
        payment_ref_id=reference_id,
        status=status,
        status_code=code,
        message=message,
        payment_dt=_now("%Y%m%d%H%M%S"),
        issuer_payment_ref=state.get("issuerPaymentRefNo") or "",
    )
    if state["behaviour"] == "answer_twice":
        deliver("GET", url)
    return HttpResponseRedirect(url)


def _control_state(state: dict) -> dict:
    return {key: value for key, value in state.items() if key not in ("challenge", "page_token")}


control = control_view(store, _control_state)
