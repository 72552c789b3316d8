"""Taka amounts: lakh/crore grouping, Bangla digits, amounts in words for receipts."""

import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from backend.common.digits import to_ascii_digits, to_bangla_digits
from backend.common.money import money
from backend.documents.bangla import format_taka, number_in_words, taka_in_words
from backend.documents.bangla.numbers import BN_0_99

# --- grouping -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "en", "bn"),
    [
        ("0", "0.00", "০.০০"),
        ("5", "5.00", "৫.০০"),
        ("999", "999.00", "৯৯৯.০০"),
        ("1000", "1,000.00", "১,০০০.০০"),
        ("99999.99", "99,999.99", "৯৯,৯৯৯.৯৯"),
        ("100000", "1,00,000.00", "১,০০,০০০.০০"),
        ("1234567.5", "12,34,567.50", "১২,৩৪,৫৬৭.৫০"),
        ("10000000", "1,00,00,000.00", "১,০০,০০,০০০.০০"),
        ("999999999999.99", "9,99,99,99,99,999.99", "৯,৯৯,৯৯,৯৯,৯৯,৯৯৯.৯৯"),
        ("-1234567.5", "-12,34,567.50", "-১২,৩৪,৫৬৭.৫০"),
        ("-0.5", "-0.50", "-০.৫০"),
    ],
)
def test_grouping(amount, en, bn):
    assert format_taka(Decimal(amount), "en") == en
    assert format_taka(Decimal(amount), "bn") == bn


def test_rounding_is_the_projects_one_rule_half_away_from_zero():
    assert format_taka(Decimal("2.005"), "en") == "2.01"
    assert format_taka(Decimal("-2.005"), "en") == "-2.01"
    assert format_taka(Decimal("2.004"), "en") == "2.00"
    # a negative amount that rounds to zero prints as zero, not "-0.00"
    assert format_taka(Decimal("-0.004"), "en") == "0.00"


def test_int_and_exact_strings_are_accepted():
    assert format_taka(1500, "en") == "1,500.00"
    assert format_taka("1500.25", "bn") == "১,৫০০.২৫"


@pytest.mark.parametrize("bad", [1234.5, 0.1, True])
def test_float_is_refused(bad):
    with pytest.raises(TypeError):
        format_taka(bad, "en")
    with pytest.raises(TypeError):
        taka_in_words(bad, "en")


@pytest.mark.parametrize("bad", [Decimal("NaN"), Decimal("Infinity"), "-inf"])
def test_non_finite_is_refused(bad):
    with pytest.raises(ValueError):
        format_taka(bad, "en")


GROUPED = re.compile(r"^-?(\d{1,3}|\d{1,2}(,\d{2})*,\d{3})\.\d{2}$")
AMOUNTS = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    allow_nan=False,
    allow_infinity=False,
    places=2,
)


@given(AMOUNTS)
def test_grouping_keeps_the_value_and_the_shape(amount):
    en = format_taka(amount, "en")
    assert GROUPED.match(en), en
    assert Decimal(en.replace(",", "")) == money(amount)
    bn = format_taka(amount, "bn")
    assert to_ascii_digits(bn) == en
    assert not re.search(r"[0-9]", bn)


# --- words --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "en", "bn"),
    [
        (
            "1234567.50",
            "Twelve lakh thirty-four thousand five hundred sixty-seven taka and fifty paisa",
            "বারো লক্ষ চৌত্রিশ হাজার পাঁচ শত সাতষট্টি টাকা পঞ্চাশ পয়সা",
        ),
        ("0", "Zero taka", "শূন্য টাকা"),
        ("0.05", "Five paisa", "পাঁচ পয়সা"),
        ("1", "One taka", "এক টাকা"),
        ("19", "Nineteen taka", "উনিশ টাকা"),
        ("100", "One hundred taka", "এক শত টাকা"),
        ("101.01", "One hundred one taka and one paisa", "এক শত এক টাকা এক পয়সা"),
        ("1000", "One thousand taka", "এক হাজার টাকা"),
        ("2500.75", "Two thousand five hundred taka and seventy-five paisa",
         "দুই হাজার পাঁচ শত টাকা পঁচাত্তর পয়সা"),
        ("100000", "One lakh taka", "এক লক্ষ টাকা"),
        ("10000000", "One crore taka", "এক কোটি টাকা"),
        ("52", "Fifty-two taka", "বায়ান্ন টাকা"),
        ("71", "Seventy-one taka", "একাত্তর টাকা"),
        (
            "99999999.99",
            "Nine crore ninety-nine lakh ninety-nine thousand nine hundred ninety-nine taka"
            " and ninety-nine paisa",
            "নয় কোটি নিরানব্বই লক্ষ নিরানব্বই হাজার নয় শত নিরানব্বই টাকা নিরানব্বই পয়সা",
        ),
        (
            "12345678901",
            "One thousand two hundred thirty-four crore fifty-six lakh seventy-eight thousand"
            " nine hundred one taka",
            "এক হাজার দুই শত চৌত্রিশ কোটি ছাপ্পান্ন লক্ষ আটাত্তর হাজার নয় শত এক টাকা",
        ),
    ],
)  # fmt: skip
def test_amounts_in_words(amount, en, bn):
    assert taka_in_words(Decimal(amount), "en") == en
    assert taka_in_words(Decimal(amount), "bn") == bn


