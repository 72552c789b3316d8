"""docker-compose.yml and the Dockerfile, checked against the code they run.

There is no Docker engine where the tests run, so the files are read, not run: every command a
container of ours runs must exist in this project, every environment name must be one the
settings read, every long-running service must have a health check and every one-shot a service
that waits for it to succeed.
"""

import ast
import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml
from celery import Celery
from celery.app.utils import find_app
from celery.bin.celery import celery as celery_cli
from django.core.management import get_commands
from django.utils.module_loading import import_string

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
SERVICES: dict[str, dict] = COMPOSE["services"]
# Services built from this repository run the project's code; the rest are stock images.
APP_SERVICES = {name: s for name, s in SERVICES.items() if "build" in s}
DOCKERFILE = (ROOT / "Dockerfile").read_text()


def _interpolate(value: str, given: dict[str, str]) -> str:
    """Compose's ${NAME}, ${NAME:-default} and ${NAME:?error}, with `given` as the shell."""

    def substitute(match: re.Match) -> str:
        name, operator, rest = match.group(1), match.group(2), match.group(3) or ""
        if name in given:
            return given[name]
        if operator == ":?":
            raise KeyError(f"{name} must be set: {rest}")
        return rest

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", substitute, value).replace("$$", "$")


def _argv(command) -> list[str]:
    return list(command) if isinstance(command, list) else shlex.split(command)


def _healthcheck_argv(service: dict) -> list[str]:
    test = service["healthcheck"]["test"]
    if test[0] == "CMD":
        return test[1:]
    assert test[0] == "CMD-SHELL", test
    return shlex.split(test[1].replace("$$", "$"))


def _option(argv: list[str], *names: str) -> str | None:
    for i, arg in enumerate(argv):
        for name in names:
            if arg == name:
                return argv[i + 1]
            if arg.startswith(name + "="):
                return arg.split("=", 1)[1]
    return None


def assert_entry_point_exists(argv: list[str]) -> None:
    """The program and its first arguments name something this project really has."""
    program = argv[0]
    if program == "python":
        target = argv[1]
        if target == "manage.py":
            assert argv[2] in get_commands(), f"no management command {argv[2]!r}"
        else:
            assert (ROOT / target).is_file(), f"{target} does not exist"
    elif program == "celery":
        app_name = _option(argv, "-A", "--app")
        assert app_name == "backend", argv
        assert isinstance(find_app(app_name), Celery)
        subcommand = next(a for a in argv[1:] if not a.startswith("-") and a != app_name)
        assert subcommand in celery_cli.commands, f"celery has no {subcommand!r} command"
    elif program == "gunicorn":
        config = _option(argv, "-c", "--config")
        assert config is not None and (ROOT / config).is_file(), f"gunicorn config {config}"
        module, _, attribute = argv[-1].partition(":")
        assert callable(import_string(f"{module}.{attribute}")), argv[-1]
    else:
        pytest.fail(f"unknown entry point {program!r} in {argv}")


def _settings_env_names() -> set[str]:
    """Names the settings read with django-environ (`env.str("NAME", ...)`, `env("NAME")`), plus
    those deploy/*.py read from os.environ (gunicorn's own settings)."""
    names: set[str] = set()
    tree = ast.parse((ROOT / "backend" / "settings.py").read_text())
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and node.args):
            continue
        func = node.func
        is_env = (isinstance(func, ast.Name) and func.id == "env") or (
            isinstance(func, ast.Attribute)
            and isinstance(func.value, ast.Name)
            and func.value.id == "env"
        )
        first = node.args[0]
        if is_env and isinstance(first, ast.Constant) and isinstance(first.value, str):
            names.add(first.value)
    for path in (ROOT / "deploy").glob("*.py"):
        names |= set(re.findall(r"os\.environ(?:\.get)?[\[(]\"(\w+)\"", path.read_text()))
    return names


# Compose ------------------------------------------------------------------------------------


def test_the_stack_has_every_production_service():
    assert {"web", "worker", "beat", "migrate", "postgres", "redis", "minio"} <= set(SERVICES)
    assert {"web", "worker", "beat", "migrate"} <= set(APP_SERVICES)


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_project_services_run_commands_that_exist(name):
    assert_entry_point_exists(_argv(APP_SERVICES[name]["command"]))


@pytest.mark.parametrize("name", sorted(n for n, s in APP_SERVICES.items() if "healthcheck" in s))
def test_project_health_checks_run_commands_that_exist(name):
    assert_entry_point_exists(_healthcheck_argv(APP_SERVICES[name]))


