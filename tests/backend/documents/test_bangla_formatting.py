"""Document date lines in Bangla and English."""

import unicodedata
from datetime import UTC, date, datetime

import pytest

from backend.documents.bangla import (
    MONTH_NAMES_BN,
    format_bangla_date,
    format_both_dates,
    format_gregorian,
    format_gregorian_bn,
)
from backend.documents.bangla.formatting import GREGORIAN_MONTHS_BN

SCHEDULE_DAY = date(2014, 10, 21)  # the Model Tax Schedule 2014 is dated 6 Kartik 1421


def test_bangla_date_as_the_model_tax_schedule_prints_it():
    assert format_bangla_date(SCHEDULE_DAY) == "৬ কার্তিক ১৪২১ বঙ্গাব্দ"
    assert format_bangla_date(SCHEDULE_DAY, "en") == "6 Kartik 1421 BS"


def test_gregorian_date_in_bangla():
    assert format_gregorian_bn(SCHEDULE_DAY) == "২১ অক্টোবর ২০১৪ খ্রিস্টাব্দ"
    assert format_gregorian_bn(date(2024, 2, 21)) == "২১ ফেব্রুয়ারি ২০২৪ খ্রিস্টাব্দ"
    assert format_gregorian(SCHEDULE_DAY, "en") == "21 October 2014"
    assert format_gregorian(date(2025, 1, 5), "en") == "5 January 2025"  # no leading zero


def test_both_dates_in_bangla():
    assert format_both_dates(SCHEDULE_DAY, "bn") == "৬ কার্তিক ১৪২১ বঙ্গাব্দ / ২১ অক্টোবর ২০১৪ খ্রিস্টাব্দ"


def test_both_dates_in_english():
    assert format_both_dates(SCHEDULE_DAY, "en") == "21 October 2014 (6 Kartik 1421 BS)"
    assert format_both_dates(date(2019, 10, 16), "en") == "16 October 2019 (31 Ashwin 1426 BS)"
    assert format_both_dates(date(2023, 12, 16), "en") == "16 December 2023 (1 Poush 1430 BS)"


def test_request_language_codes_with_a_region_are_accepted():
    assert format_both_dates(SCHEDULE_DAY, "bn-BD") == format_both_dates(SCHEDULE_DAY, "bn")
    assert format_both_dates(SCHEDULE_DAY, "en-US") == format_both_dates(SCHEDULE_DAY, "en")


@pytest.mark.parametrize("language", ["fr", "", None, "b"])
def test_an_unknown_language_is_an_error(language):
    with pytest.raises(ValueError):
        format_both_dates(SCHEDULE_DAY, language)


def test_a_timestamp_prints_as_its_day_in_dhaka():
    # 20:00 UTC on 13 April 2024 is 02:00 on 14 April in Dhaka: Pohela Boishakh 1431
    issued_at = datetime(2024, 4, 13, 20, 0, tzinfo=UTC)
    assert format_both_dates(issued_at, "bn") == "১ বৈশাখ ১৪৩১ বঙ্গাব্দ / ১৪ এপ্রিল ২০২৪ খ্রিস্টাব্দ"


def test_every_month_name_prints_and_is_in_canonical_unicode():
    # Canonical (NFC) text matches what search and comparison see; each name appears in output.
    for month, name in enumerate(GREGORIAN_MONTHS_BN, start=1):
        assert unicodedata.is_normalized("NFC", name)
        assert name in format_gregorian_bn(date(2024, month, 1))
    for name in MONTH_NAMES_BN:
        assert unicodedata.is_normalized("NFC", name)
    printed = {format_bangla_date(date(2024, m, 20)).split()[1] for m in range(1, 13)}
    assert printed == set(MONTH_NAMES_BN)
