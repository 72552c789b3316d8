"""GET /api/v1/me/dues/ for a citizen with five holdings and three years of quarterly demands
(plus this year's), served by gunicorn on PostgreSQL: latency at a steady 100 requests per
second (target p99 under 100 ms), and saturated requests per second against the bare
endpoint. Also in this process, through Django's WSGI handler without HTTP: requests per
second against /healthz the same way (the app's own cost, steadier on a busy machine)."""

import io
import sys

from benchmarks.harness import Context, Result

STEADY_RATE = 100.0
IN_PROCESS_CALLS = 400


def _in_process(headers: dict[str, str]):
    """A function calling the project's WSGI application directly for one path."""
    from django.core.handlers.wsgi import WSGIHandler

    application = WSGIHandler()
    meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in headers.items()}

    def get(path: str) -> None:
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80",
            "HTTP_HOST": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **meta,
        }
        statuses: list[str] = []
        b"".join(application(environ, lambda status, *_: statuses.append(status)))
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"GET {path} answered {statuses[0]}")

    return get


def run(ctx: Context) -> list[Result]:
    ctx.django()
    from backend.payments.models import Demand
    from benchmarks.support import holding_tax as b

    token = b.citizen_with_history()
    headers = {"Authorization": f"Bearer {token}", "Accept-Language": "bn"}
    open_demands = Demand.objects.filter(citizen__mobile="01799000001", status="open").count()

    get = _in_process(headers)
    handler_floor = ctx.floor(
        "in-process-healthz",
        lambda: ctx.timed(
            "in-process /healthz (handler floor)",
            lambda: get("/healthz"),
            unit="req/s",
            repeat=IN_PROCESS_CALLS,
        ),
    )
    in_process = ctx.relative(
        ctx.timed(
            "in-process GET /api/v1/me/dues/",
            lambda: get("/api/v1/me/dues/"),
            unit="req/s",
            repeat=IN_PROCESS_CALLS,
        ),
        handler_floor,
    )

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
    return [handler_floor, in_process, bare, saturated, steady]
