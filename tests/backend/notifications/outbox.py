"""Test helpers for SMS: read what the memory backend 'sent'.

Tests run inside one transaction that never commits, so callbacks registered with
transaction.on_commit (which dispatch SMS tasks) would never run. Reading the outbox runs the
callbacks still pending, as a commit would: callbacks of rolled-back savepoints are already gone,
so a message whose transaction failed is still never sent."""

import logging
import re

from django.db import connection

from backend.notifications.backends.base import OutgoingSms
from backend.notifications.backends.memory import clear_outbox, outbox

_CODE = re.compile(r"\b(\d{6})\b")
logger = logging.getLogger(__name__)


class SmsOutbox:
    def flush(self) -> None:
        """Run the on-commit callbacks registered so far (the commit the test never makes)."""
        while connection.run_on_commit:
            _savepoints, callback, robust = connection.run_on_commit.pop(0)
            if robust:
                try:
                    callback()
                except Exception:
                    logger.exception("on_commit callback failed")
            else:
                callback()

    @property
    def messages(self) -> list[OutgoingSms]:
        self.flush()
        return outbox()

    def to(self, mobile: str) -> list[OutgoingSms]:
        return [message for message in self.messages if message.to == mobile]

    def last_to(self, mobile: str) -> OutgoingSms:
        sent = self.to(mobile)
        assert sent, f"no SMS was sent to {mobile}"
        return sent[-1]

    def code_for(self, mobile: str) -> str:
        """The 6-digit code in the latest SMS to `mobile`."""
        match = _CODE.search(self.last_to(mobile).body)
        assert match, "the SMS holds no 6-digit code"
        return match.group(1)

    def clear(self) -> None:
        self.flush()
        clear_outbox()
