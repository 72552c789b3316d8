"""Date and money formatting for documents.

The real work lives in backend.documents.bangla (Bangla calendar, digits, taka in words). While
that package is not importable this module falls back to a plain Gregorian rendering, so
documents still render; the fallback is marked by BANGLA_FALLBACK for tests and logs.
"""

from datetime import date, datetime
from decimal import Decimal

from backend.common.digits import to_bangla_digits

try:  # the package is written in parallel; keep documents working until it lands
    from backend.documents.bangla import format_both_dates as _format_both_dates
    from backend.documents.bangla import format_taka as _format_taka

    BANGLA_FALLBACK = False
except ImportError:  # pragma: no cover - exercised only before the package exists
    _format_both_dates = None
    _format_taka = None
    BANGLA_FALLBACK = True

_MONTHS_BN = (
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


def _as_date(value: date | datetime) -> date:
    if isinstance(value, datetime):
        from django.utils import timezone

        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def both_dates(value: date | datetime, language: str) -> str:
    """The Gregorian and Bangla (Bangabda) dates together, as documents print them."""
    day = _as_date(value)
    if _format_both_dates is not None:
        return _format_both_dates(day, language)
    if language == "bn":
        return to_bangla_digits(f"{day.day} {_MONTHS_BN[day.month - 1]} {day.year}")
    return day.strftime("%-d %B %Y")


def taka(amount: Decimal, language: str) -> str:
    """An amount of taka, with Bangla digits on Bangla documents."""
    if isinstance(amount, float):
        raise TypeError("taka amounts are Decimal, never float")
    amount = Decimal(amount)
    if _format_taka is not None:
        return _format_taka(amount, language)
    text = f"{amount:,.2f}"
    return f"৳{to_bangla_digits(text)}" if language == "bn" else f"Tk {text}"
