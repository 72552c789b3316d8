"""Health probes: what an orchestrator sees when the process, the database or the broker is
up or down."""

import os
import socket

import pytest
from django.db import OperationalError
from django.test import override_settings

from backend.common import health


def _closed_port() -> int:
    """A loopback port nothing listens on: bind it, then let it go."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client):
    # No django_db mark: pytest-django makes any database access here an error.
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_readyz_is_ready_with_the_database_up_and_eager_tasks(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ready",
        "database": "ok",
        "broker": "not configured (eager tasks)",
    }


@pytest.mark.django_db
def test_readyz_is_not_ready_when_the_broker_port_is_closed(client):
    with override_settings(CELERY_BROKER_URL=f"redis://127.0.0.1:{_closed_port()}/0"):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {
        "status": "not ready",
        "database": "ok",
        "broker": "unreachable",
    }


@pytest.mark.django_db
@pytest.mark.skipif(
    not os.environ.get("CELERY_BROKER_URL"),
    reason="needs a running broker in CELERY_BROKER_URL (CI sets one)",
)
def test_readyz_is_ready_with_a_reachable_broker(client):
    with override_settings(CELERY_BROKER_URL=os.environ["CELERY_BROKER_URL"]):
        response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["broker"] == "ok"


class _DownConnection:
    def cursor(self):
        raise OperationalError("connection refused")


@pytest.mark.django_db
@override_settings(CELERY_BROKER_URL="")
def test_readyz_is_not_ready_when_the_database_is_down(client, monkeypatch):
    monkeypatch.setattr(health, "connection", _DownConnection())
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["status"] == "not ready"
    assert response.json()["database"] == "unreachable"
