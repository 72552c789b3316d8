"""Staff login with username and password."""

import pytest
from rest_framework.test import APIClient

from backend.identity.models import Role
from tests.factories import TEST_PASSWORD, CitizenFactory, RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db

STAFF_TOKEN = "/api/v1/auth/staff-token/"


@pytest.fixture
def clerk():
    assignment = RoleAssignmentFactory(role=Role.REVENUE_CLERK, user__username="clerk.natore")
    return assignment.user


def post(api, username, password, **extra):
    return api.post(
        STAFF_TOKEN, {"username": username, "password": password}, format="json", **extra
    )


@pytest.mark.argon2
def test_staff_with_a_role_gets_tokens(api, clerk):
    assert clerk.password.startswith("argon2$")
    answer = post(api, "clerk.natore", TEST_PASSWORD)
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["access"] and body["refresh"]
    assert body["user"]["username"] == "clerk.natore"
    assert [r["role"] for r in body["user"]["roles"]] == ["revenue_clerk"]
    # The token authenticates API calls as that staff member.
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert client.post("/api/v1/auth/token/refresh/", {"refresh": body["refresh"]}).status_code == (
        200
    )


def test_superuser_without_role_gets_tokens(api):
    UserFactory(username="root", is_staff=True, is_superuser=True)
    assert post(api, "root", TEST_PASSWORD).status_code == 200


def test_wrong_password_and_unknown_username_look_the_same(api, clerk):
    wrong = post(api, "clerk.natore", "not-the-password")
    unknown = post(api, "nobody.here", "not-the-password")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"


def test_citizen_user_cannot_get_staff_tokens(api):
    citizen = CitizenFactory()
    # With the right password (a citizen normally has none) the answer is still no.
    answer = post(api, citizen.user.username, TEST_PASSWORD)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "staff_only"
    # An OTP-created citizen has no usable password at all.
    from backend.identity.models import User

    otp_user = User.objects.create_user(username="01812345678")
    assert post(api, otp_user.username, "").status_code == 400  # blank password: invalid input
    assert post(api, otp_user.username, "anything").status_code == 401


def test_staff_flag_without_active_role_is_refused(api):
    assignment = RoleAssignmentFactory(role=Role.CASHIER, user__username="former", is_active=False)
    assert assignment.user.is_staff
    answer = post(api, "former", TEST_PASSWORD)
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "staff_only"


def test_disabled_staff_is_refused_like_a_wrong_password(api, clerk):
    clerk.is_active = False
    clerk.save()
    answer = post(api, "clerk.natore", TEST_PASSWORD)
    assert answer.status_code == 401
    assert answer.json()["error"]["code"] == "invalid_credentials"


def test_repeated_failures_lock_the_username_from_that_address(api, clerk, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 3
    settings.STAFF_LOGIN_LOCK_SECONDS = 600
    settings.STAFF_LOGIN_DELAY_AFTER = 3  # no growing delay before the lock, here
    for _ in range(3):
        assert post(api, "clerk.natore", "guess").status_code == 401
    # Locked from this address: even the right password is refused for now, with Retry-After.
    locked = post(api, "clerk.natore", TEST_PASSWORD)
    assert locked.status_code == 429
    assert locked.json()["error"]["code"] == "login_locked"
    assert 590 <= int(locked["Retry-After"]) <= 601
    # The lock is per username (case-insensitive) and address, not global.
    assert post(api, "CLERK.NATORE", TEST_PASSWORD).status_code == 429
    RoleAssignmentFactory(role=Role.CASHIER, user__username="cashier.natore")
    assert post(api, "cashier.natore", TEST_PASSWORD).status_code == 200
    assert post(api, "clerk.natore", TEST_PASSWORD, REMOTE_ADDR="10.9.8.7").status_code == 200


def test_unknown_usernames_are_locked_too(api, settings):
    """Otherwise a lock would reveal which usernames exist."""
    settings.STAFF_LOGIN_MAX_FAILURES = 2
    for _ in range(2):
        assert post(api, "ghost", "guess").status_code == 401
    assert post(api, "ghost", "guess").status_code == 429


def test_success_resets_the_failure_count(api, clerk, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 3
    post(api, "clerk.natore", "guess")
    post(api, "clerk.natore", "guess")
    assert post(api, "clerk.natore", TEST_PASSWORD).status_code == 200
    post(api, "clerk.natore", "guess")
    post(api, "clerk.natore", "guess")
    assert post(api, "clerk.natore", TEST_PASSWORD).status_code == 200


def test_lock_message_in_bangla(api, clerk, settings):
    settings.STAFF_LOGIN_MAX_FAILURES = 1
    post(api, "clerk.natore", "guess")
    answer = post(api, "clerk.natore", "guess", HTTP_ACCEPT_LANGUAGE="bn")
    assert answer.status_code == 429
    assert "সেকেন্ড পরে" in answer.json()["error"]["message"]
