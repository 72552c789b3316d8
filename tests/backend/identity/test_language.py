"""The same bad request gets the same code in either language, with the message in that
language."""

import pytest

from tests.factories import CitizenFactory

pytestmark = pytest.mark.django_db


def _has_bangla(text: str) -> bool:
    return any("\u0980" <= ch <= "\u09ff" for ch in text)


@pytest.mark.parametrize(
    ("path", "data", "code"),
    [
        ("/api/v1/auth/otp/", {"mobile": "12345"}, "invalid_mobile"),
        ("/api/v1/auth/token/", {"mobile": "01712345678", "code": "123456"}, "otp_not_requested"),
        ("/api/v1/auth/token/refresh/", {"refresh": "x"}, "token_invalid"),
        ("/api/v1/auth/staff-token/", {"username": "a", "password": "b"}, "invalid_credentials"),
        ("/api/v1/auth/otp/", {}, "validation_failed"),
    ],
)
def test_same_code_message_in_request_language(api, path, data, code):
    bn = api.post(path, data, format="json", HTTP_ACCEPT_LANGUAGE="bn")
    en = api.post(path, data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert bn.status_code == en.status_code and 400 <= bn.status_code < 500
    bn_error, en_error = bn.json()["error"], en.json()["error"]
    assert bn_error["code"] == en_error["code"] == code
    assert _has_bangla(bn_error["message"])
    assert not _has_bangla(en_error["message"])


def test_profile_error_in_both_languages(api):
    citizen = CitizenFactory()
    api.force_authenticate(citizen.user)
    bn = api.patch("/api/v1/me/", {"nid": "১২৩"}, format="json", HTTP_ACCEPT_LANGUAGE="bn")
    en = api.patch("/api/v1/me/", {"nid": "১২৩"}, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert bn.json()["error"]["code"] == en.json()["error"]["code"] == "invalid_nid"
    assert _has_bangla(bn.json()["error"]["message"])
    assert _has_bangla(bn.json()["error"]["fields"]["nid"][0]["message"])
    assert not _has_bangla(en.json()["error"]["message"])
    assert not _has_bangla(en.json()["error"]["fields"]["nid"][0]["message"])
    assert bn.json()["error"]["fields"]["nid"][0]["code"] == "invalid_nid"


def test_attempts_left_in_both_languages(api, sms_outbox, otp_limits):
    api.post("/api/v1/auth/otp/", {"mobile": "01712345678"}, format="json")
    code = sms_outbox.code_for("01712345678")
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    data = {"mobile": "01712345678", "code": wrong}
    bn = api.post("/api/v1/auth/token/", data, format="json", HTTP_ACCEPT_LANGUAGE="bn")
    en = api.post("/api/v1/auth/token/", data, format="json", HTTP_ACCEPT_LANGUAGE="en")
    assert bn.json()["error"]["code"] == en.json()["error"]["code"] == "otp_invalid"
    assert "আর ৪ বার" in bn.json()["error"]["message"]
    assert "3 tries left" in en.json()["error"]["message"]
