"""The revenue monitor on the synthetic national set (benchmarks/support/monitor.py: 330
pourashavas, 10 million demands, 5 million payments by default; BENCH_MONITOR_DEMANDS and
BENCH_MONITOR_PAYMENTS to try it smaller):

- the national summary (revenue_summary: every pourashava by sector for a whole fiscal year,
  with last year, targets, demand and arrears), p95 against the 200 ms target. It reads the
  summary tables only (SummaryMonth: one row per pourashava, fiscal year, sector and month;
  the latest arrears by sector), so its cost follows pourashavas x sectors x months, not the
  number of demands and payments; its floor is one plain scan of SummaryMonth for the two
  years it reads, timed the same way;
- one pourashava-day of facts rebuilt (its busiest day), against the 2 s target; its floor is
  reading that day's receipt lines with the same joins, without grouping or writing.
"""

from benchmarks.harness import Context, Result

REPEAT = 40
REBUILDS = 8


def _pct(durations: list[float], q: float) -> float:
    ms = sorted(d * 1000 for d in durations)
    return ms[min(len(ms) - 1, int(len(ms) * q))]


def _timed(ctx: Context, name: str, work, repeat: int) -> tuple[Result, tuple[float, float]]:
    import time

    durations: list[float] = []

    def measured() -> None:
        started = time.perf_counter()
        work()
        durations.append(time.perf_counter() - started)

    result = ctx.timed(name, measured, unit="calls/s", repeat=repeat)
    durations = durations[1:]  # the warm-up call
    return result, (_pct(durations, 0.50), _pct(durations, 0.95))


def run(ctx: Context) -> list[Result]:
    ctx.django()
    import os

    from django.db import connection

    from backend.monitor.registry import MonitorScope
    from backend.monitor.selectors import revenue_summary
    from backend.monitor.services.facts import rebuild_day
    from backend.monitor.services.sql import day_bounds
    from backend.municipality.fiscal_year import FiscalYear
    from benchmarks.support import monitor as m

    national = m.national_set(out=ctx.out)
    fy = FiscalYear.of().previous()  # a whole fiscal year of synthetic payments
    scope = MonitorScope(None, fy.label)

    def summary() -> None:
        rows = revenue_summary(scope, as_of=fy.end, group_by=("pourashava", "sector"))
        assert len(rows) >= len(national.pourashava_ids)

    def summary_floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pourashava_id, sector, SUM(collected_current + collected_arrears) "
                "FROM monitor_summarymonth WHERE fiscal_year IN (%s, %s) GROUP BY 1, 2",
                [fy.label, fy.previous().label],
            )
            cursor.fetchall()

    floor, (_, floor_p95) = _timed(
        ctx, "summary table scan for two years (floor)", summary_floor, REPEAT
    )
    result, (p50, p95) = _timed(
        ctx, "national summary by pourashava and sector, one fiscal year", summary, REPEAT
    )
    ctx.relative(result, floor)
    result.notes.append(
        f"p50 {p50:.1f} ms, p95 {p95:.1f} ms ({'meets' if p95 < 200 else 'misses'} the 200 ms "
        f"target); floor p95 {floor_p95:.1f} ms; {national.demands:,} demands, "
        f"{national.payments:,} payments, {len(national.pourashava_ids)} pourashavas"
        + (f"; set made in {national.made_seconds:.0f} s" if national.made_seconds else "")
        + f"; load average {os.getloadavg()[0]:.2f}"
    )

    pourashava_id = national.pourashava_ids[0]
    day, payments = m.busiest_day(pourashava_id)
    start, end = day_bounds(day)

    def rebuild() -> None:
        rebuild_day(pourashava_id, day)

    def rebuild_floor() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rl.head_id, rl.amount, d.fiscal_year FROM payments_payment p "
                "JOIN payments_receipt r ON r.payment_id = p.id "
                "JOIN payments_receiptline rl ON rl.receipt_id = r.id "
                "JOIN payments_demand d ON d.id = rl.demand_id "
                "WHERE p.pourashava_id = %s AND p.status = 'settled' "
                "AND p.created_at >= %s AND p.created_at < %s",
                [pourashava_id, start, end],
            )
            cursor.fetchall()

    day_floor, _ = _timed(
        ctx, "one pourashava-day: read its receipt lines (floor)", rebuild_floor, REBUILDS
    )
    day_result, (day_p50, _) = _timed(ctx, "one pourashava-day of facts rebuilt", rebuild, REBUILDS)
    ctx.relative(day_result, day_floor)
    worst = (day_result.p99_ms or 0) / 1000
    day_result.notes.append(
        f"{payments} payments that day; p50 {day_p50 / 1000:.2f} s, slowest {worst:.2f} s "
        f"({'meets' if worst < 2 else 'misses'} the 2 s target); month roll-ups and the "
        f"summary rows included; load average {os.getloadavg()[0]:.2f}"
    )
    return [floor, result, day_floor, day_result]
