"""Citizen OTP login and token refresh over the API, as a phone app uses them."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, get_hasher
from rest_framework.test import APIClient

from backend.identity.models import Citizen, OtpChallenge, User
from tests.factories import CitizenFactory, UserFactory, staff_member

pytestmark = pytest.mark.django_db

OTP = "/api/v1/auth/otp/"
TOKEN = "/api/v1/auth/token/"
REFRESH = "/api/v1/auth/token/refresh/"
ME = "/api/v1/me/"
MOBILE = "01712345678"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def assert_rejected(response, status: int, code: str) -> dict:
    """A rejection: the status, a stable code and a message (in the request's language)."""
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]
    return error


def login(api, sms_outbox, mobile=MOBILE) -> dict:
    assert api.post(OTP, {"mobile": mobile}, format="json").status_code == 202
    answer = api.post(TOKEN, {"mobile": mobile, "code": sms_outbox.code_for(mobile)}, format="json")
    assert answer.status_code == 200, answer.content
    return answer.json()


def test_new_citizen_logs_in_reads_and_updates_profile(api, sms_outbox, otp_limits):
    sent = api.post(OTP, {"mobile": "+880 1712-345678"}, format="json")
    assert sent.status_code == 202
    assert sent.json() == {"mobile": MOBILE, "expires_in": 300, "resend_after": 60}
    code = sms_outbox.code_for(MOBILE)

    answer = api.post(TOKEN, {"mobile": MOBILE, "code": code}, format="json")
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert body["is_new"] is True
    assert body["access"] and body["refresh"]
    assert body["citizen"]["mobile"] == MOBILE
    user = User.objects.get(username=MOBILE)
    assert not user.has_usable_password()
    assert not user.is_staff
    assert Citizen.objects.get(user=user).mobile == MOBILE

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    profile = client.get(ME)
    assert profile.status_code == 200
    assert profile.json()["mobile"] == MOBILE and profile.json()["nid_verified"] is False

    changed = client.patch(ME, {"name_en": "Rahima Khatun", "name_bn": "রহিমা খাতুন"}, format="json")
    assert changed.status_code == 200, changed.content
    assert client.get(ME).json()["name_bn"] == "রহিমা খাতুন"


def test_second_login_is_not_new_and_reuses_the_account(api, sms_outbox, otp_limits, clock):
    first = login(api, sms_outbox)
    clock.advance(seconds=61)
    second = login(api, sms_outbox)
    assert second["is_new"] is False
    assert second["citizen"]["id"] == first["citizen"]["id"]
    assert User.objects.filter(username=MOBILE).count() == 1


def test_existing_citizen_logs_in_to_their_account(api, sms_outbox, otp_limits):
    citizen = CitizenFactory(mobile="01812345678", name_en="Abdul Karim")
    body = login(api, sms_outbox, mobile="01812345678")
    assert body["is_new"] is False
    assert body["citizen"]["id"] == citizen.pk
    assert body["citizen"]["name_en"] == "Abdul Karim"


def test_wrong_codes_lock_after_the_allowed_tries(api, sms_outbox, otp_limits):
    api.post(OTP, {"mobile": MOBILE}, format="json")
    code = sms_outbox.code_for(MOBILE)
    for left in (4, 3, 2, 1):
        answer = api.post(TOKEN, {"mobile": MOBILE, "code": wrong(code)}, format="json")
        error = assert_rejected(answer, 400, "otp_invalid")
        assert str(left) in error["message"]
    assert_rejected(
        api.post(TOKEN, {"mobile": MOBILE, "code": wrong(code)}, format="json"), 400, "otp_locked"
    )
    # Even the right code fails now, and no account was created.
    assert_rejected(
        api.post(TOKEN, {"mobile": MOBILE, "code": code}, format="json"), 400, "otp_locked"
    )
    assert not User.objects.filter(username=MOBILE).exists()


def test_expired_code_is_refused(api, sms_outbox, otp_limits):
    api.post(OTP, {"mobile": MOBILE}, format="json")
    code = sms_outbox.code_for(MOBILE)
    from django.utils import timezone

    OtpChallenge.objects.filter(mobile=MOBILE).update(expires_at=timezone.now())
    assert_rejected(
        api.post(TOKEN, {"mobile": MOBILE, "code": code}, format="json"), 400, "otp_expired"
    )


def test_reused_code_is_refused(api, sms_outbox, otp_limits):
    api.post(OTP, {"mobile": MOBILE}, format="json")
    code = sms_outbox.code_for(MOBILE)
    assert api.post(TOKEN, {"mobile": MOBILE, "code": code}, format="json").status_code == 200
    assert_rejected(
        api.post(TOKEN, {"mobile": MOBILE, "code": code}, format="json"), 400, "otp_used"
    )


def test_code_sent_to_one_number_does_not_log_in_another(api, sms_outbox, otp_limits, monkeypatch):
    from backend.identity import otp

    codes = iter(["135790", "246802"])
    monkeypatch.setattr(otp, "_new_code", lambda: next(codes))
    api.post(OTP, {"mobile": MOBILE}, format="json")
    api.post(OTP, {"mobile": "01912345678"}, format="json")
    answer = api.post(TOKEN, {"mobile": "01912345678", "code": "135790"}, format="json")
    assert_rejected(answer, 400, "otp_invalid")
    assert not User.objects.filter(username="01912345678").exists()


