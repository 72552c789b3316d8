"""What the three sandboxes share: the on/off switch, state in the Django cache, fault injection,
the hosted checkout page and the sandbox's own outbound calls (callbacks, IPN).

Behaviours (fault injection), chosen per sandbox payment:
- at creation, by an `X-Sandbox-Behaviour` request header, or
- for the next payment created, or for an existing one, by `POST /sandbox/<gw>/_control/`
  with JSON {"next": "<behaviour>"} or {"payment_id": "...", "behaviour": "<behaviour>"}.

  timeout            status/execute/verify/validation calls sleep past the adapter's read timeout
                     (then do their work: the answer is lost, not the effect)
  fail               the citizen's payment is declined whichever button is pressed
  answer_twice       the callback (bKash, Nagad: a server-to-server GET before the browser's
                     redirect) or the IPN (SSLCommerz: POSTed twice) is delivered twice
  different_amount   the gateway records and reports another amount than was asked
  pending_then_paid  the first status enquiry after payment answers pending, later ones paid
  error              status calls answer HTTP 503
  garbage            status calls answer HTML instead of JSON
  bad_signature      (Nagad) answers are signed with a key that is not the gateway's
  risky              (SSLCommerz) the payment is reported with risk_level 1
"""

import json
import logging
import secrets
import time
from collections.abc import Callable
from decimal import Decimal
from functools import wraps
from pathlib import Path

import requests
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.template import Context, Engine
from django.views.decorators.csrf import csrf_exempt

from backend.common.money import money
from backend.payments.gateways.config import gateway_config, sandboxes_enabled

logger = logging.getLogger("backend.payments.sandboxes")

BEHAVIOURS = {
    "",
    "timeout",
    "fail",
    "answer_twice",
    "different_amount",
    "pending_then_paid",
    "error",
    "garbage",
    "bad_signature",
    "risky",
}
STATE_SECONDS = 24 * 3600
ACTIONS = ("pay", "cancel", "fail")  # the buttons of every hosted checkout page
OUTBOUND_TIMEOUT = (3.0, 10.0)

_engine = Engine(dirs=[str(Path(__file__).parent / "templates")], autoescape=True)


def sandbox_view(view: Callable) -> Callable:
    """404 unless GATEWAY_SANDBOXES_ENABLED (read per request); CSRF-exempt, as gateways are
    called by servers, not by forms of ours."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not sandboxes_enabled():
            raise Http404("gateway sandboxes are disabled")
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapper)


def new_id(length: int = 20) -> str:
    return secrets.token_hex(length // 2).upper()


def json_body(request: HttpRequest) -> dict:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def parse_money(value: object) -> Decimal | None:
    try:
        amount = money(str(value))
    except (ArithmeticError, ValueError, TypeError):
        return None
    return amount if amount.is_finite() else None


def text(amount: Decimal) -> str:
    return format(money(amount), "f")


class Store:
    """One gateway's sandbox payments, keyed by the sandbox payment id, in the Django cache."""

    def __init__(self, gateway: str) -> None:
        self.gateway = gateway

    def _key(self, *parts: str) -> str:
        return ":".join(("sandbox", self.gateway, *parts))

    def get(self, payment_id: str) -> dict | None:
        return cache.get(self._key("pay", payment_id))

    def put(self, payment_id: str, state: dict) -> None:
        cache.set(self._key("pay", payment_id), state, STATE_SECONDS)

    def get_alias(self, kind: str, value: str) -> str | None:
        return cache.get(self._key(kind, value))

    def set_alias(self, kind: str, value: str, target: str, ttl: int = STATE_SECONDS) -> None:
        cache.set(self._key(kind, value), target, ttl)

    def set_next_behaviour(self, behaviour: str) -> None:
        cache.set(self._key("next"), behaviour, STATE_SECONDS)

    def behaviour_for_new(self, request: HttpRequest) -> str:
        """The header wins; else a behaviour queued for the next payment (used once)."""
        header = request.headers.get("X-Sandbox-Behaviour", "").strip()
        queued = cache.get(self._key("next"))
        if queued is not None:
            cache.delete(self._key("next"))
        behaviour = header or queued or ""
        return behaviour if behaviour in BEHAVIOURS else ""

    def count(self, name: str) -> int:
        key = self._key("count", name)
        cache.add(key, 0, STATE_SECONDS)
        try:
            return cache.incr(key)
        except ValueError:  # evicted between add and incr
            cache.set(key, 1, STATE_SECONDS)
            return 1

    def counted(self, name: str) -> int:
        return int(cache.get(self._key("count", name)) or 0)


