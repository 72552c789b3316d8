"""The verification rate limit counts every scan, in one cache round trip on Redis.

On Redis the count is one atomic script (INCR, and EXPIRE on a window's first hit): scans
arriving together from one address are each counted, none lost between a read and a write, and
each costs the cache one round trip. A window's key expires after its window, and the next
window counts from one again. The same holds on the local-memory cache of tests and
development. A throw-away redis-server on its own port serves the Redis cases (as in
tests/faults); the machine's own Redis is never touched."""

import threading

import pytest
import redis
from django.test import override_settings

from backend.documents import ratelimit
from tests.faults.test_redis_gone import OwnRedis


@pytest.fixture(scope="module")
def own_redis():
    server = OwnRedis()
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def redis_cache(own_redis):
    raw = redis.Redis(port=own_redis.port)
    raw.flushdb()
    cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{own_redis.port}/0",
        }
    }
    with override_settings(CACHES=cache):
        yield raw


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_counts_in_a_window_and_starts_again_in_the_next(redis_cache):
    now = 1_800_000_000.0  # a window boundary for a 60 s period
    assert [ratelimit.hit("scan:10.0.0.1", 60, now + i) for i in range(4)] == [1, 2, 3, 4]
    assert ratelimit.hit("scan:10.0.0.2", 60, now) == 1  # another address, its own count
    assert ratelimit.hit("scan:10.0.0.1", 60, now + 60) == 1  # the next window
    [key] = [k for k in redis_cache.keys("*scan:10.0.0.1:*") if redis_cache.get(k) == b"4"]
    assert 0 < redis_cache.ttl(key) <= 61  # gone once its window is over


def test_simultaneous_scans_are_each_counted(redis_cache):
    counts: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def scan() -> None:
        start.wait()
        count = ratelimit.hit("scan:burst", 3600)
        with lock:
            counts.append(count)

    threads = [threading.Thread(target=scan) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(counts) == list(range(1, 9))


def test_one_round_trip_per_scan(redis_cache, monkeypatch):
    ratelimit.hit("scan:warm", 60)  # loads the script into this server once
    sent: list[object] = []
    original = redis.connection.AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(redis.connection.AbstractConnection, "send_packed_command", counting)
    for _ in range(5):
        ratelimit.hit("scan:trips", 60)
    assert len(sent) == 5


def test_local_memory_cache_counts_the_same():
    with override_settings(CACHES=LOCMEM):
        now = 1_800_000_000.0
        assert [ratelimit.hit("scan:a", 60, now + i) for i in range(3)] == [1, 2, 3]
        assert ratelimit.hit("scan:a", 60, now + 60) == 1


def test_rates_read_as_count_and_seconds():
    assert ratelimit.parse_rate("120/minute") == (120, 60)
    assert ratelimit.parse_rate("5/s") == (5, 1)
    assert ratelimit.parse_rate("1000/day") == (1000, 86400)
    assert ratelimit.window_end(60, now=1_800_000_015.0) == 45