def test_token_without_a_code_requested(api, db):
    answer = api.post(TOKEN, {"mobile": MOBILE, "code": "123456"}, format="json")
    assert_rejected(answer, 400, "otp_not_requested")


def test_resend_limit_per_number_answers_429_with_retry_after(api, sms_outbox, otp_limits):
    assert api.post(OTP, {"mobile": MOBILE}, format="json").status_code == 202
    again = api.post(OTP, {"mobile": MOBILE}, format="json")
    assert_rejected(again, 429, "otp_rate_limited")
    assert 1 <= int(again["Retry-After"]) <= 60
    assert len(sms_outbox.to(MOBILE)) == 1


def test_hourly_limit_per_number_over_the_api(api, sms_outbox, otp_limits, clock):
    for _ in range(3):
        assert api.post(OTP, {"mobile": MOBILE}, format="json").status_code == 202
        clock.advance(seconds=61)
    refused = api.post(OTP, {"mobile": MOBILE}, format="json")
    assert_rejected(refused, 429, "otp_rate_limited")
    assert int(refused["Retry-After"]) == 3600 - 183


def test_limit_per_client_address(api, sms_outbox, otp_limits):
    for n in range(4):
        sent = api.post(OTP, {"mobile": f"0171000000{n}"}, format="json", REMOTE_ADDR="203.0.113.9")
        assert sent.status_code == 202
    refused = api.post(OTP, {"mobile": "01710000009"}, format="json", REMOTE_ADDR="203.0.113.9")
    assert_rejected(refused, 429, "otp_rate_limited")
    assert int(refused["Retry-After"]) > 0
    # A forged X-Forwarded-For does not buy a fresh allowance.
    forged = api.post(
        OTP,
        {"mobile": "01710000009"},
        format="json",
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )
    assert_rejected(forged, 429, "otp_rate_limited")
    other = api.post(OTP, {"mobile": "01710000009"}, format="json", REMOTE_ADDR="198.51.100.4")
    assert other.status_code == 202


def test_bad_input_is_refused_with_codes(api, db):
    assert_rejected(api.post(OTP, {"mobile": "12345"}, format="json"), 400, "invalid_mobile")
    error = assert_rejected(api.post(OTP, {}, format="json"), 400, "validation_failed")
    assert error["fields"]["mobile"][0]["code"] == "required"
    assert_rejected(api.post(TOKEN, {"mobile": MOBILE}, format="json"), 400, "validation_failed")
    assert_rejected(api.post(OTP, "not json", content_type="application/json"), 400, "parse_error")


def test_staff_account_cannot_log_in_by_otp(api, sms_outbox, otp_limits):
    staff = staff_member("revenue_clerk")
    staff.username = MOBILE
    staff.save()
    api.post(OTP, {"mobile": MOBILE}, format="json")
    answer = api.post(TOKEN, {"mobile": MOBILE, "code": sms_outbox.code_for(MOBILE)}, format="json")
    assert_rejected(answer, 403, "staff_use_password")
    assert not Citizen.objects.filter(mobile=MOBILE).exists()


def test_disabled_citizen_cannot_log_in(api, sms_outbox, otp_limits):
    citizen = CitizenFactory(mobile=MOBILE)
    citizen.user.is_active = False
    citizen.user.save()
    api.post(OTP, {"mobile": MOBILE}, format="json")
    answer = api.post(TOKEN, {"mobile": MOBILE, "code": sms_outbox.code_for(MOBILE)}, format="json")
    assert_rejected(answer, 403, "account_disabled")


def test_refresh_gives_new_tokens_that_work(api, sms_outbox, otp_limits):
    tokens = login(api, sms_outbox)
    refreshed = api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json")
    assert refreshed.status_code == 200, refreshed.content
    body = refreshed.json()
    assert body["access"] and body["refresh"] and body["refresh"] != tokens["refresh"]
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert client.get(ME).status_code == 200


def test_bad_refresh_tokens_get_the_projects_error_format(api, sms_outbox, otp_limits):
    assert_rejected(api.post(REFRESH, {"refresh": "nonsense"}, format="json"), 401, "token_invalid")
    tokens = login(api, sms_outbox)
    # An access token is not a refresh token.
    assert_rejected(
        api.post(REFRESH, {"refresh": tokens["access"]}, format="json"), 401, "token_invalid"
    )
    # A disabled account cannot refresh.
    User.objects.filter(username=MOBILE).update(is_active=False)
    assert_rejected(
        api.post(REFRESH, {"refresh": tokens["refresh"]}, format="json"), 401, "token_invalid"
    )
    assert_rejected(api.post(REFRESH, {}, format="json"), 400, "validation_failed")


def test_me_needs_a_login(api, db):
    assert_rejected(api.get(ME), 401, "not_authenticated")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert_rejected(client.get(ME), 401, "authentication_failed")


@pytest.mark.argon2
def test_passwords_are_hashed_with_argon2(db):
    assert isinstance(get_hasher("default"), Argon2PasswordHasher)
    user = UserFactory(password="a-long-test-passphrase")
    assert user.password.startswith("argon2$")


def test_schema_documents_the_login_bodies(api, db):
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert schema.status_code == 200
    text = schema.content.decode()
    for path in ("/api/v1/auth/otp/", "/api/v1/auth/token/", "/api/v1/auth/staff-token/"):
        assert path in text
    for component in ("OtpSent", "CitizenToken", "StaffToken", "CitizenUpdateRequest"):
        assert component in text
