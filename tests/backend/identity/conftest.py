"""Fixtures for the login, OTP, profile and NID tests (and any identity test that wants them)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from backend.notifications.backends.memory import clear_outbox
from tests.backend.notifications.httpserver import LocalServer
from tests.backend.notifications.outbox import SmsOutbox


@pytest.fixture
def sms_outbox(settings) -> SmsOutbox:
    """SMS go to the in-process memory outbox; `sms_outbox.code_for(mobile)` reads a code."""
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield SmsOutbox()
    clear_outbox()


class Clock:
    """Stands in for django.utils.timezone.now; `advance(seconds=...)` moves time on."""

    def __init__(self) -> None:
        self.now = timezone.now()

    def __call__(self):
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(timezone, "now", fake)
    return fake


@pytest.fixture
def local_server():
    server = LocalServer().start()
    yield server
    server.stop()


@pytest.fixture
def otp_limits(settings):
    """Small, explicit limits so tests do not depend on the defaults."""
    settings.OTP_TTL_SECONDS = 300
    settings.OTP_MAX_ATTEMPTS = 5
    settings.OTP_RESEND_INTERVAL_SECONDS = 60
    settings.OTP_MAX_PER_NUMBER_PER_HOUR = 3
    settings.OTP_MAX_PER_ADDRESS_PER_HOUR = 4
    return settings
