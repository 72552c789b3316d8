import copy
import os

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections

from tests.scale.workers import new_prefix, start_worker


def _declare_replica() -> None:
    """A `replica` alias mirroring the default database, as settings make it from
    REPLICA_DATABASE_URL (TEST MIRROR: no second test database is created; the alias gets its
    own connection to the test database). Declared before the test databases are set up."""
    if "replica" in connections.settings:
        return
    replica = copy.deepcopy(connections.settings["default"])
    replica["TEST"] = {**replica.get("TEST", {}), "MIRROR": "default"}
    connections.settings["replica"] = replica
    django_settings.DATABASES["replica"] = replica


_declare_replica()


def _needs_workers() -> None:
    if not os.environ.get("CELERY_BROKER_URL"):
        pytest.skip("needs a running broker in CELERY_BROKER_URL (CI sets redis://...)")
    if connection.vendor != "postgresql":
        pytest.skip("workers are other processes: they need a PostgreSQL test database")


@pytest.fixture
def worker_pair(transactional_db, settings):
    """Start workers with `start(name, queues)`; all stopped at the end, even on failure.
    Sends from this process use the same private queue prefix."""
    _needs_workers()
    prefix = new_prefix()
    settings.CELERY_QUEUE_PREFIX = prefix
    started = []

    def start(name: str, queues: list[str]):
        worker = start_worker(name, prefix, queues)
        started.append(worker)
        return worker

    yield start
    for worker in started:
        worker.stop()
