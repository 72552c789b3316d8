"""Tenancy matrix: for every pourashava-bound role, a staff member of pourashava A can neither
read nor change pourashava B's wards and mahallas, through the API or through the admin."""

import pytest

from backend.identity.models import (
    CENTRE_ROLES,
    DISTRICT_ROLES,
    NATIONAL_ROLES,
    AuditEntry,
    Role,
)
from backend.municipality.models import Mahalla, Ward
from tests.factories import MahallaFactory, PourashavaFactory, WardFactory, staff_member

pytestmark = pytest.mark.django_db

NOT_BOUND_TO_A_POURASHAVA = NATIONAL_ROLES | CENTRE_ROLES | DISTRICT_ROLES
POURASHAVA_ROLES = [role for role in Role if role not in NOT_BOUND_TO_A_POURASHAVA]
CHANGE_ROLES = {Role.SECRETARY, Role.MAYOR}


@pytest.fixture
def world():
    a = PourashavaFactory(code="AAA", name_en="Alpha Pourashava")
    b = PourashavaFactory(code="BBB", name_en="Beta Pourashava")
    a_ward = WardFactory(pourashava=a, number=1, name_en="Alpha ward one")
    b_ward = WardFactory(pourashava=b, number=1, name_en="Beta ward one")
    a_mahalla = MahallaFactory(ward=a_ward, name_en="Alphapara")
    b_mahalla = MahallaFactory(ward=b_ward, name_en="Betapara")
    return {"a": a, "b": b, "a_ward": a_ward, "b_ward": b_ward, "a_m": a_mahalla, "b_m": b_mahalla}


def staff_of_a(role, world):
    extra = {"ward": world["a_ward"]} if role == Role.WARD_COUNCILLOR else {}
    return staff_member(role, world["a"], **extra)


def unchanged(world) -> bool:
    b_ward = Ward.objects.get(pk=world["b_ward"].pk)
    b_mahalla = Mahalla.objects.get(pk=world["b_m"].pk)
    return (
        b_ward.name_en == "Beta ward one"
        and b_mahalla.name_en == "Betapara"
        and Ward.objects.filter(pourashava=world["b"]).count() == 1
        and Mahalla.objects.filter(pourashava=world["b"]).count() == 1
        and not AuditEntry.objects.filter(pourashava=world["b"]).exists()
    )


# API ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", POURASHAVA_ROLES)
def test_api_staff_of_a_cannot_read_or_change_b(api, world, role):
    api.force_authenticate(staff_of_a(role, world))

    wards = api.get("/api/v1/staff/wards/", {"page_size": 100})
    assert wards.status_code == 200
    ids = {w["id"] for w in wards.json()["results"]}
    assert world["a_ward"].pk in ids
    assert world["b_ward"].pk not in ids
    # Filtering by B's code does not open B up either.
    assert api.get("/api/v1/staff/wards/", {"pourashava": "BBB"}).json()["results"] == []
    assert api.get(f"/api/v1/staff/wards/{world['b_ward'].pk}/").status_code == 404

    mahallas = api.get("/api/v1/staff/mahallas/", {"page_size": 100})
    names = {m["name_en"] for m in mahallas.json()["results"]}
    assert "Alphapara" in names
    assert "Betapara" not in names
    assert api.get(f"/api/v1/staff/mahallas/{world['b_m'].pk}/").status_code == 404

    patch = api.patch(f"/api/v1/staff/wards/{world['b_ward'].pk}/", {"name_en": "X"}, format="json")
    assert patch.status_code in (403, 404)
    patch = api.patch(f"/api/v1/staff/mahallas/{world['b_m'].pk}/", {"name_en": "X"}, format="json")
    assert patch.status_code in (403, 404)

    add_ward = api.post("/api/v1/staff/wards/", {"pourashava": "BBB", "number": 2}, format="json")
    assert add_ward.status_code == 403
    add_mahalla = api.post(
        "/api/v1/staff/mahallas/",
        {"ward": world["b_ward"].pk, "name_en": "Intruder", "name_bn": "অনুপ্রবেশ"},
        format="json",
    )
    assert add_mahalla.status_code in (400, 403, 404)
    assert unchanged(world)


