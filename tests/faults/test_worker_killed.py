"""A Celery worker killed with SIGKILL in the middle of a task: the quarter's demand run
(`holding_tax.work_demand_run`), inside a batch whose demands are written but not committed.

The task is acks_late, so its message is never acknowledged; on Redis, the broker hands it back
once the visibility timeout passes (set to a few seconds in tests/faults/fault_worker.py; the
default is an hour) and a new worker takes it. The run must then finish, with every demand
raised exactly once, not be left half done because the dead worker's claim looks alive.

Why Redis and not the local RabbitMQ (which redelivers at once when the connection drops): CI's
broker is Redis (CELERY_BROKER_URL), production's too (docker-compose), and Redis's redelivery
rule (visibility timeout) is the one that can go wrong, so that is the one tested."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from backend.municipality.fiscal_year import FiscalYear
from backend.payments.models import Demand
from services.holding_tax.models import DemandRun, RunStatus
from services.holding_tax.services.assessment import assess_holding
from services.holding_tax.services.generation import start_run
from services.holding_tax.tasks import work_demand_run
from tests.factories import PourashavaFactory, UserFactory, WardFactory
from tests.faults.conftest import database_url, needs_postgres
from tests.services.property.helpers import make_holding

ROOT = Path(__file__).resolve().parents[2]
HOLDINGS = 9
BATCH = 2  # five batches; the first worker dies inside the third

pytestmark = [
    *needs_postgres,
    pytest.mark.celery_worker,
    pytest.mark.skipif(
        not os.environ.get("CELERY_BROKER_URL", "").startswith("redis://"),
        reason="needs a Redis broker in CELERY_BROKER_URL (CI sets redis://127.0.0.1:6379/14)",
    ),
]


class Workers:
    """Workers on a private queue, each a `celery worker` process with the fault app."""

    def __init__(self, markers: Path) -> None:
        self.queue = f"fault-{uuid.uuid4().hex[:10]}"
        self.markers = markers
        self.processes: list[subprocess.Popen] = []

    def start(self, pool: str = "solo") -> subprocess.Popen:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
            "FAULT_MARKER_DIR": str(self.markers),
            "FAULT_SQL_BATCH": str(BATCH),
            "FAULT_LINGER_AT": "3",
        }
        n = len(self.processes)
        command = [
            *(sys.executable, "-m", "celery", "-A", "tests.faults.fault_worker", "worker"),
            *("--pool", pool, "--concurrency", "1", "--queues", self.queue),
            *("--hostname", f"{self.queue}-{n}@localhost"),
            *("--without-gossip", "--without-mingle", "--without-heartbeat"),
            *("--loglevel", "WARNING"),
        ]
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        self.processes.append(process)
        return process

    def stop_all(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=10)


@pytest.fixture
def workers(tmp_path):
    pool = Workers(tmp_path)
    try:
        yield pool
    finally:
        pool.stop_all()


def _wait(condition, seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    pytest.fail(f"timed out after {seconds} s waiting for {what}")


@pytest.mark.parametrize(
    "killed",
    [
        # The whole worker (solo pool: the task runs in it) dies; the broker's visibility
        # timeout gives the message to a new worker process.
        "worker",
        # A prefork pool's child dies under its parent; task_reject_on_worker_lost makes the
        # parent hand the message back at once, and a new child takes it.
        "pool child",
    ],
)
def test_a_worker_killed_mid_task_is_replaced_and_the_run_completes_once(workers, tmp_path, killed):
    pourashava = PourashavaFactory(code="NAT")
    ward = WardFactory(pourashava=pourashava, number=1)
    clerk = UserFactory()
    for n in range(1, HOLDINGS + 1):
        assess_holding(
            holding=make_holding(ward, str(n)), fiscal_year=FiscalYear(2024), actor=clerk
        )
    run = start_run(pourashava=pourashava, fiscal_year=FiscalYear(2025), quarter=1, actor=clerk)

    worker = workers.start("solo" if killed == "worker" else "prefork")
    work_demand_run.apply_async((run.pk,), queue=workers.queue)
    _wait((tmp_path / "lingering").exists, 60, "the task to reach its third batch")
    task_process = int((tmp_path / "lingering").read_text())
    assert (task_process == worker.pid) == (killed == "worker")
    os.kill(task_process, signal.SIGKILL)  # no warm shutdown, no ack, no clean-up
    if killed == "worker":
        worker.wait(timeout=10)

    midway = DemandRun.objects.get(pk=run.pk)
    assert midway.status == RunStatus.RUNNING
    assert midway.demands_raised == Demand.objects.filter(pourashava=pourashava).count() == 4

    if killed == "worker":
        workers.start()  # a new worker; the broker gives it the unacknowledged message
    _wait(
        lambda: len(list(tmp_path.glob("delivery-*"))) == 2,
        60,
        "the message to be delivered again, to a new process",
    )
    _wait(
        lambda: DemandRun.objects.get(pk=run.pk).status == RunStatus.DONE,
        30,
        "the run to be finished after the redelivery",
    )
    deliveries = sorted(p.name for p in tmp_path.glob("delivery-*"))
    assert len({name.split("-")[1] for name in deliveries}) == 2  # two processes ran it
    assert len({name.split("-", 2)[2] for name in deliveries}) == 1  # the same task
    done = DemandRun.objects.get(pk=run.pk)
    assert (done.holdings_done, done.demands_raised) == (HOLDINGS, HOLDINGS)
    raised = Demand.objects.filter(pourashava=pourashava)
    assert raised.count() == HOLDINGS  # the killed batch's demands once, none twice
    assert len(set(raised.values_list("natural_key", flat=True))) == HOLDINGS
