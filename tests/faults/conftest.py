"""Fault injection helpers: kill a database connection from another connection, as an
administrator's `pg_terminate_backend`, a failover or a network cut would."""

import psycopg
import pytest
from django.db import connection


def backend_pid() -> int:
    """The PostgreSQL backend serving this thread's Django connection."""
    connection.ensure_connection()
    return connection.connection.info.backend_pid


def terminate(pid: int) -> None:
    """`pg_terminate_backend(pid)` from a connection of its own (not Django's)."""
    s = connection.settings_dict
    with psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
        autocommit=True,
    ) as killer:
        killed = killer.execute("SELECT pg_terminate_backend(%s)", [pid]).fetchone()[0]
    assert killed, f"backend {pid} was not terminated"


def kill_my_connection() -> None:
    """Terminate this thread's own database connection (from another one): its next statement
    fails as a dropped connection does."""
    terminate(backend_pid())


needs_postgres = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="kills PostgreSQL backends with pg_terminate_backend (set DATABASE_URL)",
    ),
    pytest.mark.django_db(transaction=True),
]


def database_url() -> str:
    """The URL of the database this test process really uses (the test database), for a
    worker process to use too."""
    from urllib.parse import quote

    s = connection.settings_dict
    credentials = quote(s["USER"] or "", safe="")
    if s["PASSWORD"]:
        credentials += ":" + quote(s["PASSWORD"], safe="")
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s["PORT"] else ""
    return f"postgres://{credentials}@{host}{port}/{quote(s['NAME'], safe='')}"
