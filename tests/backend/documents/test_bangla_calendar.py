"""Bangabda calendar: national days and dated documents on both sides of the 16 Oct 2019 revision,
and the invariants of the conversion (no gaps, no repeats, month lengths, round trips).

Offsets below are days since 14 April (0-based). Month start offsets:
    old (to 1425):  Boishakh 0, Joishtho 31, Asharh 62, Shrabon 93, Bhadro 124, Ashwin 155,
                    Kartik 185, Ogrohayon 215, Poush 245, Magh 275, Falgun 305, Chaitra 335/336
    new (1426 on):  ... Ashwin 155, Kartik 186, Ogrohayon 216, Poush 246, Magh 276, Falgun 306,
                    Chaitra 335/336
"""

import calendar
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.documents.bangla import (
    MONTH_NAMES_BN,
    MONTH_NAMES_EN,
    BanglaDate,
    CalendarRule,
    from_bangla_date,
    is_leap_year,
    month_lengths,
    rule_for_date,
    to_bangla_date,
    ymd_under_rule,
)

BOISHAKH, JOISHTHO, ASHWIN, KARTIK, POUSH, FALGUN, CHAITRA = 1, 2, 6, 7, 9, 11, 12


def days(start: date, end: date):
    d = start
    while d <= end:
        yield d
        d += timedelta(days=1)


# --- fixed national days after the revision: the point of the 2019 reform ------------------

REVISED_ANCHORS = [
    # (month, day) Gregorian -> (Bangla month, day); year: -593 from 14 April, else -594
    ((4, 14), (BOISHAKH, 1)),  # Pohela Boishakh
    ((5, 8), (BOISHAKH, 25)),  # Rabindranath's birthday
    ((5, 25), (JOISHTHO, 11)),  # Nazrul's birthday
    ((12, 16), (POUSH, 1)),  # Victory Day
    ((2, 21), (FALGUN, 8)),  # Language Martyrs' Day (8 Falgun 1358, 1952)
    ((3, 26), (CHAITRA, 12)),  # Independence Day
]


@pytest.mark.parametrize("year", range(2020, 2031))
@pytest.mark.parametrize(("gregorian", "bangla"), REVISED_ANCHORS)
def test_national_days_fall_on_the_same_bangla_date_every_year_after_the_revision(
    year, gregorian, bangla
):
    d = date(year, *gregorian)
    expected_year = year - 593 if gregorian >= (4, 14) else year - 594
    assert to_bangla_date(d) == BanglaDate(expected_year, *bangla)


# --- the same days before the revision, derived from the old rule --------------------------
# 16 Dec: 1 Dec is offset 231 (Apr 14..30: 17 days, then May 31, Jun 30, Jul 31, Aug 31,
#         Sep 30, Oct 31, Nov 30: 17+31+30+31+31+30+31+30 = 231), so 16 Dec is 246;
#         old Poush starts at 245 (5*31 + 3*30) -> 246 - 245 + 1 = 2 Poush, in every year.
# 21 Feb: offset of 1 Feb is 293, so 21 Feb is 313 -> old Falgun starts at 305 -> 9 Falgun.
# 13 Feb: offset 305 -> 1 Falgun (Pohela Falgun was 13 Feb; the revision moved it to 14 Feb).
# 16 Oct: offset 185 -> old Kartik starts at 185 -> 1 Kartik.
# 26 Mar: offset 346 (347 in a leap year), Chaitra at 335 (336) -> 12 Chaitra either way.
# 14 Apr, 8 May (offset 24), 25 May (offset 41) are untouched: Boishakh/Joishtho did not change.

PRE_REVISION_ANCHORS = [
    ((4, 14), (BOISHAKH, 1)),
    ((5, 8), (BOISHAKH, 25)),
    ((5, 25), (JOISHTHO, 11)),
    ((10, 16), (KARTIK, 1)),
    ((12, 16), (POUSH, 2)),
    ((2, 13), (FALGUN, 1)),
    ((2, 21), (FALGUN, 9)),
    ((3, 26), (CHAITRA, 12)),
]


@pytest.mark.parametrize("bangla_year", range(1402, 1426))  # 14 Apr 1995 .. 13 Apr 2019
@pytest.mark.parametrize(("gregorian", "bangla"), PRE_REVISION_ANCHORS)
def test_national_days_before_the_revision_follow_the_old_month_lengths(
    bangla_year, gregorian, bangla
):
    gregorian_year = bangla_year + 593 if gregorian >= (4, 14) else bangla_year + 594
    assert to_bangla_date(date(gregorian_year, *gregorian)) == BanglaDate(bangla_year, *bangla)


# --- dated documents and boundary days ----------------------------------------------------

