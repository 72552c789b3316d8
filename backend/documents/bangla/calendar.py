"""The Bangla (Bangabda) calendar as used in Bangladesh, before and after the 2019 revision.

Both rule sets fix 1 Boishakh on 14 April and differ only in month lengths:

* PRE_2019 (Bangla Academy reform of 1987, the civil calendar in Bangladesh until 15 Oct 2019):
  Boishakh..Bhadro 31 days, Ashwin..Chaitra 30, Falgun 31 in a leap year.
* REVISED_2019 (effective 16 Oct 2019, Bangla Academy committee chaired by Prof. Ajoy Roy):
  Boishakh..Ashwin 31 days, Kartik..Magh and Chaitra 30, Falgun 29 (30 in a leap year).

"Leap year" means: the Gregorian year in which that Falgun falls (Bangla year Y - 593 + 1, i.e.
the year whose February lies inside Falgun) is a Gregorian leap year. It is the only choice that
keeps 1 Boishakh on 14 April every year: the Bangla year 14 Apr Y .. 13 Apr Y+1 has 366 days
exactly when it contains 29 February of Y+1.

Which rule applies (the definition this module uses):
    Bangla years up to 1425 follow PRE_2019; Bangla years from 1426 on follow REVISED_2019.
This is the same as "dates before 16 Oct 2019 follow PRE_2019, dates from 16 Oct 2019 follow
REVISED_2019", because in 1426 the two rules agree on every day up to 30 Ashwin (= 15 Oct 2019):
they share 14 April and Boishakh..Bhadro (31 days each), and Ashwin's first 30 days. The first
day they differ is day 186 of 1426, 16 Oct 2019: the old rule called it 1 Kartik, the revision
made it 31 Ashwin. `rule_for_date` states the date form; the tests check that both agree.

Anchors (d = days since 14 April, counting from 0; old / new month start offsets):
    Boishakh 0/0, Joishtho 31/31, Asharh 62/62, Shrabon 93/93, Bhadro 124/124, Ashwin 155/155,
    Kartik 185/186, Ogrohayon 215/216, Poush 245/246, Magh 275/276, Falgun 305/306,
    Chaitra 335 or 336 (leap) / 335 or 336 (leap).
    21 Oct 2014: d = 190 -> old Kartik (185) day 6 -> 6 Kartik 1421 (the Model Tax Schedule).
    16 Dec: d = 246 -> old: 2 Poush; new: 1 Poush.      21 Feb: d = 313 -> old 9, new 8 Falgun.
    So Pohela Falgun moved from 13 Feb to 14 Feb with the revision.

Earlier dates get the PRE_2019 rule proleptically: this is the reformed civil calendar, not the
traditional almanac (panjika) date, nor West Bengal's calendar. Supported range: Bangla year 1
(from 14 April 594) to the end of Python's date range.
"""

from __future__ import annotations

import calendar as _gregorian
import enum
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from backend.documents.bangla.language import normalize_language

DHAKA = ZoneInfo("Asia/Dhaka")

#: The first Bangla year reckoned with the revised month lengths.
REVISION_YEAR = 1426
#: The first Gregorian date on which the revised rule changed a date (31 Ashwin 1426).
REVISION_DATE = date(2019, 10, 16)

#: Bangabda = Gregorian year of the 14 April that opened it, minus this.
YEAR_OFFSET = 593
NEW_YEAR_MONTH, NEW_YEAR_DAY = 4, 14

