"""Staff ward and mahalla endpoints: who may read, add and rename, and that writes are audited."""

import pytest

from backend.identity.models import AuditEntry, Role
from backend.municipality.models import Mahalla, Ward
from tests.factories import MahallaFactory, PourashavaFactory, WardFactory, staff_member

pytestmark = pytest.mark.django_db

WARDS = "/api/v1/staff/wards/"
MAHALLAS = "/api/v1/staff/mahallas/"


@pytest.fixture
def town():
    return PourashavaFactory(code="GOP")


@pytest.fixture
def wards(town):
    made = [WardFactory(pourashava=town, number=n) for n in (1, 2)]
    for ward in made:
        MahallaFactory(ward=ward, name_en=f"Kalibari {ward.number}")
    return made


def as_user(api, user):
    api.force_authenticate(user)
    return api


def test_the_staff_endpoints_need_a_login(api, wards):
    assert api.get(WARDS).status_code == 401
    assert api.post(WARDS, {"number": 5}).status_code == 401


def test_a_clerk_lists_their_wards_with_mahallas(api, town, wards):
    as_user(api, staff_member(Role.REVENUE_CLERK, town))
    body = api.get(WARDS).json()
    assert body["count"] == 2
    assert body["results"][0]["pourashava"] == "GOP"
    assert body["results"][0]["mahallas"][0]["name_en"] == "Kalibari 1"


def test_a_clerk_may_not_add_or_rename_wards(api, town, wards):
    as_user(api, staff_member(Role.REVENUE_CLERK, town))
    assert api.post(WARDS, {"number": 3}, format="json").status_code == 403
    response = api.patch(f"{WARDS}{wards[0].pk}/", {"name_en": "X"}, format="json")
    assert response.status_code == 403
    assert not Ward.objects.filter(number=3).exists()
    assert Ward.objects.get(pk=wards[0].pk).name_en == "Ward 1"


def test_a_secretary_adds_a_ward_typed_in_bangla_digits_and_it_is_audited(api, town, wards):
    secretary = staff_member(Role.SECRETARY, town)
    as_user(api, secretary)
    response = api.post(WARDS, {"number": "১০", "name_en": "Station Road"}, format="json")
    assert response.status_code == 201, response.json()
    ward = Ward.objects.get(pourashava=town, number=10)
    assert response.json()["id"] == ward.pk
    assert (ward.name_en, ward.name_bn) == ("Station Road", "ওয়ার্ড ১০")
    entry = AuditEntry.objects.get(action="ward.create", object_id=str(ward.pk))
    assert entry.actor_id == secretary.pk
    assert entry.pourashava_id == town.pk
    assert entry.after["number"] == 10


def test_a_ward_number_is_unique_in_its_pourashava(api, town, wards):
    as_user(api, staff_member(Role.MAYOR, town))
    response = api.post(WARDS, {"number": 2}, format="json", HTTP_ACCEPT_LANGUAGE="bn")
    assert response.status_code == 409
    assert response.json()["error"]["code"] == "ward_number_taken"
    assert response.json()["error"]["message"] == "এই পৌরসভায় ২ নম্বর ওয়ার্ড আগে থেকেই আছে।"
    assert Ward.objects.filter(pourashava=town).count() == 2
    assert not AuditEntry.objects.filter(action="ward.create").exists()


@pytest.mark.parametrize("number", [0, 100, "x"])
def test_a_ward_number_out_of_range_is_refused(api, town, number):
    as_user(api, staff_member(Role.SECRETARY, town))
    response = api.post(WARDS, {"number": number}, format="json")
    assert response.status_code == 400
    assert "number" in response.json()["error"]["fields"]
    assert not Ward.objects.exists()


