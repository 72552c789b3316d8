"""The API against its own OpenAPI schema (schemathesis, in process over WSGI): for every
operation, generated and example requests as an anonymous caller, as a citizen logged in by OTP
and as a clerk logged in with a password. No answer may be a 5xx, and every status code, content
type, header and body must be the one the schema documents.

Bounded so it fits in CI: deterministic generation (a fixed seed per operation), a few examples
each.
Runs on PostgreSQL in .ci/run (`make test`), where a NUL byte or an odd Unicode character
reaches the database for real.
"""

import json

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient
from schemathesis import checks

from backend.identity.models import Role
from tests.backend.notifications.outbox import SmsOutbox
from tests.factories import staff_member
from tests.services.certificates.helpers import make_town

pytestmark = pytest.mark.django_db

MAX_EXAMPLES = 12
CLERK_PASSWORD = "contract-Test-password-2026"
CITIZEN_MOBILE = "01712345678"

CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


def _load() -> schemathesis.BaseSchema:
    """The schema as /api/schema/ serves it (drf-spectacular), loaded at collection so each
    operation is a test of its own; requests go to the Django app in process (WSGI)."""
    generated = SchemaGenerator().get_schema(request=None, public=True)
    loaded = schemathesis.openapi.from_dict(json.loads(OpenApiJsonRenderer().render(generated)))
    loaded.app = get_wsgi_application()
    # Deterministic: Hypothesis derives each operation's examples from a fixed seed (the
    # test's name), so a run repeats exactly and a failure reproduces.
    loaded.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
    # Gateway callbacks and IPNs are driven by the gateways with signed payloads, and only
    # mean something against a payment a gateway knows; they are tested with recorded and
    # signed payloads in tests/backend/payments (test_online.py, gateways/). The sandboxes
    # (/sandbox/) are not part of the API schema at all.
    return loaded.exclude(path_regex=r"^/api/v1/payments/callback/")


def call(case, token: str | None = None) -> None:
    """One request through Django's WSGI handler, checked against the schema. The handler closes
    "old" connections at each request's start and end, which inside the test's transaction
    would close it (on PostgreSQL); Django's own test client disconnects that for the same
    reason (and connects it again after each of its requests, so it is done here per call)."""
    headers = {"Authorization": f"Bearer {token}"} if token else None
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        case.call_and_validate(headers=headers, checks=CHECKS)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def world(settings):
    """One pourashava with the default certificate types, a citizen and a clerk (secretary)."""
    settings.SMS_BACKEND = "memory"
    settings.OTP_MAX_PER_NUMBER_PER_HOUR = 1000
    settings.OTP_MAX_PER_ADDRESS_PER_HOUR = 1000
    return make_town("NAT")


def _citizen_token() -> str:
    """The citizen's way in: an OTP by SMS (read from the memory outbox), then the token."""
    sms = SmsOutbox()
    sms.clear()
    api = APIClient()
    assert (
        api.post("/api/v1/auth/otp/", {"mobile": CITIZEN_MOBILE}, format="json").status_code == 202
    )
    code = sms.code_for(CITIZEN_MOBILE)
    answer = api.post(
        "/api/v1/auth/token/", {"mobile": CITIZEN_MOBILE, "code": code}, format="json"
    )
    assert answer.status_code == 200, answer.content
    return answer.json()["access"]


def _clerk_token(town) -> str:
    """A clerk's way in: username and password at /auth/staff-token/."""
    clerk = staff_member(Role.SECRETARY, town.pourashava)
    clerk.set_password(CLERK_PASSWORD)
    clerk.save()
    answer = APIClient().post(
        "/api/v1/auth/staff-token/",
        {"username": clerk.username, "password": CLERK_PASSWORD},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    return answer.json()["access"]


@pytest.fixture
def citizen_token(world) -> str:
    return _citizen_token()


@pytest.fixture
def clerk_token(world) -> str:
    return _clerk_token(world)


schema = _load()
# The world and tokens are made once per operation and shared by its examples (on purpose).
FIXTURES_PER_OPERATION = hypothesis_settings(
    suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@schema.parametrize()
@FIXTURES_PER_OPERATION
def test_anonymous(case, world):
    call(case)


@schema.parametrize()
@FIXTURES_PER_OPERATION
def test_citizen(case, citizen_token):
    call(case, citizen_token)


@schema.parametrize()
@FIXTURES_PER_OPERATION
def test_clerk(case, clerk_token):
    call(case, clerk_token)
