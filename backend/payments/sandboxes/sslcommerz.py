"""SSLCommerz sandbox, under /sandbox/sslcommerz/.

gwprocess/v4/api.php (session init, form-encoded), the hosted page (GatewayPageURL), the IPN
POSTed server to server to ipn_url and the browser's POST back to success_url / fail_url /
cancel_url (both signed with verify_sign / verify_key as SSLCommerz does),
validator/api/validationserverAPI.php (VALID the first time, VALIDATED after) and
validator/api/merchantTransIDvalidationAPI.php (by tran_id, by sessionkey, and refund / refund
status by bank_tran_id / refund_ref_id).

Chosen where the reference does not document SSLCommerz's own: a session not yet paid is reported
UNATTEMPTED; pending_then_paid answers PENDING once; the refund answer's exact fields; the IPN is
delivered synchronously before the browser is sent back. Store credentials are the ones in
settings.PAYMENT_GATEWAYS["sslcommerz"].
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse

from backend.payments.gateways.config import gateway_config
from backend.payments.gateways.sslcommerz import sign_fields
from backend.payments.sandboxes.common import (
    ACTIONS,
    Store,
    checkout_page,
    control_view,
    deliver,
    new_id,
    paid_amount,
    parse_money,
    post_form_page,
    sandbox_view,
    status_fault,
    take_pending_answer,
    text,
)

store = Store("sslcommerz")
DHAKA = ZoneInfo("Asia/Dhaka")
MIN_AMOUNT = Decimal("10.00")
MAX_AMOUNT = Decimal("500000.00")
REQUIRED = (
    "total_amount",
    "currency",
    "tran_id",
    "success_url",
    "fail_url",
    "cancel_url",
    "cus_name",
    "cus_email",
    "cus_phone",
    "product_name",
    "product_category",
    "product_profile",
)
PAID = ("VALID", "VALIDATED")


def _now() -> str:
    return datetime.now(DHAKA).strftime("%Y-%m-%d %H:%M:%S")


def _store_ok(source) -> bool:
    config = gateway_config("sslcommerz")
    return (
        source.get("store_id") == config["STORE_ID"]
        and source.get("store_passwd") == config["STORE_PASSWORD"]
    )


def _failed(reason: str) -> JsonResponse:
    return JsonResponse({"status": "FAILED", "failedreason": reason, "sessionkey": ""})


def _transaction(state: dict, status: str | None = None) -> dict:
    """The transaction as the validation APIs report it."""
    status = status or state["status"]
    paid = status in (*PAID, "PENDING")
    amount = text(paid_amount(state)) if paid else state["amount"]
    body = {
        "status": status,
        "sessionkey": state["sessionkey"],
        "tran_date": state.get("tran_date") or state["created"],
        "tran_id": state["tran_id"],
        "val_id": state.get("val_id", ""),
        "amount": amount,
        "store_amount": text(Decimal(amount) * Decimal("0.975")),
        "currency": "BDT",
        "bank_tran_id": state.get("bank_tran_id", ""),
        "card_type": "BKASH-BKash" if paid else "",
        "card_no": "",
        "card_issuer": "BKash Mobile Banking" if paid else "",
        "card_brand": "MOBILEBANKING" if paid else "",
        "card_issuer_country": "Bangladesh",
        "card_issuer_country_code": "BD",
        "currency_type": "BDT",
        "currency_amount": amount,
        "currency_rate": "1.0000",
        "base_fair": "0.00",
        "value_a": state.get("value_a", ""),
        "value_b": state.get("value_b", ""),
        "value_c": state.get("value_c", ""),
        "value_d": state.get("value_d", ""),
        "risk_level": "1" if state["behaviour"] == "risky" else "0",
        "risk_title": "Risky" if state["behaviour"] == "risky" else "Safe",
    }
    if state.get("validated_on"):
        body["validated_on"] = state["validated_on"]
    return body


def _callback_fields(state: dict) -> dict:
    """What SSLCommerz POSTs to the IPN and to the success/fail/cancel URL, signed."""
    fields = _transaction(state)
    fields.pop("sessionkey")
    fields.pop("validated_on", None)
    if state["status"] != "VALID":
        fields["error"] = "Customer cancelled" if state["status"] == "CANCELLED" else "Declined"
        fields["val_id"] = ""
    verify_sign, verify_key = sign_fields(fields, gateway_config("sslcommerz")["STORE_PASSWORD"])
    return fields | {"verify_sign": verify_sign, "verify_key": verify_key}


# --- merchant API -----------------------------------------------------------------------------
@sandbox_view
def session_init(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _failed("POST only")
    data = request.POST
    if not _store_ok(data):
        return _failed("Store Credential Error Or Store is De-active")
    missing = [name for name in REQUIRED if not data.get(name, "").strip()]
    if missing:
        return _failed(f"Invalid Information: {', '.join(missing)} missing")
    amount = parse_money(data["total_amount"])
    if amount is None or not MIN_AMOUNT <= amount <= MAX_AMOUNT:
        return _failed("Invalid Information: total_amount must be 10.00 to 500000.00")
    if data["currency"] != "BDT":
        return _failed("Invalid Information: currency")
    tran_id = data["tran_id"]
    if len(tran_id) > 30:
        return _failed("Invalid Information: tran_id longer than 30")
    session_key = new_id(32)
    state = {
        "sessionkey": session_key,
        "tran_id": tran_id,
        "amount": text(amount),
        "status": "UNATTEMPTED",
        "created": _now(),
        "urls": {
            name: data.get(name, "")
            for name in ("success_url", "fail_url", "cancel_url", "ipn_url")
        },
        "behaviour": store.behaviour_for_new(request),
        "refunded": "0.00",
        **{name: data.get(name, "") for name in ("value_a", "value_b", "value_c", "value_d")},
    }
    store.put(session_key, state)
    sessions = store.get_alias("tran", tran_id)
    store.set_alias("tran", tran_id, f"{sessions},{session_key}" if sessions else session_key)
    page = request.build_absolute_uri(reverse("sandbox-sslcommerz-checkout", args=[session_key]))
    return JsonResponse(
        {
            "status": "SUCCESS",
            "failedreason": "",
            "sessionkey": session_key,
            "gw": {
                "visa": "",
                "master": "",
                "amex": "",
                "othercards": "",
                "internetbanking": "",
                "mobilebanking": "bkash,nagad",
            },
            "redirectGatewayURL": page,
            "directPaymentURLBank": "",
            "directPaymentURLCard": "",
            "directPaymentURL": "",
            "redirectGatewayURLFailed": "",
            "GatewayPageURL": page,
            "storeBanner": "",
            "storeLogo": "",
            "desc": [],
            "is_direct_pay_enable": "0",
        }
    )


def _report(state: dict) -> dict:
    """A paid transaction's status for an enquiry: PENDING once for pending_then_paid, VALID the
    first time it is validated, VALIDATED afterwards."""
    if state["status"] not in PAID:
        return _transaction(state)
    if take_pending_answer(state):
        store.put(state["sessionkey"], state)
        return _transaction(state, "PENDING")
    answer = _transaction(state)
    if state["status"] == "VALID":
        state |= {"status": "VALIDATED", "validated_on": _now()}
        store.put(state["sessionkey"], state)
    return answer


@sandbox_view
def validation(request: HttpRequest) -> HttpResponse:
    if not _store_ok(request.GET):
        return JsonResponse({"APIConnect": "INVALID_REQUEST"})
    session_key = store.get_alias("val", request.GET.get("val_id", ""))
    state = store.get(session_key) if session_key else None
    if state is None or state["status"] not in PAID:
        return JsonResponse({"status": "INVALID_TRANSACTION", "APIConnect": "DONE"})
    if (fault := status_fault("sslcommerz", state)) is not None:
        return fault
    return JsonResponse({**_report(state), "APIConnect": "DONE", "gw_version": "sandbox"})


@sandbox_view
def transaction_query(request: HttpRequest) -> HttpResponse:
    params = request.GET
    if not _store_ok(params):
        return JsonResponse({"APIConnect": "INVALID_REQUEST"})
    if params.get("refund_ref_id"):
        return _refund_status(params["refund_ref_id"])
    if params.get("bank_tran_id"):
        return _refund(params)
    if params.get("sessionkey"):
        state = store.get(params["sessionkey"])
        if state is None:
            return JsonResponse({"APIConnect": "DONE", "status": "INVALID_TRANSACTION"})
        if (fault := status_fault("sslcommerz", state)) is not None:
            return fault
        return JsonResponse({**_report(state), "APIConnect": "DONE"})
    sessions = [
        store.get(key)
        for key in (store.get_alias("tran", params.get("tran_id", "")) or "").split(",")
        if key
    ]
    sessions = [state for state in sessions if state is not None]
    for state in sessions:
        if (fault := status_fault("sslcommerz", state)) is not None:
            return fault
    elements = [_report(state) for state in sessions]
    return JsonResponse(
        {"APIConnect": "DONE", "no_of_trans_found": len(elements), "element": elements}
    )


def _refund(params) -> HttpResponse:
    session_key = store.get_alias("bank", params["bank_tran_id"])
    state = store.get(session_key) if session_key else None
    amount = parse_money(params.get("refund_amount"))
    answer = {"APIConnect": "DONE", "bank_tran_id": params["bank_tran_id"]}
    if state is None or state["status"] not in PAID:
        return JsonResponse(answer | {"status": "failed", "errorReason": "Invalid bank_tran_id"})
    remaining = paid_amount(state) - Decimal(state["refunded"])
    if amount is None or amount <= 0 or amount > remaining:
        return JsonResponse(answer | {"status": "failed", "errorReason": "Invalid refund_amount"})
    refund_id = new_id(16)
    state["refunded"] = text(Decimal(state["refunded"]) + amount)
    store.put(session_key, state)
    store.set_alias("refund", refund_id, session_key)
    return JsonResponse(
        answer
        | {
            "trans_id": state["tran_id"],
            "refund_ref_id": refund_id,
            "status": "success",
            "errorReason": "",
        }
    )


def _refund_status(refund_id: str) -> HttpResponse:
    session_key = store.get_alias("refund", refund_id)
    state = store.get(session_key) if session_key else None
    if state is None:
        return JsonResponse({"APIConnect": "DONE", "status": "failed", "errorReason": "Unknown"})
    return JsonResponse(
        {
            "APIConnect": "DONE",
            "bank_tran_id": state.get("bank_tran_id"),
            "tran_id": state["tran_id"],
            "refund_ref_id": refund_id,
            "status": "refunded",
            "initiated_on": state["created"],
            "refunded_on": _now(),
        }
    )


# --- the citizen's side -----------------------------------------------------------------------
@sandbox_view
def checkout(request: HttpRequest, session_key: str) -> HttpResponse:
    state = store.get(session_key)
    if state is None:
        return HttpResponse("Unknown or expired session", status=404)
    base = reverse("sandbox-sslcommerz-checkout", args=[session_key])
    return checkout_page(
        gateway_name="SSLCommerz",
        merchant=gateway_config("sslcommerz").get("MERCHANT_NAME", "Pourashava"),
        amount=state["amount"],
        reference=state["tran_id"],
        actions={name: f"{base}{name}/" for name in ACTIONS},
    )


@sandbox_view
def checkout_action(request: HttpRequest, session_key: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    if action not in ACTIONS:
        return HttpResponse("Unknown action", status=404)
    state = store.get(session_key)
    if state is None or state["status"] != "UNATTEMPTED":
        return HttpResponse("Unknown, expired or finished session", status=404)
    if action == "pay" and state["behaviour"] == "fail":
        action = "fail"
    state["status"] = {"pay": "VALID", "cancel": "CANCELLED", "fail": "FAILED"}[action]
    state["tran_date"] = _now()
    state["bank_tran_id"] = new_id(20)
    if state["status"] == "VALID":
        state["val_id"] = datetime.now(DHAKA).strftime("%y%m%d%H%M%S") + new_id(10)
        store.set_alias("val", state["val_id"], session_key)
        store.set_alias("bank", state["bank_tran_id"], session_key)
    store.put(session_key, state)
    fields = _callback_fields(state)
    ipn_url = state["urls"].get("ipn_url")
    if ipn_url:
        for _ in range(2 if state["behaviour"] == "answer_twice" else 1):
            store.count("ipn")
            deliver("POST", ipn_url, data=fields)
    back = {"VALID": "success_url", "CANCELLED": "cancel_url", "FAILED": "fail_url"}
    return post_form_page(url=state["urls"][back[state["status"]]], fields=fields)


def _control_state(state: dict) -> dict:
    return dict(state)


control = control_view(store, _control_state)
