"""Template filters for documents: dates in both calendars, taka, digits, bilingual text."""

from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django import template

from backend.common.digits import to_bangla_digits
from backend.common.text import Text
from backend.documents import formatting

register = template.Library()


@register.filter
def both_dates(value: date | datetime | str | None, language: str) -> str:
    if not value:
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    return formatting.both_dates(value, language)


@register.filter
def taka(value: Decimal | str | int | None, language: str) -> str:
    if value in (None, ""):
        return ""
    try:
        return formatting.taka(Decimal(str(value)), language)
    except InvalidOperation:
        return str(value)


@register.filter
def digits(value: object, language: str) -> str:
    """Bangla digits on Bangla documents; identifiers keep their ASCII form (see number)."""
    return to_bangla_digits(value) if language == "bn" else str(value)


@register.filter
def in_lang(value: Text | str, language: str) -> str:
    return value.render(language) if isinstance(value, Text) else str(value)
