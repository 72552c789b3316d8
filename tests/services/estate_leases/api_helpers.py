"""Driving the lease API as staff (real bearer tokens) and checking a refusal: a 4xx with its
code, a message in Bangla and English, and nothing written."""

import hashlib

from django.apps import apps
from django.db import connection
from rest_framework.test import APIClient

from backend.identity.api.auth import tokens_for

BASE = "/api/v1/staff/estate/"


def client_for(user) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens_for(user)['access']}")
    return client


def _digest() -> str:
    """A digest of every table of the lease app, identity and payments (what a refusal must not
    touch)."""
    parts = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label not in {"estate_leases", "identity", "payments", "workflow"}:
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT * FROM {table}")
            parts.append(repr(sorted(map(repr, cursor.fetchall()))))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def refused(client: APIClient, method: str, url: str, body=None, *, code: str, status: int):
    """Send the request in Bangla and in English: each is refused with `status` and `code`,
    in its own language, and the database is as it was. Returns the two messages."""
    messages = {}
    for language in ("bn", "en"):
        before = _digest()
        response = getattr(client, method)(
            url, body or {}, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.status_code == status, response.content
        error = response.json()["error"]
        assert error["code"] == code, error
        messages[language] = error["message"]
        assert _digest() == before, "a refused request wrote something"
    assert messages["bn"] != messages["en"]
    assert any("\u0980" <= ch <= "\u09ff" for ch in messages["bn"])  # Bangla script
    return messages
