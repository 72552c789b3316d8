"""Water billing on PostgreSQL: the monthly run over a (synthetic) pourashava's connections, half
metered and half flat, as connections per second and Python's peak heap, against a raw COPY of
the same rows (bills, demands and their lines) into the same tables, at two sizes to show memory
does not grow with the connections; and a month of readings imported from the office CSV
against a raw COPY of as many reading rows (a row refused for anything but the sanity cap
counts as an error). BENCH_WATER_CONNECTIONS sets the large size (default 1,000,000),
BENCH_WATER_READINGS the CSV rows (default 5,000)."""

import os
import time

from benchmarks.harness import Context, Result

SMALL = int(os.environ.get("BENCH_WATER_SMALL", "100000"))


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from benchmarks.support import water_billing as b
    from services.water_billing.services.readings import import_csv

    large = int(os.environ.get("BENCH_WATER_CONNECTIONS", "1000000"))
    results: list[Result] = []
    peaks = {}
    pourashava = None
    for code, size in (("WBS", SMALL), (f"WB{large // 1000}K"[:6], large)):
        pourashava = b.synthetic_pourashava(code, size)
        b.clear(pourashava)
        measured = b.run_month(pourashava)
        floor_seconds = b.copy_floor(pourashava, measured.bills, measured.lines)
        floor = Result(
            benchmark=ctx.benchmark,
            name=f"raw COPY of the same rows ({size:,})",
            value=size / floor_seconds,
            unit="connections/s",
            count=1,
        )
        figure = Result(
            benchmark=ctx.benchmark,
            name=f"water bills, {size:,} connections",
            value=size / measured.seconds,
            unit="connections/s",
            count=1,
            notes=[
                f"{measured.seconds:.1f} s for {measured.bills:,} bills and {measured.lines:,} "
                f"demand lines; Python peak heap {measured.python_peak_bytes / 2**20:.1f} MiB",
                "half metered (slabs, minimum, 10% sewerage), half flat (1 in 97 pro-rated)",
                f"then the bill SMS task, after the timed run: {measured.sms_seconds:.1f} s, "
                f"{measured.sms_queued:,} queued (the synthetic consumers have no mobile)",
            ],
        )
        results += [floor, ctx.relative(figure, floor)]
        peaks[size] = measured.python_peak_bytes
        b.clear(pourashava)
    growth = peaks[large] / max(peaks[SMALL], 1)
    results[-1].notes.append(f"peak heap {large:,} vs {SMALL:,} connections: {growth:.2f}x")

    rows = int(os.environ.get("BENCH_WATER_READINGS", "5000"))
    small = b.synthetic_pourashava("WBS", SMALL)
    reader = b.reader_for(small)
    text = b.readings_csv(small, rows)
    b.clear_readings(small)
    started = time.perf_counter()
    report = import_csv(text, actor=reader)
    seconds = time.perf_counter() - started
    created = sum(r.outcome == "created" for r in report)
    # A few synthetic rows are over the sanity cap (a small first month): refused, as they must
    # be. Any other refusal means the figure is not the import's.
    capped = sum(r.error is not None and r.error.code == "over_sanity_cap" for r in report)
    b.clear_readings(small)
    floor_seconds = b.readings_copy_floor(small, rows)
    floor = Result(
        benchmark=ctx.benchmark,
        name=f"raw COPY of {rows:,} reading rows",
        value=rows / floor_seconds,
        unit="readings/s",
        count=1,
    )
    figure = Result(
        benchmark=ctx.benchmark,
        name=f"{rows:,} readings imported from CSV",
        value=rows / seconds,
        unit="readings/s",
        count=1,
        errors=rows - created - capped,
        notes=[
            f"{seconds:.1f} s; {created:,} written, {capped:,} refused over the sanity cap: "
            "each row checked as the row-by-row path would, from a few queries made up front; "
            "the good rows inserted together, in one transaction"
        ],
    )
    results += [floor, ctx.relative(figure, floor)]
    return results
