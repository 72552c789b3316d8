"""Amounts in words as receipts print them: the documents' Bangla/English number words, closed
with "only" / "মাত্র" so nothing can be written after them."""

from decimal import Decimal

from backend.documents.bangla import taka_in_words as _words


def taka_in_words(amount: Decimal, language: str = "en") -> str:
    return f"{_words(amount, language)} {'মাত্র' if language == 'bn' else 'only'}"
