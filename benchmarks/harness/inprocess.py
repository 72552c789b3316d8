"""Call the project's WSGI application directly (no HTTP, no gunicorn): an endpoint's own cost,
steadier on a busy machine than figures over the loopback."""

import io
import sys
from collections.abc import Callable


def in_process(headers: dict[str, str] | None = None) -> Callable[[str], bytes]:
    """A function GETting one path through Django's WSGI handler; raises unless it is a 200."""
    from django.core.handlers.wsgi import WSGIHandler

    application = WSGIHandler()
    meta = {f"HTTP_{k.upper().replace('-', '_')}": v for k, v in (headers or {}).items()}

    def get(path: str) -> bytes:
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
        body = b"".join(application(environ, lambda status, *_: statuses.append(status)))
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"GET {path} answered {statuses[0]}")
        return body

    return get
