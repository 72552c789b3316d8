"""What every SMS backend does: deliver one message, or raise SmsDeliveryError."""

from dataclasses import dataclass


class SmsDeliveryError(Exception):
    """The provider did not accept the message (network failure, timeout, refusal)."""


@dataclass(frozen=True)
class OutgoingSms:
    message_id: str
    to: str
    body: str


class SmsBackend:
    name = "base"

    def send(self, message: OutgoingSms) -> str:
        """Deliver the message; return the provider's reference for it (may be empty)."""
        raise NotImplementedError