def slow_seconds(gateway: str) -> float:
    config = gateway_config(gateway)
    configured = config.get("SANDBOX_SLOW_SECONDS")
    if configured:
        return float(configured)
    return min(float(config["READ_TIMEOUT"]) + 1.0, 120.0)


def status_fault(gateway: str, state: dict) -> HttpResponse | None:
    """Apply a status-call fault. `timeout` sleeps and lets the call go on (the client has left);
    `error` and `garbage` answer instead of the normal handler."""
    behaviour = state.get("behaviour", "")
    if behaviour == "timeout":
        time.sleep(slow_seconds(gateway))
    elif behaviour == "error":
        return JsonResponse({"message": "sandbox: service unavailable"}, status=503)
    elif behaviour == "garbage":
        return HttpResponse("<html><body>502 Bad Gateway</body></html>", content_type="text/html")
    return None


def paid_amount(state: dict) -> Decimal:
    """What the gateway took: the asked amount, unless `different_amount`."""
    asked = Decimal(state["amount"])
    if state.get("behaviour") != "different_amount":
        return asked
    return asked - Decimal("10.00") if asked > Decimal("20.00") else asked + Decimal("10.00")


def take_pending_answer(state: dict) -> bool:
    """pending_then_paid: True (answer pending) for the first enquiry after payment only."""
    if state.get("behaviour") == "pending_then_paid" and not state.get("pending_answered"):
        state["pending_answered"] = True
        return True
    return False


def checkout_page(
    *,
    gateway_name: str,
    merchant: str,
    amount: str,
    reference: str,
    actions: dict[str, str],
    hidden: dict[str, str] | None = None,
) -> HttpResponse:
    html = _engine.get_template("checkout.html").render(
        Context(
            {
                "gateway_name": gateway_name,
                "merchant": merchant,
                "amount": amount,
                "reference": reference,
                "actions": actions,
                "hidden": hidden or {},
            }
        )
    )
    return HttpResponse(html)


def post_form_page(*, url: str, fields: dict[str, str]) -> HttpResponse:
    """The browser leg of a gateway that POSTs back (SSLCommerz): an auto-submitting form."""
    html = _engine.get_template("post_back.html").render(Context({"url": url, "fields": fields}))
    return HttpResponse(html)


def deliver(method: str, url: str, *, data: dict | None = None) -> int | None:
    """A server-to-server call from the 'gateway' to the merchant (IPN, duplicate callback).
    Never raises: a merchant that is down is the merchant's problem, as with the real gateways."""
    try:
        if method == "GET":
            response = requests.get(url, timeout=OUTBOUND_TIMEOUT, allow_redirects=False)
        else:
            response = requests.post(
                url, data=data, timeout=OUTBOUND_TIMEOUT, allow_redirects=False
            )
    except requests.RequestException as exc:
        logger.warning("sandbox delivery to merchant failed: %s", type(exc).__name__)
        return None
    return response.status_code


def control_view(store: Store, public_state: Callable[[dict], dict]) -> Callable:
    """POST /sandbox/<gw>/_control/: set a behaviour; GET: inspect one payment, or the counters."""

    @sandbox_view
    def control(request: HttpRequest) -> HttpResponse:
        if request.method == "GET":
            payment_id = request.GET.get("payment_id", "")
            if not payment_id:
                return JsonResponse(
                    {
                        "counters": {
                            name: store.counted(name) for name in ("grant", "ipn", "execute")
                        }
                    }
                )
            state = store.get(payment_id)
            if state is None:
                return JsonResponse({"error": "unknown payment"}, status=404)
            return JsonResponse(public_state(state))
        if request.method != "POST":
            return JsonResponse({"error": "method not allowed"}, status=405)
        body = json_body(request) or request.POST.dict()
        if "next" in body:
            behaviour = str(body["next"])
            if behaviour not in BEHAVIOURS:
                return JsonResponse({"error": f"unknown behaviour {behaviour!r}"}, status=400)
            store.set_next_behaviour(behaviour)
            return JsonResponse({"next": behaviour})
        payment_id = str(body.get("payment_id", ""))
        behaviour = str(body.get("behaviour", ""))
        if behaviour not in BEHAVIOURS:
            return JsonResponse({"error": f"unknown behaviour {behaviour!r}"}, status=400)
        state = store.get(payment_id)
        if state is None:
            return JsonResponse({"error": "unknown payment"}, status=404)
        state["behaviour"] = behaviour
        store.put(payment_id, state)
        return JsonResponse({"payment_id": payment_id, "behaviour": behaviour})

    return control
