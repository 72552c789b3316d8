"""Platform tasks.

`ping_database` is the smallest real round trip through the production shape: broker ->
worker -> database -> result backend. Operators call it to check a worker end to end, and the
worker test sends it through a real worker process.
"""

import os
import socket

from celery import shared_task

from backend.municipality.models import Pourashava


@shared_task(bind=True, name="common.ping_database", acks_late=True)
def ping_database(self) -> dict:
    """Count pourashavas as the worker sees them. Read-only, so safe to run any number of times."""
    return {
        "pourashavas": Pourashava.objects.count(),
        "hostname": self.request.hostname or socket.gethostname(),
        "pid": os.getpid(),
    }
