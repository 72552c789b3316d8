"""Staff password login guard, for the API's staff-token view and the admin login form alike
(both go through `django.contrib.auth.authenticate`, where this backend sits first).

django-axes counts failures per username *and* address in the database and locks that pair
(settings.STAFF_LOGIN_MAX_FAILURES, for STAFF_LOGIN_LOCK_SECONDS). Axes has no growing delay and
no limit per address across usernames, so two small cache counters complement it:

- per username and address: from the (STAFF_LOGIN_DELAY_AFTER + 1)-th failure the next try
  waits a delay that doubles with each failure; the count is kept a day, so the delay keeps
  growing across axes lock-outs;
- per address: STAFF_LOGIN_ADDRESS_MAX_FAILURES failures over any usernames within
  STAFF_LOGIN_ADDRESS_WINDOW_SECONDS refuse that address for a window.

Nothing is keyed by username alone: anyone can type a clerk's username (they follow a public
pattern), but only the address that failed is held back; the clerk still signs in from theirs.
"""

import hashlib
import math
from dataclasses import dataclass
from datetime import timedelta

from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from backend.common.text import Text
from backend.identity.audit import client_address_of

LOGIN_LOCKED = Text(
    en="Too many failed logins for this username from your address. "
    "Try again in {seconds} seconds.",
    bn="আপনার ঠিকানা থেকে এই ইউজারনেমে অনেকবার ভুল লগইন হয়েছে। {seconds} সেকেন্ড পরে আবার চেষ্টা করুন।",
)
LOGIN_DELAYED = Text(
    en="Wrong password several times. Wait {seconds} seconds before trying again.",
    bn="কয়েকবার ভুল পাসওয়ার্ড দেওয়া হয়েছে। আবার চেষ্টার আগে {seconds} সেকেন্ড অপেক্ষা করুন।",
)
ADDRESS_LOCKED = Text(
    en="Too many failed logins from your address. Try again in {seconds} seconds.",
    bn="আপনার ঠিকানা থেকে অনেকবার ভুল লগইন হয়েছে। {seconds} সেকেন্ড পরে আবার চেষ্টা করুন।",
)

# How long the per-pair failure count (which drives the growing delay) is remembered.
FAILURE_MEMORY_SECONDS = 24 * 60 * 60


@dataclass(frozen=True)
class Refusal:
    """Why a login try is refused before the password is even checked, and for how long."""

    code: str
    message: Text
    seconds: int


# Settings hooks named in settings.AXES_* (read on each use, so tests can change them) ---------


def failure_limit(request=None, credentials=None) -> int:
    return settings.STAFF_LOGIN_MAX_FAILURES


def cool_off(request=None) -> timedelta:
    return timedelta(seconds=settings.STAFF_LOGIN_LOCK_SECONDS)


def normalise_username(username: object) -> str:
    """Counters ignore case and surrounding spaces, so `NAT.Cashier ` is not a fresh name."""
    return str(username or "").strip().casefold()


def axes_username(request, credentials=None) -> str:
    if credentials and credentials.get("username") is not None:
        return normalise_username(credentials["username"])
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    return normalise_username(data.get("username"))


# The guard ------------------------------------------------------------------------------------


def refusal_for(request: HttpRequest, username: str) -> Refusal | None:
    """The reason this try must be refused now (address blocked, pair locked by axes, or the
    pair's growing delay not yet over), or None."""
    address = _address(request)
    now = _now()
    blocked_until = cache.get(_key("address-block", address))
    if blocked_until and blocked_until > now:
        return Refusal("login_address_locked", ADDRESS_LOCKED, _ceil(blocked_until - now))
    name = normalise_username(username)
    locked = _axes_lock_seconds(request, name)
    if locked:
        return Refusal("login_locked", LOGIN_LOCKED, locked)
    delayed_until = cache.get(_key("delay", name, address))
    if delayed_until and delayed_until > now:
        return Refusal("login_delayed", LOGIN_DELAYED, _ceil(delayed_until - now))
    return None


