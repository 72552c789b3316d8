"""Celery queues, one per kind of work, so each can get workers of its own (and hosts of its own):

- runs: the big batch jobs (a quarter's holding tax demands, a month's water bills, licence
  renewals), minutes of database work each;
- documents: PDF rendering (CPU and memory: its workers recycle children);
- notifications: SMS delivery (short, waits on the SMS gateway; must not queue behind a run);
- payments: gateway reconciliation (waits on the gateways);
- monitor: the revenue monitor's facts and indicators (reads: point these workers' reads at a
  replica, see db_router.py);
- celery: everything else (Celery's default queue).

Every queue is declared, so a worker started without --queues consumes all of them (a one-worker
deployment needs no change); `celery -A backend worker --queues runs` makes a dedicated one.
CELERY_QUEUE_PREFIX (default empty) prefixes every name: stacks sharing one broker, or test runs
sharing one Redis database, never take each other's messages."""

from django.conf import settings
from kombu import Queue

DEFAULT = "celery"
# Task name prefix -> queue (names are "<app>.<task>", or the module path without a name=).
ROUTES: dict[str, str] = {
    "holding_tax.": "runs",
    "water_billing.": "runs",
    "trade_license.": "runs",
    "estate_leases.": "runs",
    "services.": "runs",
    "backend.documents.": "documents",
    "documents.": "documents",
    "notifications.": "notifications",
    "payments.": "payments",
    "monitor.": "monitor",
}
QUEUES: tuple[str, ...] = (DEFAULT, *sorted(set(ROUTES.values())))


def queue_name(queue: str) -> str:
    return f"{getattr(settings, 'CELERY_QUEUE_PREFIX', '')}{queue}"


def queue_for(task_name: str) -> str:
    """The (unprefixed) queue a task goes to."""
    for prefix, queue in ROUTES.items():
        if task_name.startswith(prefix):
            return queue
    return DEFAULT


def route_task(name: str, args, kwargs, options, task=None, **kw) -> dict:
    """Celery router (CELERY_TASK_ROUTES): called for every task sent. An explicit
    apply_async(queue=...) still wins over it."""
    return {"queue": queue_name(queue_for(name))}


def declared_queues(prefix: str = "") -> list[Queue]:
    return [Queue(f"{prefix}{name}", routing_key=f"{prefix}{name}") for name in QUEUES]
