"""Public pourashava and ward lists: no login, active pourashavas only, bounded queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import MahallaFactory, PourashavaFactory, WardFactory

pytestmark = pytest.mark.django_db

LIST = "/api/v1/pourashavas/"


def wards_url(code: str) -> str:
    return f"/api/v1/pourashavas/{code}/wards/"


@pytest.fixture
def natore():
    town = PourashavaFactory(
        code="NAT",
        name_en="Natore Pourashava",
        name_bn="নাটোর পৌরসভা",
        pourashava_class="A",
        district_en="Natore",
        district_bn="নাটোর",
        upazila_en="Natore Sadar",
        upazila_bn="নাটোর সদর",
    )
    for number in (2, 1, 3):
        ward = WardFactory(pourashava=town, number=number)
        MahallaFactory(ward=ward, name_en=f"Kalibari {number}", name_bn=f"কালীবাড়ি {number}")
        MahallaFactory(ward=ward, name_en=f"Bazarpara {number}", name_bn=f"বাজারপাড়া {number}")
    return town


def test_anyone_can_list_active_pourashavas_with_their_ward_count(api, natore):
    PourashavaFactory(code="OLD", is_active=False)
    response = api.get(LIST)
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "code": "NAT",
            "name_en": "Natore Pourashava",
            "name_bn": "নাটোর পৌরসভা",
            "pourashava_class": "A",
            "district_en": "Natore",
            "district_bn": "নাটোর",
            "upazila_en": "Natore Sadar",
            "upazila_bn": "নাটোর সদর",
            "ward_count": 3,
        }
    ]


def test_a_bad_token_does_not_stop_the_public_list(api, natore):
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api.get(LIST).status_code == 200


def test_the_pourashava_list_is_paginated_in_code_order(api):
    for code in ("ZZZ", "AAA", "MMM"):
        PourashavaFactory(code=code)
    body = api.get(LIST, {"page_size": 2}).json()
    assert body["count"] == 3
    assert [p["code"] for p in body["results"]] == ["AAA", "MMM"]
    assert body["next"]


def test_the_pourashava_list_query_count_does_not_grow_with_page_size(
    api, django_assert_max_num_queries
):
    for n in range(30):
        town = PourashavaFactory(code=f"T{n:02d}")
        WardFactory(pourashava=town, number=1)
        WardFactory(pourashava=town, number=2)
    counts = []
    for size in (2, 30):
        # one COUNT for the pager, one SELECT with the ward counts annotated
        with django_assert_max_num_queries(2), CaptureQueriesContext(connection) as queries:
            response = api.get(LIST, {"page_size": size})
        assert len(response.json()["results"]) == size
        assert all(p["ward_count"] == 2 for p in response.json()["results"])
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_a_pourashavas_wards_come_with_their_mahallas(api, natore):
    response = api.get(wards_url("NAT"))
    assert response.status_code == 200
    wards = response.json()
    assert [w["number"] for w in wards] == [1, 2, 3]
    assert [m["name_en"] for m in wards[0]["mahallas"]] == ["Bazarpara 1", "Kalibari 1"]
    assert wards[0]["mahallas"][1]["name_bn"] == "কালীবাড়ি 1"


def test_the_code_is_not_case_sensitive(api, natore):
    assert api.get(wards_url("nat")).status_code == 200


def test_the_ward_list_has_no_n_plus_one(api, natore, django_assert_max_num_queries):
    for number in range(4, 30):
        MahallaFactory(ward=WardFactory(pourashava=natore, number=number))
    # the pourashava, its wards, their mahallas
    with django_assert_max_num_queries(3):
        response = api.get(wards_url("NAT"))
    assert len(response.json()) == 29


def test_wards_of_an_unknown_or_inactive_pourashava_are_not_found(api, natore):
    PourashavaFactory(code="OLD", is_active=False)
    for code in ("XYZ", "OLD"):
        response = api.get(wards_url(code), HTTP_ACCEPT_LANGUAGE="bn")
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "pourashava_not_found"
        assert response.json()["error"]["message"] == "এমন কোনো পৌরসভা নেই।"
