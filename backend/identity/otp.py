"""One-time codes sent by SMS, for citizen login and for assisted-service consent.

- A code is 6 digits from `secrets`, stored only as an HMAC-SHA256 keyed from SECRET_KEY and bound
  to the challenge id, the mobile number and the purpose, so it works for nothing else.
- It expires after OTP_TTL_SECONDS, works once, and a newer code for the same number and purpose
  supersedes the older one.
- Tries are counted in the database by a conditional UPDATE, so concurrent guesses cannot exceed
  OTP_MAX_ATTEMPTS; after that the challenge is locked and even the right code fails.
- Sending is limited per number and per client address, counted from the challenge rows
  themselves (durable across processes and restarts; the cache is not trusted for this).
"""

import hashlib
import math
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError, TooManyRequests
from backend.common.text import Text
from backend.identity.models import OtpChallenge, OtpPurpose
from backend.identity.validators import normalise_mobile

CODE_LENGTH = 6
_HMAC_SALT = "backend.identity.otp.code"

LOGIN_SMS = Text(
    en="Pourashava services login code: {code}. Valid for {minutes} minutes. Never share this "
    "code with anyone, not even pourashava staff.",
    bn="পৌরসভা সেবায় লগইনের কোড: {code}। {minutes} মিনিট বৈধ। এই কোড কাউকে জানাবেন না, পৌরসভার কর্মীকেও না।",
)
CONSENT_SMS = Text(
    en="Consent code: {code}. Give it only to the operator you are with in person, to let them "
    "act for you. Valid for {minutes} minutes. Never share it otherwise.",
    bn="সম্মতি কোড: {code}। আপনার সামনে থাকা অপারেটরকে আপনার পক্ষে কাজ করতে দিতে চাইলে কেবল "
    "তাঁকেই দিন। {minutes} মিনিট বৈধ। অন্য কাউকে জানাবেন না।",
)
PHONE_CONSENT_SMS = Text(
    en="Consent code: {code}. Give it only to the 333 agent on a call you made yourself, to let "
    "them act for you. Valid for {minutes} minutes. Never give it to someone who called you.",
    bn="সম্মতি কোড: {code}। আপনি নিজে ৩৩৩-এ কল করে থাকলে কেবল সেই কলের এজেন্টকে দিন, যাতে তিনি "
    "আপনার পক্ষে কাজ করতে পারেন। {minutes} মিনিট বৈধ। কেউ আপনাকে ফোন করে চাইলে দেবেন না।",
)
AGENCY_CONSENT_SMS = Text(
    en="Consent code: {code}. Enter it in the Pourashava services app to let the agency you "
    "chose see your details. Valid for {minutes} minutes. Never tell it to anyone.",
    bn="সম্মতি কোড: {code}। আপনার বাছাই করা সংস্থাকে আপনার তথ্য দেখতে দিতে পৌরসভা সেবা অ্যাপে "
    "কোডটি লিখুন। {minutes} মিনিট বৈধ। কোডটি কাউকে বলবেন না।",
)
_SMS_BY_PURPOSE = {
    OtpPurpose.LOGIN: LOGIN_SMS,
    OtpPurpose.CONSENT: CONSENT_SMS,
    OtpPurpose.PHONE_CONSENT: PHONE_CONSENT_SMS,
    OtpPurpose.AGENCY_CONSENT: AGENCY_CONSENT_SMS,
}

