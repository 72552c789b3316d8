import datetime

import pytest
from django.utils import translation

from backend.common.errors import AppError
from backend.identity.validators import normalise_brn, normalise_mobile, normalise_nid


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("01712345678", "01712345678"),
        ("+8801712345678", "01712345678"),
        ("8801712345678", "01712345678"),
        ("008801712345678", "01712345678"),
        ("+880 1712-345678", "01712345678"),
        ("0171 234 5678", "01712345678"),
        ("+৮৮০১৭১২৩৪৫৬৭৮", "01712345678"),
        ("০১৯১২৩৪৫৬৭৮", "01912345678"),
        (" 01312345678 ", "01312345678"),
        ("+88 01812345678", "01812345678"),
    ],
)
def test_mobile_forms_normalise_to_eleven_digits(raw, expected):
    assert normalise_mobile(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "0171234567",  # 10 digits
        "017123456789",  # 12 digits
        "01212345678",  # operator digit 2 does not exist
        "01112345678",
        "+9101712345678",  # another country
        "+880171234567",  # one digit short after the country code
        "0171234567a",
        "phone",
        "01712345678৯",
    ],
)
def test_bad_mobiles_are_refused_with_invalid_mobile(raw):
    with pytest.raises(AppError) as caught:
        normalise_mobile(raw)
    assert caught.value.code == "invalid_mobile"
    assert caught.value.status_code == 400
    assert "01712345678" in caught.value.render_message("en")
    assert "মোবাইল" in caught.value.render_message("bn")


def test_nid_ten_and_seventeen_digits_are_kept():
    assert normalise_nid("4617283950") == "4617283950"
    assert normalise_nid("১৯৮৫৬৯২৫১৪৮২৭৩৯০৬") == "19856925148273906"
    assert normalise_nid("1985 6925 1482 73906") == "19856925148273906"
    dob = datetime.date(1985, 6, 9)
    assert normalise_nid("19856925148273906", dob) == "19856925148273906"


def test_thirteen_digit_nid_gets_the_birth_year_in_front():
    dob = datetime.date(1972, 12, 16)
    assert normalise_nid("6921835064712", dob) == "19726921835064712"
    assert normalise_nid("৬৯২১৮৩৫০৬৪৭১২", dob) == "19726921835064712"


def test_thirteen_digit_nid_without_date_of_birth_says_why():
    with pytest.raises(AppError) as caught:
        normalise_nid("6921835064712")
    assert caught.value.code == "invalid_nid"
    assert "date of birth" in caught.value.render_message("en")
    assert "জন্মতারিখ" in caught.value.render_message("bn")


@pytest.mark.parametrize(
    ("raw", "dob"),
    [
        ("123456789", None),  # 9 digits
        ("12345678901", None),  # 11
        ("123456789012", None),  # 12
        ("1234567890123456", None),  # 16
        ("123456789012345678", None),  # 18
        ("46172839AB", None),
        ("", None),
        ("18506925148273906", None),  # born 1850: implausible
        ("29996925148273906", None),  # the future
        ("19856925148273906", datetime.date(1990, 1, 1)),  # year disagrees with the DOB
        ("6921835064712", datetime.date(2999, 1, 1)),
    ],
)
def test_bad_nids_are_refused_with_invalid_nid(raw, dob):
    with pytest.raises(AppError) as caught:
        normalise_nid(raw, dob)
    assert caught.value.code == "invalid_nid"
    assert caught.value.render_message("bn") != caught.value.render_message("en")


def test_year_mismatch_message_names_both_years():
    with pytest.raises(AppError) as caught:
        normalise_nid("19856925148273906", datetime.date(1990, 1, 1))
    with translation.override("en"):
        message = caught.value.render_message()
    assert "1985" in message and "1990" in message


def test_brn_seventeen_digits_in_either_script():
    assert normalise_brn("19796912166100145") == "19796912166100145"
    assert normalise_brn("১৯৭৯-০৯১২১-৬৬১০০১৪৫") == "19790912166100145"


def test_old_sixteen_digit_brn_is_refused_with_advice_to_convert():
    with pytest.raises(AppError) as caught:
        normalise_brn("1979691216610014")
    assert caught.value.code == "invalid_brn"
    assert "17-digit" in caught.value.render_message("en")
    assert "১৭ অঙ্কের" in caught.value.render_message("bn")


@pytest.mark.parametrize("raw", ["", "123", "197969121661001456", "1979691216610014x"])
def test_bad_brns_are_refused(raw):
    with pytest.raises(AppError) as caught:
        normalise_brn(raw)
    assert caught.value.code == "invalid_brn"
