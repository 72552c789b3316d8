"""Numbers and labels as the dashboard shows them: Bangla digits and lakh grouping in Bangla."""

from decimal import Decimal

from django.utils import translation

from backend.common.digits import to_bangla_digits
from backend.documents.bangla.numbers import format_taka
from backend.payments.registry import SECTORS

SECTOR_NAMES = {
    "holding_tax": ("Holding tax", "হোল্ডিং কর"),
    "water": ("Water", "পানি"),
    "trade_licence": ("Trade licence", "ট্রেড লাইসেন্স"),
    "certificates": ("Certificates", "সনদ"),
    "leases": ("Leases", "ইজারা"),
    "other": ("Other", "অন্যান্য"),
}
CHANNEL_NAMES = {
    "bkash": ("bKash", "বিকাশ"),
    "nagad": ("Nagad", "নগদ"),
    "sslcommerz": ("SSLCommerz", "এসএসএলকমার্জ"),
    "counter": ("Counter", "কাউন্টার"),
    "udc": ("UDC", "ইউডিসি"),
}
AGE_NAMES = {
    0: ("Current year", "চলতি বছর"),
    1: ("1 year", "১ বছর"),
    2: ("2 years", "২ বছর"),
    3: ("3+ years", "৩+ বছর"),
}
assert set(SECTOR_NAMES) == set(SECTORS)


def lang() -> str:
    return "bn" if (translation.get_language() or "bn").startswith("bn") else "en"


def pick(pair: tuple[str, str]) -> str:
    return pair[1] if lang() == "bn" else pair[0]


def digits(text: object) -> str:
    return to_bangla_digits(str(text)) if lang() == "bn" else str(text)


def taka(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return format_taka(Decimal(value), lang())


def pct(value: Decimal | None) -> str:
    if value is None:
        return "–"
    return digits(f"{value}%")


def cell(value: object, kind: str) -> str:
    """A table cell as text: kind is money, pct, number or text."""
    if kind == "money":
        return taka(value)
    if kind == "pct":
        return pct(value)
    if kind == "number":
        return "–" if value is None else digits(value)
    if value is None:
        return ""
    return digits(value) if isinstance(value, int | Decimal) else str(value)
