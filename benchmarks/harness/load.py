"""A small closed-loop HTTP load generator: N threads, each with its own keep-alive connection,
each sending its next request as soon as the last one is answered.

Bounded on every side: loopback hosts only, a time limit, a request-count limit and at most
MAX_CONCURRENCY connections. Threads (not asyncio) because http.client is in the standard
library and the client's own cost per request (tens of microseconds) is small next to Django's
(milliseconds); it still shares the machine's cores with the server, which the report says.

Two phases: a warm-up that every connection takes part in (at least `warmup_requests` each, and
`warmup` seconds in all: a worker's first requests import code and open database connections),
then, all threads starting together, the measured window of `duration` seconds.
"""

import http.client
import threading
import time
from dataclasses import dataclass

LOOPBACK = {"127.0.0.1", "localhost", "::1"}
MAX_DURATION_SECONDS = 60.0
MAX_REQUESTS = 500_000
MAX_CONCURRENCY = 64
WARMUP_TIMEOUT_SECONDS = 120.0


@dataclass
class LoadStats:
    requests: int
    errors: int
    seconds: float
    latencies_ms: list[float]
    statuses: dict[int, int]
    first_error: str | None

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float | None:
        if not self.latencies_ms:
            return None
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def drive(
    host: str,
    port: int,
    path: str,
    *,
    method: str = "GET",
    headers: dict[str, str] | None = None,
    body: bytes | None = None,
    expect: tuple[int, ...] = (200,),
    concurrency: int = 8,
    duration: float = 5.0,
    warmup: float = 1.0,
    warmup_requests: int = 5,
    max_requests: int = MAX_REQUESTS,
    rate: float | None = None,
) -> LoadStats:
    """Load `path`; only requests started and answered inside the measured window count.

    With `rate` (requests per second over all connections) the load is open-loop: requests go
    out on a fixed schedule whether or not earlier ones were answered, and each latency counts
    from its scheduled time, so a slow answer also delays (and shows in) the ones queued behind
    it. Without it, closed-loop: as fast as the server answers (saturation)."""
    if host not in LOOPBACK:
        raise ValueError(f"the load generator drives loopback servers only, not {host!r}")
    if not 1 <= concurrency <= MAX_CONCURRENCY:
        raise ValueError(f"concurrency must be 1..{MAX_CONCURRENCY}")
    duration = min(duration, MAX_DURATION_SECONDS)
    max_requests = min(max_requests, MAX_REQUESTS)

    lock = threading.Lock()
    latencies: list[float] = []
    statuses: dict[int, int] = {}
    counters = {"errors": 0, "sent": 0}
    first_error: list[str] = []
    window: dict[str, float] = {}
    request_headers = {"Host": f"{host}:{port}", "Connection": "keep-alive", **(headers or {})}
    warmup_until = time.perf_counter() + warmup

    def open_window() -> None:  # run by the last thread to reach the barrier
        window["start"] = time.perf_counter()
        window["stop"] = window["start"] + duration

    barrier = threading.Barrier(concurrency, action=open_window)

    def one(conn: http.client.HTTPConnection) -> int:
        try:
            conn.request(method, path, body=body, headers=request_headers)
            response = conn.getresponse()
            payload = response.read()
            if response.will_close:
                conn.close()  # http.client reopens it on the next request
        except (OSError, http.client.HTTPException) as error:
            conn.close()
            with lock:
                if not first_error:
                    first_error.append(f"{type(error).__name__}: {error}")
            return 0
        if response.status not in expect:
            with lock:
                if not first_error:
                    first_error.append(f"HTTP {response.status}: {payload[:200]!r}")
        return response.status

    def worker(index: int) -> None:
        conn = http.client.HTTPConnection(host, port, timeout=30)
        done = 0
        while done < warmup_requests or time.perf_counter() < warmup_until:
            one(conn)
            done += 1
        try:
            barrier.wait(timeout=WARMUP_TIMEOUT_SECONDS)
        except threading.BrokenBarrierError:
            conn.close()
            return
        mine: list[float] = []
        my_statuses: dict[int, int] = {}
        my_errors = 0
        stop_at = window["stop"]
        slot = index
        while True:
            with lock:
                if counters["sent"] >= max_requests:
                    break
                counters["sent"] += 1
            started = time.perf_counter()
            if rate:
                started = window["start"] + slot / rate  # the scheduled time
                slot += concurrency
                time.sleep(max(0.0, started - time.perf_counter()))
            if started >= stop_at:
                break
            status = one(conn)
            finished = time.perf_counter()
            if finished <= stop_at:
                mine.append((finished - started) * 1000)
                my_statuses[status] = my_statuses.get(status, 0) + 1
                my_errors += status not in expect
        conn.close()
        with lock:
            latencies.extend(mine)
            for status, n in my_statuses.items():
                statuses[status] = statuses.get(status, 0) + n
            counters["errors"] += my_errors

    threads = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=WARMUP_TIMEOUT_SECONDS + duration + 60)
    if "start" not in window:
        raise RuntimeError(f"the warm-up did not finish: {first_error[:1]}")
    measured_until = min(time.perf_counter(), window["stop"])
    return LoadStats(
        requests=len(latencies),
        errors=counters["errors"],
        seconds=max(0.0, measured_until - window["start"]),
        latencies_ms=latencies,
        statuses=statuses,
        first_error=first_error[0] if first_error else None,
    )
