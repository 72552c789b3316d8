"""OTP tries counted under real concurrency: many wrong guesses at once never get more than
OTP_MAX_ATTEMPTS comparisons, and two right answers at once log in only once."""

import threading

import pytest
from django.db import connection

from backend.common.errors import AppError
from backend.identity import otp
from backend.identity.models import OtpChallenge
from backend.identity.otp import request_otp, verify_otp

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

MOBILE = "01712345678"


@pytest.fixture(autouse=True)
def _needs_postgres():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: concurrent writers (run with DATABASE_URL=postgres://...)")


def _race(count: int, code: str) -> list[str]:
    """`count` threads submit `code` at the same moment; each returns 'ok' or an error code."""
    barrier = threading.Barrier(count)
    results: list[str] = []
    lock = threading.Lock()

    def attempt():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            verify_otp(mobile=MOBILE, purpose="login", code=code)
            outcome = "ok"
        except AppError as exc:
            outcome = exc.code
        finally:
            thread_connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=attempt) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_wrong_guesses_are_capped(settings, monkeypatch):
    settings.SMS_BACKEND = "memory"
    monkeypatch.setattr(otp, "_new_code", lambda: "424242")
    request_otp(mobile=MOBILE, purpose="login", client_address="203.0.113.7")
    compared = []
    real_compare = otp.constant_time_compare

    def counting_compare(a, b):
        compared.append(1)
        return real_compare(a, b)

    monkeypatch.setattr(otp, "constant_time_compare", counting_compare)

    results = _race(16, "000000")

    assert OtpChallenge.objects.get(mobile=MOBILE).attempts == 5
    # Exactly five guesses were compared with the code; the other eleven were refused unread.
    assert len(compared) == 5
    assert len(results) == 16 and set(results) <= {"otp_invalid", "otp_locked"}
    with pytest.raises(AppError) as caught:
        verify_otp(mobile=MOBILE, purpose="login", code="424242")
    assert caught.value.code == "otp_locked"


def test_concurrent_right_answers_consume_once(settings, monkeypatch):
    settings.SMS_BACKEND = "memory"
    monkeypatch.setattr(otp, "_new_code", lambda: "424242")
    request_otp(mobile=MOBILE, purpose="login", client_address="203.0.113.7")

    results = _race(4, "424242")

    assert results.count("ok") == 1
    assert set(results) - {"ok"} <= {"otp_used", "otp_locked"}


def test_concurrent_sends_respect_the_resend_interval(settings):
    settings.SMS_BACKEND = "memory"
    barrier = threading.Barrier(6)
    results: list[str] = []

    def send():
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            request_otp(mobile=MOBILE, purpose="login", client_address="203.0.113.7")
            results.append("sent")
        except AppError as exc:
            results.append(exc.code)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=send) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results.count("sent") == 1
    assert OtpChallenge.objects.filter(mobile=MOBILE).count() == 1