def test_each_process_runs_what_its_name_says():
    assert _argv(SERVICES["web"]["command"])[0] == "gunicorn"
    assert _argv(SERVICES["worker"]["command"])[:4] == ["celery", "-A", "backend", "worker"]
    assert _argv(SERVICES["beat"]["command"])[:4] == ["celery", "-A", "backend", "beat"]
    assert _argv(SERVICES["migrate"]["command"]) == ["python", "manage.py", "migrate", "--noinput"]


def _one_shots() -> set[str]:
    return {name for name, s in SERVICES.items() if s.get("restart") == "no"}


def _waited_on_until_done() -> set[str]:
    return {
        target
        for service in SERVICES.values()
        for target, dep in (service.get("depends_on") or {}).items()
        if dep.get("condition") == "service_completed_successfully"
    }


@pytest.mark.parametrize("name", sorted(SERVICES))
def test_every_service_has_a_health_check_or_is_a_one_shot_others_wait_for(name):
    service = SERVICES[name]
    if name in _one_shots():
        assert "healthcheck" not in service
        assert name in _waited_on_until_done(), f"{name} runs once but nothing waits for it"
    else:
        check = service.get("healthcheck")
        assert check and check["test"] and check["test"][0] in {"CMD", "CMD-SHELL"}, name
        assert service.get("restart") in {"unless-stopped", "always"}, name


@pytest.mark.parametrize("name", ["web", "worker", "beat"])
def test_app_processes_start_only_after_migrate_succeeded(name):
    assert SERVICES[name]["depends_on"]["migrate"] == {
        "condition": "service_completed_successfully"
    }


def test_migrate_waits_for_a_healthy_database_and_files_wait_for_their_bucket():
    assert SERVICES["migrate"]["depends_on"]["postgres"]["condition"] == "service_healthy"
    assert "createbuckets" in _one_shots()
    for name in ("web", "worker"):
        assert SERVICES[name]["depends_on"]["createbuckets"] == {
            "condition": "service_completed_successfully"
        }


def test_every_dependency_condition_can_be_met():
    for name, service in SERVICES.items():
        for target, dep in (service.get("depends_on") or {}).items():
            assert target in SERVICES, f"{name} depends on unknown {target}"
            if dep["condition"] == "service_healthy":
                assert "healthcheck" in SERVICES[target], f"{name}: {target} has no health check"
            else:
                assert dep["condition"] == "service_completed_successfully"
                assert target in _one_shots(), f"{name} waits for {target} to exit"


def test_named_volumes_are_declared():
    declared = set(COMPOSE.get("volumes") or {})
    for service in SERVICES.values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in declared, source


@pytest.mark.parametrize("name", sorted(APP_SERVICES))
def test_environment_names_are_ones_the_settings_read(name):
    unknown = set(APP_SERVICES[name]["environment"]) - _settings_env_names()
    assert not unknown, f"{name} sets names nothing reads: {sorted(unknown)}"


def test_production_values_are_set_and_the_secret_is_required():
    env = SERVICES["web"]["environment"]
    assert env["DJANGO_DEBUG"] == "false"
    assert env["STORAGE_BACKEND"] == "s3"
    with pytest.raises(KeyError, match="SECRET_KEY"):
        _interpolate(env["SECRET_KEY"], {})
    # Web, worker, beat and migrate must agree on where the data, the queue and the files are.
    shared = [k for k in env if k.startswith(("DATABASE", "CELERY", "CACHE", "STORAGE", "AWS_"))]
    shared += ["SECRET_KEY", "DJANGO_DEBUG"]
    for name, service in APP_SERVICES.items():
        mine = {k: service["environment"].get(k) for k in shared}
        assert mine == {k: env[k] for k in shared}, name


