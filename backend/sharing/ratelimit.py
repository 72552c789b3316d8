"""Per-agency limits on lookups, counted in the cache (Redis in production) per minute window.

Each subject asked about costs 1; each one not found costs NOT_FOUND_COST more, so a client
guessing identifiers (enumeration) runs out long before one checking the numbers it holds."""

import time

from django.core.cache import cache

from backend.sharing.errors import rate_limited

NOT_FOUND_COST = 4
WINDOW_SECONDS = 60


def _key(agency_id: int, window: int) -> str:
    return f"sharing:rate:{agency_id}:{window}"


def _add(key: str, amount: int) -> int:
    """Add `amount` to this window's count and return the new count: one round trip (INCR) but
    for the first call of a window."""
    try:
        return cache.incr(key, amount)
    except ValueError:  # the window's first call
        if cache.add(key, amount, timeout=WINDOW_SECONDS * 2):
            return amount
        return cache.incr(key, amount)  # another worker made it first


def spend(agency_id: int, limit: int, subjects: int) -> None:
    """Count `subjects` lookups against this minute, refusing (429) past the limit. A refused
    call is counted too: a client that keeps calling stays refused until the window ends."""
    now = time.time()
    window = int(now // WINDOW_SECONDS)
    if _add(_key(agency_id, window), subjects) > limit:
        raise rate_limited(max(1, int((window + 1) * WINDOW_SECONDS - now) + 1))


def charge_not_found(agency_id: int, count: int) -> None:
    if count:
        _add(_key(agency_id, int(time.time() // WINDOW_SECONDS)), count * NOT_FOUND_COST)
