"""GET /_floor/sql/<name>: run the statements recorded under <name> and answer their rows as
JSON. No DRF, no authentication, no serializer, no middleware but the one that routes here
(middleware.py): what the endpoint's own SQL costs on Django's handler. The statements come
from a file the benchmark wrote (never from the request)."""

import json
import os
from pathlib import Path

from django.db import connection
from django.http import HttpRequest, HttpResponse

DEFAULT_DIR = Path(__file__).resolve().parents[1] / "results" / "floor-sql"
_loaded: dict[str, tuple[float, list[str]]] = {}


def statements_dir() -> Path:
    return Path(os.environ.get("BENCH_FLOOR_SQL_DIR") or DEFAULT_DIR)


def record(name: str, statements: list[str]) -> Path:
    """Write `statements` for the view to run (called by the benchmark, in its own process)."""
    folder = statements_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.json"
    path.write_text(json.dumps(statements))
    return path


def _statements(name: str) -> list[str]:
    path = statements_dir() / f"{name}.json"
    mtime = path.stat().st_mtime  # re-read when the benchmark records again
    cached = _loaded.get(name)
    if cached is None or cached[0] != mtime:
        cached = (mtime, json.loads(path.read_text()))
        _loaded[name] = cached
    return cached[1]


def sql_floor(request: HttpRequest, name: str) -> HttpResponse:
    try:
        statements = _statements(name)
    except (OSError, ValueError):
        return HttpResponse(status=404)
    answer = []
    with connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            answer.append(cursor.fetchall() if cursor.description else [])
    return HttpResponse(json.dumps(answer, default=str), content_type="application/json")