DATED = [
    # Model Tax Schedule 2014, SRO 246-Law/2014: offset 190 (1 Oct = 170), old Kartik at 185.
    (date(2014, 10, 21), BanglaDate(1421, KARTIK, 6)),
    # The revision took effect on 16 Oct 2019, declared 31 Ashwin 1426.
    (date(2019, 10, 16), BanglaDate(1426, ASHWIN, 31)),
    (date(2019, 10, 15), BanglaDate(1426, ASHWIN, 30)),  # last day both rules agree on
    (date(2019, 10, 17), BanglaDate(1426, KARTIK, 1)),
    (date(2019, 4, 14), BanglaDate(1426, BOISHAKH, 1)),
    (date(2019, 4, 13), BanglaDate(1425, CHAITRA, 30)),
    (date(2018, 12, 16), BanglaDate(1425, POUSH, 2)),  # last Victory Day under the old rule
    (date(2019, 12, 16), BanglaDate(1426, POUSH, 1)),  # first one under the new rule
    (date(2019, 2, 21), BanglaDate(1425, FALGUN, 9)),
    (date(2020, 2, 21), BanglaDate(1426, FALGUN, 8)),
    # Leap days. Old rule, 2016: Falgun 13 Feb .. 14 Mar = 31 days; 29 Feb is offset 321 -> 17.
    (date(2016, 2, 29), BanglaDate(1422, FALGUN, 17)),
    (date(2016, 3, 14), BanglaDate(1422, FALGUN, 31)),
    (date(2016, 3, 15), BanglaDate(1422, CHAITRA, 1)),
    (date(2015, 3, 14), BanglaDate(1421, FALGUN, 30)),  # 2015 not leap: Falgun 30 days
    # New rule: Falgun 14 Feb .. 14 Mar; 30 days in 2020 (leap), 29 in 2021.
    (date(2020, 2, 29), BanglaDate(1426, FALGUN, 16)),
    (date(2020, 3, 14), BanglaDate(1426, FALGUN, 30)),
    (date(2021, 3, 14), BanglaDate(1427, FALGUN, 29)),
    (date(2021, 3, 15), BanglaDate(1427, CHAITRA, 1)),
    (date(2024, 3, 15), BanglaDate(1430, CHAITRA, 1)),
    # offset 20 -> 21 Boishakh
    (date(2024, 5, 4), BanglaDate(1431, BOISHAKH, 21)),
]


@pytest.mark.parametrize(("gregorian", "bangla"), DATED)
def test_dated_documents(gregorian, bangla):
    assert to_bangla_date(gregorian) == bangla
    assert from_bangla_date(bangla) == gregorian


def test_the_day_of_the_revision_was_1_kartik_under_the_old_rule():
    d = date(2019, 10, 16)
    assert ymd_under_rule(d, CalendarRule.PRE_2019) == (1426, KARTIK, 1)
    assert ymd_under_rule(d, CalendarRule.REVISED_2019) == (1426, ASHWIN, 31)
    assert rule_for_date(d) is CalendarRule.REVISED_2019
    assert rule_for_date(d - timedelta(days=1)) is CalendarRule.PRE_2019


def test_the_year_rule_and_the_date_rule_agree_on_every_day():
    """Rule by Bangla year (1426 on: revised) equals rule by date (16 Oct 2019 on: revised),
    because 1426 up to 15 Oct 2019 is the same day by day under both rules."""
    for d in days(date(1990, 1, 1), date(2040, 12, 31)):
        bd = to_bangla_date(d)
        assert (bd.year, bd.month, bd.day) == ymd_under_rule(d, rule_for_date(d)), d


def test_the_two_rules_diverge_only_from_16_october_2019_within_1426():
    start, end = date(2019, 4, 14), date(2020, 4, 13)
    differing = [
        d
        for d in days(start, end)
        if ymd_under_rule(d, CalendarRule.PRE_2019) != ymd_under_rule(d, CalendarRule.REVISED_2019)
    ]
    assert differing[0] == date(2019, 10, 16)
    # The old rule's extra Falgun day (31 Falgun) absorbs the difference by 1 Chaitra (15 Mar).
    assert differing[-1] == date(2020, 3, 14)


# --- invariants ---------------------------------------------------------------------------


def test_every_day_from_1990_to_2040_is_the_next_bangla_day_no_gaps_no_repeats():
    previous = to_bangla_date(date(1989, 12, 31))
    for d in days(date(1990, 1, 1), date(2040, 12, 31)):
        current = to_bangla_date(d)
        assert current > previous, d
        if current.year == previous.year and current.month == previous.month:
            assert current.day == previous.day + 1, d
        else:
            # a month changes only after its last day, to day 1 of the next month or year
            assert current.day == 1, d
            assert previous.day == month_lengths(previous.year)[previous.month - 1], d
            if current.year == previous.year:
                assert current.month == previous.month + 1, d
            else:
                assert (previous.month, current.month) == (CHAITRA, BOISHAKH), d
                assert current.year == previous.year + 1, d
                assert (d.month, d.day) == (4, 14), d
        previous = current


def observed_month_lengths(bangla_year: int) -> list[int]:
    counts = [0] * 12
    start = date(bangla_year + 593, 4, 14)
    for d in days(start, date(bangla_year + 594, 4, 13)):
        bd = to_bangla_date(d)
        assert bd.year == bangla_year
        counts[bd.month - 1] += 1
    return counts