INVALID_PURPOSE = Text(en="Unknown code purpose.", bn="কোডের উদ্দেশ্য অজানা।")
OTP_INVALID = Text(
    en="The code is not correct. {attempts_left} tries left.",
    bn="কোডটি সঠিক নয়। আর {attempts_left} বার চেষ্টা করা যাবে।",
)
OTP_MALFORMED = Text(
    en="The code has 6 digits. Check the SMS and try again.",
    bn="কোডটি ৬ অঙ্কের। এসএমএস দেখে আবার চেষ্টা করুন।",
)
OTP_EXPIRED = Text(
    en="The code has expired. Ask for a new one.",
    bn="কোডটির মেয়াদ শেষ হয়ে গেছে। নতুন কোড চান।",
)
OTP_USED = Text(
    en="This code has already been used. Ask for a new one.",
    bn="এই কোডটি আগেই ব্যবহার করা হয়েছে। নতুন কোড চান।",
)
OTP_LOCKED = Text(
    en="Too many wrong codes. This code no longer works; ask for a new one.",
    bn="অনেকবার ভুল কোড দেওয়া হয়েছে। এই কোডটি আর কাজ করবে না; নতুন কোড চান।",
)
OTP_NOT_REQUESTED = Text(
    en="No code was sent to this number. Ask for a code first.",
    bn="এই নম্বরে কোনো কোড পাঠানো হয়নি। আগে কোড চান।",
)
OTP_RATE_LIMITED = Text(
    en="Too many codes requested. Try again in {seconds} seconds.",
    bn="অনেক বেশি কোড চাওয়া হয়েছে। {seconds} সেকেন্ড পরে আবার চেষ্টা করুন।",
)


def request_otp(*, mobile: str, purpose: str, client_address: str | None) -> OtpChallenge:
    """Issue and send a new code, superseding any open one for this number and purpose.

    Raises `otp_rate_limited` (429, with retry_after) past the per-number or per-address limits.
    """
    mobile = normalise_mobile(mobile)
    purpose = _valid_purpose(purpose)
    with transaction.atomic():
        _serialise(f"otp-address:{client_address}" if client_address else None)
        _serialise(f"otp-mobile:{mobile}")
        now = timezone.now()
        _check_send_limits(mobile=mobile, purpose=purpose, client_address=client_address, now=now)
        # Supersede: an older open code for the same number and purpose stops working now.
        OtpChallenge.objects.filter(
            mobile=mobile, purpose=purpose, consumed_at__isnull=True, expires_at__gt=now
        ).update(expires_at=now)
        code = _new_code()
        challenge = OtpChallenge(
            mobile=mobile,
            purpose=purpose,
            created_at=now,
            expires_at=now + timedelta(seconds=settings.OTP_TTL_SECONDS),
            max_attempts=settings.OTP_MAX_ATTEMPTS,
            client_address=client_address or None,
        )
        challenge.code_hash = _hash(challenge, code)
        challenge.save(force_insert=True)

        from backend.notifications.services import send_sms

        send_sms(
            to=mobile,
            text=_SMS_BY_PURPOSE[purpose],
            params={"code": code, "minutes": math.ceil(settings.OTP_TTL_SECONDS / 60)},
            sensitive=True,
        )
    return challenge


def verify_otp(*, mobile: str, purpose: str, code: str) -> OtpChallenge:
    """Check `code` against the newest challenge for this number and purpose and consume it.

    Call this OUTSIDE any transaction.atomic() block (or catch its AppError outside it): a wrong
    try is counted by an UPDATE that must commit even though an error is raised afterwards."""
    mobile = normalise_mobile(mobile)
    purpose = _valid_purpose(purpose)
    code = _clean_code(code)
    challenge = (
        OtpChallenge.objects.filter(mobile=mobile, purpose=purpose).order_by("-created_at").first()
    )
    if challenge is None:
        raise AppError("otp_not_requested", OTP_NOT_REQUESTED)
    _refuse_if_closed(challenge, timezone.now())
    if code is None:
        # Cannot match: refused without spending a try.
        raise AppError(
            "otp_invalid", OTP_MALFORMED, params={"attempts_left": _attempts_left(challenge)}
        )

    # Count the try first, atomically: only a try that fits under the limit may be compared.
    counted = OtpChallenge.objects.filter(
        pk=challenge.pk, consumed_at__isnull=True, attempts__lt=F("max_attempts")
    ).update(attempts=F("attempts") + 1)
    challenge.refresh_from_db(fields=["attempts", "consumed_at", "expires_at"])
    if not counted:
        _refuse_if_closed(challenge, timezone.now())
        raise AppError("otp_locked", OTP_LOCKED)

    if constant_time_compare(challenge.code_hash, _hash(challenge, code)):
        now = timezone.now()
        consumed = OtpChallenge.objects.filter(pk=challenge.pk, consumed_at__isnull=True).update(
            consumed_at=now
        )
        if not consumed:  # a concurrent request with the same code won
            raise AppError("otp_used", OTP_USED)
        challenge.consumed_at = now
        return challenge

    left = _attempts_left(challenge)
    if left <= 0:
        raise AppError("otp_locked", OTP_LOCKED)
    raise AppError("otp_invalid", OTP_INVALID, params={"attempts_left": left})


