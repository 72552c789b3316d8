"""gunicorn serving the project on a loopback port, configured as in production
(deploy/gunicorn.conf.py, DJANGO_DEBUG=false), against the benchmark database."""

import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HOST = "127.0.0.1"
START_TIMEOUT_SECONDS = 60


@dataclass(frozen=True)
class ServerConfig:
    """Default: 2 gthread workers x 4 threads, as deploy/gunicorn.conf.py gives a 2-core box.
    One process per core does the Python work (more processes only contend for the same two
    cores and each holds its own copy of the app); the threads overlap database round trips
    and keep connections alive. Measured on the shared 2-core machine, sync workers (2 or 3)
    gave the same list/bare ratio within noise, so the production choice stands."""

    worker_class: str = "gthread"
    workers: int = 2
    threads: int = 4


def free_port() -> int:
    wanted = os.environ.get("BENCH_PORT")
    if wanted:
        return int(wanted)
    with socket.socket() as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def server_environment(database_url: str) -> dict[str, str]:
    """Production settings, except what only makes sense behind a TLS proxy."""
    return {
        **os.environ,
        # The production settings plus the SQL-floor route (benchmarks/floor): nothing else.
        "DJANGO_SETTINGS_MODULE": "benchmarks.floor.settings",
        "DJANGO_DEBUG": "false",
        "SECRET_KEY": os.environ.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": f"{HOST},localhost",
        # Loopback plain HTTP: no proxy in front to terminate TLS.
        "SECURE_SSL_REDIRECT": "false",
        "ALLOW_SANDBOXES_IN_PRODUCTION": "true",  # benchmarks take no real money
        "LOG_LEVEL": "WARNING",
        # One access-log line per request would be measured too (production logs at the proxy),
        # and recycling workers mid-measurement would time their start-up.
        "GUNICORN_ACCESSLOG": "",
        "GUNICORN_MAX_REQUESTS": "0",
    }


class GunicornServer:
    def __init__(self, database_url: str, config: ServerConfig, log_path: Path) -> None:
        self.config = config
        self.port = free_port()
        self.log_path = log_path
        self.database_url = database_url
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def start(self) -> None:
        c = self.config
        command = [
            *(sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"),
            *("--bind", f"{HOST}:{self.port}", "--workers", str(c.workers)),
            *("--worker-class", c.worker_class, "--threads", str(c.threads)),
            "backend.wsgi:application",
        ]
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("w")
        self.process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=server_environment(self.database_url),
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        log.close()
        self._wait_until_healthy()

    def _wait_until_healthy(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer /healthz in {START_TIMEOUT_SECONDS} s")

    def log(self, tail: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text().splitlines()[-tail:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)  # graceful: workers finish their requests
        try:
            self.process.wait(timeout=35)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
