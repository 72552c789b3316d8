"""Probes: /healthz says the process is up; /readyz that the database and broker answer.

Both are cheap enough for an orchestrator to call every few seconds, and neither needs
authentication: they say nothing but "ok" or which dependency is unreachable.
"""

import logging

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)

# A probe must answer well inside the orchestrator's own timeout (compose gives it 5 s).
BROKER_TIMEOUT_SECONDS = 2


@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except Exception:
        logger.warning("readyz: database unreachable", exc_info=True)
        return False


def _broker_ok() -> bool | None:
    """None when no broker is configured (tasks run eagerly, nothing to reach)."""
    url = settings.CELERY_BROKER_URL
    if not url:
        return None
    from backend.celery import app

    # The URL is read from settings on every call (not from the Celery app's frozen config), and
    # no retry: a closed port answers "unreachable" at once instead of after a retry back-off.
    try:
        with app.connection_for_write(url=url, connect_timeout=BROKER_TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT_SECONDS)
        return True
    except Exception:
        logger.warning("readyz: broker unreachable", exc_info=True)
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
