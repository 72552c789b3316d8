"""Bilingual text: Bangla messages write numbers in Bangla digits, and leave codes alone."""

from decimal import Decimal

from backend.common.text import Text
from backend.identity.otp import LOGIN_SMS

TRIES = Text(en="{left} tries left of {total}.", bn="{total} বারের মধ্যে আর {left} বার বাকি।")


def test_numbers_are_written_in_bangla_digits_in_bangla_only():
    assert TRIES.render("bn", left=3, total=Decimal("10")) == "১০ বারের মধ্যে আর ৩ বার বাকি।"
    assert TRIES.render("en", left=3, total=Decimal("10")) == "3 tries left of 10."


def test_a_login_code_stays_in_ascii_digits_so_the_phone_can_fill_it_in():
    sms = LOGIN_SMS.both(code="042917", minutes=5)
    bangla, english = sms.split("\n")
    assert "042917" in bangla and "৫ মিনিট" in bangla
    assert "042917" in english and "5 minutes" in english