class LoginGuardBackend(ModelBackend):
    """First in AUTHENTICATION_BACKENDS: refuses a guarded try before any password is hashed.
    The refusal is left on the request for the API view (429 with Retry-After) and, through
    axes's middleware, for the admin form (`lockout_response`). It checks no password itself;
    it inherits the model backend's user loading and permissions because Django (and its test
    client's force_login) take the first backend as the session's."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None or username is None:
            return None
        refusal = refusal_for(request, username)
        if refusal is None:
            return None
        request.login_refusal = refusal
        # Axes then records no new failure for a refused try (its lock does not keep growing
        # from tries that were never checked) and its middleware answers the admin form.
        request.axes_locked_out = True
        raise PermissionDenied("login refused by the staff login guard")


def login_succeeded(request: HttpRequest, username: str) -> None:
    """The right password: forget this pair's failures (axes's and the delay's). The address's
    count is kept: one valid account must not clear the way for guessing others."""
    name = normalise_username(username)
    address = _address(request)
    cache.delete_many([_key("failures", name, address), _key("delay", name, address)])
    AccessAttempt.objects.filter(username=name, ip_address=client_address_of(request)).delete()


def lockout_response(request, original_response=None, credentials=None) -> HttpResponse | None:
    """AXES_LOCKOUT_CALLABLE. The API view has already answered with its own 429 (or 401 for
    the try that reached the limit); the admin form gets a 429 page in the request's language."""
    if not request.path.startswith(reverse("admin:index")):
        return original_response
    username = axes_username(request, credentials)
    refusal = getattr(request, "login_refusal", None) or refusal_for(request, username)
    if refusal is None:
        refusal = Refusal("login_locked", LOGIN_LOCKED, settings.STAFF_LOGIN_LOCK_SECONDS)
    message = escape(refusal.message.render(seconds=refusal.seconds))
    body = (
        f'<!doctype html><html><body><main><h1>429</h1><p class="errornote">{message}</p>'
        f'<p><a href="{escape(request.get_full_path())}">&larr;</a></p></main></body></html>'
    )
    response = HttpResponse(body, status=429)
    response["Retry-After"] = str(refusal.seconds)
    return response


# Counting -------------------------------------------------------------------------------------


@receiver(user_login_failed, dispatch_uid="staff-login-guard-failure")
def _on_login_failed(sender, credentials: dict, request=None, **kwargs) -> None:
    if request is None or getattr(request, "login_refusal", None) is not None:
        return  # a refused try was never checked: it is not a new failure
    name = normalise_username((credentials or {}).get("username"))
    address = _address(request)
    now = _now()
    failures = _increment(_key("failures", name, address), FAILURE_MEMORY_SECONDS)
    beyond = failures - settings.STAFF_LOGIN_DELAY_AFTER
    if beyond > 0:
        delay = min(
            settings.STAFF_LOGIN_DELAY_BASE_SECONDS * 2 ** (beyond - 1),
            settings.STAFF_LOGIN_DELAY_MAX_SECONDS,
        )
        cache.set(_key("delay", name, address), now + delay, timeout=math.ceil(delay) + 1)
    window = settings.STAFF_LOGIN_ADDRESS_WINDOW_SECONDS
    from_address = _increment(_key("address-failures", address), window)
    usernames = cache.get(_key("address-usernames", address)) or []
    if name not in usernames and len(usernames) < 50:
        cache.set(_key("address-usernames", address), [*usernames, name], timeout=window)
        usernames = [*usernames, name]
    if from_address == settings.STAFF_LOGIN_ADDRESS_MAX_FAILURES:
        cache.set(_key("address-block", address), now + window, timeout=window + 1)
        from backend.identity.login_alerts import alert_address_locked

        alert_address_locked(
            request=request, usernames=usernames, failures=from_address, seconds=window
        )


@receiver(user_logged_in, dispatch_uid="staff-login-guard-success")
def _on_logged_in(sender, request=None, user=None, **kwargs) -> None:
    """The admin form's login (Django's `login()` sends this; the API calls login_succeeded)."""
    if request is not None and user is not None:
        login_succeeded(request, user.get_username())


@receiver(user_locked_out, dispatch_uid="staff-login-guard-locked")
def _on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    from backend.identity.login_alerts import alert_pair_locked

    alert_pair_locked(
        request=request,
        username=normalise_username(username),
        failures=settings.STAFF_LOGIN_MAX_FAILURES,
        seconds=settings.STAFF_LOGIN_LOCK_SECONDS,
    )


# Helpers --------------------------------------------------------------------------------------


def _axes_lock_seconds(request: HttpRequest, name: str) -> int:
    """Seconds left on axes's lock of this username from this address (0: not locked)."""
    AxesProxyHandler.update_request(request)
    if AxesProxyHandler.is_allowed(request, {"username": name}):
        return 0
    latest = AccessAttempt.objects.filter(
        username=name, ip_address=request.axes_ip_address
    ).aggregate(latest=Max("attempt_time"))["latest"]
    if latest is None:
        return settings.STAFF_LOGIN_LOCK_SECONDS
    # Axes's clock (the time it stamped on this request), as its own lock check uses.
    left = (latest + cool_off(request) - request.axes_attempt_time).total_seconds()
    return max(1, _ceil(left))


def _address(request: HttpRequest) -> str:
    return client_address_of(request) or "unknown"


def _key(kind: str, *parts: str) -> str:
    digest = hashlib.sha256("\x00".join(parts).encode()).hexdigest()
    return f"staff-login:{kind}:{digest}"


def _increment(key: str, timeout: int) -> int:
    cache.add(key, 0, timeout=timeout)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=timeout)
        return 1


def _now() -> float:
    return timezone.now().timestamp()


def _ceil(seconds: float) -> int:
    return max(1, math.ceil(seconds))
