"""Fixed-window request counters for the public verification API and page, in one cache round
trip per request.

On Redis (production) a hit is one Lua script: INCR the window's key and, on its first hit, set
it to expire with the window; the count comes back in the same reply. Counting is atomic, so
concurrent scans from one address are each counted (a read-then-write history, as DRF's
SimpleRateThrottle keeps, can lose hits between the read and the write). Other cache backends
(the local-memory cache of tests and development) use add-then-incr. A Redis outage raises
redis' ConnectionError as any cache call would: backend.common.outages turns it into a 503.
"""

import time
import weakref

from django.core.cache import DEFAULT_CACHE_ALIAS, caches
from django.core.cache.backends.redis import RedisCache

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}

# KEYS[1]: the window's key; ARGV[1]: its lifetime in seconds. Returns the window's count.
_HIT_SCRIPT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return count
"""

# One Redis client and registered script per cache backend object (a settings change makes a
# new backend, and so a new client); redis-py clients are thread-safe over their pool.
_scripts: "weakref.WeakKeyDictionary[RedisCache, object]" = weakref.WeakKeyDictionary()


def parse_rate(rate: str) -> tuple[int, int]:
    """ "120/minute" -> (120, 60)."""
    count, period = rate.split("/")
    return int(count), _PERIODS[period.strip()[0]]


def window_end(period: int, now: float | None = None) -> float:
    """Seconds until the current window of `period` seconds ends."""
    now = time.time() if now is None else now
    return period - (now % period)


def _redis_hit(backend: RedisCache, key: str, lifetime: int) -> int:
    script = _scripts.get(backend)
    if script is None:
        client = backend._cache.get_client(key, write=True)
        script = client.register_script(_HIT_SCRIPT)
        _scripts[backend] = script
    return int(script(keys=[key], args=[lifetime]))


def hit(name: str, period: int, now: float | None = None) -> int:
    """Count one request under `name` in the current window of `period` seconds; returns the
    window's count including this one."""
    now = time.time() if now is None else now
    key = f"{name}:{int(now // period)}"
    lifetime = period + 1  # outlives its window, never the next one's count
    backend = caches[DEFAULT_CACHE_ALIAS]
    if isinstance(backend, RedisCache):
        return _redis_hit(backend, backend.make_and_validate_key(key), lifetime)
    if backend.add(key, 1, timeout=lifetime):
        return 1
    try:
        return backend.incr(key)
    except ValueError:  # expired between add and incr: a new window
        backend.add(key, 1, timeout=lifetime)
        return 1
