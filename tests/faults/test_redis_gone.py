"""Redis gone: a redis-server this test starts on a port of its own serves as the cache (OTP
resend windows and throttles, staff login counters, the verification page's rate limit), then
is stopped and started again. While it is down each of those answers a clear 503 with
Retry-After in the request's language, not a 500; once it is back they work again. The
machine's own Redis (6379) is never touched."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.test import override_settings

from backend.notifications.backends.memory import clear_outbox

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        shutil.which("redis-server") is None, reason="needs the redis-server binary"
    ),
]

BN_UNAVAILABLE = "সাময়িকভাবে বন্ধ"
EN_UNAVAILABLE = "briefly unavailable"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class OwnRedis:
    """A throw-away redis-server: no persistence, bound to localhost, on its own port."""

    def __init__(self) -> None:
        self.port = _free_port()
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                *("redis-server", "--port", str(self.port), "--bind", "127.0.0.1"),
                *("--save", "", "--appendonly", "no", "--daemonize", "no"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if client.ping():
                    return
            except redis.exceptions.ConnectionError:
                time.sleep(0.05)
        raise RuntimeError(f"redis-server did not start on port {self.port}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


@pytest.fixture
def own_redis(settings):
    server = OwnRedis()
    server.start()
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    cache = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{server.port}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    try:
        with override_settings(CACHES=cache):  # left before the server stops
            yield server
    finally:
        server.stop()
        clear_outbox()


def _otp(api, mobile, language="en"):
    return api.post(
        "/api/v1/auth/otp/", {"mobile": mobile}, format="json", HTTP_ACCEPT_LANGUAGE=language
    )


def _staff_login(api, language="en"):
    return api.post(
        "/api/v1/auth/staff-token/",
        {"username": "nat.cashier", "password": "wrong"},
        format="json",
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _verify_page(client, language="en"):
    return client.get("/verify/not-a-real-token", HTTP_ACCEPT_LANGUAGE=language)


def _assert_unavailable(answer, language):
    assert answer.status_code == 503, answer.content[:300]
    assert int(answer["Retry-After"]) > 0
    expected = BN_UNAVAILABLE if language == "bn" else EN_UNAVAILABLE
    if answer["Content-Type"].startswith("application/json"):
        error = answer.json()["error"]
        assert error["code"] == "service_unavailable"
        assert expected in error["message"]
    else:
        assert expected in answer.content.decode()


def test_cache_outage_answers_503_in_the_callers_language_and_recovers(api, client, own_redis):
    # Up: everything works (and really goes through this Redis).
    assert _otp(api, "01711000001").status_code == 202
    assert _staff_login(api).status_code == 401
    assert _verify_page(client).status_code == 200
    keys = redis.Redis(port=own_redis.port).dbsize()
    assert keys > 0, "the app's throttles and counters live in this Redis"

    own_redis.stop()
    for language in ("bn", "en"):
        _assert_unavailable(_otp(api, "01711000002", language), language)
        _assert_unavailable(_staff_login(api, language), language)
        _assert_unavailable(_verify_page(client, language), language)

    own_redis.start()  # the same port, empty (no persistence): as after a restart
    assert _otp(api, "01711000003").status_code == 202
    assert _staff_login(api).status_code == 401
    assert _verify_page(client).status_code == 200
