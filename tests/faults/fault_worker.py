"""The Celery app the worker-kill fault test runs (`celery -A tests.faults.fault_worker worker`):
the project's own app, tasks and settings, plus

- a short Redis visibility timeout (and restore sweep), so a message whose worker died comes
  back within seconds rather than the default hour;
- a fault: on its first delivery, the demand run lingers inside its FAULT_LINGER_AT-th batch
  (demands written, not committed) and says so with a file, for the test to SIGKILL it there;
- a file per delivery, so the test can tell a redelivery happened.

Configured by FAULT_* environment variables the test sets; nothing here runs in production."""

import os
import time
from pathlib import Path

from celery.signals import task_prerun

from backend.celery import app

VISIBILITY_TIMEOUT_SECONDS = 3

app.conf.broker_transport_options = {
    "visibility_timeout": VISIBILITY_TIMEOUT_SECONDS,
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}

MARKERS = Path(os.environ.get("FAULT_MARKER_DIR", "/nonexistent"))


@task_prerun.connect
def _count_delivery(task_id=None, task=None, **kwargs) -> None:
    (MARKERS / f"delivery-{os.getpid()}-{task_id}").touch()


def _install_fault() -> None:
    import django

    django.setup()
    from services.holding_tax.services import generation
    from services.holding_tax.services import generation_sql as bulk_sql

    generation.SQL_BATCH = int(os.environ["FAULT_SQL_BATCH"])
    generation.SQL_WORKERS = 1
    linger_at = int(os.environ["FAULT_LINGER_AT"])
    real, calls = bulk_sql.raise_batch, []

    def raise_batch_then_linger(**kwargs):
        raised = real(**kwargs)
        calls.append(kwargs["upto"])
        first_delivery = not (MARKERS / "lingering").exists()
        if len(calls) == linger_at and first_delivery:
            (MARKERS / "lingering").write_text(str(os.getpid()))
            time.sleep(120)  # killed here
        return raised

    bulk_sql.raise_batch = raise_batch_then_linger


if os.environ.get("FAULT_MARKER_DIR"):
    _install_fault()
