"""Idempotency-Key handling: the first answer to a (caller, endpoint, key) is stored and given
again; the same key with a different request, or while the first is still running, is a 409.

The claim is its own committed row (INSERT, unique constraint as the arbiter), since the work
it guards may call a gateway and cannot sit in one transaction with it."""

import hashlib
import json
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.errors import Conflict
from backend.payments import errors
from backend.payments.models import IdempotencyRecord, IdempotencyStatus

RETENTION = timedelta(hours=24)
# A claim still "in progress" after this is from a process that died mid-request: take it over.
STALE_CLAIM = timedelta(minutes=5)


def request_hash(method: str, path: str, body: object) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


def claim(*, user, endpoint: str, key: str, digest: str) -> tuple[IdempotencyRecord, bool]:
    """(record, True) when this request is the first with the key and should run; (record,
    False) when it already ran and `record` holds the answer to give again."""
    now = timezone.now()
    try:
        with transaction.atomic():
            return IdempotencyRecord.objects.create(
                user=user,
                endpoint=endpoint,
                key=key,
                request_hash=digest,
                status=IdempotencyStatus.IN_PROGRESS,
                expires_at=now + RETENTION,
            ), True
    except IntegrityError:
        pass
    with transaction.atomic():
        record = IdempotencyRecord.objects.select_for_update().get(
            user=user, endpoint=endpoint, key=key
        )
        stale = (
            record.status == IdempotencyStatus.IN_PROGRESS
            and record.request_hash == digest
            and record.created_at <= now - STALE_CLAIM
        )
        if record.expires_at <= now or stale:
            # Past retention the key is new again; a dead claim is run again.
            record.request_hash = digest
            record.status = IdempotencyStatus.IN_PROGRESS
            record.response_code = None
            record.response_body = None
            record.created_at = now
            record.expires_at = now + RETENTION
            record.save()
            return record, True
    if record.request_hash != digest:
        raise Conflict("idempotency_key_reused", errors.IDEMPOTENCY_KEY_REUSED)
    if record.status == IdempotencyStatus.IN_PROGRESS:
        raise Conflict("idempotency_key_in_flight", errors.IDEMPOTENCY_KEY_IN_FLIGHT)
    return record, False


def store(record: IdempotencyRecord, *, status_code: int, body: object) -> None:
    IdempotencyRecord.objects.filter(pk=record.pk).update(
        status=IdempotencyStatus.DONE, response_code=status_code, response_body=body
    )


def release(record: IdempotencyRecord) -> None:
    """The request crashed before answering: forget the claim so a retry can run."""
    IdempotencyRecord.objects.filter(pk=record.pk, status=IdempotencyStatus.IN_PROGRESS).delete()
