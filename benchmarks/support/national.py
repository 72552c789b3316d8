"""The synthetic national set for benchmarks/bench_national: 330 pourashavas whose sizes follow
the pilot towns' spread, a quarter's run for all of them over Celery workers, and the raw-COPY
floor of the same rows."""

import os
import time
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import DatabaseError, connection, transaction

from backend.municipality.models import Pourashava
from backend.payments.models import Demand, DemandLine
from benchmarks.support.holding_tax import FISCAL_YEAR, HEADS, synthetic_pourashava
from benchmarks.support.workers import run_prefix, start_workers
from services.holding_tax.models import DemandRun, RunStatus

POURASHAVAS = 330
QUARTER = 1
# The pilot towns: seven class A, two class B, one class C. Relative sizes by class (the
# reference sizes a pourashava at 20-60k holdings), with a deterministic spread of +-40%.
CLASS_SIZE = {"A": 3.0, "B": 1.5, "C": 1.0}
COPY_BLOCK = 20_000  # demands per COPY write


@dataclass(frozen=True)
class QuarterResult:
    seconds: float
    demands: int
    lines: int
    workers: int
    peak_rss_bytes: list[int]
    ready_rss_bytes: list[int]  # each worker's resident memory when ready, before the first task
    load_average: tuple[float, float]  # 1-minute load average at the start and at the end


def national_sizes(total: int, count: int = POURASHAVAS) -> list[tuple[str, int]]:
    """(code, holdings) for `count` pourashavas summing to `total`."""
    weights = []
    for i in range(count):
        klass = "A" if i % 10 < 7 else ("B" if i % 10 < 9 else "C")
        weights.append(CLASS_SIZE[klass] * (0.6 + 0.8 * ((i * 7919) % 101) / 100))
    scale = total / sum(weights)
    sizes = [max(1, int(w * scale)) for w in weights]
    sizes[0] += total - sum(sizes)
    # Codes name the set's size (digits of the total), so sets of other sizes never mix.
    return [(f"N{len(str(total))}{i + 1:03d}", size) for i, size in enumerate(sizes)]


