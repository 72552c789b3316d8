"""The payment layer's points of contact with apps written alongside it: gateway adapters,
audit and the assisted-service log (documents: services/receipts.py). Reached only through this
module, so a change on their side is one edit here, and tests swap the adapters in one place."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from backend.payments.gateways.base import GatewayAdapter

log = logging.getLogger(__name__)

# Tests (and the benchmark) set this to a function code -> adapter.
_adapter_override: Callable[[str], GatewayAdapter] | None = None


def get_adapter(code: str) -> GatewayAdapter:
    if _adapter_override is not None:
        return _adapter_override(code)
    from backend.payments.gateways.registry import get_adapter as registry_get_adapter

    return registry_get_adapter(code)


def set_adapter_override(fn: Callable[[str], GatewayAdapter] | None) -> None:
    global _adapter_override
    _adapter_override = fn


def record_audit(**kwargs) -> None:
    from backend.identity.audit import record_audit as identity_record_audit

    identity_record_audit(**kwargs)


def record_assisted_action(request, *, action: str, obj=None, object_type="", object_id="") -> None:
    """Recorded only when the request runs in an assisted session (a no-op otherwise)."""
    from backend.identity.assisted import record_assisted_action as identity_record

    identity_record(request, action=action, obj=obj, object_type=object_type, object_id=object_id)


def audit_context(request, actor) -> tuple[int | None, int | None, str | None]:
    """The actor id, assisted session id and client address `record_audit` would write for this
    request and actor (for an entry written in SQL along with the change it describes)."""
    from backend.identity.acting import assisted_session_of
    from backend.identity.audit import client_address_of

    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    if request is None:
        return getattr(actor, "pk", None), None, None
    session = assisted_session_of(request)
    return getattr(actor, "pk", None), getattr(session, "pk", None), client_address_of(request)
