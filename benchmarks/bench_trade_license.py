"""Trade licences on PostgreSQL:
- the 1 July expiry job (one set-based UPDATE ... WHERE NOT EXISTS a term for the new year) over
  BENCH_LICENCES licences (default 1,000,000; target under 60 s), half of which have renewed,
  against its floor: a raw UPDATE of the same rows picked by id (measured in the same run);
  a rerun must change nothing;
- POST /api/v1/trade/quote/ (public, writes nothing): saturated, and at a steady 100 requests
  per second (target p99 under 100 ms), against the bare floor (/healthz)."""

import json
import os

from benchmarks.harness import Context, Result

STEADY_RATE = 100.0
PATH = "/api/v1/trade/quote/"
BODY = {
    "pourashava": "NAT",
    "category": "FOOD.RESTAURANT",
    "kind": "renewal",
    "years": 3,
    "area": "800",
    "signboard_sqft": "12",
    "arrears_years": 1,
}


def _expiry(ctx: Context) -> list[Result]:
    from benchmarks.support import trade_license as b

    size = int(os.environ.get("BENCH_LICENCES", "1000000"))
    pourashava = b.synthetic_licences("BTL", size)
    day = b.NEW_FY.start
    b.reset(pourashava)
    floor_seconds, floor_rows = b.floor(pourashava, day)
    b.reset(pourashava)
    seconds, changed = b.expire(day)
    _again, rerun = b.expire(day)
    floor = Result(
        benchmark=ctx.benchmark,
        name=f"raw UPDATE of the same rows ({floor_rows:,})",
        value=size / floor_seconds,
        unit="licences/s",
        count=1,
    )
    figure = Result(
        benchmark=ctx.benchmark,
        name=f"1 July expiry job, {size:,} licences",
        value=size / seconds,
        unit="licences/s",
        count=1,
    )
    ctx.relative(figure, floor)
    verdict = "meets" if seconds < 60 else "misses"
    figure.notes.append(
        f"{seconds:.1f} s ({verdict} the 60 s target); {changed:,} expired; rerun changed {rerun}"
    )
    if rerun or changed != floor_rows:
        figure.errors = 1
    b.reset(pourashava)
    return [floor, figure]


def _quote(ctx: Context) -> list[Result]:
    body = json.dumps(BODY).encode()
    headers = {"Content-Type": "application/json", "Accept-Language": "bn"}
    bare = ctx.http_floor()
    saturated = ctx.relative(
        ctx.http(f"POST {PATH} (saturated)", PATH, method="POST", headers=headers, body=body),
        bare,
    )
    steady = ctx.http(
        f"POST {PATH} at {STEADY_RATE:.0f} req/s",
        PATH,
        method="POST",
        headers=headers,
        body=body,
        rate=STEADY_RATE,
        concurrency=16,
    )
    verdict = "meets" if steady.p99_ms is not None and steady.p99_ms < 100 else "misses"
    steady.notes.append(f"p99 {verdict} the 100 ms target")
    return [bare, saturated, steady]


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from services.trade_license import demo

    demo.load(ctx.out)  # the demo rates the quote reads (idempotent; also in load_demo_data)
    return _expiry(ctx) + _quote(ctx)
