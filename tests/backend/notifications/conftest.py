import pytest

from backend.notifications.backends.memory import clear_outbox
from tests.backend.notifications.httpserver import LocalServer
from tests.backend.notifications.outbox import SmsOutbox


@pytest.fixture
def sms_outbox(settings) -> SmsOutbox:
    """SMS go to the in-process memory outbox; the fixture reads it."""
    settings.SMS_BACKEND = "memory"
    clear_outbox()
    yield SmsOutbox()
    clear_outbox()


@pytest.fixture
def local_server():
    server = LocalServer().start()
    yield server
    server.stop()
