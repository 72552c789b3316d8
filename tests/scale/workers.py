"""Real `celery -A backend worker` processes for the scale tests: each on the queues it is
given, all under one queue-name prefix private to the test (so parallel runs sharing a Redis
database never take each other's messages), against this test's PostgreSQL database."""

import os
import signal
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
STOP_TIMEOUT_SECONDS = 15


@dataclass
class Worker:
    process: subprocess.Popen
    nodename: str
    queues: list[str]
    output: str = ""

    def stop(self) -> str:
        """Warm shutdown (SIGTERM lets the current task finish), then kill; its log."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=STOP_TIMEOUT_SECONDS)
        if self.process.stdout and not self.process.stdout.closed:
            self.output += self.process.stdout.read()
            self.process.stdout.close()
        return self.output


def new_prefix() -> str:
    return f"t{uuid.uuid4().hex[:8]}-"


def database_url() -> str:
    """The URL of the database this test process really uses (the test database)."""
    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(s['NAME'], safe='')}"


def start_worker(name: str, prefix: str, queues: list[str]) -> Worker:
    nodename = f"{prefix}{name}@localhost"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "backend.settings",
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "CELERY_RESULT_BACKEND": settings.CELERY_RESULT_BACKEND or settings.CELERY_BROKER_URL,
        "CELERY_QUEUE_PREFIX": prefix,  # what the worker's own tasks send goes to ours too
    }
    command = [
        *(sys.executable, "-m", "celery", "-A", "backend", "worker"),
        *("--pool", "solo", "--hostname", nodename),
        *("--queues", ",".join(f"{prefix}{q}" for q in queues)),
        *("--without-gossip", "--without-mingle", "--without-heartbeat"),
        *("--loglevel", "INFO"),
    ]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    return Worker(process, nodename, queues)


def wait_until(check, workers: list[Worker], timeout: float, what: str):
    """Poll `check()` until it returns something truthy; fail with the workers' logs."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = check()
        if found:
            return found
        for worker in workers:
            if worker.process.poll() is not None:
                raise AssertionError(
                    f"worker {worker.nodename} exited with {worker.process.returncode}:\n"
                    + worker.stop()
                )
        time.sleep(0.2)
    logs = "\n".join(f"--- {w.nodename}\n{w.stop()[-3000:]}" for w in workers)
    raise AssertionError(f"{what}: not within {timeout} s\n{logs}")
