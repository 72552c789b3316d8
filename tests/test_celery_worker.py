"""A task sent through the real broker to a real `celery -A backend worker` process.

The worker is a separate process started here with its own queue and node name, so parallel
runs never take each other's messages. It connects to the same PostgreSQL test database as this
test (pytest-django's `test_<name>`), and `transactional_db` commits the rows it must see.
"""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

from backend.common.tasks import ping_database
from tests.factories import PourashavaFactory

ROOT = Path(__file__).resolve().parent.parent
ANSWER_TIMEOUT_SECONDS = 25
STOP_TIMEOUT_SECONDS = 10

pytestmark = [
    pytest.mark.celery_worker,
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL"),
        reason="needs a running broker in CELERY_BROKER_URL (CI sets redis://127.0.0.1:6379/14)",
    ),
]


def _database_url_of_this_connection() -> str:
    """The URL of the database this test process really uses (the test database)."""
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(s['NAME'], safe='')}"


@pytest.fixture
def worker(transactional_db):
    """Start a solo-pool worker on a private queue; always stop it, even if the test fails.

    A transactional test ends by emptying every table; the flush's post_migrate signal seeds
    again what later tests rely on (content types, revenue heads)."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "the worker is another process: it cannot see an in-memory SQLite test database; "
            "run with DATABASE_URL=postgres://..."
        )
    run_id = uuid.uuid4().hex[:10]
    queue = f"test-worker-{run_id}"
    nodename = f"testworker-{run_id}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DATABASE_URL": _database_url_of_this_connection(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or settings.CELERY_BROKER_URL,
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "backend", "worker"),
        *("--pool", "solo", "--queues", queue, "--hostname", nodename),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        *("--loglevel", "INFO"),
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        yield process, queue, nodename
    finally:
        _stop(process)


def _stop(process: subprocess.Popen) -> None:
    """Warm shutdown (SIGTERM lets the current task finish), then kill if it hangs."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=STOP_TIMEOUT_SECONDS)
    if process.stdout:
        process.stdout.close()


def _wait_for(result, process: subprocess.Popen) -> dict:
    deadline = time.monotonic() + ANSWER_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if result.ready():
            return result.get(timeout=1)
        if process.poll() is not None:
            output = process.stdout.read() if process.stdout else ""
            pytest.fail(f"the worker exited with {process.returncode} before answering:\n{output}")
        time.sleep(0.1)
    _stop(process)
    output = process.stdout.read() if process.stdout and not process.stdout.closed else ""
    pytest.fail(f"no answer from the worker in {ANSWER_TIMEOUT_SECONDS} s:\n{output}")


def test_a_task_runs_in_the_worker_process_and_sees_committed_rows(worker):
    process, queue, nodename = worker
    PourashavaFactory.create_batch(4)

    answer = _wait_for(ping_database.apply_async(queue=queue), process)

    assert answer["pourashavas"] == 4, "the worker read the committed rows of the test database"
    assert answer["hostname"] == nodename
    assert answer["pid"] == process.pid != os.getpid()

    # A second round trip sees a row committed after the worker started.
    PourashavaFactory()
    assert _wait_for(ping_database.apply_async(queue=queue), process)["pourashavas"] == 5
