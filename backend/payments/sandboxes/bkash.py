"""bKash Tokenized Checkout sandbox, under /sandbox/bkash/v1.2.0-beta/tokenized/checkout/.

Same paths, headers and JSON shapes as bKash (token/grant, token/refresh, create, execute,
payment/status, payment/refund), plus the hosted page the citizen approves on (bkashURL).
Chosen where the reference does not document bKash's own: the error statusCode values below
(commonly seen bKash codes, not confirmed against developer.bka.sh), HTTP 401 with {"message"} for a
missing or expired token, and "Initiated" as the status of an approved but not executed payment.
Merchant credentials are the ones in settings.PAYMENT_GATEWAYS["bkash"].
"""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.urls import reverse

from backend.payments.gateways.config import gateway_config
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

store = Store("bkash")
DHAKA = ZoneInfo("Asia/Dhaka")
OK = {"statusCode": "0000", "statusMessage": "Successful"}
ERRORS = {
    "2001": "Invalid App Key",
    "2002": "Invalid Payment ID",
    "2006": "Invalid Amount",
    "2008": "Invalid Currency",
    "2009": "Invalid Intent",
    "2011": "Invalid Mode",
    "2056": "Invalid Payment State",
    "2065": "Mandatory field missing",
    "2071": "Refund not allowed",
    "2079": "Invalid username and password",
    "2117": "Payment execution already been called before",
}
MAX_AMOUNT = Decimal("500000.00")


def _error(code: str, status: int = 200) -> JsonResponse:
    return JsonResponse({"statusCode": code, "statusMessage": ERRORS[code]}, status=status)


def _now() -> str:
    return datetime.now(DHAKA).strftime("%Y-%m-%dT%H:%M:%S:%f")[:-3] + " GMT+0600"


def _config() -> dict:
    return gateway_config("bkash")


def _issue_token() -> JsonResponse:
    config = _config()
    seconds = int(config.get("SANDBOX_TOKEN_SECONDS", 3600))
    token = "sbx." + new_id(40)
    store.set_alias("token", token, config["APP_KEY"], ttl=seconds)
    return JsonResponse(
        {
            **OK,
            "id_token": token,
            "token_type": "Bearer",
            "expires_in": seconds,
            "refresh_token": "sbx.r." + new_id(40),
        }
    )


def _unauthorised(request: HttpRequest) -> JsonResponse | None:
    """None if Authorization carries a live token granted to the X-APP-Key sent."""
    token = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    app_key = store.get_alias("token", token) if token else None
    if app_key is None:
        return JsonResponse({"message": "The incoming token has expired"}, status=401)
    if request.headers.get("X-APP-Key") != app_key:
        return _error("2001")
    return None


def _payment(body: dict) -> dict | None:
    payment_id = str(body.get("paymentID") or "")
    return store.get(payment_id) if payment_id else None


def _public(state: dict) -> dict:
    paid = state["state"] in ("Completed", "Pending")
    answer = {
        "paymentID": state["paymentID"],
        "mode": "0011",
        "paymentCreateTime": state["created"],
        "amount": text(paid_amount(state)) if paid else state["amount"],
        "currency": state["currency"],
        "intent": state["intent"],
        "merchantInvoiceNumber": state["merchantInvoiceNumber"],
        "payerReference": state["payerReference"],
        # Approved by the citizen but not executed: still Initiated for the merchant.
        "transactionStatus": "Initiated" if state["state"] == "Authorized" else state["state"],
        "verificationStatus": "Complete" if state["state"] == "Completed" else "Incomplete",
    }
    if state["state"] == "Completed":
        answer |= {
            "trxID": state["trxID"],
            "paymentExecuteTime": state["executed"],
            "customerMsisdn": "01770618575",
        }
    return answer


# --- merchant API -----------------------------------------------------------------------------
@sandbox_view
def grant(request: HttpRequest) -> HttpResponse:
    config = _config()
    body = json_body(request)
    if (
        request.headers.get("username") != config["USERNAME"]
        or request.headers.get("password") != config["PASSWORD"]
        or body.get("app_key") != config["APP_KEY"]
        or body.get("app_secret") != config["APP_SECRET"]
    ):
        return _error("2079")
    store.count("grant")
    return _issue_token()


@sandbox_view
def refresh(request: HttpRequest) -> HttpResponse:
    config = _config()
    body = json_body(request)
    if (
        request.headers.get("username") != config["USERNAME"]
        or body.get("app_key") != config["APP_KEY"]
        or body.get("app_secret") != config["APP_SECRET"]
        or not body.get("refresh_token")
    ):
        return _error("2079")
    return _issue_token()


