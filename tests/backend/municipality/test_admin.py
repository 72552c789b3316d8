"""The clerk panel for pourashavas, wards and mahallas: what each role can do there, and that
changes made in the panel are audited like API changes."""

import pytest

from backend.identity.models import AuditEntry, Role
from backend.municipality.models import Mahalla, Pourashava, Ward
from tests.factories import MahallaFactory, PourashavaFactory, WardFactory, staff_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def town():
    return PourashavaFactory(code="SIN", name_en="Singra Pourashava", pourashava_class="B")


@pytest.fixture
def ward(town):
    made = WardFactory(pourashava=town, number=1)
    MahallaFactory(ward=made, name_en="Kalibari", name_bn="কালীবাড়ি")
    return made


def pourashava_form(town: Pourashava, **changes) -> dict:
    data = {
        "name_en": town.name_en,
        "name_bn": town.name_bn,
        "pourashava_class": town.pourashava_class,
        "district_en": town.district_en,
        "district_bn": town.district_bn,
        "upazila_en": town.upazila_en,
        "upazila_bn": town.upazila_bn,
        "is_active": "on",
        "description": town.description,
        "wards-TOTAL_FORMS": "0",
        "wards-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_a_secretary_adds_a_ward_in_the_admin_and_it_is_audited(client, town):
    secretary = staff_member(Role.SECRETARY, town)
    client.force_login(secretary)
    response = client.post(
        "/admin/municipality/ward/add/",
        {
            "pourashava": town.pk,
            "number": 4,
            "name_en": "",
            "name_bn": "",
            "mahallas-TOTAL_FORMS": "1",
            "mahallas-INITIAL_FORMS": "0",
            "mahallas-0-name_en": "Stationpara",
            "mahallas-0-name_bn": "স্টেশনপাড়া",
        },
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    ward = Ward.objects.get(pourashava=town, number=4)
    assert ward.name_bn == "ওয়ার্ড ৪"  # the service's default name
    mahalla = Mahalla.objects.get(ward=ward)
    assert (mahalla.name_en, mahalla.pourashava_id) == ("Stationpara", town.pk)
    actions = set(AuditEntry.objects.filter(actor=secretary).values_list("action", flat=True))
    assert actions == {"ward.create", "mahalla.create"}


def test_a_ward_number_of_zero_is_refused_in_the_admin(client, town):
    client.force_login(staff_member(Role.MAYOR, town))
    response = client.post(
        "/admin/municipality/ward/add/",
        {
            "pourashava": town.pk,
            "number": 0,
            "mahallas-TOTAL_FORMS": "0",
            "mahallas-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["number"]
    assert not Ward.objects.exists()


def test_a_mayor_renames_a_ward_and_its_mahalla_in_the_admin(client, town, ward):
    mayor = staff_member(Role.MAYOR, town)
    client.force_login(mayor)
    mahalla = ward.mahallas.get()
    response = client.post(
        f"/admin/municipality/ward/{ward.pk}/change/",
        {
            "name_en": "Lake Ward",
            "name_bn": "লেক ওয়ার্ড",
            "mahallas-TOTAL_FORMS": "1",
            "mahallas-INITIAL_FORMS": "1",
            "mahallas-0-id": mahalla.pk,
            "mahallas-0-ward": ward.pk,
            "mahallas-0-name_en": "Kalibari Road",
            "mahallas-0-name_bn": "কালীবাড়ি রোড",
        },
    )
    assert response.status_code == 302
    ward.refresh_from_db()
    mahalla.refresh_from_db()
    assert (ward.name_en, ward.number) == ("Lake Ward", 1)
    assert mahalla.name_en == "Kalibari Road"
    rename = AuditEntry.objects.get(action="ward.rename")
    assert (rename.before["name_en"], rename.after["name_en"]) == ("Ward 1", "Lake Ward")
    assert AuditEntry.objects.filter(action="mahalla.rename", actor=mayor).exists()


def test_a_councillor_can_open_their_own_ward_read_only(client, town, ward):
    other = WardFactory(pourashava=town, number=2)
    client.force_login(staff_member(Role.WARD_COUNCILLOR, town, ward=ward))
    assert client.get(f"/admin/municipality/ward/{ward.pk}/change/").status_code == 200
    assert client.get(f"/admin/municipality/ward/{other.pk}/change/").status_code == 302
    response = client.post(
        f"/admin/municipality/ward/{ward.pk}/change/",
        {
            "name_en": "Mine",
            "name_bn": "আমার",
            "mahallas-TOTAL_FORMS": "0",
            "mahallas-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 403
    ward.refresh_from_db()
    assert ward.name_en == "Ward 1"


def test_staff_see_their_own_pourashava_but_cannot_edit_it(client, town, ward):
    PourashavaFactory(code="RAM", name_en="Ramgati Pourashava")
    client.force_login(staff_member(Role.SECRETARY, town))
    page = client.get("/admin/municipality/pourashava/").content.decode()
    assert "Singra Pourashava" in page
    assert "Ramgati Pourashava" not in page
    assert client.get(f"/admin/municipality/pourashava/{town.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/municipality/pourashava/{town.pk}/change/",
        pourashava_form(town, pourashava_class="A"),
    )
    assert response.status_code == 403
    town.refresh_from_db()
    assert town.pourashava_class == "B"
    assert client.get("/admin/municipality/pourashava/add/").status_code == 403


def test_a_system_admin_edits_any_pourashava_and_it_is_audited(client, town, ward):
    admin = staff_member(Role.SYSTEM_ADMIN, None)
    client.force_login(admin)
    response = client.post(
        f"/admin/municipality/pourashava/{town.pk}/change/",
        pourashava_form(town, pourashava_class="A", code="XXX"),
    )
    assert response.status_code == 302
    town.refresh_from_db()
    assert (town.pourashava_class, town.code) == ("A", "SIN")  # the code is read-only
    entry = AuditEntry.objects.get(action="pourashava.update")
    assert (entry.before["pourashava_class"], entry.after["pourashava_class"]) == ("B", "A")
    assert entry.actor_id == admin.pk


def test_a_staff_member_with_no_role_sees_no_tenancy_pages(client, town, ward):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True))
    for model in ("pourashava", "ward", "mahalla"):
        assert client.get(f"/admin/municipality/{model}/").status_code == 403


def test_a_system_admin_adds_a_pourashava_with_its_code_in_upper_case(client):
    client.force_login(staff_member(Role.SYSTEM_ADMIN, None))
    town = PourashavaFactory.build(code="x", name_en="Kushtia Pourashava")
    response = client.post(
        "/admin/municipality/pourashava/add/", pourashava_form(town, code=" kus ")
    )
    assert response.status_code == 302
    assert Pourashava.objects.get(code="KUS").name_en == "Kushtia Pourashava"
    assert AuditEntry.objects.filter(action="pourashava.create").count() == 1
    bad = client.post("/admin/municipality/pourashava/add/", pourashava_form(town, code="K-1"))
    assert bad.status_code == 200
    assert bad.context["adminform"].form.errors["code"]
