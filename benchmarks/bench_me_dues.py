"""GET /api/v1/me/dues/ for a citizen with five holdings and three years of quarterly demands
(plus this year's), served by gunicorn on PostgreSQL.

Two floors, each measured the same way in the same run:
- its SQL floor: a minimal Django view (benchmarks/floor: no DRF, no authentication, no
  serializer) replaying the very statements the endpoint ran (recorded here in-process) and
  answering their rows as JSON: how far the endpoint is from its own SQL on this stack;
- the bare floor, /healthz: how far it is from the stack itself.
Also the latency at a steady 150 requests per second, open loop (target p99 under 100 ms; its
ratio is the rate served to the rate offered), and in this process, through Django's WSGI
handler without HTTP, requests per second against /healthz the same way, and the CPU per request
of the endpoint against its SQL floor's (the app's own cost, steadiest on a busy machine)."""

from benchmarks.harness import Context, Result

STEADY_RATE = 150.0
IN_PROCESS_CALLS = 400
PATH = "/api/v1/me/dues/"


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from backend.payments.models import Demand
    from benchmarks.harness.inprocess import in_process
    from benchmarks.support import holding_tax as b

    token = b.citizen_with_history()
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "bn"}
    open_demands = Demand.objects.filter(citizen__mobile="01799000001", status="open").count()

    get = in_process(headers)
    handler_floor = ctx.floor(
        "in-process-healthz",
        lambda: ctx.timed(
            "in-process /healthz (handler floor)",
            lambda: get("/healthz"),
            unit="req/s",
            repeat=IN_PROCESS_CALLS,
        ),
    )
    bare = ctx.http_floor()
    sql_floor, _ = ctx.sql_floor("me-dues", PATH, label=f"GET {PATH}", headers=headers)
    ctx.relative(sql_floor, bare)

    # The same pair in this process (no HTTP, no gunicorn): steadier when the machine is busy,
    # since the endpoint and its floor then share the same starved cores the same way.
    in_process_floor = ctx.relative(
        ctx.timed(
            f"in-process GET {PATH}: its SQL in a minimal view (floor)",
            lambda: get("/_floor/sql/me-dues"),
            unit="req/s",
            repeat=IN_PROCESS_CALLS,
        ),
        handler_floor,
    )
    in_process_figure = ctx.relative(
        ctx.timed(
            f"in-process GET {PATH}", lambda: get(PATH), unit="req/s", repeat=IN_PROCESS_CALLS
        ),
        in_process_floor,
    )
    cpu_floor, cpu = _cpu_per_request(ctx, get)
    saturated = ctx.relative(ctx.http(f"GET {PATH} (saturated)", PATH, headers=headers), sql_floor)
    saturated.notes.append(f"{saturated.value / bare.value:.3f} of the bare floor (/healthz)")
    steady = ctx.http(
        f"GET {PATH} at {STEADY_RATE:.0f} req/s",
        PATH,
        headers=headers,
        rate=STEADY_RATE,
        concurrency=16,
    )
    verdict = "meets" if steady.p99_ms is not None and steady.p99_ms < 100 else "misses"
    # Open loop: the ratio is the rate served to the rate offered (1.0: the server kept up).
    steady.floor = f"offered {STEADY_RATE:.0f} req/s"
    steady.ratio = steady.value / STEADY_RATE
    steady.notes.append(
        f"{open_demands} open demands in the answer; p99 {verdict} the 100 ms target"
    )
    return [
        handler_floor,
        in_process_floor,
        in_process_figure,
        cpu_floor,
        cpu,
        bare,
        sql_floor,
        saturated,
        steady,
    ]


def _cpu_per_request(ctx: Context, get) -> tuple[Result, Result]:
    """This process's CPU per request (process time, not wall time), the SQL floor's and the
    endpoint's, in turns: the figure that moves least when other work shares the machine."""
    import time

    spent = {"floor": 0.0, "endpoint": 0.0}
    paths = {"floor": "/_floor/sql/me-dues", "endpoint": PATH}
    for _ in range(IN_PROCESS_CALLS // 20):
        for key, path in paths.items():
            started = time.process_time()
            for _ in range(20):
                get(path)
            spent[key] += time.process_time() - started
    results = []
    for key, label in (("floor", "its SQL in a minimal view, CPU (floor)"), ("endpoint", "CPU")):
        per = spent[key] / IN_PROCESS_CALLS
        results.append(
            Result(
                benchmark=ctx.benchmark,
                name=f"in-process GET {PATH}: {label}",
                value=1 / per if per else 0.0,
                unit="req/CPU-s",
                count=IN_PROCESS_CALLS,
                notes=[f"{per * 1000:.2f} ms of this process's CPU each"],
            )
        )
    floor, figure = results
    ctx.relative(figure, floor)
    return floor, figure
