"""The display forms beside raw values in a citizen's answers (backend/common/display.py)."""

from datetime import date
from decimal import Decimal

from django.utils import translation

from backend.common import display


def test_amounts_are_grouped_with_the_taka_sign_in_either_language():
    assert display.amount(Decimal("12345.00"), "bn") == "৳ ১২,৩৪৫.০০"
    assert display.amount(Decimal("12345"), "en") == "Tk 12,345.00"
    assert display.amount(Decimal("1234567.5"), "bn") == "৳ ১২,৩৪,৫৬৭.৫০"  # lakh grouping
    assert display.amount(None) is None


def test_periods_read_as_instalments_of_a_fiscal_year():
    assert display.period("2025-26", 4, lang="bn") == "২০২৫-২৬, ৪র্থ কিস্তি"
    assert display.period("2025-26", 4, lang="en") == "2025-26, instalment 4"
    assert display.period("2025-26", lang="bn") == "২০২৫-২৬ অর্থবছর"
    assert display.period("2025-26", month=7, lang="bn") == "২০২৫-২৬, মাস ৭"


def test_dates_come_in_the_gregorian_and_bangla_calendars():
    assert display.day(date(2025, 3, 14), "en") == "14 March 2025 (29 Falgun 1431 BS)"
    bangla = display.day(date(2025, 3, 14), "bn")
    assert "১৪ মার্চ ২০২৫" in bangla and "ফাল্গুন ১৪৩১" in bangla


def test_numbers_are_plain_never_scientific():
    assert display.number(Decimal("2000.00").normalize(), "en") == "2000"  # not 2E+3
    assert display.number(Decimal("2000.00"), "bn") == "২০০০"
    assert display.number(Decimal("1250.50"), "en") == "1250.5"


def test_the_request_language_is_the_default():
    with translation.override("bn"):
        assert display.amount(Decimal("5")) == "৳ ৫.০০"
    with translation.override("en"):
        assert display.amount(Decimal("5")) == "Tk 5.00"
