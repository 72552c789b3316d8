"""Staff endpoints: who works where (role assignments), granting and withdrawing roles, and the
audit log that records each of those writes."""

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from backend.identity.models import AuditEntry, Role, RoleAssignment, User
from tests.backend.identity.factories import (  # noqa: F401 (fast_passwords: a fixture)
    AuditEntryFactory,
    PourashavaFactory,
    WardFactory,
    councillor,
    fast_passwords,
    member,
    udc_operator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

MEMBERS = "/api/v1/staff/members/"
AUDIT = "/api/v1/staff/audit/"
STRONG = "kadam-phul-borsha-1432"


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


@pytest.fixture
def natore():
    return PourashavaFactory(code="NAT", name_en="Natore")


@pytest.fixture
def secretary(natore):
    return member(Role.SECRETARY, natore)


def test_list_shows_the_pourashavas_staff_with_names_roles_wards_and_centres(natore, secretary):
    cashier = member(Role.CASHIER, natore)
    ward_man = councillor(natore, 3)
    operator, _ = udc_operator(natore)  # centre-bound: not a Natore row
    other = member(Role.CASHIER, PourashavaFactory(code="FRD"))

    answer = client_for(secretary).get(MEMBERS)
    assert answer.status_code == 200
    rows = {row["username"]: row for row in answer.json()["results"]}
    assert set(rows) == {secretary.username, cashier.username, ward_man.username}
    assert other.username not in rows and operator.username not in rows
    assert rows[ward_man.username]["ward"] == 3
    assert rows[ward_man.username]["role"] == Role.WARD_COUNCILLOR
    assert rows[cashier.username]["pourashava"] == "NAT"
    assert rows[cashier.username]["full_name"] == cashier.full_name


def test_list_query_count_does_not_grow_with_rows(natore, secretary):
    client = client_for(secretary)
    client.get(MEMBERS)  # the caller's roles are read once and kept
    for _ in range(3):
        member(Role.CASHIER, natore)
    with CaptureQueriesContext(connection) as few:
        assert client.get(MEMBERS).status_code == 200
    for _ in range(12):
        member(Role.ASSESSOR, natore)
    with CaptureQueriesContext(connection) as many:
        assert client.get(MEMBERS).status_code == 200
    assert len(many) == len(few)


def test_secretary_creates_a_staff_user_with_a_hashed_validated_password(
    natore, secretary, settings
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    answer = client_for(secretary).post(
        MEMBERS,
        {
            "username": "nat.cashier2",
            "full_name": "Nasima Akter",
            "password": STRONG,
            "role": "cashier",
        },
        format="json",
    )
    assert answer.status_code == 201, answer.content
    assert answer.json()["pourashava"] == "NAT"  # the secretary's own, by default
    assert "password" not in answer.json()
    user = User.objects.get(username="nat.cashier2")
    assert identify_hasher(user.password).algorithm == "argon2"
    assert user.check_password(STRONG) and user.is_staff
    assignment = RoleAssignment.objects.get(user=user)
    assert (assignment.role, assignment.pourashava, assignment.granted_by) == (
        Role.CASHIER,
        natore,
        secretary,
    )
    # Both the new login and the grant are audited, without the password hash.
    entries = AuditEntry.objects.filter(actor=secretary, pourashava=natore)
    assert set(entries.values_list("action", flat=True)) == {"staff_user.create", "role.grant"}
    assert all("password" not in (e.after or {}) for e in entries)


def test_weak_password_and_missing_password_are_refused(natore, secretary):
    client = client_for(secretary)
    weak = client.post(
        MEMBERS, {"username": "nat.x", "password": "12345678", "role": "cashier"}, format="json"
    )
    assert weak.status_code == 400
    assert weak.json()["error"]["code"] == "password_too_weak"
    assert "password" in weak.json()["error"]["fields"]
    missing = client.post(MEMBERS, {"username": "nat.x", "role": "cashier"}, format="json")
    assert missing.status_code == 400 and missing.json()["error"]["code"] == "password_required"
    assert not User.objects.filter(username="nat.x").exists()
    assert not AuditEntry.objects.exists()


def test_granting_to_an_existing_user_never_resets_their_password(natore, secretary):
    existing = member(Role.CASHIER, PourashavaFactory(code="SIN"))
    client = client_for(secretary)
    hijack = client.post(
        MEMBERS,
        {"username": existing.username, "password": STRONG, "role": "assessor"},
        format="json",
    )
    assert hijack.status_code == 409
    assert not existing.roles.filter(pourashava=natore).exists()
    existing.refresh_from_db()
    assert not existing.check_password(STRONG)
    granted = client.post(
        MEMBERS, {"username": existing.username, "role": "assessor"}, format="json"
    )
    assert granted.status_code == 201
    again = client.post(MEMBERS, {"username": existing.username, "role": "assessor"}, format="json")
    assert again.status_code == 409 and again.json()["error"]["code"] == "role_already_granted"


def test_ward_councillor_needs_a_ward_of_this_pourashava(natore, secretary):
    WardFactory(pourashava=natore, number=4)
    WardFactory(pourashava=PourashavaFactory(code="FRD"), number=9)
    client = client_for(secretary)
    base = {"username": "nat.c4", "password": STRONG, "role": "ward_councillor"}
    assert client.post(MEMBERS, base, format="json").status_code == 400
    assert client.post(MEMBERS, {**base, "ward": "9"}, format="json").status_code == 404
    made = client.post(MEMBERS, {**base, "ward": "৪"}, format="json")  # Bangla digit
    assert made.status_code == 201, made.content
    assert made.json()["ward"] == 4


@pytest.mark.parametrize(
    ("granter", "role", "allowed"),
    [
        (Role.SECRETARY, Role.CASHIER, True),
        (Role.SECRETARY, Role.SECRETARY, False),
        (Role.SECRETARY, Role.MAYOR, False),
        (Role.MAYOR, Role.SECRETARY, True),
        (Role.MAYOR, Role.MAYOR, False),
        (Role.SECRETARY, Role.NATIONAL_VIEWER, False),
        (Role.MAYOR, Role.UDC_OPERATOR, False),
    ],
)
def test_who_may_grant_what(natore, granter, role, allowed):
    actor = member(granter, natore)
    answer = client_for(actor).post(
        MEMBERS, {"username": "new.one", "password": STRONG, "role": role}, format="json"
    )
    if allowed:
        assert answer.status_code == 201, answer.content
    else:
        assert answer.status_code == 403, answer.content
        assert not User.objects.filter(username="new.one").exists()


def test_roles_that_may_not_grant_get_403(natore):
    for role in (Role.CASHIER, Role.ASSESSOR, Role.NATIONAL_VIEWER):
        actor = member(role, natore if role != Role.NATIONAL_VIEWER else None)
        answer = client_for(actor).post(
            MEMBERS,
            {"username": "new.two", "password": STRONG, "role": "cashier", "pourashava": "NAT"},
        )
        assert answer.status_code == 403
    assert not User.objects.filter(username="new.two").exists()


def test_secretary_cannot_grant_in_another_pourashava(natore, secretary):
    PourashavaFactory(code="FRD")
    answer = client_for(secretary).post(
        MEMBERS,
        {"username": "frd.cashier", "password": STRONG, "role": "cashier", "pourashava": "FRD"},
        format="json",
    )
    assert answer.status_code == 403
    assert not User.objects.filter(username="frd.cashier").exists()


def test_deactivate_and_reactivate_are_audited(natore, secretary):
    cashier = member(Role.CASHIER, natore)
    assignment = cashier.roles.get()
    client = client_for(secretary)
    off = client.patch(f"{MEMBERS}{assignment.pk}/", {"is_active": False}, format="json")
    assert off.status_code == 200 and off.json()["is_active"] is False
    assignment.refresh_from_db()
    assert assignment.is_active is False
    entry = AuditEntry.objects.get(action="role.deactivate")
    assert entry.before["is_active"] is True and entry.after["is_active"] is False
    assert entry.object_id == str(assignment.pk) and entry.actor == secretary

    on = client.patch(f"{MEMBERS}{assignment.pk}/", {"is_active": True}, format="json")
    assert on.status_code == 200 and on.json()["is_active"] is True
    assert AuditEntry.objects.filter(action="role.activate").count() == 1


def test_nobody_changes_their_own_role_or_a_role_above_them(natore, secretary):
    mayor = member(Role.MAYOR, natore)
    client = client_for(secretary)
    own = secretary.roles.get()
    assert (
        client.patch(f"{MEMBERS}{own.pk}/", {"is_active": False}, format="json").status_code == 403
    )
    above = mayor.roles.get()
    assert (
        client.patch(f"{MEMBERS}{above.pk}/", {"is_active": False}, format="json").status_code
        == 403
    )
    own.refresh_from_db()
    above.refresh_from_db()
    assert own.is_active and above.is_active


def test_deactivated_staff_lose_their_access(natore, secretary):
    cashier_assignment = member(Role.SECRETARY, natore).roles.get()
    mayor = member(Role.MAYOR, natore)
    client_for(mayor).patch(
        f"{MEMBERS}{cashier_assignment.pk}/", {"is_active": False}, format="json"
    )
    former = User.objects.get(pk=cashier_assignment.user_id)
    assert client_for(former).get(MEMBERS).status_code == 403


def test_audit_endpoint_filters_by_object_and_is_read_only(natore, secretary):
    AuditEntryFactory(pourashava=natore, object_type="payments.bill", object_id="7")
    AuditEntryFactory(pourashava=natore, object_type="payments.bill", object_id="8")
    AuditEntryFactory(pourashava=natore, object_type="property.holding", object_id="7")
    client = client_for(secretary)
    rows = client.get(AUDIT, {"object_type": "payments.bill", "object_id": "7"}).json()["results"]
    assert [(r["object_type"], r["object_id"]) for r in rows] == [("payments.bill", "7")]
    assert len(client.get(AUDIT).json()["results"]) == 3
    entry_id = rows[0]["id"]
    assert client.get(f"{AUDIT}{entry_id}/").status_code == 200
    # No way to write: refused before or at the method (no such route).
    assert client.delete(f"{AUDIT}{entry_id}/").status_code in (403, 405)
    assert client.patch(f"{AUDIT}{entry_id}/", {"action": "x"}).status_code in (403, 405)
    assert client.post(AUDIT, {"action": "x"}).status_code in (403, 405)
    assert AuditEntry.objects.count() == 3
    assert AuditEntry.objects.get(pk=entry_id).action == "thing.change"


def test_audit_endpoint_is_for_oversight_roles(natore):
    AuditEntryFactory(pourashava=natore)
    assert client_for(member(Role.CASHIER, natore)).get(AUDIT).status_code == 403
    assert APIClient().get(AUDIT).status_code == 401
    viewer = member(Role.NATIONAL_VIEWER, None)
    assert len(client_for(viewer).get(AUDIT).json()["results"]) == 1


def test_audit_list_query_count_does_not_grow_with_rows(natore, secretary):
    client = client_for(secretary)
    client.get(AUDIT)
    AuditEntryFactory.create_batch(2, pourashava=natore)
    with CaptureQueriesContext(connection) as few:
        assert client.get(AUDIT).status_code == 200
    AuditEntryFactory.create_batch(15, pourashava=natore)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(AUDIT).json()["results"]) == 17
    assert len(many) == len(few)
