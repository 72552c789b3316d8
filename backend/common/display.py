"""Display forms for a citizen's answers: beside every raw value an app computes with (`"12345.00"`,
`"2025-26"`, `"2025-03-14"`), the words a person reads, in the request's language:

    amount   "৳ ১২,৩৪৫.০০"                       "Tk 12,345.00"
    period   "২০২৫-২৬, ৪র্থ কিস্তি"                 "2025-26, instalment 4"
    date     "১৪ মার্চ ২০২৫ খ্রিস্টাব্দ / ৩০ ফাল্গুন ১৪৩১ বঙ্গাব্দ"   "14 March 2025 (30 Falgun 1431 BS)"
    number   "২০০০"                               "2000" (never `2E+3`)

Apps show these as they are, so a phone needs no Bangla number or calendar code of its own.
Raw values stay as they were (programs compute with them); the display form sits beside them as
`<name>_display`. Language: the request's (LocaleMiddleware), or the one given.
"""

from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone, translation

from backend.common.digits import to_bangla_digits
from backend.documents.bangla.formatting import (
    format_bangla_date,
    format_both_dates,
    format_gregorian,
)
from backend.documents.bangla.numbers import format_taka

ORDINAL_BN = {1: "১ম", 2: "২য়", 3: "৩য়", 4: "৪র্থ"}
GREGORIAN_MONTHS_BN = (
    "জানুয়ারি",
    "ফেব্রুয়ারি",
    "মার্চ",
    "এপ্রিল",
    "মে",
    "জুন",
    "জুলাই",
    "আগস্ট",
    "সেপ্টেম্বর",
    "অক্টোবর",
    "নভেম্বর",
    "ডিসেম্বর",
)
GREGORIAN_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def language(language: str | None = None) -> str:
    """'bn' or 'en': the one given, else the active (request) language."""
    code = (language or translation.get_language() or "en")[:2].lower()
    return "bn" if code == "bn" else "en"


def amount(value: Decimal | int | str | None, lang: str | None = None) -> str | None:
    """`৳ ১২,৩৪৫.০০` / `Tk 12,345.00` (Bangladeshi grouping: `৳ ১২,৩৪,৫৬৭.০০`)."""
    if value is None:
        return None
    lang = language(lang)
    text = format_taka(Decimal(str(value)), lang)
    return f"৳ {text}" if lang == "bn" else f"Tk {text}"


def number(value: Decimal | int | str | None, lang: str | None = None) -> str | None:
    """A plain number in the language's digits: 2000 (not 2E+3), 1250.5 (no trailing zeros)."""
    if value is None:
        return None
    if isinstance(value, Decimal | str):
        exact = Decimal(str(value))
        text = format(exact.normalize(), "f") if exact == exact.to_integral() else str(exact)
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    else:
        text = str(value)
    return to_bangla_digits(text) if language(lang) == "bn" else text


def period(
    fiscal_year: str | None,
    quarter: int | None = None,
    month: int | None = None,
    lang: str | None = None,
) -> str | None:
    """`২০২৫-২৬, ৪র্থ কিস্তি` / `2025-26, instalment 4`; a month's: `২০২৫-২৬, মাস ৭`."""
    if not fiscal_year:
        return None
    lang = language(lang)
    if lang == "bn":
        year = to_bangla_digits(fiscal_year)
        if quarter:
            return f"{year}, {ORDINAL_BN.get(quarter, to_bangla_digits(quarter))} কিস্তি"
        if month:
            return f"{year}, মাস {to_bangla_digits(month)}"
        return f"{year} অর্থবছর"
    if quarter:
        return f"{fiscal_year}, instalment {quarter}"
    if month:
        return f"{fiscal_year}, month {month}"
    return f"fiscal year {fiscal_year}"


def _as_date(value: date | datetime | str) -> date:
    if isinstance(value, str):
        value = datetime.fromisoformat(value) if "T" in value else date.fromisoformat(value)
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def day(value: date | datetime | str | None, lang: str | None = None) -> str | None:
    """A date in both calendars: Gregorian and Bangabda (`১৪ মার্চ ২০২৫ খ্রিস্টাব্দ / ...`)."""
    if value is None:
        return None
    return format_both_dates(_as_date(value), language(lang))


def gregorian(value: date | datetime | str | None, lang: str | None = None) -> str | None:
    """A date in the Gregorian calendar only, in the language's words and digits."""
    if value is None:
        return None
    return format_gregorian(_as_date(value), language(lang))


def bangabda(value: date | datetime | str | None, lang: str | None = None) -> str | None:
    """A date in the Bangla calendar only."""
    if value is None:
        return None
    return format_bangla_date(_as_date(value), language(lang))


def moment(value: datetime | str | None, lang: str | None = None) -> str | None:
    """A date and time: the date in both calendars, then the local time (`, ১০:৩০`)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    local = timezone.localtime(value) if timezone.is_aware(value) else value
    clock = local.strftime("%H:%M")
    lang = language(lang)
    return f"{day(local, lang)}, {to_bangla_digits(clock) if lang == 'bn' else clock}"
