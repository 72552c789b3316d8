"""An in-process outbox for tests: messages are kept in a list instead of being sent."""

from backend.notifications.backends.base import OutgoingSms, SmsBackend

_OUTBOX: list[OutgoingSms] = []


class MemorySmsBackend(SmsBackend):
    name = "memory"

    def send(self, message: OutgoingSms) -> str:
        _OUTBOX.append(message)
        return f"memory-{len(_OUTBOX)}"


def outbox() -> list[OutgoingSms]:
    """The messages 'sent' so far in this process, oldest first (a copy)."""
    return list(_OUTBOX)


def clear_outbox() -> None:
    _OUTBOX.clear()
