"""The agency validity lookup: GET /api/gov/v1/datasets/holding.clearance/lookup/ with a bearer
token (client credentials) and a purpose, served by gunicorn on PostgreSQL. Each call checks the
token, the agency's scopes and purposes and its rate limit, looks the holding up, and writes its
disclosure row in the same transaction.

Target (next-services §5.4): p95 under 150 ms at 50 requests per second. Also saturated
throughput, relative to the bare floor (/healthz) measured in the same run."""

from urllib.parse import quote

from benchmarks.harness import Context, Result, load

STEADY_RATE = 50.0
TARGET_P95_MS = 150.0


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from benchmarks.support import sharing as b

    token = b.agency_token()
    path = (
        "/api/gov/v1/datasets/holding.clearance/lookup/"
        f"?subject={quote(b.subject(), safe='')}&purpose={b.PURPOSE}"
    )
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "bn"}

    bare = ctx.http_floor()
    saturated = ctx.relative(ctx.http("GET agency lookup (saturated)", path, headers=headers), bare)
    server = ctx.server
    stats = load.drive(
        "127.0.0.1",
        server.port,
        path,
        headers=headers,
        concurrency=8,
        duration=max(ctx.options.duration, 10.0),
        warmup=ctx.options.warmup,
        rate=STEADY_RATE,
    )
    p95 = stats.percentile(0.95)
    steady = Result(
        benchmark=ctx.benchmark,
        name=f"GET agency lookup at {STEADY_RATE:.0f} req/s",
        value=stats.per_second,
        unit="req/s",
        p50_ms=stats.percentile(0.50),
        p99_ms=stats.percentile(0.99),
        count=stats.requests,
        errors=stats.errors,
    )
    ctx.relative(steady, bare)
    verdict = "meets" if p95 is not None and p95 < TARGET_P95_MS else "misses"
    shown = f"{p95:.1f} ms" if p95 is not None else "none"
    steady.notes.append(f"p95 {shown}: {verdict} the {TARGET_P95_MS:.0f} ms target")
    if stats.errors:
        steady.notes.append(f"unexpected answers {dict(stats.statuses)}; {stats.first_error}")
    return [bare, saturated, steady]
