"""The audit log: who changed what, when, before and after. Every app calls `record_audit` inside
the same transaction as the change it describes, so a change and its entry commit or fail
together. Entries are append-only (the model refuses updates and deletes; on PostgreSQL a trigger
refuses them too)."""

import datetime
import ipaddress
import uuid
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import models

from backend.identity.acting import assisted_session_of
from backend.identity.models import AuditEntry, User
from backend.municipality.models import Pourashava

# Never copied into the log, whatever model they are on.
SECRET_FIELDS = frozenset({"password", "code_hash"})


def record_audit(
    *,
    actor: User | None,
    action: str,
    obj: models.Model | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    pourashava: Pourashava | int | None = None,
    before: dict | None = None,
    after: dict | None = None,
    request=None,
) -> AuditEntry:
    """Append one entry. `obj` supplies object type, id and pourashava unless given; `request`
    supplies the client address, the assisted session it runs in and (if `actor` is None) the
    actor."""
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id is not None else obj.pk
        if pourashava is None:
            pourashava = _pourashava_of(obj)
    if not object_type or object_id in (None, ""):
        raise ValueError("An audit entry needs an object (or object_type and object_id).")
    if actor is None and request is not None and request.user.is_authenticated:
        actor = request.user
    pourashava_id = pourashava.pk if isinstance(pourashava, Pourashava) else pourashava
    return AuditEntry.objects.create(
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        pourashava_id=pourashava_id,
        before=_jsonable(before) if before is not None else None,
        after=_jsonable(after) if after is not None else None,
        assisted_session=assisted_session_of(request) if request is not None else None,
        client_address=client_address_of(request) if request is not None else None,
    )


def snapshot(instance: models.Model, fields: Iterable[str] | None = None) -> dict[str, Any]:
    """The instance's concrete field values as a JSON-safe dict (foreign keys as ids, Decimal and
    dates as strings). Secrets such as password hashes are left out."""
    wanted = set(fields) if fields is not None else None
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in SECRET_FIELDS:
            continue
        if wanted is not None and field.name not in wanted and field.attname not in wanted:
            continue
        key = field.attname if field.is_relation else field.name
        data[key] = _jsonable(getattr(instance, field.attname))
    return data


def client_address_of(request) -> str | None:
    """The caller's address: REMOTE_ADDR, or, behind settings.TRUSTED_PROXY_HOPS trusted
    proxies, that many entries from the right of X-Forwarded-For (never the spoofable left end).
    The same rule as the OTP send limits use."""
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    candidate = request.META.get("REMOTE_ADDR", "")
    if hops > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def _pourashava_of(obj: models.Model) -> int | None:
    if isinstance(obj, Pourashava):
        return obj.pk
    return getattr(obj, "pourashava_id", None)


def _jsonable(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dict):
        return {str(key): _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_jsonable(item) for item in value]
    if isinstance(value, models.Model):
        return value.pk if isinstance(value.pk, int) else str(value.pk)
    if hasattr(value, "name") and hasattr(value, "storage"):  # a FieldFile
        return value.name or None
    return str(value)
