"""Errors the adapters raise besides `GatewayUnavailable` (base.py)."""

from backend.payments.gateways.base import GatewayUnavailable


class GatewayRejected(GatewayUnavailable):
    """The gateway answered, clearly, and said no (bad credentials, amount out of range, bad
    signature...). A subclass of GatewayUnavailable so a caller that only knows the base interface
    still keeps the payment pending; `code` and `gateway_message` say what the gateway said."""

    def __init__(self, gateway: str, code: str, gateway_message: str = "") -> None:
        self.gateway = gateway
        self.code = code
        self.gateway_message = gateway_message
        super().__init__(f"{gateway} rejected the request: {code} {gateway_message}".strip())


class UnknownGateway(LookupError):
    """No adapter (or no configuration) for this gateway code."""
