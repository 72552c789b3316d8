"""Bangla digits (U+09E6..U+09EF) both ways. Input is accepted in either script everywhere."""

_BN = "০১২৩৪৫৬৭৮৯"
_TO_ASCII = str.maketrans(_BN, "0123456789")
_TO_BANGLA = str.maketrans("0123456789", _BN)


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII)


def to_bangla_digits(text: object) -> str:
    return str(text).translate(_TO_BANGLA)
