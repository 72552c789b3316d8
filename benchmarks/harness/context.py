"""What a benchmark's `run(ctx)` is handed: everything is set up on first use and shared by all
benchmarks of the run, floors included, so each benchmark pays only for what it measures."""

import os
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.harness import database, load
from benchmarks.harness.results import Result
from benchmarks.harness.server import GunicornServer, ServerConfig

RESULTS_DIR = Path(__file__).resolve().parents[1] / "results"


@dataclass
class Options:
    duration: float = 5.0  # measured seconds per HTTP figure
    warmup: float = 1.0
    concurrency: int = 8  # client connections
    server: ServerConfig = field(default_factory=ServerConfig)
    fresh_db: bool = False


class Context:
    def __init__(self, options: Options, out: Callable[[str], None] = print) -> None:
        self.options = options
        self.out = out
        self.benchmark = ""  # the running module's short name, set by the runner
        self.facts: dict = {}  # printed and saved with the results (row counts, versions)
        self._database_url: str | None = None
        self._django_ready = False
        self._server: GunicornServer | None = None
        self._floors: dict[str, Result] = {}

    # Database and Django ------------------------------------------------------------------

    @property
    def database_url(self) -> str:
        """The benchmark database, migrated and with the demo data."""
        if self._database_url is None:
            url = database.resolve_url()
            created = database.ensure(url, fresh=self.options.fresh_db)
            self.out(f"database: {_safe(url)}{' (created)' if created else ''}")
            self._database_url = url
            self.django()
            started = time.monotonic()
            self.facts.update(database.prepare(self.out))
            self.out(f"migrated and demo data loaded in {time.monotonic() - started:.1f} s")
        return self._database_url

    def django(self) -> None:
        """Set Django up in this process against the benchmark database (for ORM benchmarks).
        DEBUG stays off so the ORM does not keep every query it runs."""
        if self._django_ready:
            return
        if self._database_url is None:
            self.database_url  # noqa: B018 (resolves the database, and sets Django up on the way)
            return
        os.environ["DATABASE_URL"] = self._database_url
        # As the server: the production settings plus the SQL-floor route (benchmarks/floor).
        os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.floor.settings"
        os.environ["DJANGO_DEBUG"] = "false"
        os.environ.setdefault("SECRET_KEY", "benchmark-process-only-not-a-secret-" + "x" * 20)
        os.environ["SECURE_SSL_REDIRECT"] = "false"
        # Benchmarks take no real money: the sandbox gateways and NID verifier are fine.
        os.environ["ALLOW_SANDBOXES_IN_PRODUCTION"] = "true"
        import django

        django.setup()
        self._django_ready = True

    # Server and HTTP load ----------------------------------------------------------------

    @property
    def server(self) -> GunicornServer:
        if self._server is None:
            url = self.database_url
            server = GunicornServer(url, self.options.server, RESULTS_DIR / "gunicorn.log")
            c = self.options.server
            self.out(
                f"gunicorn: {c.workers} {c.worker_class} workers"
                + (f" x {c.threads} threads" if c.worker_class == "gthread" else "")
                + f" on {server.base_url}"
            )
            server.start()
            self._server = server
        return self._server

    def http(
        self,
        name: str,
        path: str,
        *,
        method: str = "GET",
        headers: dict[str, str] | None = None,
        body: bytes | None = None,
        expect: tuple[int, ...] = (200,),
        concurrency: int | None = None,
        duration: float | None = None,
        rate: float | None = None,
    ) -> Result:
        """Requests per second and latency for one endpoint: closed-loop (saturated) load, or
        open-loop at a steady `rate` of requests per second."""
        server = self.server
        stats = load.drive(
            "127.0.0.1",
            server.port,
            path,
            method=method,
            headers=headers,
            body=body,
            expect=expect,
            concurrency=concurrency or self.options.concurrency,
            duration=duration or self.options.duration,
            warmup=self.options.warmup,
            rate=rate,
        )
        result = Result(
            benchmark=self.benchmark,
            name=name,
            value=stats.per_second,
            unit="req/s",
            p50_ms=stats.percentile(0.50),
            p99_ms=stats.percentile(0.99),
            count=stats.requests,
            errors=stats.errors,
        )
        if stats.errors:
            shown = dict(sorted(stats.statuses.items()))
            result.notes.append(f"unexpected answers {shown}; first: {stats.first_error}")
        return result

    # Floors and ratios --------------------------------------------------------------------

    def floor(self, key: str, measure: Callable[[], Result]) -> Result:
        """A floor measured once per run and shared by every benchmark that asks for it."""
        if key not in self._floors:
            self._floors[key] = measure()
        return self._floors[key]

    def http_floor(self) -> Result:
        """The bare endpoint (/healthz: no database, no DRF) served the same way: what the
        stack itself costs, under which no endpoint can go."""
        return self.floor("http", lambda: self.http("GET /healthz (bare floor)", "/healthz"))

    def sql_floor(
        self, name: str, path: str, *, label: str = "", headers: dict[str, str] | None = None
    ) -> tuple[Result, int]:
        """The endpoint's own floor: run `path` in this process to record the SQL it runs, then
        serve those statements from a minimal view (benchmarks/floor) under the same gunicorn,
        measured the same way. Returns (the floor, how many statements)."""
        from benchmarks.floor.capture import capture
        from benchmarks.floor.views import record
        from benchmarks.harness.inprocess import in_process

        self.django()
        get = in_process(headers)
        get(path)  # warm: first-use caches are not the endpoint's steady SQL
        statements = capture(lambda: get(path))
        record(name, statements)
        label = label or path.split("?")[0]
        floor = self.http(f"{label}: its SQL in a minimal view (floor)", f"/_floor/sql/{name}")
        floor.notes.append(f"{len(statements)} SQL statements, replayed as the endpoint ran them")
        return floor, len(statements)

    @staticmethod
    def relative(result: Result, floor: Result) -> Result:
        """Set result.ratio = result / floor (both in the same unit, measured in this run)."""
        if floor.unit != result.unit:
            raise ValueError(f"cannot compare {result.unit} with a floor in {floor.unit}")
        result.floor = floor.name
        result.ratio = result.value / floor.value if floor.value else None
        if result.p50_ms and floor.p50_ms:
            result.notes.append(f"p50 latency {result.p50_ms / floor.p50_ms:.2f}x the floor's")
        return result

    # In-process work ----------------------------------------------------------------------

    def timed(
        self,
        name: str,
        work: Callable[[], object],
        *,
        unit: str = "ops/s",
        items_per_call: int = 1,
        repeat: int | None = None,
        seconds: float | None = None,
    ) -> Result:
        """Call `work` once untimed (warm-up), then timed: exactly `repeat` times if given
        (stopping early only if `seconds` is given too and runs out), else for `seconds`
        (default: the run's --duration). The figure is items per second; latencies are per call.
        """
        if seconds is None and repeat is None:
            seconds = self.options.duration
        work()
        durations: list[float] = []
        deadline = None if seconds is None else time.perf_counter() + seconds
        while (repeat is None or len(durations) < repeat) and (
            deadline is None or time.perf_counter() < deadline
        ):
            started = time.perf_counter()
            work()
            durations.append(time.perf_counter() - started)
        total = sum(durations)
        ms = sorted(d * 1000 for d in durations)
        return Result(
            benchmark=self.benchmark,
            name=name,
            value=(len(durations) * items_per_call) / total if total else 0.0,
            unit=unit,
            p50_ms=statistics.median(ms) if ms else None,
            p99_ms=ms[min(len(ms) - 1, int(len(ms) * 0.99))] if ms else None,
            count=len(durations),
        )

    def close(self) -> None:
        if self._server is not None:
            self._server.stop()
            self._server = None


def _safe(url: str) -> str:
    """The URL without its password, for printing."""
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