def seconds_until_resend(*, mobile: str) -> int:
    """How long the number must wait before another code may be sent (0: now)."""
    last = (
        OtpChallenge.objects.filter(mobile=normalise_mobile(mobile))
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    if last is None:
        return 0
    wait = last + timedelta(seconds=settings.OTP_RESEND_INTERVAL_SECONDS) - timezone.now()
    return max(0, math.ceil(wait.total_seconds()))


def _refuse_if_closed(challenge: OtpChallenge, now) -> None:
    if challenge.consumed_at is not None:
        raise AppError("otp_used", OTP_USED)
    if challenge.attempts >= challenge.max_attempts:
        raise AppError("otp_locked", OTP_LOCKED)
    if challenge.expires_at <= now:
        raise AppError("otp_expired", OTP_EXPIRED)


def _check_send_limits(*, mobile: str, purpose: str, client_address: str | None, now) -> None:
    """Raise otp_rate_limited with the longest wait among the limits that apply."""
    hour_ago = now - timedelta(hours=1)
    waits: list[timedelta] = []
    recent = list(
        OtpChallenge.objects.filter(mobile=mobile, created_at__gt=hour_ago)
        .order_by("created_at")
        .values_list("created_at", flat=True)
    )
    if recent:
        waits.append(recent[-1] + timedelta(seconds=settings.OTP_RESEND_INTERVAL_SECONDS) - now)
    waits.append(_window_wait(recent, settings.OTP_MAX_PER_NUMBER_PER_HOUR, now))
    # The per-address limit guards the anonymous login flow against SMS bombing. Consent codes
    # are asked for by a logged-in operator, often many from one UDC centre's address.
    if client_address and purpose == OtpPurpose.LOGIN:
        by_address = list(
            OtpChallenge.objects.filter(
                client_address=client_address, purpose=OtpPurpose.LOGIN, created_at__gt=hour_ago
            )
            .order_by("created_at")
            .values_list("created_at", flat=True)
        )
        waits.append(_window_wait(by_address, settings.OTP_MAX_PER_ADDRESS_PER_HOUR, now))
    longest = max(waits)
    if longest > timedelta(0):
        _rate_limited(longest)


def _window_wait(sent_at: list, limit: int, now) -> timedelta:
    """How long until fewer than `limit` of these sends (oldest first) are within the hour."""
    if len(sent_at) < limit:
        return timedelta(0)
    return sent_at[len(sent_at) - limit] + timedelta(hours=1) - now


def _rate_limited(wait: timedelta) -> None:
    seconds = max(1, math.ceil(wait.total_seconds()))
    raise TooManyRequests(
        "otp_rate_limited", OTP_RATE_LIMITED, retry_after=seconds, params={"seconds": seconds}
    )


def _serialise(key: str | None) -> None:
    """On PostgreSQL, queue concurrent sends for the same number (or address) behind one another
    for the rest of the transaction, so two requests cannot both pass the count. SQLite already
    serialises writers."""
    if key is None or connection.vendor != "postgresql":
        return
    lock_id = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big", signed=True)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_id])


def _valid_purpose(purpose: str) -> str:
    if purpose not in OtpPurpose.values:
        raise AppError("invalid_otp_purpose", INVALID_PURPOSE)
    return OtpPurpose(purpose)


def _new_code() -> str:
    return f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"


def _clean_code(code: object) -> str | None:
    value = to_ascii_digits(str(code or "")).strip().replace(" ", "")
    if len(value) != CODE_LENGTH or not value.isascii() or not value.isdigit():
        return None
    return value


def _hash(challenge: OtpChallenge, code: str) -> str:
    message = f"{challenge.pk}|{challenge.mobile}|{challenge.purpose}|{code}"
    return salted_hmac(_HMAC_SALT, message, algorithm="sha256").hexdigest()


def _attempts_left(challenge: OtpChallenge) -> int:
    return max(0, challenge.max_attempts - challenge.attempts)
