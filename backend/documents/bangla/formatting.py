"""Dates and amounts as documents print them, in Bangla or English.

Bangla dates: "৬ কার্তিক ১৪২১ বঙ্গাব্দ"; Gregorian in Bangla: "২১ অক্টোবর ২০১৪ খ্রিস্টাব্দ";
both side by side: "৬ কার্তিক ১৪২১ বঙ্গাব্দ / ২১ অক্টোবর ২০১৪ খ্রিস্টাব্দ" (the form the Model Tax
Schedule 2014 dates itself with), or in English "21 October 2014 (6 Kartik 1421 BS)".
A datetime is printed as its calendar day in Dhaka.
"""

from __future__ import annotations

from datetime import date

from backend.common.digits import to_bangla_digits
from backend.documents.bangla.calendar import as_date, to_bangla_date
from backend.documents.bangla.language import normalize_language
from backend.documents.bangla.numbers import format_taka, taka_in_words

__all__ = [
    "format_bangla_date",
    "format_both_dates",
    "format_gregorian",
    "format_gregorian_bn",
    "format_taka",
    "taka_in_words",
]

# Bangla Academy spellings of the Gregorian months.
GREGORIAN_MONTHS_BN: tuple[str, ...] = (
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
GREGORIAN_MONTHS_EN: tuple[str, ...] = (
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
BANGABDA_BN = "বঙ্গাব্দ"
BANGABDA_EN = "BS"
CHRISTIAN_ERA_BN = "খ্রিস্টাব্দ"


def format_bangla_date(d: date, language: str = "bn") -> str:
    """'৬ কার্তিক ১৪২১ বঙ্গাব্দ' (bn) or '6 Kartik 1421 BS' (en)."""
    lang = normalize_language(language)
    bd = to_bangla_date(d)
    if lang == "bn":
        day, year = to_bangla_digits(bd.day), to_bangla_digits(bd.year)
        return f"{day} {bd.month_name('bn')} {year} {BANGABDA_BN}"
    return f"{bd.day} {bd.month_name('en')} {bd.year} {BANGABDA_EN}"


def format_gregorian_bn(d: date) -> str:
    """'২১ অক্টোবর ২০১৪ খ্রিস্টাব্দ'."""
    d = as_date(d)
    month = GREGORIAN_MONTHS_BN[d.month - 1]
    return f"{to_bangla_digits(d.day)} {month} {to_bangla_digits(d.year)} {CHRISTIAN_ERA_BN}"


def format_gregorian(d: date, language: str) -> str:
    """'21 October 2014' (en, locale-independent) or the Bangla form of format_gregorian_bn."""
    if normalize_language(language) == "bn":
        return format_gregorian_bn(d)
    d = as_date(d)
    return f"{d.day} {GREGORIAN_MONTHS_EN[d.month - 1]} {d.year}"


def format_both_dates(d: date, language: str) -> str:
    """The document date line: Bangla and Gregorian together.

    bn: '৬ কার্তিক ১৪২১ বঙ্গাব্দ / ২১ অক্টোবর ২০১৪ খ্রিস্টাব্দ'
    en: '21 October 2014 (6 Kartik 1421 BS)'
    """
    if normalize_language(language) == "bn":
        return f"{format_bangla_date(d, 'bn')} / {format_gregorian_bn(d)}"
    return f"{format_gregorian(d, 'en')} ({format_bangla_date(d, 'en')})"
