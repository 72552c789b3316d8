"""Celery worker processes for a benchmark: `celery -A backend worker` on the benchmark
database, on queues under a prefix private to the run (stale messages of an earlier run are
never taken), with their peak memory read from /proc before they stop."""

import os
import signal
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LOG_DIR = ROOT / "benchmarks" / "results"


@dataclass
class BenchWorker:
    process: subprocess.Popen
    nodename: str

    def _status_kib(self, field: str) -> int:
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith(f"{field}:"):
                    return int(line.split()[1]) * 1024
        except OSError:
            pass
        return 0

    def rss_bytes(self) -> int:
        """VmRSS: resident memory now (read once the worker is ready, to measure growth)."""
        return self._status_kib("VmRSS")

    def peak_rss_bytes(self) -> int:
        """VmHWM: the most resident memory the worker process ever had."""
        return self._status_kib("VmHWM")

    def stop(self, timeout: float = 60) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def run_prefix() -> str:
    return f"bench{uuid.uuid4().hex[:6]}-"


def start_workers(count: int, database_url: str, prefix: str, queues: list[str]) -> list:
    LOG_DIR.mkdir(parents=True, exist_ok=True)
    workers = []
    for n in range(1, count + 1):
        nodename = f"{prefix}w{n}@localhost"
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "DJANGO_DEBUG": "false",
            "DATABASE_URL": database_url,
            "CELERY_QUEUE_PREFIX": prefix,
            "LOG_LEVEL": "WARNING",
        }
        with (LOG_DIR / f"worker-{n}.log").open("w") as log:
            process = subprocess.Popen(
                [
                    *(sys.executable, "-m", "celery", "-A", "backend", "worker"),
                    *("--pool", "solo", "--hostname", nodename),
                    *("--queues", ",".join(f"{prefix}{q}" for q in queues)),
                    *("--without-gossip", "--without-mingle", "--without-heartbeat"),
                    *("--loglevel", "WARNING"),
                ],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        workers.append(BenchWorker(process, nodename))
    return workers
