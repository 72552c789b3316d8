"""The identity part of the clerk panel: who may open which page, what is read-only, and that
granting a role through the panel goes through the same rules and audit as the API."""

import pytest
from django.test import Client

from backend.identity.models import AuditEntry, Citizen, Role, RoleAssignment, User
from tests.backend.identity.factories import (  # noqa: F401 (fast_passwords: a fixture)
    AssistedActionFactory,
    AuditEntryFactory,
    CitizenFactory,
    PourashavaFactory,
    UserFactory,
    fast_passwords,
    member,
    udc_operator,
)


@pytest.fixture(autouse=True)
def _english_panel(settings):
    """These tests read the panel's English wording (its Bangla is tests/backend/panel's)."""
    settings.PANEL_DEFAULT_LANGUAGE = "en"


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_passwords")]

ADMIN = "/admin/identity"
STRONG = "kadam-phul-borsha-1432"


def browser(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def natore():
    return PourashavaFactory(code="NAT", name_en="Natore")


@pytest.fixture
def secretary(natore):
    return member(Role.SECRETARY, natore)


def test_user_admin_is_for_superusers_only(secretary):
    other = UserFactory(username="somebody")
    client = browser(secretary)
    assert client.get(f"{ADMIN}/user/").status_code == 403
    assert client.get(f"{ADMIN}/user/{other.pk}/change/").status_code in (302, 403)
    assert b"identity/user/" not in client.get("/admin/").content
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    assert browser(root).get(f"{ADMIN}/user/").status_code == 200
    added = browser(root).post(
        f"{ADMIN}/user/add/",
        {
            "username": "made.by.root",
            "full_name": "Made",
            "usable_password": "true",
            "password1": STRONG,
            "password2": STRONG,
        },
    )
    assert added.status_code == 302, added.content[:2000]
    assert User.objects.get(username="made.by.root").check_password(STRONG)


def test_staff_look_citizens_up_read_only(natore, secretary):
    citizen = CitizenFactory(mobile="01711000001", nid="1990123456", name_en="Abdul Karim")
    CitizenFactory(mobile="01711000002", name_en="Someone Else")
    client = browser(member(Role.CASHIER, natore))
    browsing = client.get(f"{ADMIN}/citizen/")  # no search: no list of the whole register
    assert browsing.status_code == 200 and b"Abdul Karim" not in browsing.content
    found = client.get(f"{ADMIN}/citizen/", {"q": "1990123456"})
    assert found.status_code == 200
    assert b"Abdul Karim" in found.content and b"Someone Else" not in found.content
    assert client.get(f"{ADMIN}/citizen/", {"q": "01711000001"}).content.count(b"Abdul Karim") >= 1
    page = client.get(f"{ADMIN}/citizen/{citizen.pk}/change/")
    assert page.status_code == 200 and b"Abdul Karim" in page.content
    assert b'name="name_en"' not in page.content and b'name="_save"' not in page.content
    posted = client.post(f"{ADMIN}/citizen/{citizen.pk}/change/", {"name_en": "Changed"})
    assert posted.status_code == 403
    citizen.refresh_from_db()
    assert citizen.name_en == "Abdul Karim"
    # A logged-in user with no role at all sees nothing.
    nobody = UserFactory(username="nobody", is_staff=True)
    assert browser(nobody).get(f"{ADMIN}/citizen/").status_code == 403


def test_nid_verification_fields_are_never_edited_by_hand(natore):
    citizen = CitizenFactory(mobile="01711000003")
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    page = browser(root).get(f"{ADMIN}/citizen/{citizen.pk}/change/")
    assert page.status_code == 200
    assert b'name="name_en"' in page.content  # a superuser may fix a name
    for field in (b"nid_verified_at", b"nid_verified_by", b"nid_verification_source"):
        assert b'name="' + field not in page.content
    assert b"Add citizen" not in browser(root).get(f"{ADMIN}/citizen/").content
    assert Citizen.objects.count() == 1


def test_secretary_grants_a_role_through_the_panel(natore, secretary):
    client = browser(secretary)
    page = client.get(f"{ADMIN}/roleassignment/add/")
    assert page.status_code == 200
    answer = client.post(
        f"{ADMIN}/roleassignment/add/",
        {
            "username": "nat.cashier9",
            "full_name": "Nasima",
            "password": STRONG,
            "role": Role.CASHIER,
            "pourashava": natore.pk,
        },
    )
    assert answer.status_code == 302, answer.content[:3000]
    user = User.objects.get(username="nat.cashier9")
    assert user.check_password(STRONG)
    assert RoleAssignment.objects.filter(user=user, role=Role.CASHIER, pourashava=natore).exists()
    assert AuditEntry.objects.filter(action="role.grant", actor=secretary).count() == 1


def test_panel_refuses_a_role_the_secretary_may_not_grant(natore, secretary):
    answer = browser(secretary).post(
        f"{ADMIN}/roleassignment/add/",
        {"username": "nat.mayor2", "password": STRONG, "role": Role.MAYOR, "pourashava": natore.pk},
    )
    assert answer.status_code == 200  # the form again, with the refusal on it
    assert b"may not grant" in answer.content
    assert not User.objects.filter(username="nat.mayor2").exists()
    assert not AuditEntry.objects.exists()


def test_panel_deactivates_through_the_service(natore, secretary):
    cashier = member(Role.CASHIER, natore)
    assignment = cashier.roles.get()
    url = f"{ADMIN}/roleassignment/{assignment.pk}/change/"
    client = browser(secretary)
    assert client.get(url).status_code == 200
    answer = client.post(url, {})  # unticked checkbox: is_active False
    assert answer.status_code == 302, answer.content[:3000]
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert AuditEntry.objects.filter(
        action="role.deactivate", object_id=str(assignment.pk)
    ).exists()


def test_logs_are_read_only_for_everyone(natore, secretary):
    entry = AuditEntryFactory(pourashava=natore)
    action = AssistedActionFactory(session__pourashava=natore)
    root = UserFactory(username="root", is_staff=True, is_superuser=True)
    for user in (secretary, root):
        client = browser(user)
        for model, obj in (("auditentry", entry), ("assistedaction", action)):
            assert client.get(f"{ADMIN}/{model}/").status_code == 200
            view = client.get(f"{ADMIN}/{model}/{obj.pk}/change/")
            assert view.status_code == 200
            assert b'name="_save"' not in view.content  # no save button: view only
            assert client.get(f"{ADMIN}/{model}/add/").status_code == 403
            assert (
                client.post(f"{ADMIN}/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
            )
            assert (
                client.post(f"{ADMIN}/{model}/{obj.pk}/change/", {"action": "x"}).status_code == 403
            )
    entry.refresh_from_db()
    assert entry.action == "thing.change"
    assert AuditEntry.objects.count() == 1


def test_udc_centre_admin(natore):
    _, centre = udc_operator(natore)
    _, elsewhere = udc_operator(PourashavaFactory(code="FRD"))
    client = browser(member(Role.SECRETARY, natore))
    listing = client.get(f"{ADMIN}/udccentre/")
    assert centre.code.encode() in listing.content
    assert elsewhere.code.encode() not in listing.content
    assert client.get(f"{ADMIN}/udccentre/{elsewhere.pk}/change/").status_code in (302, 403, 404)
    assert (
        client.post(f"{ADMIN}/udccentre/{centre.pk}/change/", {"name_en": "x"}).status_code == 403
    )
