"""A certificate's wording: placeholders filled in the copy's language, everything else left as
the admin wrote it, and no way for typed text to reach into Python objects."""

from datetime import date

import pytest

from services.certificates.models import CertificateApplication
from services.certificates.wording import check_body, fill_body, render_body
from tests.factories import CitizenFactory, PourashavaFactory, WardFactory
from tests.services.certificates.helpers import (
    HEIR_BODY_BN,
    HEIR_BODY_EN,
    make_application,
    make_certificate_type,
)

pytestmark = pytest.mark.django_db

INCOME_FIELDS = [
    {"code": "annual_income", "label_en": "Income", "label_bn": "আয়", "type": "number"},
    {"code": "since", "label_en": "Living here since", "label_bn": "বসবাস শুরু", "type": "date"},
    {
        "code": "occupation",
        "label_en": "Occupation",
        "label_bn": "পেশা",
        "type": "choice",
        "choices": [
            {"code": "farmer", "label_en": "Farmer", "label_bn": "কৃষক"},
            {"code": "trader", "label_en": "Trader", "label_bn": "ব্যবসায়ী"},
        ],
    },
]


@pytest.fixture
def ward():
    pourashava = PourashavaFactory(code="NAT", name_en="Natore Pourashava", name_bn="নাটোর পৌরসভা")
    return WardFactory(pourashava=pourashava, number=7)


def _income_application(ward, language: str, **type_overrides) -> CertificateApplication:
    certificate_type = make_certificate_type(
        ward.pourashava,
        code="income",
        form_fields=INCOME_FIELDS,
        **type_overrides,
    )
    citizen = CitizenFactory(name_en="Sumon Das", name_bn="সুমন দাস", nid="1000000123")
    detail = make_application(
        applicant=citizen, ward=ward, certificate_type=certificate_type, language=language
    )
    detail.date_of_birth = date(1992, 7, 21)
    detail.answers = {"annual_income": "120000", "since": "2010-01-05", "occupation": "farmer"}
    detail.save()
    return detail


def test_the_default_heir_bodies_use_only_known_placeholders():
    assert check_body(HEIR_BODY_EN) == []
    assert check_body(HEIR_BODY_BN) == []


def test_check_body_lists_every_unknown_token_once_in_order():
    text = (
        "{name} {nmae} of {ward} {name.__class__} {0} {nmae} {answers.annual_income} "
        "{answers.colour} {answers.__dict__}"
    )
    assert check_body(text) == ["nmae", "name.__class__", "0", "answers.__dict__"]
    # With the type's form fields, an answer code the form does not have is unknown too.
    assert check_body(text, INCOME_FIELDS) == [
        "nmae",
        "name.__class__",
        "0",
        "answers.colour",
        "answers.__dict__",
    ]


def test_english_copy_fills_english_names_dates_and_answers(ward):
    detail = _income_application(
        ward,
        "en",
        body_en=(
            "{name}, child of {father_name}, NID {nid}, born {date_of_birth}, of Ward {ward}, "
            "{pourashava}, a {answers.occupation} earning Tk {answers.annual_income} a year, "
            "living here since {answers.since}."
        ),
    )
    assert fill_body(detail, "en") == (
        "Sumon Das, child of Abdul Karim, NID 1000000123, born 21 July 1992, of Ward 7, "
        "Natore Pourashava, a Farmer earning Tk 120000 a year, living here since 5 January 2010."
    )


def test_bangla_copy_prints_bangla_names_digits_and_months(ward):
    detail = _income_application(
        ward,
        "bn",
        body_bn=(
            "{pourashava}-এর {ward} নং ওয়ার্ডের {father_name}-এর সন্তান {name}, এনআইডি {nid}, "
            "জন্ম {date_of_birth}, পেশা {answers.occupation}, বার্ষিক আয় {answers.annual_income} টাকা।"
        ),
    )
    assert fill_body(detail, "bn") == (
        "নাটোর পৌরসভা-এর ৭ নং ওয়ার্ডের আব্দুল করিম-এর সন্তান সুমন দাস, এনআইডি ১০০০০০০১২৩, "
        "জন্ম ২১ জুলাই ১৯৯২ খ্রিস্টাব্দ, পেশা কৃষক, বার্ষিক আয় ১২০০০০ টাকা।"
    )


def test_heir_body_names_the_deceased_and_date_of_death_in_each_language(ward):
    citizen = CitizenFactory(name_en="Rahim Uddin", name_bn="রহিম উদ্দিন")
    detail = make_application(
        applicant=citizen, ward=ward, certificate_type=make_certificate_type(ward.pourashava)
    )
    english = fill_body(detail, "en")
    assert "Abdul Karim" in english and "died on 14 March 2025" in english
    bangla = fill_body(detail, "bn")
    assert "আব্দুল করিম ১৪ মার্চ ২০২৫ খ্রিস্টাব্দ তারিখে" in bangla
    assert "{" not in english + bangla


def test_unknown_and_attribute_tokens_stay_as_written_and_leak_nothing(ward):
    detail = _income_application(
        ward,
        "en",
        body_en="{name} {nmae} {name.__class__.__init__.__globals__} {0} {{name}} {answers.x}",
    )
    assert fill_body(detail, "en") == (
        "Sumon Das {nmae} {name.__class__.__init__.__globals__} {0} {Sumon Das} {answers.x}"
    )


def test_values_are_inserted_once_never_expanded_again():
    # A name that itself looks like a placeholder prints as typed, not as the NID.
    assert render_body("{name}", {"name": "{nid}", "nid": "123"}) == "{nid}"


def test_an_unanswered_form_field_prints_blank_not_its_token(ward):
    detail = _income_application(ward, "en", body_en="Income: {answers.annual_income}.")
    detail.answers = {}
    detail.save()
    assert fill_body(detail, "en") == "Income: ."
