"""Bangla digits typed into the panel's forms are taken as ASCII ones, except in Bangla text."""

import pytest
from django.test import Client

from backend.municipality.models import Ward
from tests.factories import PourashavaFactory, UserFactory


@pytest.mark.django_db
def test_a_ward_added_with_bangla_digits_is_stored_with_ascii_ones():
    pourashava = PourashavaFactory()
    clerk = UserFactory(is_staff=True, is_superuser=True, preferred_language="bn")
    client = Client()
    client.force_login(clerk)
    answer = client.post(
        "/admin/municipality/ward/add/",
        {
            "pourashava": str(pourashava.pk),
            "number": "১২",
            "name_en": "",
            "name_bn": "ওয়ার্ড ১২",
            "mahallas-TOTAL_FORMS": "০",
            "mahallas-INITIAL_FORMS": "0",
        },
    )
    assert answer.status_code == 302
    ward = Ward.objects.get(pourashava=pourashava)
    assert ward.number == 12 and ward.name_bn == "ওয়ার্ড ১২"
    listing = client.get("/admin/municipality/ward/").content.decode()
    assert "ওয়ার্ড ১২" in listing and ">12<" not in listing


@pytest.mark.django_db
def test_a_refused_form_says_so_in_bangla():
    clerk = UserFactory(is_staff=True, is_superuser=True, preferred_language="bn")
    client = Client()
    client.force_login(clerk)
    page = client.post("/admin/municipality/ward/add/", {"number": "x"}).content.decode()
    assert "নিচের ভুলগুলো সংশোধন করুন।" in page or "নিচের ভুলটি সংশোধন করুন।" in page
    assert "Please correct" not in page
