"""Taka amounts in words for receipts, in the South Asian system (hundred, thousand, lakh,
crore), in English and Bangla."""

from decimal import Decimal

from backend.common.money import money

_EN_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

_BN = [
    "শূন্য",
    "এক",
    "দুই",
    "তিন",
    "চার",
    "পাঁচ",
    "ছয়",
    "সাত",
    "আট",
    "নয়",
    "দশ",
    "এগারো",
    "বারো",
    "তেরো",
    "চৌদ্দ",
    "পনেরো",
    "ষোলো",
    "সতেরো",
    "আঠারো",
    "উনিশ",
    "বিশ",
    "একুশ",
    "বাইশ",
    "তেইশ",
    "চব্বিশ",
    "পঁচিশ",
    "ছাব্বিশ",
    "সাতাশ",
    "আটাশ",
    "উনত্রিশ",
    "ত্রিশ",
    "একত্রিশ",
    "বত্রিশ",
    "তেত্রিশ",
    "চৌত্রিশ",
    "পঁয়ত্রিশ",
    "ছত্রিশ",
    "সাঁইত্রিশ",
    "আটত্রিশ",
    "উনচল্লিশ",
    "চল্লিশ",
    "একচল্লিশ",
    "বিয়াল্লিশ",
    "তেতাল্লিশ",
    "চুয়াল্লিশ",
    "পঁয়তাল্লিশ",
    "ছেচল্লিশ",
    "সাতচল্লিশ",
    "আটচল্লিশ",
    "উনপঞ্চাশ",
    "পঞ্চাশ",
    "একান্ন",
    "বায়ান্ন",
    "তিপ্পান্ন",
    "চুয়ান্ন",
    "পঞ্চান্ন",
    "ছাপ্পান্ন",
    "সাতান্ন",
    "আটান্ন",
    "উনষাট",
    "ষাট",
    "একষট্টি",
    "বাষট্টি",
    "তেষট্টি",
    "চৌষট্টি",
    "পঁয়ষট্টি",
    "ছেষট্টি",
    "সাতষট্টি",
    "আটষট্টি",
    "উনসত্তর",
    "সত্তর",
    "একাত্তর",
    "বাহাত্তর",
    "তিয়াত্তর",
    "চুয়াত্তর",
    "পঁচাত্তর",
    "ছিয়াত্তর",
    "সাতাত্তর",
    "আটাত্তর",
    "উনআশি",
    "আশি",
    "একাশি",
    "বিরাশি",
    "তিরাশি",
    "চুরাশি",
    "পঁচাশি",
    "ছিয়াশি",
    "সাতাশি",
    "আটাশি",
    "উননব্বই",
    "নব্বই",
    "একানব্বই",
    "বিরানব্বই",
    "তিরানব্বই",
    "চুরানব্বই",
    "পঁচানব্বই",
    "ছিয়ানব্বই",
    "সাতানব্বই",
    "আটানব্বই",
    "নিরানব্বই",
]
assert len(_BN) == 100


def _en_below_100(n: int) -> str:
    if n < 20:
        return _EN_ONES[n]
    tens, ones = divmod(n, 10)
    return _EN_TENS[tens] + (f"-{_EN_ONES[ones]}" if ones else "")


def _split(n: int) -> list[tuple[int, str]]:
    """n as [(count, scale)] with scales crore, lakh, thousand, hundred, units."""
    parts = []
    crore, n = divmod(n, 10_000_000)
    lakh, n = divmod(n, 100_000)
    thousand, n = divmod(n, 1000)
    hundred, n = divmod(n, 100)
    for count, scale in (
        (crore, "crore"),
        (lakh, "lakh"),
        (thousand, "thousand"),
        (hundred, "hundred"),
        (n, ""),
    ):
        if count:
            parts.append((count, scale))
    return parts


def _en_int(n: int) -> str:
    if n == 0:
        return "zero"
    words = []
    for count, scale in _split(n):
        head = _en_int(count) if count >= 100 else _en_below_100(count)
        words.append(f"{head} {scale}".strip())
    return " ".join(words)


_BN_SCALE = {"crore": "কোটি", "lakh": "লক্ষ", "thousand": "হাজার", "hundred": "শত", "": ""}


def _bn_int(n: int) -> str:
    if n == 0:
        return _BN[0]
    words = []
    for count, scale in _split(n):
        head = _bn_int(count) if count >= 100 else _BN[count]
        words.append(f"{head} {_BN_SCALE[scale]}".strip())
    return " ".join(words)


def taka_in_words(amount: Decimal, language: str = "en") -> str:
    value = money(amount)
    taka = int(value)
    paisa = int((value - taka) * 100)
    if language == "bn":
        text = f"{_bn_int(taka)} টাকা"
        if paisa:
            text += f" {_bn_int(paisa)} পয়সা"
        return text + " মাত্র"
    text = f"{_en_int(taka)} taka"
    if paisa:
        text += f" and {_en_int(paisa)} paisa"
    return text[0].upper() + text[1:] + " only"
