"""gunicorn settings for the web container and for `make bench` (the same file serves both).

gthread workers: a request may wait on PostgreSQL or, for payments, on a gateway's status call;
threads let a worker serve other requests meanwhile, where a sync worker would sit idle, and they
keep client connections alive. Workers default to the CPU count (at least 2): one process per
core for Python work, threads for waiting. Every value can be set from the environment.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, multiprocessing.cpu_count())))
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: WeasyPrint keeps memory it has used (see the performance notes).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# Heartbeat files on tmpfs: a container's overlay disk can stall workers into timeouts.
_SHM = "/dev/shm"  # noqa: S108 (gunicorn heartbeat files only, not data)
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None
# Only the reverse proxy may set X-Forwarded-Proto (read by SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOGLEVEL", "info")


def post_worker_init(worker) -> None:
    """Import every view before the first request: resolving the URLconf pulls in each app's
    API modules, which otherwise makes some user's request (after every start or recycle) pay
    for seconds of imports."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (the attribute access does the work)