def national_set(total: int, out: Callable[[str], None]) -> list[Pourashava]:
    """The pourashavas, made once (by SQL) and reused while their sizes match."""
    started = time.monotonic()
    made = [synthetic_pourashava(code, n, analyze=False) for code, n in national_sizes(total)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    out(f"   national set ready ({total:,} holdings) in {time.monotonic() - started:.0f} s")
    return made


def clear(pourashava_ids: list[int]) -> None:
    """Remove the set's demands and runs (plain deletes: the other rows stay).

    Nothing refers to these synthetic demands (no bills, receipts or credits were made for
    them), so the foreign-key checks, which Django's deferred constraints would otherwise run
    one row at a time at COMMIT (minutes for millions of lines), are skipped when the
    benchmark's role may (a superuser: session_replication_role)."""
    demand, line = Demand._meta.db_table, DemandLine._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        try:
            with transaction.atomic():
                cursor.execute("SET LOCAL session_replication_role = replica")
        except DatabaseError:
            pass  # not a superuser: the checks run, slowly
        cursor.execute(
            f"DELETE FROM {line} l USING {demand} d "
            "WHERE l.demand_id = d.id AND d.pourashava_id = ANY(%s)",
            [pourashava_ids],
        )
        for table in (demand, DemandRun._meta.db_table):
            cursor.execute(f"DELETE FROM {table} WHERE pourashava_id = ANY(%s)", [pourashava_ids])
    # Millions of deleted rows, and statistics saying the tables are empty, are not what a quarter
    # meets in production; where autovacuum is off or behind (it is off on the bench machine),
    # the next run's line check planned against them took 13 s for 636 demands.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {demand}, {line}")


def _wait_done(ids: list[int], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    runs = DemandRun.objects.filter(
        pourashava_id__in=ids, fiscal_year=FISCAL_YEAR.label, quarter=QUARTER
    )
    while time.monotonic() < deadline:
        failed = runs.filter(status=RunStatus.FAILED).first()
        if failed is not None:
            raise RuntimeError(f"the run of pourashava {failed.pourashava_id} failed")
        if runs.filter(status=RunStatus.DONE).count() == len(ids):
            return
        time.sleep(1)
    raise RuntimeError(f"the national quarter did not finish in {timeout:.0f} s")


def _wait_ready(nodenames: list[str], timeout: float = 90) -> None:
    from backend.celery import app

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answered = {name for reply in app.control.ping(timeout=1) for name in reply}
        if set(nodenames) <= answered:
            return
    raise RuntimeError(f"workers {nodenames} did not start in {timeout:.0f} s")


def run_quarter(
    pourashavas: list[Pourashava], workers: int, database_url: str, timeout: float = 3600
) -> QuarterResult:
    """The quarter for every pourashava as the beat sends it: one task per pourashava on the
    `runs` queue, taken by `workers` worker processes (started, and ready, before timing)."""
    from services.holding_tax.tasks import start_quarter_for

    ids = [p.pk for p in pourashavas]
    eager = settings.CELERY_TASK_ALWAYS_EAGER  # no broker: the tasks run in this process
    prefix = run_prefix()
    settings.CELERY_QUEUE_PREFIX = prefix
    started_workers = [] if eager else start_workers(workers, database_url, prefix, ["runs"])
    try:
        if started_workers:
            _wait_ready([w.nodename for w in started_workers])
        ready = [w.rss_bytes() for w in started_workers]
        load_before = os.getloadavg()[0]
        started = time.perf_counter()
        for pk in ids:
            start_quarter_for.delay(pk, FISCAL_YEAR.label, QUARTER)
        _wait_done(ids, timeout)
        seconds = time.perf_counter() - started
        load_after = os.getloadavg()[0]
        peaks = [w.peak_rss_bytes() for w in started_workers]
    finally:
        for worker in started_workers:
            worker.stop()
        settings.CELERY_QUEUE_PREFIX = ""
    demands = sum(
        DemandRun.objects.filter(
            pourashava_id__in=ids, fiscal_year=FISCAL_YEAR.label, quarter=QUARTER
        ).values_list("demands_raised", flat=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT count(*) FROM {DemandLine._meta.db_table} WHERE pourashava_id = ANY(%s)",
            [ids],
        )
        (lines,) = cursor.fetchone()
    return QuarterResult(
        seconds, demands, lines, len(started_workers), peaks, ready, (load_before, load_after)
    )


def copy_floor(sizes: list[tuple[int, int]], lines_per_demand: int) -> float:
    """Seconds to COPY the same demand and line rows into the same tables on one connection,
    pourashava by pourashava, in one transaction, committed: as the run's are, so the demands'
    deferred foreign-key checks run at COMMIT for both (a rolled-back floor skipped them). The
    rows are the set's pourashavas' (service `floor`): `clear` removes them with the run's.
    `sizes`: (pourashava id, demands)."""
    demand_table, line_table = Demand._meta.db_table, DemandLine._meta.db_table
    total = sum(n for _, n in sizes)
    heads = HEADS[:lines_per_demand]
    columns = (
        "id, pourashava_id, service_code, object_type, object_id, object_label, natural_key, "
        "fiscal_year, period_quarter, due_date, status, created_at, updated_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'id'), "
            "nextval(pg_get_serial_sequence(%s, 'id')) + %s) - %s",
            [demand_table, demand_table, total, total],
        )
        (first,) = cursor.fetchone()
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        raw = cursor.cursor
        with raw.copy(f"COPY {demand_table} ({columns}) FROM STDIN") as copy:
            next_id = first
            for pourashava_id, n in sizes:
                for block in range(0, n, COPY_BLOCK):
                    rows = range(next_id + block, next_id + min(n, block + COPY_BLOCK))
                    copy.write(
                        "".join(
                            f"{i}\t{pourashava_id}\tfloor\tholding\t{i}\tFLOOR-{i}\tFLOOR:{i}\t"
                            "2025-26\t1\t2025-09-30\topen\t2025-07-01\t2025-07-01\n"
                            for i in rows
                        )
                    )
                next_id += n
        with raw.copy(
            f"COPY {line_table} (pourashava_id, demand_id, head_id, amount, amount_paid) FROM STDIN"
        ) as copy:
            next_id = first
            for pourashava_id, n in sizes:
                for block in range(0, n, COPY_BLOCK):
                    rows = range(next_id + block, next_id + min(n, block + COPY_BLOCK))
                    copy.write(
                        "".join(
                            f"{pourashava_id}\t{i}\t{head}\t123.45\t0\n"
                            for i in rows
                            for head in heads
                        )
                    )
                next_id += n
    return time.perf_counter() - started
