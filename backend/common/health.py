"""Probes: /healthz says the process is up; /readyz that the database and broker answer."""

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        return False


def _broker_ok() -> bool | None:
    """None when no broker is configured (tasks run eagerly, nothing to reach)."""
    if not settings.CELERY_BROKER_URL:
        return None
    from backend.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True
    except Exception:
        return False


@require_GET
def readyz(request: HttpRequest) -> JsonResponse:
    database, broker = _database_ok(), _broker_ok()
    ready = database and broker is not False
    body = {
        "status": "ready" if ready else "not ready",
        "database": "ok" if database else "unreachable",
        "broker": {None: "not configured (eager tasks)", True: "ok", False: "unreachable"}[broker],
    }
    return JsonResponse(body, status=200 if ready else 503)
