"""Wraps a POST handler so that its first answer per Idempotency-Key is stored and replayed."""

from collections.abc import Callable

from rest_framework.response import Response

from backend.common.errors import AppError
from backend.common.exception_handler import handle_exception
from backend.payments import errors
from backend.payments.services import idempotency

HEADER = "Idempotency-Key"


def run_idempotent(
    request, *, endpoint: str, body: object, required: bool, handler: Callable[[], Response]
) -> Response:
    key = (request.headers.get(HEADER) or "").strip()
    if not key:
        if required:
            raise AppError("idempotency_key_required", errors.IDEMPOTENCY_KEY_REQUIRED)
        return handler()
    if len(key) > 255:
        raise AppError("idempotency_key_invalid", errors.IDEMPOTENCY_KEY_REQUIRED)
    digest = idempotency.request_hash(request.method, request.path, body)
    record, fresh = idempotency.claim(user=request.user, endpoint=endpoint, key=key, digest=digest)
    if not fresh:
        response = Response(record.response_body, status=record.response_code)
        response["Idempotent-Replayed"] = "true"
        return response
    try:
        response = handler()
    except AppError as exc:
        # A refusal is an answer too: the same request gets it again.
        response = handle_exception(exc, {})
    except BaseException:
        idempotency.release(record)
        raise
    if response.status_code >= 500:
        # Gateway down and the like: nothing was done, so a retry with the same key may run.
        idempotency.release(record)
        return response
    idempotency.store(record, status_code=response.status_code, body=response.data)
    return response
