"""Taka amounts for documents: Bangladeshi (lakh/crore) digit grouping and amounts in words.

Amounts are Decimal (or int/str that Decimal reads exactly), rounded to paisa by the project's
one rule (backend.common.money.money, half away from zero). A float is refused: it cannot hold
most paisa values exactly.
"""

from __future__ import annotations

from decimal import Decimal

from backend.common.digits import to_bangla_digits
from backend.common.money import money
from backend.documents.bangla.language import normalize_language

# 0-99 in Bangla are irregular (no tens + units rule), so the whole table is written out.
# Spellings follow Bangla Academy usage (ঊন- "one less than" for 29, 39, ... 89).
BN_0_99: tuple[str, ...] = (
    # 0-9
    "শূন্য", "এক", "দুই", "তিন", "চার", "পাঁচ", "ছয়", "সাত", "আট", "নয়",
    # 10-19
    "দশ", "এগারো", "বারো", "তেরো", "চৌদ্দ", "পনেরো", "ষোলো", "সতেরো", "আঠারো", "উনিশ",
    # 20-29
    "বিশ", "একুশ", "বাইশ", "তেইশ", "চব্বিশ", "পঁচিশ", "ছাব্বিশ", "সাতাশ", "আটাশ", "ঊনত্রিশ",
    # 30-39
    "ত্রিশ", "একত্রিশ", "বত্রিশ", "তেত্রিশ", "চৌত্রিশ", "পঁয়ত্রিশ", "ছত্রিশ", "সাঁইত্রিশ",
    "আটত্রিশ", "ঊনচল্লিশ",
    # 40-49
    "চল্লিশ", "একচল্লিশ", "বিয়াল্লিশ", "তেতাল্লিশ", "চুয়াল্লিশ", "পঁয়তাল্লিশ", "ছেচল্লিশ",
    "সাতচল্লিশ", "আটচল্লিশ", "ঊনপঞ্চাশ",
    # 50-59
    "পঞ্চাশ", "একান্ন", "বায়ান্ন", "তিপ্পান্ন", "চুয়ান্ন", "পঞ্চান্ন", "ছাপ্পান্ন", "সাতান্ন",
    "আটান্ন", "ঊনষাট",
    # 60-69
    "ষাট", "একষট্টি", "বাষট্টি", "তেষট্টি", "চৌষট্টি", "পঁয়ষট্টি", "ছেষট্টি", "সাতষট্টি",
    "আটষট্টি", "ঊনসত্তর",
    # 70-79
    "সত্তর", "একাত্তর", "বাহাত্তর", "তিয়াত্তর", "চুয়াত্তর", "পঁচাত্তর", "ছিয়াত্তর", "সাতাত্তর",
    "আটাত্তর", "ঊনআশি",
    # 80-89
    "আশি", "একাশি", "বিরাশি", "তিরাশি", "চুরাশি", "পঁচাশি", "ছিয়াশি", "সাতাশি", "আটাশি",
    "ঊননব্বই",
    # 90-99
    "নব্বই", "একানব্বই", "বিরানব্বই", "তিরানব্বই", "চুরানব্বই", "পঁচানব্বই", "ছিয়ানব্বই",
    "সাতানব্বই", "আটানব্বই", "নিরানব্বই",
)  # fmt: skip

_EN_UNITS: tuple[str, ...] = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)  # fmt: skip
_EN_TENS: tuple[str, ...] = (
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
)  # fmt: skip

# (divisor, English word, Bangla word), largest first. Counts above 99 crore are themselves
# written in lakh/crore ("one thousand two hundred crore"), the usual Bangladeshi form.
_SCALES = ((10_000_000, "crore", "কোটি"), (100_000, "lakh", "লক্ষ"), (1_000, "thousand", "হাজার"))
_HUNDRED = ("hundred", "শত")