def test_words_round_to_paisa_first():
    assert taka_in_words(Decimal("10.999"), "en") == "Eleven taka"


def test_negative_amount_in_words_is_refused():
    with pytest.raises(ValueError):
        taka_in_words(Decimal("-5"), "en")


# The irregular Bangla words, checked against the standard table (Bangla Academy spellings).
@pytest.mark.parametrize(
    ("n", "word"),
    [
        (0, "শূন্য"), (6, "ছয়"), (9, "নয়"), (11, "এগারো"), (14, "চৌদ্দ"), (16, "ষোলো"),
        (19, "উনিশ"), (25, "পঁচিশ"), (29, "ঊনত্রিশ"), (37, "সাঁইত্রিশ"), (42, "বিয়াল্লিশ"),
        (46, "ছেচল্লিশ"), (49, "ঊনপঞ্চাশ"), (53, "তিপ্পান্ন"), (59, "ঊনষাট"), (62, "বাষট্টি"),
        (66, "ছেষট্টি"), (69, "ঊনসত্তর"), (73, "তিয়াত্তর"), (79, "ঊনআশি"), (82, "বিরাশি"),
        (86, "ছিয়াশি"), (89, "ঊননব্বই"), (96, "ছিয়ানব্বই"), (99, "নিরানব্বই"),
    ],
)  # fmt: skip
def test_bangla_number_words(n, word):
    assert number_in_words(n, "bn") == word


def test_the_bangla_table_is_complete_distinct_and_canonical():
    assert len(BN_0_99) == 100
    assert len(set(BN_0_99)) == 100
    assert all(unicodedata.is_normalized("NFC", w) and " " not in w for w in BN_0_99)
    assert unicodedata.is_normalized("NFC", taka_in_words(Decimal("1.01"), "bn"))


# Reading the words back must give the amount: a parser written independently of the
# formatter, by the Indian-subcontinent scale rules.
EN_VALUES = {
    w: i
    for i, w in enumerate(
        [
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
    )
}
EN_VALUES |= {
    w: 10 * i
    for i, w in enumerate(
        ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"], 2
    )
}
BN_VALUES = {w: i for i, w in enumerate(BN_0_99)}
SCALE = {"thousand": 1_000, "lakh": 100_000, "হাজার": 1_000, "লক্ষ": 100_000}


def parse_whole(words: list[str], values: dict[str, int]) -> int:
    total = current = 0
    for word in words:
        if word in ("hundred", "শত"):
            current *= 100
        elif word in SCALE:
            total, current = total + current * SCALE[word], 0
        elif word in ("crore", "কোটি"):
            total, current = (total + current) * 10_000_000, 0
        else:
            current += sum(values[part] for part in word.split("-"))
    return total + current


def parse_amount(text: str, language: str) -> Decimal:
    values = BN_VALUES if language == "bn" else EN_VALUES
    taka_word, paisa_word = ("টাকা", "পয়সা") if language == "bn" else ("taka", "paisa")
    words = text.lower().replace(" and ", " ").split()
    taka = paisa = 0
    buffer: list[str] = []
    for word in words:
        if word == taka_word:
            taka, buffer = parse_whole(buffer, values), []
        elif word == paisa_word:
            paisa, buffer = parse_whole(buffer, values), []
        else:
            buffer.append(word)
    assert not buffer, text
    return Decimal(taka) + Decimal(paisa) / 100


@given(st.decimals(min_value=0, max_value=Decimal("999999999999.99"), places=2))
def test_words_read_back_to_the_amount(amount):
    assert parse_amount(taka_in_words(amount, "en"), "en") == amount
    assert parse_amount(taka_in_words(amount, "bn"), "bn") == amount


@given(st.integers(min_value=0, max_value=10**18))
def test_whole_numbers_read_back_including_crores_of_crores(n):
    assert parse_whole(number_in_words(n, "en").split(), EN_VALUES) == n
    assert parse_whole(number_in_words(n, "bn").split(), BN_VALUES) == n


def test_bangla_digits_come_from_the_shared_helper():
    assert format_taka(Decimal("1234567.5"), "bn") == to_bangla_digits("12,34,567.50")
