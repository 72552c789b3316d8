"""Holding tax demand generation on PostgreSQL: one quarter's demands with their head lines for
a whole (synthetic) pourashava, as holdings per second and Python's peak heap, against a raw
COPY of the same rows into the same tables. Run at two sizes to show memory does not grow
with the number of holdings. BENCH_HOLDINGS sets the large size (default 1,000,000)."""

import os

from benchmarks.harness import Context, Result

SMALL = 100_000


def _clear(pourashava) -> None:
    """Remove the pourashava's demands in three statements (the ORM's delete would load every
    line into memory first to look for protected references: millions of objects), then vacuum."""
    from django.db import connection, transaction

    from backend.payments.models import Demand, DemandLine
    from services.holding_tax.models import DemandRun

    demand, line = Demand._meta.db_table, DemandLine._meta.db_table
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {line} l USING {demand} d "
            "WHERE l.demand_id = d.id AND d.pourashava_id = %s",
            [pourashava.pk],
        )
        for table in (demand, DemandRun._meta.db_table):
            cursor.execute(f"DELETE FROM {table} WHERE pourashava_id = %s", [pourashava.pk])
    # Dead copies of the keys about to be raised again would slow every insert's uniqueness
    # check (no real quarter re-raises deleted keys): clean them out before the next figure.
    with connection.cursor() as cursor:
        cursor.execute(f"VACUUM (ANALYZE) {line}, {demand}")


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from benchmarks.support import holding_tax as b
    from services.holding_tax.services.generation import SQL_BATCH, SQL_WORKERS

    large = int(os.environ.get("BENCH_HOLDINGS", "1000000"))
    results: list[Result] = []
    peaks = {}
    for code, size in (("BNS", SMALL), (f"BN{large // 1000}K"[:6], large)):
        pourashava = b.synthetic_pourashava(code, size)
        _clear(pourashava)
        measured = b.generate(pourashava)
        lines_per_demand = round(measured.lines / max(measured.demands, 1))
        floor_seconds = b.copy_floor(pourashava, measured.demands, lines_per_demand)
        floor = Result(
            benchmark=ctx.benchmark,
            name=f"raw COPY of the same rows ({size:,})",
            value=size / floor_seconds,
            unit="holdings/s",
            count=1,
        )
        figure = Result(
            benchmark=ctx.benchmark,
            name=f"quarter demands, {size:,} holdings",
            value=size / measured.seconds,
            unit="holdings/s",
            count=1,
            notes=[
                f"{measured.seconds:.1f} s for {measured.demands:,} demands and "
                f"{measured.lines:,} lines; Python peak heap "
                f"{measured.python_peak_bytes / 2**20:.1f} MiB",
                f"batches of {SQL_BATCH:,} holdings, {SQL_WORKERS} side by side "
                "(the COPY floor uses one connection)",
            ],
        )
        results += [floor, ctx.relative(figure, floor)]
        peaks[size] = measured.python_peak_bytes
        _clear(pourashava)
    growth = peaks[large] / max(peaks[SMALL], 1)
    results[-1].notes.append(f"peak heap {large:,} vs {SMALL:,} holdings: {growth:.2f}x")
    return results
