"""A login token issued before a password change, a deactivation or a role withdrawn is refused
on its very next request (401, the project's error body), however much of its 30 minutes is
left; and its refresh token cannot mint new ones. Tokens issued afterwards work, and nobody
else's tokens are touched."""

import pytest
from rest_framework.test import APIClient

from backend.identity.api.auth import tokens_for
from backend.identity.models import Role, RoleAssignment, User
from tests.factories import (
    TEST_PASSWORD,
    CitizenFactory,
    PourashavaFactory,
    RoleAssignmentFactory,
    UserFactory,
    staff_member,
)

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"
MEMBERS = "/api/v1/staff/members/"
STAFF_TOKEN = "/api/v1/auth/staff-token/"
REFRESH = "/api/v1/auth/token/refresh/"


def bearer(access: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    return client


def assert_refused(response) -> None:
    assert response.status_code == 401, response.content
    error = response.json()["error"]
    assert error["code"] == "authentication_failed"
    assert error["message"]


def assert_cannot_refresh(refresh: str) -> None:
    response = APIClient().post(REFRESH, {"refresh": refresh}, format="json")
    assert response.status_code == 401, response.content
    assert response.json()["error"]["code"] == "token_invalid"


@pytest.fixture
def natore():
    return PourashavaFactory(code="NAT")


@pytest.fixture
def clerk(natore) -> User:
    return staff_member(Role.REVENUE_CLERK, natore, user__username="clerk.natore")


def staff_login(username: str, password: str = TEST_PASSWORD) -> dict:
    response = APIClient().post(
        STAFF_TOKEN, {"username": username, "password": password}, format="json"
    )
    assert response.status_code == 200, response.content
    return response.json()


def test_a_password_changed_in_the_panel_ends_the_tokens_issued_before(client, clerk):
    tokens = staff_login("clerk.natore")
    colleague = staff_member(Role.CASHIER, clerk.roles.get().pourashava)
    colleague_tokens = tokens_for(colleague)
    assert bearer(tokens["access"]).get(MEMBERS).status_code == 403  # signed in, not oversight

    admin = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(admin)
    changed = client.post(
        f"/admin/identity/user/{clerk.pk}/password/",
        {"password1": "a-brand-new-passphrase", "password2": "a-brand-new-passphrase"},
    )
    assert changed.status_code == 302, changed.content

    assert_refused(bearer(tokens["access"]).get(MEMBERS))
    assert_cannot_refresh(tokens["refresh"])
    # A fresh login with the new password works; a colleague's session is untouched.
    fresh = staff_login("clerk.natore", "a-brand-new-passphrase")
    assert bearer(fresh["access"]).get(MEMBERS).status_code == 403
    assert bearer(colleague_tokens["access"]).get(MEMBERS).status_code == 403


def test_a_password_set_in_code_or_removed_ends_the_tokens_too(clerk):
    before = tokens_for(clerk)
    clerk.set_password("another-long-passphrase")
    clerk.save(update_fields=["password"])  # the version goes in even with update_fields
    assert_refused(bearer(before["access"]).get(ME))

    after = tokens_for(clerk)
    assert bearer(after["access"]).get(ME).status_code == 403  # signed in, not a citizen
    clerk.set_unusable_password()
    clerk.save()
    assert_refused(bearer(after["access"]).get(ME))


def test_a_password_hash_upgraded_at_login_ends_nothing(settings, clerk):
    tokens = tokens_for(clerk)
    # Logging in with a hash made by an older hasher re-hashes it: not a password change.
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert clerk.password.startswith("md5$")
    staff_login("clerk.natore")
    assert User.objects.get(pk=clerk.pk).password.startswith("pbkdf2_")
    assert bearer(tokens["access"]).get(ME).status_code == 403


def test_a_deactivated_then_reactivated_citizen_must_log_in_again():
    citizen = CitizenFactory()
    tokens = tokens_for(citizen.user)
    client = bearer(tokens["access"])
    assert client.get(ME).status_code == 200

    user = citizen.user
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert_refused(client.get(ME))
    user.is_active = True
    user.save(update_fields=["is_active"])
    # Active again, but what was issued before the deactivation stays dead.
    assert_refused(client.get(ME))
    assert_cannot_refresh(tokens["refresh"])
    assert bearer(tokens_for(user)["access"]).get(ME).status_code == 200


def test_a_role_withdrawn_by_the_secretary_ends_the_members_tokens(natore, clerk):
    secretary = staff_member(Role.SECRETARY, natore)
    tokens = staff_login("clerk.natore")
    client = bearer(tokens["access"])
    assert client.get("/api/v1/staff/holdings/").status_code == 200

    assignment = clerk.roles.get()
    withdrawn = bearer(tokens_for(secretary)["access"]).patch(
        f"{MEMBERS}{assignment.pk}/", {"is_active": False}, format="json"
    )
    assert withdrawn.status_code == 200, withdrawn.content

    assert_refused(client.get("/api/v1/staff/holdings/"))
    assert_refused(client.get(ME))
    assert_cannot_refresh(tokens["refresh"])


def test_a_role_deleted_ends_the_tokens_and_granting_one_does_not(natore, clerk):
    tokens = tokens_for(clerk)
    RoleAssignmentFactory(user=clerk, role=Role.CASHIER, pourashava=natore)  # a role added
    assert bearer(tokens["access"]).get(ME).status_code == 403  # still signed in

    RoleAssignment.objects.filter(user=clerk, role=Role.CASHIER).delete()  # queryset delete too
    assert_refused(bearer(tokens["access"]).get(ME))


def test_refreshed_tokens_carry_the_version_and_die_with_it(clerk):
    tokens = staff_login("clerk.natore")
    refreshed = APIClient().post(REFRESH, {"refresh": tokens["refresh"]}, format="json").json()
    assert bearer(refreshed["access"]).get(ME).status_code == 403

    clerk.roles.update(is_active=True)  # no change of role: nothing revoked
    assert bearer(refreshed["access"]).get(ME).status_code == 403
    assignment = clerk.roles.get()
    assignment.is_active = False
    assignment.save()
    assert_refused(bearer(refreshed["access"]).get(ME))
    assert_cannot_refresh(refreshed["refresh"])


def test_the_version_check_costs_no_query(django_assert_num_queries):
    from backend.identity.authentication import JWTAuthentication

    citizen = CitizenFactory()
    access = tokens_for(citizen.user)["access"]
    auth = JWTAuthentication()
    auth.get_user(auth.get_validated_token(access.encode()))  # warm: the SQL is built once
    with django_assert_num_queries(1):  # user and citizen, version included: one query
        user = auth.get_user(auth.get_validated_token(access.encode()))
    assert user.pk == citizen.user.pk