MONTH_NAMES_BN: tuple[str, ...] = (
    "বৈশাখ",
    "জ্যৈষ্ঠ",
    "আষাঢ়",
    "শ্রাবণ",
    "ভাদ্র",
    "আশ্বিন",
    "কার্তিক",
    "অগ্রহায়ণ",
    "পৌষ",
    "মাঘ",
    "ফাল্গুন",
    "চৈত্র",
)
MONTH_NAMES_EN: tuple[str, ...] = (
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


class CalendarRule(enum.Enum):
    PRE_2019 = "pre_2019"
    REVISED_2019 = "revised_2019"


def rule_for_year(year: int) -> CalendarRule:
    """The rule that governs Bangla year `year` (1426 onward: revised)."""
    return CalendarRule.REVISED_2019 if year >= REVISION_YEAR else CalendarRule.PRE_2019


def rule_for_date(d: date) -> CalendarRule:
    """The rule in force on Gregorian date `d` (revised from 16 Oct 2019)."""
    return CalendarRule.REVISED_2019 if as_date(d) >= REVISION_DATE else CalendarRule.PRE_2019


def is_leap_year(year: int) -> bool:
    """Whether Bangla year `year` has 366 days (its Falgun holds a 29 February)."""
    return _gregorian.isleap(year + YEAR_OFFSET + 1)


def month_lengths(year: int, rule: CalendarRule | None = None) -> tuple[int, ...]:
    """Days in each of the 12 months of Bangla year `year` (rule: default by year)."""
    rule = rule or rule_for_year(year)
    leap = is_leap_year(year)
    if rule is CalendarRule.REVISED_2019:
        return (31,) * 6 + (30,) * 4 + (30 if leap else 29, 30)
    return (31,) * 5 + (30,) * 5 + (31 if leap else 30, 30)


def month_length(year: int, month: int, rule: CalendarRule | None = None) -> int:
    """Days in `month` (1-12) of Bangla year `year`."""
    return month_lengths(year, rule)[month - 1]


def month_name(month: int, language: str = "bn") -> str:
    """Name of Bangla month 1-12 in Bangla or in English transliteration."""
    if not 1 <= month <= 12:
        raise ValueError(f"Bangla month must be 1-12, got {month}")
    names = MONTH_NAMES_BN if normalize_language(language) == "bn" else MONTH_NAMES_EN
    return names[month - 1]


@dataclass(frozen=True, order=True)
class BanglaDate:
    """A valid day of the Bangabda calendar (orders chronologically)."""

    year: int
    month: int
    day: int

    def __post_init__(self) -> None:
        if self.year < 1:
            raise ValueError(f"Bangla year must be 1 or later, got {self.year}")
        if not 1 <= self.month <= 12:
            raise ValueError(f"Bangla month must be 1-12, got {self.month}")
        last = month_length(self.year, self.month)
        if not 1 <= self.day <= last:
            raise ValueError(
                f"{MONTH_NAMES_EN[self.month - 1]} {self.year} has {last} days, got {self.day}"
            )

    def month_name(self, language: str = "bn") -> str:
        return month_name(self.month, language)


def as_date(value: date) -> date:
    """A date as is; a datetime as its calendar day in Dhaka (naive ones taken as local)."""
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(DHAKA)
        return value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"expected a date, got {type(value).__name__}")


def _new_year(gregorian_year: int) -> date:
    return date(gregorian_year, NEW_YEAR_MONTH, NEW_YEAR_DAY)


def ymd_under_rule(d: date, rule: CalendarRule | None = None) -> tuple[int, int, int]:
    """(year, month, day) of Gregorian day `d` under `rule` (default: the rule of that year).

    Forcing a rule answers "what did the old calendar call this day" (16 Oct 2019 -> 1 Kartik
    1426); the result may not be a valid date under the default rule, hence a plain tuple.
    """
    d = as_date(d)
    start_year = d.year if (d.month, d.day) >= (NEW_YEAR_MONTH, NEW_YEAR_DAY) else d.year - 1
    year = start_year - YEAR_OFFSET
    if year < 1:
        raise ValueError(f"{d.isoformat()} is before 1 Boishakh of Bangla year 1")
    offset = (d - _new_year(start_year)).days
    for month, length in enumerate(month_lengths(year, rule), start=1):
        if offset < length:
            return year, month, offset + 1
        offset -= length
    raise AssertionError("month lengths always sum to the days from one 14 April to the next")


def to_bangla_date(d: date) -> BanglaDate:
    """The Bangabda date of Gregorian day `d` (a datetime counts as its day in Dhaka)."""
    return BanglaDate(*ymd_under_rule(d))


def from_bangla_date(bd: BanglaDate) -> date:
    """The Gregorian day of Bangabda date `bd` (inverse of to_bangla_date)."""
    lengths = month_lengths(bd.year)
    offset = sum(lengths[: bd.month - 1]) + bd.day - 1
    try:
        return _new_year(bd.year + YEAR_OFFSET) + timedelta(days=offset)
    except (OverflowError, ValueError) as exc:
        raise ValueError(f"{bd} is outside the supported date range") from exc
