"""Normalising the numbers people type: mobile, NID and birth registration number.

Each function accepts Bangla digits, spaces and dashes, returns the one stored form, and refuses
anything else with an AppError carrying a stable code and a message in both languages."""

import datetime
import re

from django.utils import timezone

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError
from backend.common.text import Text

INVALID_MOBILE = Text(
    en="Enter a valid Bangladeshi mobile number, such as 01712345678.",
    bn="সঠিক বাংলাদেশি মোবাইল নম্বর লিখুন, যেমন ০১৭১২৩৪৫৬৭৮।",
)
INVALID_NID = Text(
    en="Enter a valid NID number: 10 or 17 digits (a 13-digit NID is accepted with the date "
    "of birth).",
    bn="সঠিক জাতীয় পরিচয়পত্র নম্বর লিখুন: ১০ বা ১৭ অঙ্ক (১৩ অঙ্কের নম্বর জন্মতারিখসহ গ্রহণযোগ্য)।",
)
NID_13_NEEDS_DOB = Text(
    en="A 13-digit NID is stored with the birth year in front; give your date of birth too.",
    bn="১৩ অঙ্কের জাতীয় পরিচয়পত্র নম্বরের আগে জন্মসাল যোগ করে রাখা হয়; তাই জন্মতারিখও দিন।",
)
NID_YEAR_IMPLAUSIBLE = Text(
    en="The first four digits of a 17-digit NID are the birth year; {year} is not possible.",
    bn="১৭ অঙ্কের জাতীয় পরিচয়পত্র নম্বরের প্রথম চার অঙ্ক জন্মসাল; {year} সম্ভব নয়।",
)
NID_YEAR_MISMATCH = Text(
    en="The NID begins with birth year {year}, but the date of birth is in {dob_year}.",
    bn="জাতীয় পরিচয়পত্র নম্বরের জন্মসাল {year}, কিন্তু জন্মতারিখ {dob_year} সালের।",
)
INVALID_BRN = Text(
    en="Enter a valid birth registration number: 17 digits.",
    bn="সঠিক জন্ম নিবন্ধন নম্বর লিখুন: ১৭ অঙ্ক।",
)
BRN_16_DIGITS = Text(
    en="This is an old 16-digit birth registration number. Convert it to the 17-digit number "
    "at the birth registration office (or everify.bdris.gov.bd) and enter that.",
    bn="এটি পুরোনো ১৬ অঙ্কের জন্ম নিবন্ধন নম্বর। জন্ম নিবন্ধন কার্যালয় (বা everify.bdris.gov.bd) "
    "থেকে ১৭ অঙ্কের নম্বরে রূপান্তর করে সেটি লিখুন।",
)

# Separators people type inside numbers: spaces (including no-break), dashes, dots, brackets.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015().]")
_MOBILE = re.compile(r"01[3-9][0-9]{8}")
_DIGITS = re.compile(r"[0-9]+")
_EARLIEST_BIRTH_YEAR = 1900


def _clean(raw: object) -> str:
    if raw is None:
        return ""
    return _SEPARATORS.sub("", to_ascii_digits(str(raw)))


def normalise_mobile(raw: object) -> str:
    """01[3-9]XXXXXXXX from +880..., 880..., 00880..., 01..., with Bangla digits and separators."""
    value = _clean(raw)
    if value.startswith("+"):
        value = value[1:]
    elif value.startswith("00"):
        value = value[2:]
    # Country code 880 followed by the national number without its leading 0, or "88" + "01...".
    if value.startswith("88") and len(value) == 13:
        value = value[2:]
    if not _MOBILE.fullmatch(value):
        raise AppError("invalid_mobile", INVALID_MOBILE)
    return value


def normalise_nid(raw: object, date_of_birth: datetime.date | None = None) -> str:
    """10 or 17 digits as given; 13 digits become 17 by prefixing the birth year."""
    value = _clean(raw)
    if not _DIGITS.fullmatch(value):
        raise AppError("invalid_nid", INVALID_NID)
    if len(value) == 10:
        return value
    if len(value) == 13:
        if date_of_birth is None:
            raise AppError("invalid_nid", NID_13_NEEDS_DOB)
        _check_year(date_of_birth.year)
        return f"{date_of_birth.year:04d}{value}"
    if len(value) == 17:
        year = int(value[:4])
        _check_year(year)
        if date_of_birth is not None and date_of_birth.year != year:
            raise AppError(
                "invalid_nid",
                NID_YEAR_MISMATCH,
                params={"year": year, "dob_year": date_of_birth.year},
            )
        return value
    raise AppError("invalid_nid", INVALID_NID)


def _check_year(year: int) -> None:
    if not _EARLIEST_BIRTH_YEAR <= year <= timezone.localdate().year:
        raise AppError("invalid_nid", NID_YEAR_IMPLAUSIBLE, params={"year": year})


def normalise_brn(raw: object) -> str:
    """17 digits. The old 16-digit form must first be converted by the registrar."""
    value = _clean(raw)
    if not _DIGITS.fullmatch(value):
        raise AppError("invalid_brn", INVALID_BRN)
    if len(value) == 16:
        raise AppError("invalid_brn", BRN_16_DIGITS)
    if len(value) != 17:
        raise AppError("invalid_brn", INVALID_BRN)
    return value