@pytest.mark.parametrize("bangla_year", range(1397, 1447))  # 1990 .. 2040
def test_months_have_the_lengths_the_rule_says(bangla_year):
    leap = calendar.isleap(bangla_year + 594)  # the Gregorian year holding that Falgun
    if bangla_year >= 1426:
        expected = [31] * 6 + [30] * 4 + [30 if leap else 29, 30]
    else:
        expected = [31] * 5 + [30] * 5 + [31 if leap else 30, 30]
    assert observed_month_lengths(bangla_year) == expected
    assert is_leap_year(bangla_year) is leap


def test_ashwin_grew_to_31_days_from_1426():
    assert observed_month_lengths(1425)[ASHWIN - 1] == 30
    assert observed_month_lengths(1426)[ASHWIN - 1] == 31


def test_round_trip_every_day_1990_to_2040():
    for d in days(date(1990, 1, 1), date(2040, 12, 31)):
        assert from_bangla_date(to_bangla_date(d)) == d


ALL_DATES = st.dates(min_value=date(594, 4, 14), max_value=date(9999, 12, 31))


@given(ALL_DATES)
def test_round_trip_over_the_whole_supported_range(d):
    assert from_bangla_date(to_bangla_date(d)) == d


@given(ALL_DATES)
def test_bangabda_year_is_gregorian_minus_593_from_14_april(d):
    offset = 593 if (d.month, d.day) >= (4, 14) else 594
    assert to_bangla_date(d).year == d.year - offset


@st.composite
def bangla_dates(draw):
    year = draw(st.integers(min_value=1, max_value=9405))
    month = draw(st.integers(min_value=1, max_value=12))
    day = draw(st.integers(min_value=1, max_value=month_lengths(year)[month - 1]))
    return BanglaDate(year, month, day)


@given(bangla_dates())
def test_round_trip_from_the_bangla_side(bd):
    assert to_bangla_date(from_bangla_date(bd)) == bd


@given(ALL_DATES, st.integers(min_value=1, max_value=400))
def test_order_is_preserved(d, gap):
    later = d + timedelta(days=gap)
    if later <= date(9999, 12, 31):
        assert to_bangla_date(later) > to_bangla_date(d)


# --- validation and inputs ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("year", "month", "day"),
    [
        (1425, ASHWIN, 31),  # Ashwin had 30 days before the revision
        (1427, FALGUN, 30),  # Falgun 1427 holds Feb 2021: not leap, 29 days
        (1423, FALGUN, 31),  # old rule: 31 only in a leap year (Feb 2017 is not)
        (1426, KARTIK, 31),
        (1430, 13, 1),
        (1430, 0, 1),
        (1430, 1, 0),
        (0, 1, 1),
    ],
)
def test_dates_that_do_not_exist_are_refused(year, month, day):
    with pytest.raises(ValueError):
        BanglaDate(year, month, day)


@pytest.mark.parametrize(
    "bd",
    [
        BanglaDate(1426, ASHWIN, 31),
        BanglaDate(1426, FALGUN, 30),  # Feb 2020 is leap
        BanglaDate(1422, FALGUN, 31),  # Feb 2016 is leap, old rule
    ],
)
def test_dates_that_exist_under_their_rule_are_accepted(bd):
    assert to_bangla_date(from_bangla_date(bd)) == bd


def test_a_datetime_counts_as_its_day_in_dhaka():
    # 18:30 UTC on 15 Oct 2019 is 00:30 on 16 Oct in Dhaka (UTC+6)
    assert to_bangla_date(datetime(2019, 10, 15, 18, 30, tzinfo=UTC)) == BanglaDate(
        1426, ASHWIN, 31
    )
    assert to_bangla_date(datetime(2019, 10, 15, 17, 59, tzinfo=UTC)) == BanglaDate(
        1426, ASHWIN, 30
    )


def test_outside_the_range_is_an_error_not_a_wrong_date():
    with pytest.raises(ValueError):
        to_bangla_date(date(594, 4, 13))
    with pytest.raises(ValueError):
        from_bangla_date(BanglaDate(9406, CHAITRA, 30))  # would be April 10000
    with pytest.raises(TypeError):
        to_bangla_date("2019-10-16")


def test_month_names():
    assert MONTH_NAMES_EN == (
        "Boishakh",
        "Joishtho",
        "Asharh",
        "Shrabon",
        "Bhadro",
        "Ashwin",
        "Kartik",
        "Ogrohayon",
        "Poush",
        "Magh",
        "Falgun",
        "Chaitra",
    )
    assert BanglaDate(1421, KARTIK, 6).month_name("bn") == "কার্তিক"
    assert BanglaDate(1421, KARTIK, 6).month_name("en") == "Kartik"
    assert MONTH_NAMES_BN[0] == "বৈশাখ" and MONTH_NAMES_BN[-1] == "চৈত্র"
    assert len(set(MONTH_NAMES_BN)) == 12
