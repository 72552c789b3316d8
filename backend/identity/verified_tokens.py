"""Access tokens already verified by this process, keyed by the token's exact text.

A mobile app sends the same access token on every request until it expires; checking its
signature and claims again each time costs more CPU than the rest of authentication. A token's
signature and claims do not change, so the result of verifying it is kept here, and only until
the token's `exp`: a kept token past its expiry (or not yet valid by `iat`/`nbf`, should the
clock go back) is verified afresh, which refuses it as before.

What is NOT kept: the user. Whether the user exists, is active and still holds the token's
version (password changed, deactivated, role withdrawn: backend/identity/revocation.py) is read
on every request by the authentication, so revocation takes effect on the very next request as
it did. A change of the signing settings (SIMPLE_JWT, SECRET_KEY) empties the cache."""

import copy
import threading
import time
from collections import OrderedDict
from collections.abc import Callable

from django.core.signals import setting_changed
from django.dispatch import receiver
from rest_framework_simplejwt.tokens import Token

# Enough for every token in use on one worker over an access token's lifetime at the expected
# request rates; the oldest entries go first.
MAX_TOKENS = 4096

_verified: "OrderedDict[bytes, Token]" = OrderedDict()
_lock = threading.Lock()


def _still_valid(token: Token, now: float) -> bool:
    payload = token.payload
    exp = payload.get("exp")
    if not isinstance(exp, int | float) or now >= exp:
        return False
    return all(
        not isinstance(payload.get(claim), int | float) or payload[claim] <= now
        for claim in ("iat", "nbf")
    )


def validated(
    raw_token: bytes, verify: Callable[[bytes], Token], now: float | None = None
) -> Token:
    """The verified token for `raw_token`: kept from an earlier request while it has not
    expired, else `verify(raw_token)` (which raises on a bad token; nothing bad is kept)."""
    now = time.time() if now is None else now
    with _lock:
        kept = _verified.get(raw_token)
        if kept is not None:
            if _still_valid(kept, now):
                _verified.move_to_end(raw_token)
            else:
                del _verified[raw_token]
                kept = None
    if kept is None:
        kept = verify(raw_token)
        with _lock:
            _verified[raw_token] = kept
            while len(_verified) > MAX_TOKENS:
                _verified.popitem(last=False)
    # Each request gets its own copy: a view changing its token's claims changes no other's.
    token = copy.copy(kept)
    token.payload = dict(kept.payload)
    return token


def forget_all() -> None:
    with _lock:
        _verified.clear()


@receiver(setting_changed, dispatch_uid="identity.verified_tokens.signing_changed")
def _signing_changed(setting: str, **kwargs) -> None:
    if setting in ("SIMPLE_JWT", "SECRET_KEY"):
        forget_all()
