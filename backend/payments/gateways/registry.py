"""`get_adapter(code)`: the payment layer's only entry point into the gateways.

Adapters are built from settings.PAYMENT_GATEWAYS and kept while that configuration is unchanged,
so their HTTP sessions (connection pools) are reused; a changed configuration (override_settings in
tests, a reload) builds a fresh one.
"""

import hashlib
import json
import threading

from backend.payments.gateways.base import GatewayAdapter
from backend.payments.gateways.bkash import BkashAdapter
from backend.payments.gateways.config import gateway_config
from backend.payments.gateways.errors import UnknownGateway
from backend.payments.gateways.nagad import NagadAdapter
from backend.payments.gateways.sslcommerz import SslcommerzAdapter

ADAPTERS: dict[str, type] = {
    "bkash": BkashAdapter,
    "nagad": NagadAdapter,
    "sslcommerz": SslcommerzAdapter,
}
GATEWAY_CODES: tuple[str, ...] = tuple(ADAPTERS)

_built: dict[str, tuple[str, GatewayAdapter]] = {}
_lock = threading.Lock()


def _fingerprint(config: dict) -> str:
    return hashlib.sha256(json.dumps(config, sort_keys=True, default=str).encode()).hexdigest()


def get_adapter(code: str) -> GatewayAdapter:
    """The adapter for "bkash", "nagad" or "sslcommerz"; UnknownGateway (a LookupError) else."""
    if code not in ADAPTERS:
        raise UnknownGateway(code)
    config = gateway_config(code)
    fingerprint = _fingerprint(config)
    with _lock:
        cached = _built.get(code)
        if cached is not None and cached[0] == fingerprint:
            return cached[1]
        adapter = ADAPTERS[code](config)
        _built[code] = (fingerprint, adapter)
        return adapter
