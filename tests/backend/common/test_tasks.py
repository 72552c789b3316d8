"""The platform's ping task, run in-process (eager). The real worker round trip lives in
tests/test_celery_worker.py."""

import os

import pytest

from backend.common.tasks import ping_database
from tests.factories import PourashavaFactory


@pytest.mark.django_db
def test_ping_database_counts_pourashavas():
    PourashavaFactory.create_batch(3)
    answer = ping_database.delay().get(timeout=5)
    assert answer["pourashavas"] == 3
    # Eager: it ran in this very process.
    assert answer["pid"] == os.getpid()
    assert answer["hostname"]