def _exact(amount: Decimal | int | str) -> Decimal:
    """Amount rounded to paisa; float and non-finite values refused."""
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int | str):
        raise TypeError(f"amount must be Decimal, int or str, never {type(amount).__name__}")
    value = Decimal(amount) if not isinstance(amount, Decimal) else amount
    if not value.is_finite():
        raise ValueError(f"amount must be a finite number, got {amount!r}")
    return money(value)


def group_bd(digits: str) -> str:
    """Group an unsigned digit string the Bangladeshi way: last three, then pairs (12,34,567)."""
    if len(digits) <= 3:
        return digits
    head, tail = digits[:-3], digits[-3:]
    pairs = []
    while len(head) > 2:
        pairs.insert(0, head[-2:])
        head = head[:-2]
    return ",".join([head, *pairs, tail])


def format_taka(amount: Decimal | int | str, language: str) -> str:
    """'12,34,567.00': two places, lakh/crore grouping, leading '-' if negative.

    For bn the same string in Bangla digits.
    """
    lang = normalize_language(language)
    value = _exact(amount)
    sign = "-" if value < 0 else ""  # -0.00 (from -0.001) is not < 0: printed unsigned
    whole, paisa = f"{abs(value):.2f}".split(".")
    text = f"{sign}{group_bd(whole)}.{paisa}"
    return to_bangla_digits(text) if lang == "bn" else text


def _en_below_100(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    tens, units = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_UNITS[units]}" if units else "")


def _words(n: int, lang: str) -> str:
    """A positive whole number in words, Indian-subcontinent scales."""
    below_100 = BN_0_99.__getitem__ if lang == "bn" else _en_below_100
    parts: list[str] = []
    for divisor, en, bn in _SCALES:
        count, n = divmod(n, divisor)
        if count:
            # Only crore can exceed 99; recurse so its count reads in lakh/thousand too.
            head = _words(count, lang) if count > 99 else below_100(count)
            parts.append(f"{head} {bn if lang == 'bn' else en}")
    hundreds, n = divmod(n, 100)
    if hundreds:
        parts.append(f"{below_100(hundreds)} {_HUNDRED[1] if lang == 'bn' else _HUNDRED[0]}")
    if n:
        parts.append(below_100(n))
    return " ".join(parts)


def number_in_words(n: int, language: str) -> str:
    """A non-negative whole number in words ('twelve lakh ...' / 'বারো লক্ষ ...'), lower case."""
    lang = normalize_language(language)
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError(f"expected int, got {type(n).__name__}")
    if n < 0:
        raise ValueError("number_in_words takes non-negative numbers")
    if n == 0:
        return BN_0_99[0] if lang == "bn" else "zero"
    return _words(n, lang)


def taka_in_words(amount: Decimal | int | str, language: str) -> str:
    """The amount in words for receipts.

    en: 'Twelve lakh thirty-four thousand five hundred sixty-seven taka and fifty paisa'
    bn: 'বারো লক্ষ চৌত্রিশ হাজার পাঁচ শত সাতষট্টি টাকা পঞ্চাশ পয়সা'
    Zero taka is left out when there are paisa ('Fifty paisa'); 0 is 'Zero taka' / 'শূন্য টাকা'.
    Negative amounts are refused: a receipt states what was paid; print a refund as a positive sum.
    """
    lang = normalize_language(language)
    value = _exact(amount)
    if value < 0:
        raise ValueError("an amount in words must not be negative")
    taka, paisa = divmod(int(value * 100), 100)
    taka_word, paisa_word, joiner = (
        ("টাকা", "পয়সা", " ") if lang == "bn" else ("taka", "paisa", " and ")
    )
    parts = []
    if taka or not paisa:
        parts.append(f"{number_in_words(taka, lang)} {taka_word}")
    if paisa:
        parts.append(f"{number_in_words(paisa, lang)} {paisa_word}")
    text = joiner.join(parts)
    return text[0].upper() + text[1:] if lang == "en" else text