@sandbox_view
def create(request: HttpRequest) -> HttpResponse:
    if (refused := _unauthorised(request)) is not None:
        return refused
    body = json_body(request)
    required = ("mode", "payerReference", "callbackURL", "amount", "currency", "intent")
    if any(not str(body.get(name) or "").strip() for name in required):
        return _error("2065")
    if body["mode"] != "0011":
        return _error("2011")
    if body["intent"] not in ("sale", "authorization"):
        return _error("2009")
    if body["currency"] != "BDT":
        return _error("2008")
    amount = parse_money(body["amount"])
    if amount is None or amount <= 0 or amount > MAX_AMOUNT:
        return _error("2006")
    if not str(body["callbackURL"]).startswith(("http://", "https://")):
        return _error("2065")
    payment_id = "TR0011" + new_id(20)
    page_hash = new_id(32)
    state = {
        "paymentID": payment_id,
        "hash": page_hash,
        "state": "Initiated",
        "created": _now(),
        "amount": text(amount),
        "currency": "BDT",
        "intent": body["intent"],
        "merchantInvoiceNumber": str(body.get("merchantInvoiceNumber") or ""),
        "payerReference": str(body["payerReference"]),
        "callbackURL": str(body["callbackURL"]),
        "behaviour": store.behaviour_for_new(request),
        "refunded": "0.00",
    }
    store.put(payment_id, state)
    checkout = request.build_absolute_uri(reverse("sandbox-bkash-checkout", args=[payment_id]))
    callback = state["callbackURL"]
    return JsonResponse(
        {
            **OK,
            "paymentID": payment_id,
            "paymentCreateTime": state["created"],
            "transactionStatus": "Initiated",
            "amount": state["amount"],
            "currency": "BDT",
            "intent": state["intent"],
            "merchantInvoiceNumber": state["merchantInvoiceNumber"],
            "bkashURL": with_query(checkout, hash=page_hash, mode="0011", apiVersion="v1.2.0-beta"),
            "callbackURL": callback,
            "successCallbackURL": with_query(callback, paymentID=payment_id, status="success"),
            "failureCallbackURL": with_query(callback, paymentID=payment_id, status="failure"),
            "cancelledCallbackURL": with_query(callback, paymentID=payment_id, status="cancel"),
        }
    )


@sandbox_view
def execute(request: HttpRequest) -> HttpResponse:
    if (refused := _unauthorised(request)) is not None:
        return refused
    state = _payment(json_body(request))
    if state is None:
        return _error("2002")
    store.count("execute")
    if state["state"] in ("Completed", "Pending"):
        return _error("2117")
    if state["state"] != "Authorized":
        return _error("2056")
    if state["behaviour"] in ("error", "garbage"):
        return status_fault("bkash", state)
    if state["behaviour"] == "pending_then_paid":
        state["state"] = "Pending"
    else:
        state |= {"state": "Completed", "trxID": new_id(10), "executed": _now()}
    store.put(state["paymentID"], state)
    status_fault("bkash", state)  # timeout: bKash did the work, the merchant never hears
    return JsonResponse({**_public(state), **OK})


@sandbox_view
def status(request: HttpRequest) -> HttpResponse:
    if (refused := _unauthorised(request)) is not None:
        return refused
    state = _payment(json_body(request))
    if state is None:
        return _error("2002")
    if (fault := status_fault("bkash", state)) is not None:
        return fault
    if state["state"] == "Pending" and not take_pending_answer(state):
        state |= {"state": "Completed", "trxID": new_id(10), "executed": _now()}
    store.put(state["paymentID"], state)
    return JsonResponse({**_public(state), **OK})


@sandbox_view
def refund(request: HttpRequest) -> HttpResponse:
    if (refused := _unauthorised(request)) is not None:
        return refused
    body = json_body(request)
    state = _payment(body)
    if state is None:
        return _error("2002")
    if state["state"] != "Completed" or body.get("trxID") != state.get("trxID"):
        return _error("2071")
    if "amount" not in body:  # refund status enquiry: paymentID + trxID only
        return JsonResponse({**OK, "refunds": state.get("refunds", [])})
    amount = parse_money(body.get("amount"))
    remaining = paid_amount(state) - Decimal(state["refunded"])
    if amount is None or amount <= 0 or amount > remaining:
        return _error("2006")
    refund_id = new_id(10)
    state["refunded"] = text(Decimal(state["refunded"]) + amount)
    answer = {
        "completedTime": _now(),
        "transactionStatus": "Completed",
        "originalTrxID": state["trxID"],
        "refundTrxID": refund_id,
        "amount": text(amount),
        "currency": "BDT",
        "charge": "0.00",
    }
    state.setdefault("refunds", []).append(answer)
    store.put(state["paymentID"], state)
    return JsonResponse(answer)


# --- the citizen's side -----------------------------------------------------------------------
def _page_state(request: HttpRequest, payment_id: str) -> dict | None:
    state = store.get(payment_id)
    source = request.POST if request.method == "POST" else request.GET
    if state is None or source.get("hash") != state["hash"]:
        return None
    return state


@sandbox_view
def checkout(request: HttpRequest, payment_id: str) -> HttpResponse:
    state = _page_state(request, payment_id)
    if state is None:
        return HttpResponse("Unknown or expired payment", status=404)
    base = reverse("sandbox-bkash-checkout", args=[payment_id])
    return checkout_page(
        gateway_name="bKash",
        merchant=_config().get("MERCHANT_NAME", "Pourashava"),
        amount=state["amount"],
        reference=state["merchantInvoiceNumber"],
        actions={name: f"{base}{name}/" for name in ACTIONS},
        hidden={"hash": state["hash"]},
    )


@sandbox_view
def checkout_action(request: HttpRequest, payment_id: str, action: str) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405)
    if action not in ACTIONS:
        return HttpResponse("Unknown action", status=404)
    state = _page_state(request, payment_id)
    if state is None or state["state"] != "Initiated":
        return HttpResponse("Unknown, expired or finished payment", status=404)
    if action == "pay" and state["behaviour"] == "fail":
        action = "fail"
    state["state"], callback_status = {
        "pay": ("Authorized", "success"),
        "cancel": ("Cancelled", "cancel"),
        "fail": ("Failed", "failure"),
    }[action]
    store.put(payment_id, state)
    url = with_query(
        state["callbackURL"], paymentID=payment_id, status=callback_status, apiVersion="1.2.0-beta"
    )
    if state["behaviour"] == "answer_twice":
        deliver("GET", url)
    return HttpResponseRedirect(url)


def _control_state(state: dict) -> dict:
    return {key: value for key, value in state.items() if key != "hash"}


control = control_view(store, _control_state)