def test_service_addresses_point_at_services_of_the_stack():
    env = SERVICES["web"]["environment"]
    for key in ("DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "AWS_S3_ENDPOINT_URL"):
        host = urlsplit(_interpolate(env[key], {})).hostname
        assert host in SERVICES, f"{key} points at {host}, not a service of the stack"
    bucket = _interpolate(env["AWS_STORAGE_BUCKET_NAME"], {})
    create = SERVICES["createbuckets"]
    assert _interpolate(create["environment"]["AWS_STORAGE_BUCKET_NAME"], {}) == bucket
    assert "mc mb" in " ".join(create["command"])


def test_settings_load_the_production_shape_from_the_compose_environment():
    """The real settings module, in a fresh interpreter, with the web container's environment."""
    given = {"SECRET_KEY": "x" * 50}
    env = {k: _interpolate(str(v), given) for k, v in SERVICES["web"]["environment"].items()}
    probe = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'debug': s.DEBUG, 'db': [s.DATABASES['default']['ENGINE'], "
        "s.DATABASES['default']['HOST']], 'storage': s.STORAGES['default'], "
        "'cache': s.CACHES['default']['BACKEND'], 'broker': s.CELERY_BROKER_URL, "
        "'eager': s.CELERY_TASK_ALWAYS_EAGER}, default=str))"
    )
    keep = {k: os.environ[k] for k in ("PATH", "HOME", "LANG") if k in os.environ}
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        env={**keep, **env, "DJANGO_SETTINGS_MODULE": "backend.settings"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert loaded["debug"] is False
    assert loaded["db"] == ["django.db.backends.postgresql", "postgres"]
    assert loaded["storage"]["BACKEND"] == "storages.backends.s3.S3Storage"
    assert loaded["storage"]["OPTIONS"]["endpoint_url"] == "http://minio:9000"
    assert loaded["storage"]["OPTIONS"]["bucket_name"] == "pourashava-media"
    assert "redis" in loaded["cache"].lower()
    assert loaded["broker"] == "redis://redis:6379/0"
    assert loaded["eager"] is False


def test_web_publishes_the_port_gunicorn_binds():
    published = SERVICES["web"]["ports"][0]
    container_port = _interpolate(published, {}).rsplit(":", 1)[1]
    config = (ROOT / "deploy" / "gunicorn.conf.py").read_text()
    assert f'"0.0.0.0:{container_port}"' in config
    assert f"http://127.0.0.1:{container_port}/readyz" in SERVICES["web"]["healthcheck"]["test"]


# Dockerfile ---------------------------------------------------------------------------------


def _dockerfile_instructions() -> list[tuple[str, str]]:
    joined = re.sub(r"\\\n", " ", DOCKERFILE)
    lines = [line.strip() for line in joined.splitlines()]
    return [
        (line.split(None, 1)[0].upper(), line.split(None, 1)[1])
        for line in lines
        if line and not line.startswith("#")
    ]


def _dockerignored() -> list[str]:
    lines = (ROOT / ".dockerignore").read_text().splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def test_dockerfile_copy_sources_exist_and_are_in_the_build_context():
    copies = [args for op, args in _dockerfile_instructions() if op == "COPY"]
    assert copies
    ignored = _dockerignored()
    for args in copies:
        parts = [p for p in shlex.split(args) if not p.startswith("--")]
        for source in parts[:-1]:
            assert (ROOT / source).exists(), f"COPY {source}: no such file in the repository"
            top = source.split("/")[0]
            assert top not in ignored and source not in ignored, f"{source} is dockerignored"


def test_the_image_runs_this_projects_python_and_installs_the_lock():
    base = next(args for op, args in _dockerfile_instructions() if op == "FROM")
    match = re.match(r"python:(\d+\.\d+)-slim", base)
    assert match, base
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    major, minor = (int(x) for x in match.group(1).split("."))
    assert f">={major}.{minor}" in pyproject["project"]["requires-python"]
    assert "requirements/base.lock" in DOCKERFILE
    assert any(op == "USER" and args != "root" for op, args in _dockerfile_instructions())


def test_the_image_default_command_is_the_web_command():
    cmd = next(args for op, args in reversed(_dockerfile_instructions()) if op == "CMD")
    argv = json.loads(cmd)
    assert argv == _argv(SERVICES["web"]["command"])
    assert_entry_point_exists(argv)


def test_collectstatic_at_build_uses_a_real_management_command():
    runs = [args for op, args in _dockerfile_instructions() if op == "RUN"]
    collect = next(r for r in runs if "manage.py" in r)
    argv = shlex.split(collect)
    start = argv.index("python")
    assert_entry_point_exists(argv[start : start + 3])
    assert argv[start + 2] == "collectstatic"


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_database_is_started_with_settings_postgresql_accepts():
    """A misspelt `-c` setting stops the database from starting: only a deploy would tell.
    Each one is checked against the real server: the name exists, and the default value
    converts in the setting's own unit."""
    from django.db import connection

    argv = _argv(SERVICES["postgres"]["command"])
    assert argv[0] == "postgres"
    flags = [_interpolate(value, {}) for option, value in pairwise(argv) if option == "-c"]
    assert flags, "the compose file sizes the database"
    with connection.cursor() as cursor:
        for flag in flags:
            name, value = flag.split("=", 1)
            cursor.execute("SELECT unit FROM pg_settings WHERE name = %s", [name])
            row = cursor.fetchone()
            assert row is not None, f"PostgreSQL has no setting {name}"
            # The value parses as this setting's kind (size or duration): SHOW-style text
            # compared through pg_size_bytes or an interval.
            if row[0] in ("8kB", "kB", "MB"):
                cursor.execute("SELECT pg_size_bytes(%s) > 0", [value])
            else:
                cursor.execute("SELECT %s::interval > interval '0'", [value])
            assert cursor.fetchone()[0] is True, flag