def test_staff_of_several_pourashavas_must_say_which(api, town):
    other = PourashavaFactory(code="TUN")
    admin = staff_member(Role.SYSTEM_ADMIN, None)
    as_user(api, admin)
    response = api.post(WARDS, {"number": 1}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "pourashava_required"
    response = api.post(WARDS, {"number": 1, "pourashava": "tun"}, format="json")
    assert response.status_code == 201
    assert Ward.objects.get().pourashava == other


def test_an_unknown_pourashava_code_is_a_field_error(api, town):
    as_user(api, staff_member(Role.SECRETARY, town))
    response = api.post(WARDS, {"number": 1, "pourashava": "NOPE"}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["pourashava"][0]["code"] == "does_not_exist"


def test_the_mayor_renames_a_ward_and_the_change_is_audited(api, town, wards):
    mayor = staff_member(Role.MAYOR, town)
    as_user(api, mayor)
    response = api.patch(
        f"{WARDS}{wards[0].pk}/", {"name_en": "Lake Ward", "name_bn": "লেক ওয়ার্ড"}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["name_bn"] == "লেক ওয়ার্ড"
    entry = AuditEntry.objects.get(action="ward.rename")
    assert entry.before["name_en"] == "Ward 1"
    assert entry.after["name_en"] == "Lake Ward"
    assert entry.actor_id == mayor.pk


def test_a_rename_that_changes_nothing_writes_no_audit_entry(api, town, wards):
    as_user(api, staff_member(Role.MAYOR, town))
    response = api.patch(f"{WARDS}{wards[0].pk}/", {"name_en": "Ward 1"}, format="json")
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()


def test_a_ward_number_cannot_be_changed(api, town, wards):
    as_user(api, staff_member(Role.SECRETARY, town))
    response = api.patch(f"{WARDS}{wards[0].pk}/", {"number": 7}, format="json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "only_names_change"
    assert Ward.objects.get(pk=wards[0].pk).number == 1


def test_put_and_delete_are_not_offered(api, town, wards):
    as_user(api, staff_member(Role.SECRETARY, town))
    assert api.put(f"{WARDS}{wards[0].pk}/", {"name_en": "X"}, format="json").status_code == 405
    assert api.delete(f"{WARDS}{wards[0].pk}/").status_code == 405
    assert Ward.objects.filter(pk=wards[0].pk).exists()


def test_a_councillor_sees_only_their_own_ward(api, town, wards):
    as_user(api, staff_member(Role.WARD_COUNCILLOR, town, ward=wards[1]))
    body = api.get(WARDS).json()
    assert [w["id"] for w in body["results"]] == [wards[1].pk]
    assert api.get(f"{WARDS}{wards[0].pk}/").status_code == 404
    assert api.get(f"{WARDS}{wards[1].pk}/").status_code == 200
    mahallas = api.get(MAHALLAS).json()["results"]
    assert {m["ward"] for m in mahallas} == {wards[1].pk}


def test_a_councillor_may_not_rename_even_their_own_ward(api, town, wards):
    as_user(api, staff_member(Role.WARD_COUNCILLOR, town, ward=wards[1]))
    response = api.patch(f"{WARDS}{wards[1].pk}/", {"name_en": "Mine"}, format="json")
    assert response.status_code == 403
    assert Ward.objects.get(pk=wards[1].pk).name_en == "Ward 2"


def test_a_national_viewer_reads_every_pourashava_but_changes_nothing(api, town, wards):
    other = WardFactory(pourashava=PourashavaFactory(code="TUN"), number=1)
    as_user(api, staff_member(Role.NATIONAL_VIEWER, None))
    ids = {w["id"] for w in api.get(WARDS).json()["results"]}
    assert ids == {wards[0].pk, wards[1].pk, other.pk}
    assert {w["id"] for w in api.get(WARDS, {"pourashava": "tun"}).json()["results"]} == {other.pk}
    assert api.patch(f"{WARDS}{other.pk}/", {"name_en": "X"}, format="json").status_code == 403


def test_a_udc_operator_has_no_staff_ward_access(api, town, wards):
    from tests.factories import UdcCentreFactory

    centre = UdcCentreFactory(pourashavas=[town])
    as_user(api, staff_member(Role.UDC_OPERATOR, None, udc_centre=centre))
    assert api.get(WARDS).status_code == 403


def test_the_staff_list_query_count_does_not_grow_with_page_size(
    api, town, django_assert_max_num_queries
):
    for number in range(1, 31):
        ward = WardFactory(pourashava=town, number=number)
        MahallaFactory(ward=ward)
        MahallaFactory(ward=ward)
    as_user(api, staff_member(Role.SECRETARY, town))
    for size in (2, 30):
        # role assignments, COUNT, wards with pourashava, their mahallas
        with django_assert_max_num_queries(4):
            response = api.get(WARDS, {"page_size": size})
        assert len(response.json()["results"]) == size
    for size in (2, 30):
        with django_assert_max_num_queries(3):
            response = api.get(MAHALLAS, {"page_size": size})
        assert len(response.json()["results"]) == size


# Mahallas ----------------------------------------------------------------------------------


def test_a_secretary_adds_and_renames_a_mahalla(api, town, wards):
    secretary = staff_member(Role.SECRETARY, town)
    as_user(api, secretary)
    response = api.post(
        MAHALLAS,
        {"ward": str(wards[0].pk), "name_en": "Masjidpara", "name_bn": "মসজিদপাড়া"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    mahalla = Mahalla.objects.get(name_en="Masjidpara")
    assert mahalla.pourashava_id == town.pk
    assert response.json()["ward_number"] == 1
    response = api.patch(f"{MAHALLAS}{mahalla.pk}/", {"name_en": "Masjid Para"}, format="json")
    assert response.status_code == 200
    actions = list(
        AuditEntry.objects.filter(object_id=str(mahalla.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["mahalla.create", "mahalla.rename"]


def test_mahalla_names_are_unique_in_a_ward_and_needed_in_both_scripts(api, town, wards):
    as_user(api, staff_member(Role.SECRETARY, town))
    taken = {"ward": wards[0].pk, "name_en": "Kalibari 1", "name_bn": "কালীবাড়ি"}
    assert api.post(MAHALLAS, taken, format="json").status_code == 409
    blank = {"ward": wards[0].pk, "name_en": "Natunpara", "name_bn": "  "}
    response = api.post(MAHALLAS, blank, format="json")
    assert response.status_code == 400
    assert Mahalla.objects.filter(ward=wards[0]).count() == 1


def test_the_mahalla_list_filters_by_ward(api, town, wards):
    as_user(api, staff_member(Role.LICENCE_INSPECTOR, town))
    body = api.get(MAHALLAS, {"ward": str(wards[1].pk)}).json()
    assert [m["name_en"] for m in body["results"]] == ["Kalibari 2"]
