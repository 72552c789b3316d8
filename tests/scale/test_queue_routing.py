"""Tasks go to their service's queue (settings.CELERY_TASK_ROUTES -> backend/common/queues.py),
proven with two real worker processes on separate queues: each task is run by the worker that
consumes its queue and never by the other."""

import pytest

from backend.common.queues import QUEUES, queue_for
from backend.common.tasks import ping_database
from backend.documents.tasks import render_document_pdf
from services.holding_tax.tasks import start_quarter_everywhere, work_demand_run

ANSWER_TIMEOUT_SECONDS = 60

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres]


def test_each_service_has_its_queue_and_unknown_tasks_take_the_default():
    assert queue_for(work_demand_run.name) == "runs"
    assert queue_for(start_quarter_everywhere.name) == "runs"
    assert queue_for(render_document_pdf.name) == "documents"
    assert queue_for("notifications.deliver_sms") == "notifications"
    assert queue_for("payments.reconcile_pending") == "payments"
    assert queue_for("monitor.build_facts") == "monitor"
    assert queue_for(ping_database.name) == "celery"
    assert set(QUEUES) == {"celery", "runs", "documents", "notifications", "payments", "monitor"}


def test_every_queue_is_declared_so_a_worker_without_queues_takes_them_all(settings):
    from backend.celery import app

    declared = {q.name for q in app.conf.task_queues}
    assert declared == {f"{settings.CELERY_QUEUE_PREFIX}{q}" for q in QUEUES}


def test_two_workers_on_separate_queues_each_run_only_their_own_tasks(worker_pair):
    from tests.scale.workers import wait_until

    general = worker_pair("general", ["celery", "documents"])
    runs = worker_pair("runs", ["runs"])
    workers = [general, runs]

    ping = ping_database.delay()  # default queue -> general
    quarter = start_quarter_everywhere.delay()  # runs queue -> runs (no active pourashava)
    pdf = render_document_pdf.delay(0)  # documents queue -> general (no such document: fails)

    answer = wait_until(lambda: ping.ready() and ping.get(timeout=1), workers, 60, "ping")
    assert answer["hostname"] == general.nodename
    assert wait_until(quarter.ready, workers, ANSWER_TIMEOUT_SECONDS, "the quarter's start")
    assert quarter.get(timeout=1) == []
    assert wait_until(pdf.ready, workers, ANSWER_TIMEOUT_SECONDS, "the PDF task")
    assert pdf.state == "FAILURE"  # ran, and found no document 0

    general_log, runs_log = general.stop(), runs.stop()
    assert f"[{quarter.id}] received" in runs_log
    assert f"[{quarter.id}]" not in general_log
    for task in (ping, pdf):
        assert f"[{task.id}] received" in general_log
        assert f"[{task.id}]" not in runs_log
