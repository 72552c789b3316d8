"""The national quarter over several workers raises exactly what one process raises.

Beat's entry (holding_tax.start_quarter_everywhere) fans the quarter out, one task per active
pourashava, to the `runs` queue; two real worker processes share that queue. Every demand and
line they raise is then compared with what the single-process run (execute_run, in this
process) raises for the same holdings after the first result is cleared."""

import pytest
from django.db import connection, transaction
from django.utils import timezone

from backend.municipality.fiscal_year import FiscalYear
from backend.municipality.models import Pourashava
from benchmarks.support.holding_tax import synthetic_pourashava
from services.holding_tax.models import DemandRun, RunStatus
from services.holding_tax.services.generation import execute_run, start_run
from services.holding_tax.tasks import start_quarter_everywhere
from tests.scale.workers import wait_until

SIZES = {"SQA": 240, "SQB": 90, "SQC": 410, "SQD": 30}  # holdings, spread like real towns
RUN_TIMEOUT_SECONDS = 180

pytestmark = [pytest.mark.celery_worker, pytest.mark.postgres]


def _raised(codes: list[str]) -> list[tuple]:
    """Every demand line of these pourashavas, by its natural key (no row ids)."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.code, d.natural_key, d.object_id, d.citizen_id, d.fiscal_year,
                   d.period_quarter, d.due_date, d.status, l.head_id, l.amount, l.amount_paid
            FROM payments_demand d
            JOIN payments_demandline l ON l.demand_id = d.id
            JOIN municipality_pourashava p ON p.id = d.pourashava_id
            WHERE p.code = ANY(%s)
            ORDER BY p.code, d.natural_key, l.head_id, l.amount
            """,
            [codes],
        )
        return cursor.fetchall()


def _clear(pourashava_ids: list[int]) -> None:
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "DELETE FROM payments_demandline WHERE demand_id IN "
            "(SELECT id FROM payments_demand WHERE pourashava_id = ANY(%s))",
            [pourashava_ids],
        )
        cursor.execute(
            "DELETE FROM payments_demand WHERE pourashava_id = ANY(%s)", [pourashava_ids]
        )
        DemandRun.objects.filter(pourashava_id__in=pourashava_ids).delete()


def test_the_quarter_over_two_workers_raises_what_one_process_raises(worker_pair):
    pourashavas = [synthetic_pourashava(code, size) for code, size in SIZES.items()]
    Pourashava.objects.update(is_active=False)
    Pourashava.objects.filter(pk__in=[p.pk for p in pourashavas]).update(is_active=True)
    ids = [p.pk for p in pourashavas]
    workers = [worker_pair("runs-1", ["runs"]), worker_pair("runs-2", ["runs"])]

    started = start_quarter_everywhere.delay()
    assert sorted(wait_until(started.ready, workers, 60, "the fan-out") and started.get()) == ids

    def all_done() -> bool:
        runs = DemandRun.objects.filter(pourashava_id__in=ids)
        failed = runs.filter(status=RunStatus.FAILED).first()
        assert failed is None, f"run of {failed.pourashava_id} failed: {failed.error}"
        return runs.filter(status=RunStatus.DONE).count() == len(ids)

    wait_until(all_done, workers, RUN_TIMEOUT_SECONDS, "every pourashava's run done")
    by_workers = _raised(list(SIZES))
    logs = [w.stop() for w in workers]
    # Every run was worked by a worker process, none by this one (the fan-out went to the queue).
    assert sum(log.count("holding_tax.work_demand_run[") for log in logs) >= 2 * len(ids)

    day = timezone.localdate()
    fiscal_year = FiscalYear.of(day)
    quarter = fiscal_year.quarter_of(day)
    _clear(ids)
    for pourashava in pourashavas:
        execute_run(
            start_run(pourashava=pourashava, fiscal_year=fiscal_year, quarter=quarter, actor=None)
        )
    by_one_process = _raised(list(SIZES))

    assert len(by_workers) == 5 * sum(SIZES.values())  # five heads per holding
    assert by_workers == by_one_process
