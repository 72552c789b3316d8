"""`make bench` (`python -m benchmarks`): performance figures, each beside a floor measured in
the same run on the same machine, so the ratio means something where the absolute figure does
not (two shared cores today, other hardware tomorrow).

Adding a benchmark is writing one file, `benchmarks/bench_<topic>.py`, with

    from benchmarks.harness import Context, Result

    def run(ctx: Context) -> list[Result]:
        floor = ctx.http_floor()                     # GET /healthz, measured once per run
        mine = ctx.http("GET /api/v1/things/", "/api/v1/things/")
        return [floor, ctx.relative(mine, floor)]

`ctx` gives the benchmark database (created, migrated, demo data loaded), the gunicorn server
(started on first use), an HTTP load generator, a timer for in-process work (`ctx.timed`),
Django set up in this process against the benchmark database (`ctx.django()`), and floors
shared across benchmarks (`ctx.floor(key, measure)`). See benchmarks/harness/context.py.

Results go to the terminal as a table and to benchmarks/results/latest.json (not committed).
"""
