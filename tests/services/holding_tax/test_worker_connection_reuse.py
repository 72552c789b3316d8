"""Workers keep their database connection between tasks (CELERY_DB_REUSE_MAX), and that must not
change who may work a quarter's run: a claim a task left behind on its kept connection is let
go when the task ends, and a connection whose backend died is replaced before the next task.
The signal handlers are called as a worker calls them (the task not eager); PostgreSQL only."""

import threading

import pytest
from celery.signals import task_postrun, task_prerun
from django.db import OperationalError, connection, connections

from services.holding_tax.models import DemandRun
from services.holding_tax.services import jobs
from services.holding_tax.services.generation import start_run
from services.holding_tax.tasks import work_demand_run
from tests.services.holding_tax.jobs_helpers import make_town, this_quarter

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="session advisory locks are PostgreSQL's"
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def kept_connection(monkeypatch):
    """The default connection as a production worker holds it: never too old to keep."""
    monkeypatch.setitem(connection.settings_dict, "CONN_MAX_AGE", None)
    connection.close()
    connection.ensure_connection()
    yield connection
    connection.close()


@pytest.fixture
def run(monkeypatch):
    town = make_town(monkeypatch)
    fiscal_year, quarter = this_quarter()
    return start_run(
        pourashava=town["pourashava"], fiscal_year=fiscal_year, quarter=quarter, actor=None
    )


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _claim_from_another_worker(run_id: int) -> bool:
    """Whether a second worker (its own connection) gets the run; it lets go at once."""
    got = []

    def other_worker() -> None:
        try:
            job = jobs.claim(DemandRun, run_id)
            got.append(job is not None)
            if job is not None:
                jobs.release(job)
        finally:
            connections.close_all()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join()
    return got[0]


def _task_ends() -> None:
    task_postrun.send(sender=work_demand_run, task_id="t", task=work_demand_run, args=(), kwargs={})


def test_a_claim_left_on_a_kept_connection_is_let_go_when_its_task_ends(kept_connection, run):
    pid = _backend_pid()
    assert jobs.claim(DemandRun, run.pk) is not None  # the task dies before jobs.release
    assert not _claim_from_another_worker(run.pk)

    _task_ends()

    assert _backend_pid() == pid  # the connection is kept for the next task
    assert _claim_from_another_worker(run.pk)


def test_an_eager_task_keeps_its_callers_locks(kept_connection, run):
    """In-process (eager) tasks share the caller's connection: the caller's locks are its own."""
    assert jobs.claim(DemandRun, run.pk) is not None
    work_demand_run.push_request(is_eager=True)
    try:
        _task_ends()
    finally:
        work_demand_run.pop_request()
    assert not _claim_from_another_worker(run.pk)


def test_a_connection_whose_backend_died_is_replaced_before_the_next_task(kept_connection, run):
    pid = _backend_pid()
    with connections.create_connection("default").cursor() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])
    with pytest.raises(OperationalError):
        _backend_pid()

    task_prerun.send(sender=work_demand_run, task_id="t", task=work_demand_run, args=(), kwargs={})

    assert _backend_pid() != pid
    assert jobs.claim(DemandRun, run.pk) is not None
