"""OTP codes at the service level: hashing, expiry, single use, binding, tries, send limits."""

from datetime import timedelta

import pytest

from backend.common.errors import AppError, TooManyRequests
from backend.identity import otp
from backend.identity.models import OtpChallenge, OtpPurpose
from backend.identity.otp import request_otp, verify_otp

pytestmark = pytest.mark.django_db

MOBILE = "01712345678"
OTHER = "01898765432"
ADDRESS = "203.0.113.7"


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 10**6:06d}"


def rejection(call, **kwargs) -> AppError:
    with pytest.raises(AppError) as caught:
        call(**kwargs)
    return caught.value


def test_code_is_sent_in_both_languages_and_stored_only_as_a_hash(sms_outbox, otp_limits):
    challenge = request_otp(mobile="+8801712345678", purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    body = sms_outbox.last_to(MOBILE).body
    assert "Never share" in body and "কাউকে জানাবেন না" in body
    assert body.index("লগইনের কোড") < body.index("login code")  # Bangla first
    challenge.refresh_from_db()
    assert challenge.mobile == MOBILE
    assert code not in challenge.code_hash and len(challenge.code_hash) == 64
    assert challenge.expires_at - challenge.created_at == timedelta(seconds=300)
    assert challenge.max_attempts == 5
    assert str(challenge.client_address) == ADDRESS
    # The outbox row no longer holds the code once delivered.
    from backend.notifications.models import SmsMessage

    assert code not in SmsMessage.objects.get(to=MOBILE).body


def test_right_code_works_once(sms_outbox, otp_limits):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    challenge = verify_otp(mobile=MOBILE, purpose="login", code=code)
    assert challenge.consumed_at is not None
    again = rejection(verify_otp, mobile=MOBILE, purpose="login", code=code)
    assert again.code == "otp_used"


def test_code_typed_in_bangla_digits_works(sms_outbox, otp_limits):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    bangla = code.translate(str.maketrans("0123456789", "০১২৩৪৫৬৭৮৯"))
    assert verify_otp(mobile="০১৭১২৩৪৫৬৭৮", purpose="login", code=bangla).consumed_at


def test_wrong_codes_count_down_then_lock_even_the_right_code(sms_outbox, otp_limits):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    for left in (4, 3, 2, 1):
        error = rejection(verify_otp, mobile=MOBILE, purpose="login", code=wrong(code))
        assert error.code == "otp_invalid"
        assert f"{left} tries left" in error.render_message("en")
    assert rejection(verify_otp, mobile=MOBILE, purpose="login", code=wrong(code)).code == (
        "otp_locked"
    )
    assert rejection(verify_otp, mobile=MOBILE, purpose="login", code=code).code == "otp_locked"
    assert OtpChallenge.objects.get(mobile=MOBILE).attempts == 5


def test_malformed_code_does_not_spend_a_try(sms_outbox, otp_limits):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    error = rejection(verify_otp, mobile=MOBILE, purpose="login", code="12a")
    assert error.code == "otp_invalid"
    assert OtpChallenge.objects.get(mobile=MOBILE).attempts == 0


def test_expired_code_fails(sms_outbox, otp_limits, clock):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    clock.advance(seconds=301)
    assert rejection(verify_otp, mobile=MOBILE, purpose="login", code=code).code == "otp_expired"


def test_code_just_before_expiry_still_works(sms_outbox, otp_limits, clock):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    clock.advance(seconds=299)
    assert verify_otp(mobile=MOBILE, purpose="login", code=code).consumed_at


def test_code_for_one_number_does_not_work_for_another(sms_outbox, otp_limits, monkeypatch):
    codes = iter(["111111", "222222"])
    monkeypatch.setattr(otp, "_new_code", lambda: next(codes))
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    request_otp(mobile=OTHER, purpose="login", client_address=ADDRESS)
    assert sms_outbox.code_for(MOBILE) == "111111"
    error = rejection(verify_otp, mobile=OTHER, purpose="login", code="111111")
    assert error.code == "otp_invalid"
    assert verify_otp(mobile=OTHER, purpose="login", code="222222").mobile == OTHER


def test_code_is_bound_to_its_purpose(sms_outbox, otp_limits):
    request_otp(mobile=MOBILE, purpose=OtpPurpose.CONSENT, client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    assert "Consent code" in sms_outbox.last_to(MOBILE).body
    error = rejection(verify_otp, mobile=MOBILE, purpose="login", code=code)
    assert error.code == "otp_not_requested"
    assert verify_otp(mobile=MOBILE, purpose="consent", code=code).purpose == "consent"


def test_hash_binds_id_number_and_purpose(sms_outbox, otp_limits):
    """Copying a challenge's hash to another number's challenge does not make the code work."""
    mine = request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    theirs = request_otp(mobile=OTHER, purpose="login", client_address=ADDRESS)
    OtpChallenge.objects.filter(pk=theirs.pk).update(code_hash=mine.code_hash)
    error = rejection(verify_otp, mobile=OTHER, purpose="login", code=code)
    assert error.code == "otp_invalid"


def test_no_code_requested(db):
    error = rejection(verify_otp, mobile=MOBILE, purpose="login", code="123456")
    assert error.code == "otp_not_requested"


def test_new_code_supersedes_the_old_one(sms_outbox, otp_limits, clock, monkeypatch):
    codes = iter(["111111", "222222"])
    monkeypatch.setattr(otp, "_new_code", lambda: next(codes))
    first = request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    clock.advance(seconds=61)
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    first.refresh_from_db()
    assert first.expires_at <= clock.now  # closed
    assert rejection(verify_otp, mobile=MOBILE, purpose="login", code="111111").code == (
        "otp_invalid"
    )
    assert verify_otp(mobile=MOBILE, purpose="login", code="222222")


def test_resend_interval_per_number(sms_outbox, otp_limits, clock):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    clock.advance(seconds=20)
    with pytest.raises(TooManyRequests) as caught:
        request_otp(mobile=MOBILE, purpose="login", client_address="198.51.100.1")
    assert caught.value.code == "otp_rate_limited"
    assert caught.value.retry_after == 40
    assert caught.value.status_code == 429
    clock.advance(seconds=40)
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    assert len(sms_outbox.to(MOBILE)) == 2


def test_hourly_limit_per_number(sms_outbox, otp_limits, clock):
    for _ in range(3):
        request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
        clock.advance(seconds=61)
    with pytest.raises(TooManyRequests) as caught:
        request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    # The oldest of the three was sent 183 s ago; the window frees an hour after it.
    assert caught.value.retry_after == 3600 - 183
    clock.advance(seconds=3600 - 183 + 1)
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    assert len(sms_outbox.to(MOBILE)) == 4


def test_hourly_limit_per_address(sms_outbox, otp_limits, clock):
    for n in range(4):
        request_otp(mobile=f"0171000000{n}", purpose="login", client_address=ADDRESS)
    with pytest.raises(TooManyRequests) as caught:
        request_otp(mobile="01710000009", purpose="login", client_address=ADDRESS)
    assert caught.value.retry_after == 3600
    # Another address is not affected.
    request_otp(mobile="01710000009", purpose="login", client_address="198.51.100.1")
    assert len(sms_outbox.messages) == 5


def test_refused_request_sends_nothing_and_records_nothing(sms_outbox, otp_limits):
    request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    with pytest.raises(TooManyRequests):
        request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    assert OtpChallenge.objects.filter(mobile=MOBILE).count() == 1
    assert len(sms_outbox.to(MOBILE)) == 1


def test_unknown_purpose_is_refused(db):
    error = rejection(request_otp, mobile=MOBILE, purpose="payment", client_address=None)
    assert error.code == "invalid_otp_purpose"


def test_attempts_never_pass_the_maximum(sms_outbox, otp_limits):
    """The conditional UPDATE refuses to count past max_attempts even if asked many times."""
    challenge = request_otp(mobile=MOBILE, purpose="login", client_address=ADDRESS)
    code = sms_outbox.code_for(MOBILE)
    for _ in range(12):
        with pytest.raises(AppError):
            verify_otp(mobile=MOBILE, purpose="login", code=wrong(code))
    challenge.refresh_from_db()
    assert challenge.attempts == challenge.max_attempts == 5
