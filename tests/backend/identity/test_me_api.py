"""The citizen's own profile: what can change, how NID/BRN are checked, and who sees it."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from backend.identity.models import AuditEntry, Citizen
from tests.factories import CitizenFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db

ME = "/api/v1/me/"


@pytest.fixture
def citizen():
    return CitizenFactory(mobile="01712345678", name_en="Shahana Begum", name_bn="শাহানা বেগম")


@pytest.fixture
def client(citizen):
    client = APIClient()
    client.force_authenticate(citizen.user)
    return client


def patch(client, data, **extra):
    return client.patch(ME, data, format="json", **extra)


def test_get_shows_only_the_callers_own_profile(client, citizen):
    CitizenFactory(mobile="01812345678", name_en="Someone Else")
    body = client.get(ME).json()
    assert body["id"] == citizen.pk
    assert body["mobile"] == "01712345678"
    assert body["name_bn"] == "শাহানা বেগম"
    assert "Someone Else" not in str(body)


def test_patch_changes_names_parents_dates_and_addresses(client, citizen):
    answer = patch(
        client,
        {
            "name_en": " Shahana  Begum ",
            "father_name_en": "Abdul Karim",
            "father_name_bn": "আব্দুল করিম",
            "mother_name_bn": "রহিমা খাতুন",
            "spouse_name_en": "Tanvir Hasan",
            "date_of_birth": "১৯৮৫-০৬-০৯",
            "present_address": "Holding 12, Ward 3, Natore",
            "permanent_address": "Village Singra, Natore",
        },
    )
    assert answer.status_code == 200, answer.content
    citizen.refresh_from_db()
    assert citizen.name_en == "Shahana  Begum"
    assert citizen.father_name_bn == "আব্দুল করিম"
    assert citizen.date_of_birth == datetime.date(1985, 6, 9)
    assert citizen.permanent_address == "Village Singra, Natore"
    entry = AuditEntry.objects.get(action="citizen.profile_update", object_id=str(citizen.pk))
    assert entry.actor == citizen.user
    assert entry.after["father_name_en"] == "Abdul Karim"
    assert "name_bn" not in entry.after  # only what changed


def test_mobile_is_read_only(client, citizen):
    answer = patch(client, {"mobile": "01812345678", "name_en": "X"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "mobile_read_only"
    citizen.refresh_from_db()
    assert citizen.mobile == "01712345678" and citizen.name_en == "Shahana Begum"
    # Sending back the same number (a GET-then-PATCH round trip) is harmless.
    assert patch(client, {"mobile": "+8801712345678", "name_en": "X"}).status_code == 200


def test_nid_is_normalised_and_thirteen_digits_take_the_birth_year(client, citizen):
    answer = patch(client, {"date_of_birth": "1985-06-09", "nid": "৬৯২৫১৪৮২৭৩৯০৬"})
    assert answer.status_code == 200, answer.content
    assert answer.json()["nid"] == "19856925148273906"


def test_thirteen_digit_nid_without_a_date_of_birth_is_refused(client):
    answer = patch(client, {"nid": "6925148273906"})
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "invalid_nid"
    assert "nid" in error["fields"]


def test_seventeen_digit_nid_must_agree_with_the_date_of_birth(client, citizen):
    answer = patch(client, {"date_of_birth": "1990-01-01", "nid": "19856925148273906"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_nid"
    assert patch(
        client, {"date_of_birth": "1985-06-09", "nid": "19856925148273906"}
    ).status_code == (200)
    # Changing only the date later must still agree with the stored NID.
    later = patch(client, {"date_of_birth": "1991-01-01"})
    assert later.status_code == 400
    assert later.json()["error"]["code"] == "invalid_nid"
    assert "date_of_birth" in later.json()["error"]["fields"]


def test_bad_nid_and_brn_are_refused_and_nothing_is_saved(client, citizen):
    answer = patch(client, {"name_en": "Changed", "nid": "12345"})
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "invalid_nid"
    brn = patch(client, {"name_en": "Changed", "birth_registration_number": "1979691216610014"})
    assert brn.status_code == 400
    assert brn.json()["error"]["code"] == "invalid_brn"
    assert "17" in brn.json()["error"]["message"]
    citizen.refresh_from_db()
    assert citizen.name_en == "Shahana Begum"
    assert (
        patch(client, {"birth_registration_number": "১৯৭৯০৯১২১৬৬১০০১৪৫"}).json()[
            "birth_registration_number"
        ]
        == "19790912166100145"
    )


def test_nid_of_another_citizen_is_a_conflict(client):
    CitizenFactory(mobile="01812345678", nid="4617283950")
    answer = patch(client, {"nid": "4617283950"})
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "nid_in_use"


def test_brn_of_another_citizen_is_a_conflict(client):
    CitizenFactory(mobile="01812345678", birth_registration_number="19790912166100145")
    answer = patch(client, {"birth_registration_number": "19790912166100145"})
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "brn_in_use"


def test_clearing_nid_and_brn(client, citizen):
    citizen.nid = "4617283950"
    citizen.save()
    assert patch(client, {"nid": "", "birth_registration_number": None}).status_code == 200
    citizen.refresh_from_db()
    assert citizen.nid is None and citizen.birth_registration_number is None


def _verified(citizen):
    citizen.nid = "19856925148273906"
    citizen.date_of_birth = datetime.date(1985, 6, 9)
    citizen.nid_verified_at = timezone.now()
    citizen.nid_verified_by = citizen.user
    citizen.nid_verification_source = "sandbox"
    citizen.save()


@pytest.mark.parametrize(
    "change",
    [{"nid": "4617283950"}, {"name_en": "Someone Else"}],
)
def test_changing_a_verified_fact_clears_the_verification(client, citizen, change):
    _verified(citizen)
    answer = patch(client, change)
    assert answer.status_code == 200
    assert answer.json()["nid_verified"] is False
    citizen.refresh_from_db()
    assert citizen.nid_verified_at is None and citizen.nid_verified_by is None
    assert citizen.nid_verification_source == ""


def test_other_changes_keep_the_verification(client, citizen):
    _verified(citizen)
    answer = patch(client, {"present_address": "Ward 2", "nid": "19856925148273906"})
    assert answer.status_code == 200
    assert answer.json()["nid_verified"] is True


def test_future_date_of_birth_is_refused(client):
    answer = patch(client, {"date_of_birth": "2999-01-01"})
    assert answer.status_code == 400
    assert answer.json()["error"]["code"] == "invalid_date_of_birth"


def test_staff_without_a_citizen_profile_is_refused(db):
    client = APIClient()
    client.force_authenticate(staff_member("revenue_clerk"))
    assert client.get(ME).status_code == 403


def test_user_without_citizen_profile_cannot_patch(db):
    client = APIClient()
    client.force_authenticate(UserFactory())
    answer = client.patch(ME, {"name_en": "X"}, format="json")
    assert answer.status_code == 403
    assert answer.json()["error"]["code"] == "permission_denied"
    assert Citizen.objects.count() == 0
