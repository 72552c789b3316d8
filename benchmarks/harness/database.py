"""The benchmark database: PostgreSQL, created if missing, migrated, with the demo data.

Which database: BENCH_DATABASE_URL, else DATABASE_URL when it is PostgreSQL, else
postgres://postgres@127.0.0.1:5432/bench_<user>. `--fresh-db` drops and recreates it.
"""

import getpass
import io
import os
import re
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

POSTGRES_SCHEMES = ("postgres", "postgresql", "pgsql")


def resolve_url() -> str:
    for name in ("BENCH_DATABASE_URL", "DATABASE_URL"):
        url = os.environ.get(name, "")
        if urlsplit(url).scheme in POSTGRES_SCHEMES:
            return url
    user = re.sub(r"\W", "_", getpass.getuser()).lower()
    return f"postgres://postgres@127.0.0.1:5432/bench_{user}"


def _split(url: str) -> tuple[str, str]:
    """(the server's maintenance database URL, the database name)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if not name:
        raise ValueError(f"no database name in {url!r}")
    maintenance = urlunsplit(("postgresql", parts.netloc, "/postgres", parts.query, parts.fragment))
    return maintenance, name


def ensure(url: str, *, fresh: bool = False) -> bool:
    """Create the database if it does not exist (drop it first when `fresh`). True if created."""
    maintenance, name = _split(url)
    try:
        conn = psycopg.connect(maintenance, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        raise SystemExit(
            f"Benchmarks need PostgreSQL; cannot reach {maintenance}: {error}\n"
            "Start it, or point BENCH_DATABASE_URL at one."
        ) from error
    with conn:
        if fresh:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        return not exists


def prepare(out) -> dict:
    """Migrate and load the demo data in this (Django-configured) process. Returns row counts
    benchmarks may want to print beside their figures."""
    from django.core.management import CommandError, call_command, get_commands

    from backend.municipality.models import Pourashava

    facts: dict = {}
    call_command("migrate", interactive=False, verbosity=0, stdout=io.StringIO())
    if "load_demo_data" in get_commands():
        try:
            call_command("load_demo_data", verbosity=0, stdout=io.StringIO())
        except CommandError as error:
            # One app's broken demo should not hide every other figure: say so, and go on with
            # the tenancy data the baseline needs (benchmarks needing more will fail visibly).
            out(f"WARNING: load_demo_data failed ({error}); loading the municipality demo only")
            facts["demo_data_error"] = str(error)
            call_command("load_demo_data", app=["municipality"], stdout=io.StringIO())
    if not Pourashava.objects.exists():
        _few_pourashavas()
        out("no demo pourashavas: loaded a few pourashava rows directly")
    facts["pourashavas"] = Pourashava.objects.count()
    return facts


def _few_pourashavas() -> None:
    from backend.municipality.models import Pourashava

    rows = [
        ("GOP", "Gopalganj", "গোপালগঞ্জ"),
        ("NAT", "Natore", "নাটোর"),
        ("FRD", "Faridpur", "ফরিদপুর"),
        ("MYM", "Mymensingh", "ময়মনসিংহ"),
        ("JHE", "Jhenaidah", "ঝিনাইদহ"),
    ]
    Pourashava.objects.bulk_create(
        [
            Pourashava(
                code=code,
                name_en=en,
                name_bn=bn,
                pourashava_class="A",
                district_en=en,
                district_bn=bn,
                upazila_en=f"{en} Sadar",
                upazila_bn=f"{bn} সদর",
                description="Benchmark data, not real records.",
            )
            for code, en, bn in rows
        ],
        ignore_conflicts=True,
    )
