"""Container health checks that need nothing but the standard library and kombu.

    python deploy/healthcheck.py http http://127.0.0.1:8000/readyz
    python deploy/healthcheck.py broker

`http` sends a Host header taken from ALLOWED_HOSTS, so Django does not refuse the probe when the
operator allows only the public domain. `broker` checks that CELERY_BROKER_URL accepts a
connection: what beat needs to do its one job. Exit status 0 is healthy.
"""

import os
import sys
import urllib.error
import urllib.request

TIMEOUT_SECONDS = 4


def _probe_host() -> str:
    for host in os.environ.get("ALLOWED_HOSTS", "localhost").split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def check_http(url: str) -> int:
    request = urllib.request.Request(url, headers={"Host": _probe_host()})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            print(response.status, response.read(200).decode(errors="replace"))
            return 0 if response.status == 200 else 1
    except urllib.error.HTTPError as error:
        print(error.code, error.read(200).decode(errors="replace"))
    except OSError as error:
        print(f"unreachable: {error}")
    return 1


def check_broker() -> int:
    from kombu import Connection

    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url:
        print("CELERY_BROKER_URL is not set")
        return 1
    try:
        with Connection(url, connect_timeout=TIMEOUT_SECONDS) as conn:
            conn.ensure_connection(max_retries=0, timeout=TIMEOUT_SECONDS)
    except Exception as error:
        print(f"broker unreachable: {error}")
        return 1
    print("broker ok")
    return 0


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "http":
        return check_http(argv[1])
    if argv == ["broker"]:
        return check_broker()
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