@pytest.mark.parametrize("role", sorted(CHANGE_ROLES))
def test_api_the_same_roles_can_change_their_own_pourashava(api, world, role):
    # The matrix above must not pass merely because nobody can change anything.
    api.force_authenticate(staff_of_a(role, world))
    url = f"/api/v1/staff/wards/{world['a_ward'].pk}/"
    assert api.patch(url, {"name_en": "Renamed"}, format="json").status_code == 200
    assert api.post("/api/v1/staff/wards/", {"number": 2}, format="json").status_code == 201
    assert Ward.objects.get(pk=world["a_ward"].pk).name_en == "Renamed"
    assert Ward.objects.filter(pourashava=world["a"], number=2).exists()


# Admin -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", POURASHAVA_ROLES)
def test_admin_staff_of_a_cannot_read_or_change_b(client, world, role):
    client.force_login(staff_of_a(role, world))

    for model, own, theirs in (
        ("ward", "Alpha ward one", "Beta ward one"),
        ("mahalla", "Alphapara", "Betapara"),
    ):
        changelist = client.get(f"/admin/municipality/{model}/")
        assert changelist.status_code == 200
        page = changelist.content.decode()
        assert own in page
        assert theirs not in page
        assert "Beta Pourashava" not in page  # not even among the list filter's choices

    for model, obj in (("ward", world["b_ward"]), ("mahalla", world["b_m"])):
        change = client.get(f"/admin/municipality/{model}/{obj.pk}/change/")
        assert change.status_code in (302, 403, 404)
        if change.status_code == 302:  # Django admin: "does not exist", back to the index
            assert f"/{obj.pk}/" not in change["Location"]
        posted = client.post(
            f"/admin/municipality/{model}/{obj.pk}/change/",
            {
                "name_en": "Hijacked",
                "name_bn": "দখল",
                "mahallas-TOTAL_FORMS": "0",
                "mahallas-INITIAL_FORMS": "0",
            },
        )
        assert posted.status_code in (302, 403, 404)

    pourashavas = client.get("/admin/municipality/pourashava/")
    assert pourashavas.status_code == 200
    assert "Beta Pourashava" not in pourashavas.content.decode()
    b_page = client.get(f"/admin/municipality/pourashava/{world['b'].pk}/change/")
    assert b_page.status_code in (302, 403, 404)
    assert unchanged(world)


@pytest.mark.parametrize("role", POURASHAVA_ROLES)
def test_admin_add_forms_offer_no_choice_in_b(client, world, role):
    client.force_login(staff_of_a(role, world))
    ward_add = client.get("/admin/municipality/ward/add/")
    mahalla_add = client.get("/admin/municipality/mahalla/add/")
    if role not in CHANGE_ROLES:
        assert ward_add.status_code == 403
        assert mahalla_add.status_code == 403
        return
    assert ward_add.status_code == 200
    choices = ward_add.context["adminform"].form.fields["pourashava"].queryset
    assert list(choices) == [world["a"]]
    assert mahalla_add.status_code == 200
    ward_choices = mahalla_add.context["adminform"].form.fields["ward"].queryset
    assert list(ward_choices) == [world["a_ward"]]

    # Forcing B's id into the form is refused as an invalid choice.
    response = client.post(
        "/admin/municipality/ward/add/",
        {
            "pourashava": world["b"].pk,
            "number": 5,
            "name_en": "Sneaky",
            "name_bn": "চুপিচুপি",
            "mahallas-TOTAL_FORMS": "0",
            "mahallas-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200  # the form again, with its error
    assert response.context["adminform"].form.errors["pourashava"]
    response = client.post(
        "/admin/municipality/mahalla/add/",
        {"ward": world["b_ward"].pk, "name_en": "Sneaky", "name_bn": "চুপিচুপি"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ward"]
    assert unchanged(world)
