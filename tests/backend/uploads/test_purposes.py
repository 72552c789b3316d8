"""The purpose registry: services declare what they take; mistakes in a declaration fail loudly
at import time rather than letting any file through."""

import pytest

from backend.common.errors import AppError
from backend.common.text import Text
from backend.uploads.purposes import (
    get_upload_purpose,
    register_upload_purpose,
    registered_upload_purposes,
)

LABEL = Text(en="Trade licence plan (test)", bn="ট্রেড লাইসেন্সের নকশা (পরীক্ষা)")


def test_a_registered_purpose_is_found_and_listed():
    purpose = register_upload_purpose("test_plan", LABEL, {"pdf", "png"}, max_bytes=1000)
    assert get_upload_purpose("test_plan") is purpose
    assert purpose.allowed == frozenset({"pdf", "png"})
    assert "test_plan" in [p.code for p in registered_upload_purposes()]
    # Registering the same again (a module imported twice) is harmless...
    assert register_upload_purpose("test_plan", LABEL, {"png", "pdf"}, max_bytes=1000) == purpose
    # ...but a different definition under the same code is a mistake.
    with pytest.raises(ValueError, match="already registered"):
        register_upload_purpose("test_plan", LABEL, {"pdf"})


@pytest.mark.parametrize(
    ("code", "allowed", "max_bytes"),
    [
        ("Bad-Code", {"pdf"}, None),
        ("x" * 41, {"pdf"}, None),
        ("test_svg", {"svg"}, None),
        ("test_none", set(), None),
        ("test_zero", {"pdf"}, 0),
    ],
)
def test_bad_declarations_are_refused(code, allowed, max_bytes):
    with pytest.raises(ValueError):
        register_upload_purpose(code, LABEL, allowed, max_bytes=max_bytes)


def test_unknown_purpose_is_an_app_error():
    with pytest.raises(AppError) as caught:
        get_upload_purpose("never_registered")
    assert caught.value.code == "upload_purpose_unknown"
    assert caught.value.fields == {"purpose": ["Unknown upload purpose."]}
