"""The ministry's hat-bazar report (services/estate_leases/reports.py ministry_report: every
kind of property, leased / directly collected / not operated / pending, this year's value
against last year's and the three-year average, reasons for non-lease) over the national set of
10,273 properties with five years of history (benchmarks/support/estate_leases.py), p95 against
the 500 ms target. Its floor is one scan of the same outcome rows, summed without grouping,
timed the same way in the same run. Also the per-property rows of one pourashava (the page a
pourashava sees)."""

import time

from benchmarks.harness import Context, Result

REPEAT = 40


def _p95(durations: list[float]) -> float:
    ms = sorted(d * 1000 for d in durations)
    return ms[min(len(ms) - 1, int(len(ms) * 0.95))]


def _timed(ctx: Context, name: str, work, repeat: int = REPEAT) -> tuple[Result, float]:
    durations: list[float] = []

    def measured() -> None:
        started = time.perf_counter()
        work()
        durations.append(time.perf_counter() - started)

    result = ctx.timed(name, measured, unit="calls/s", repeat=repeat)
    return result, _p95(durations[1:])  # the first is the warm-up call


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from django.db import connection

    from benchmarks.support import estate_leases as support
    from services.estate_leases import reports

    year = reports.current_year()
    ids = support.national_set(year, ctx.out)

    def report() -> None:
        out = reports.ministry_report(pourashava_ids=None, year=year)
        assert out["totals"]["total"] >= support.NATIONAL_COUNT

    def floor_scan() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*), sum(realised_value) FROM estate_leases_yearoutcome "
                "WHERE year BETWEEN %s AND %s",
                [year - 3, year],
            )
            cursor.fetchall()

    floor, floor_p95 = _timed(ctx, "scan of the same outcome rows (floor)", floor_scan)
    floor.notes.append(f"p95 {floor_p95:.1f} ms")
    figure, p95 = _timed(ctx, f"ministry report, {support.NATIONAL_COUNT:,} properties", report)
    verdict = "meets" if p95 < 500 else "misses"
    figure.notes.append(f"p95 {p95:.1f} ms: {verdict} the 500 ms target")
    town, town_p95 = _timed(
        ctx,
        "one pourashava's property rows",
        lambda: reports.property_rows(pourashava_ids=[ids[0]], year=year),
    )
    town.notes.append(f"p95 {town_p95:.1f} ms")
    return [floor, ctx.relative(figure, floor), ctx.relative(town, floor)]
