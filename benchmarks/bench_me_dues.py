"""GET /api/v1/me/dues/ for a citizen with five holdings and three years of quarterly demands
(plus this year's), served by gunicorn on PostgreSQL: latency at a steady 100 requests per
second (target p99 under 100 ms), and saturated requests per second against the bare
endpoint."""

from benchmarks.harness import Context, Result

STEADY_RATE = 100.0


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from backend.payments.models import Demand
    from services.holding_tax import benchmarking as b

    token = b.citizen_with_history()
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "bn"}
    open_demands = Demand.objects.filter(citizen__mobile="01799000001", status="open").count()

    bare = ctx.http_floor()
    saturated = ctx.relative(
        ctx.http("GET /api/v1/me/dues/ (saturated)", "/api/v1/me/dues/", headers=headers), bare
    )
    steady = ctx.http(
        f"GET /api/v1/me/dues/ at {STEADY_RATE:.0f} req/s",
        "/api/v1/me/dues/",
        headers=headers,
        rate=STEADY_RATE,
        concurrency=16,
    )
    verdict = "meets" if steady.p99_ms is not None and steady.p99_ms < 100 else "misses"
    steady.notes.append(
        f"{open_demands} open demands in the answer; p99 {verdict} the 100 ms target"
    )
    return [bare, saturated, steady]
