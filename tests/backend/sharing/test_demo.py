"""The demo loader makes the demo agencies and prints credentials that work at the real token
endpoint; running it again changes nothing and prints the same."""

from base64 import b64encode

import pytest
from rest_framework.test import APIClient

from backend.sharing import demo
from backend.sharing.models import Agency

pytestmark = pytest.mark.django_db


def test_the_demo_agencies_credentials_as_printed_get_a_token():
    lines: list[str] = []
    demo.load(lines.append)
    demo.load(lines.append)  # idempotent
    assert Agency.objects.count() == len(demo.DEMO_AGENCIES)
    printed = next(line for line in lines if "demo-sub-registrar" in line and "secret=" in line)
    client_id = printed.split("client_id=")[1].split()[0]
    secret = printed.split("client_secret=")[1].split()[0]
    response = APIClient().post(
        "/api/gov/v1/token/",
        {"grant_type": "client_credentials"},
        HTTP_AUTHORIZATION="Basic " + b64encode(f"{client_id}:{secret}".encode()).decode(),
    )
    assert response.status_code == 200, response.content
    assert set(response.json()["scope"].split()) == {"holding_tax", "holding_tax:personal"}
