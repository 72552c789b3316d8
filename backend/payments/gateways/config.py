"""Reading a gateway's block of settings.PAYMENT_GATEWAYS (see the end of backend/settings.py)."""

from typing import Any

from django.conf import settings

from backend.payments.gateways.errors import UnknownGateway

DEFAULT_CONNECT_TIMEOUT = 5.0
DEFAULT_READ_TIMEOUT = 30.0


def gateway_config(code: str) -> dict[str, Any]:
    configs = getattr(settings, "PAYMENT_GATEWAYS", {}) or {}
    if code not in configs:
        raise UnknownGateway(code)
    config = dict(configs[code])
    config.setdefault("CONNECT_TIMEOUT", DEFAULT_CONNECT_TIMEOUT)
    config.setdefault("READ_TIMEOUT", DEFAULT_READ_TIMEOUT)
    return config


def sandboxes_enabled() -> bool:
    return bool(getattr(settings, "GATEWAY_SANDBOXES_ENABLED", False))
