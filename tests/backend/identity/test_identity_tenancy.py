"""Tenancy matrix: every kind of Natore staff member, through the API and the admin, against
Faridpur's staff (role assignments), assisted actions and audit entries. Lists leave them out;
detail and change give 403/404 (admin: 302 to a safe page, 403 or 404), never the data."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from backend.identity.models import Role, RoleAssignment
from tests.backend.identity.factories import (  # noqa: F401 (fast_passwords: a fixture)
    AssistedActionFactory,
    AuditEntryFactory,
    PourashavaFactory,
    UserFactory,
    WardFactory,
    fast_passwords,
    member,
    udc_operator,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

ACTORS = [
    Role.SECRETARY,
    Role.MAYOR,
    Role.CASHIER,
    Role.REVENUE_CLERK,
    Role.ASSESSOR,
    Role.WARD_COUNCILLOR,
    Role.UDC_OPERATOR,
]


@pytest.fixture
def world():
    natore = PourashavaFactory(code="NAT")
    faridpur = PourashavaFactory(code="FRD")
    theirs = {
        "members": member(
            Role.CASHIER,
            faridpur,
            user=UserFactory(
                username="frd-secret-cashier", full_name="frd-secret Cashier", is_staff=True
            ),
        ).roles.get(),
        "assisted-actions": AssistedActionFactory(
            session__pourashava=faridpur, object_id="frd-secret-9"
        ),
        "audit": AuditEntryFactory(pourashava=faridpur, object_id="frd-secret-7"),
    }
    ours = {
        "members": member(Role.CASHIER, natore).roles.get(),
        "assisted-actions": AssistedActionFactory(session__pourashava=natore),
        "audit": AuditEntryFactory(pourashava=natore),
    }
    return natore, faridpur, theirs, ours


def natore_staff(role: str, natore):
    if role == Role.WARD_COUNCILLOR:
        return member(role, natore, ward=WardFactory(pourashava=natore, number=1))
    if role == Role.UDC_OPERATOR:
        return udc_operator(natore)[0]
    return member(role, natore)


@pytest.mark.parametrize("role", ACTORS)
def test_api_never_shows_or_changes_another_pourashavas_rows(world, role):
    natore, _, theirs, _ = world
    client = APIClient()
    client.force_authenticate(natore_staff(role, natore))
    for kind, obj in theirs.items():
        url = f"/api/v1/staff/{kind}/"
        listing = client.get(url)
        assert listing.status_code in (200, 403)
        if listing.status_code == 200:
            assert obj.pk not in [row["id"] for row in listing.json()["results"]]
        assert b"frd-secret" not in listing.content
        detail = client.get(f"{url}{obj.pk}/")
        assert detail.status_code in (403, 404), (kind, detail.status_code)
        assert b"frd-secret" not in detail.content
    change = client.patch(
        f"/api/v1/staff/members/{theirs['members'].pk}/", {"is_active": False}, format="json"
    )
    assert change.status_code in (403, 404)
    assert RoleAssignment.objects.get(pk=theirs["members"].pk).is_active


def test_api_positive_control_the_secretary_sees_their_own(world):
    natore, _, _, ours = world
    client = APIClient()
    client.force_authenticate(member(Role.SECRETARY, natore))
    for kind, obj in ours.items():
        rows = client.get(f"/api/v1/staff/{kind}/").json()["results"]
        assert obj.pk in [row["id"] for row in rows]
        assert client.get(f"/api/v1/staff/{kind}/{obj.pk}/").status_code == 200
    answer = client.patch(
        f"/api/v1/staff/members/{ours['members'].pk}/", {"is_active": False}, format="json"
    )
    assert answer.status_code == 200


ADMIN_MODELS = {
    "members": "roleassignment",
    "assisted-actions": "assistedaction",
    "audit": "auditentry",
}


@pytest.mark.parametrize("role", ACTORS)
def test_admin_never_shows_or_changes_another_pourashavas_rows(world, role):
    natore, _, theirs, _ = world
    client = Client()
    client.force_login(natore_staff(role, natore))
    for kind, obj in theirs.items():
        base = f"/admin/identity/{ADMIN_MODELS[kind]}/"
        listing = client.get(base)
        assert listing.status_code in (200, 403)
        assert b"frd-secret" not in listing.content
        for suffix in ("change/", "delete/", "history/"):
            page = client.get(f"{base}{obj.pk}/{suffix}")
            assert page.status_code in (302, 403, 404), (kind, suffix, page.status_code)
            assert b"frd-secret" not in page.content
            if page.status_code == 302:
                assert str(obj.pk) not in page["Location"].replace(base, "")
        posted = client.post(f"{base}{obj.pk}/change/", {"is_active": ""})
        assert posted.status_code in (302, 403, 404)
    assert RoleAssignment.objects.get(pk=theirs["members"].pk).is_active


def test_admin_positive_control_the_secretary_sees_their_own(world):
    natore, _, _, ours = world
    client = Client()
    client.force_login(member(Role.SECRETARY, natore))
    for kind, obj in ours.items():
        base = f"/admin/identity/{ADMIN_MODELS[kind]}/"
        assert client.get(f"{base}{obj.pk}/change/").status_code == 200
        # ...and lists it, linking to its page.
        assert f"{base}{obj.pk}/change/".encode() in client.get(base).content
