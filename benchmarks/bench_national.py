"""Ten million holdings: a synthetic national set (330 pourashavas, sizes in the pilot towns'
spread: benchmarks/support/national.py) and one quarter's demands for all of them, as the beat
sends it: one Celery task per pourashava on the `runs` queue, over BENCH_NATIONAL_WORKERS
worker processes (default 2), against a raw COPY of the same rows on one connection.

BENCH_NATIONAL_HOLDINGS sets the size (default 10,000,000); making the set the first time takes
minutes (it is kept and reused). The quarter's demands are deleted again at the end."""

import os
from typing import TYPE_CHECKING

from benchmarks.harness import Context, Result

if TYPE_CHECKING:
    from benchmarks.support.national import QuarterResult


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from benchmarks.support import national

    total = int(os.environ.get("BENCH_NATIONAL_HOLDINGS", "10000000"))
    workers = int(os.environ.get("BENCH_NATIONAL_WORKERS", "2"))
    pourashavas = national.national_set(total, ctx.out)
    ids = [p.pk for p in pourashavas]
    national.clear(ids)  # an earlier run's, if it stopped before its own clean-up
    try:
        measured = national.run_quarter(pourashavas, workers, ctx.database_url)
        sizes = [
            (pk, size) for pk, (_, size) in zip(ids, national.national_sizes(total), strict=True)
        ]
        lines_per_demand = round(measured.lines / max(measured.demands, 1))
        floor_load = os.getloadavg()[0]
        floor_seconds = national.copy_floor(sizes, lines_per_demand)
        floor_load = (floor_load, os.getloadavg()[0])
    finally:
        national.clear(ids)
    server = _server_settings()
    floor = Result(
        benchmark=ctx.benchmark,
        name=f"raw COPY of the same rows ({total:,})",
        value=total / floor_seconds,
        unit="holdings/s",
        count=1,
        notes=[
            f"{floor_seconds:.0f} s on one connection, committed",
            server,
            "load average (1 min) {:.2f} at its start, {:.2f} at its end".format(*floor_load),
        ],
    )
    figure = Result(
        benchmark=ctx.benchmark,
        name=f"quarter demands, {total:,} holdings",
        value=total / measured.seconds,
        unit="holdings/s",
        count=1,
        notes=[
            f"{measured.seconds:.0f} s for {measured.demands:,} demands and {measured.lines:,} "
            f"lines in {len(ids)} pourashavas (largest {max(s for _, s in sizes):,} holdings)",
            _memory(measured) if measured.workers else "no broker: the tasks ran in this process",
            "load average (1 min) {:.2f} at its start, {:.2f} at its end".format(
                *measured.load_average
            ),
            "target: under 8 minutes (480 s) at >= 0.8 of COPY",
            server,
        ],
    )
    return [floor, ctx.relative(figure, floor)]


SERVER_SETTINGS = ("shared_buffers", "max_wal_size", "checkpoint_timeout", "synchronous_commit")


def _server_settings() -> str:
    """The PostgreSQL settings both figures depend on most (the run and its floor alike)."""
    from django.db import connection

    with connection.cursor() as cursor:
        shown = []
        for name in SERVER_SETTINGS:
            cursor.execute(f"SHOW {name}")
            shown.append(f"{name} {cursor.fetchone()[0]}")
    return "PostgreSQL: " + ", ".join(shown)


def _memory(measured: "QuarterResult") -> str:
    """Each worker's resident memory when ready and at its peak: flat when the growth is a few
    MiB whatever the number of holdings (the rows never pass through Python)."""
    mib = 2**20
    pairs = list(zip(measured.ready_rss_bytes, measured.peak_rss_bytes, strict=True))
    each = ", ".join(f"{ready / mib:.0f} -> {peak / mib:.0f}" for ready, peak in pairs)
    growth = max((peak - ready for ready, peak in pairs), default=0)
    return (
        f"{measured.workers} worker processes; resident memory ready -> peak (MiB): {each}; "
        f"growth at most {growth / mib:.0f} MiB"
    )
