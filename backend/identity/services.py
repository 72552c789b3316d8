"""Writes to a citizen's own profile: first login, profile edits, NID verification.

Each function is one transaction and leaves an audit entry beside the change."""

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.text import Text
from backend.identity import nid as nid_verification
from backend.identity.audit import record_audit, snapshot
from backend.identity.models import Citizen, RoleAssignment, User
from backend.identity.nid import NidResult
from backend.identity.validators import normalise_brn, normalise_mobile, normalise_nid

EDITABLE_FIELDS = (
    "name_en",
    "name_bn",
    "father_name_en",
    "father_name_bn",
    "mother_name_en",
    "mother_name_bn",
    "spouse_name_en",
    "spouse_name_bn",
    "date_of_birth",
    "nid",
    "birth_registration_number",
    "present_address",
    "permanent_address",
)
# A verification vouches for these three together; changing any of them voids it.
VERIFIED_FACTS = ("nid", "date_of_birth", "name_en")
VERIFICATION_FIELDS = ("nid_verified_at", "nid_verified_by", "nid_verification_source")

ACCOUNT_DISABLED = Text(
    en="This account is disabled. Contact the pourashava office.",
    bn="এই অ্যাকাউন্টটি বন্ধ করা আছে। পৌরসভা কার্যালয়ে যোগাযোগ করুন।",
)
STAFF_USE_PASSWORD = Text(
    en="This number belongs to a staff account, which logs in with a username and password.",
    bn="এই নম্বরটি একটি কর্মী অ্যাকাউন্টের; সেটিতে ইউজারনেম ও পাসওয়ার্ড দিয়ে লগইন করতে হয়।",
)
ACCOUNT_CONFLICT = Text(
    en="This number cannot be used to log in. Contact the pourashava office.",
    bn="এই নম্বর দিয়ে লগইন করা যাচ্ছে না। পৌরসভা কার্যালয়ে যোগাযোগ করুন।",
)
NID_IN_USE = Text(
    en="This NID number is already registered to another account.",
    bn="এই জাতীয় পরিচয়পত্র নম্বরটি অন্য একটি অ্যাকাউন্টে নিবন্ধিত।",
)
BRN_IN_USE = Text(
    en="This birth registration number is already registered to another account.",
    bn="এই জন্ম নিবন্ধন নম্বরটি অন্য একটি অ্যাকাউন্টে নিবন্ধিত।",
)
INVALID_DATE_OF_BIRTH = Text(
    en="Enter a real date of birth (not in the future, not before 1900).",
    bn="সঠিক জন্মতারিখ লিখুন (ভবিষ্যতের নয়, ১৯০০ সালের আগের নয়)।",
)
VERIFICATION_INCOMPLETE = Text(
    en="To verify your NID, first fill in your NID number, date of birth and name in English.",
    bn="জাতীয় পরিচয়পত্র যাচাইয়ের জন্য আগে আপনার এনআইডি নম্বর, জন্মতারিখ ও ইংরেজিতে নাম লিখুন।",
)
FIELD_MISSING = Text(en="Fill this in first.", bn="আগে এটি পূরণ করুন।")
NID_NOT_MATCHED = Text(
    en="The NID number, date of birth and name do not match the national record. Check that "
    "the name is exactly as on your NID card.",
    bn="এনআইডি নম্বর, জন্মতারিখ ও নাম জাতীয় তথ্যভান্ডারের সঙ্গে মেলেনি। নামটি আপনার "
    "জাতীয় পরিচয়পত্রে যেমন আছে ঠিক তেমন লিখেছেন কি না দেখুন।",
)
PROFILE_CHANGED = Text(
    en="Your profile changed while it was being verified. Please try again.",
    bn="যাচাইয়ের সময় আপনার প্রোফাইল বদলেছে। আবার চেষ্টা করুন।",
)


def login_citizen(*, mobile: str) -> tuple[Citizen, bool]:
    """The citizen for a number whose OTP was just verified, created on first login.

    Returns (citizen, is_new). A staff account never logs in this way: staff use a password
    (one strength of authentication per account)."""
    mobile = normalise_mobile(mobile)
    citizen = Citizen.objects.select_related("user").filter(mobile=mobile).first()
    if citizen is not None:
        _check_can_log_in(citizen.user)
        return citizen, False
    try:
        with transaction.atomic():
            user = User.objects.filter(username=mobile).first()
            if user is None:
                user = User.objects.create_user(username=mobile)  # unusable password
            else:
                _check_can_log_in(user)
                if Citizen.objects.filter(user=user).exists():
                    raise Conflict("account_conflict", ACCOUNT_CONFLICT)
            citizen = Citizen.objects.create(user=user, mobile=mobile)
            record_audit(
                actor=user,
                action="citizen.register",
                obj=citizen,
                after=snapshot(citizen, ("mobile", "user")),
            )
    except IntegrityError:
        # The same number's first login, twice at once: the other request created it.
        citizen = Citizen.objects.select_related("user").filter(mobile=mobile).first()
        if citizen is None:
            raise
        _check_can_log_in(citizen.user)
        return citizen, False
    return citizen, True


def _check_can_log_in(user: User) -> None:
    if not user.is_active:
        raise Forbidden("account_disabled", ACCOUNT_DISABLED)
    if (
        user.is_staff
        or user.is_superuser
        or RoleAssignment.objects.filter(user=user, is_active=True).exists()
    ):
        raise Forbidden("staff_use_password", STAFF_USE_PASSWORD)


def update_citizen_profile(
    *, citizen: Citizen, changes: dict, actor: User, request=None
) -> Citizen:
    """Apply profile edits. NID and BRN are normalised and must be free; changing the NID, the
    date of birth or the English name voids an earlier NID verification."""
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        audited = EDITABLE_FIELDS + VERIFICATION_FIELDS
        before = snapshot(citizen, audited)
        values = _normalised_changes(citizen, changes)
        _refuse_taken(citizen, values)
        voids_verification = any(
            name in values and values[name] != getattr(citizen, name) for name in VERIFIED_FACTS
        )
        for name, value in values.items():
            setattr(citizen, name, value)
        if voids_verification:
            citizen.nid_verified_at = None
            citizen.nid_verified_by = None
            citizen.nid_verification_source = ""
        try:
            with transaction.atomic():
                citizen.save()
        except IntegrityError as exc:  # a concurrent claim of the same NID or BRN
            _refuse_taken(citizen, values)  # names which one
            raise Conflict("nid_in_use", NID_IN_USE) from exc
        after = snapshot(citizen, audited)
        if after != before:
            record_audit(
                actor=actor,
                action="citizen.profile_update",
                obj=citizen,
                before={k: v for k, v in before.items() if after.get(k) != v},
                after={k: v for k, v in after.items() if before.get(k) != v},
                request=request,
            )
    return citizen


def _normalised_changes(citizen: Citizen, changes: dict) -> dict:
    values: dict = {}
    for name, value in changes.items():
        if name in ("nid", "birth_registration_number", "date_of_birth"):
            continue
        values[name] = (value or "").strip()
    if "date_of_birth" in changes:
        values["date_of_birth"] = _valid_date_of_birth(changes["date_of_birth"])
    date_of_birth = values.get("date_of_birth", citizen.date_of_birth)
    if "nid" in changes:
        raw = changes["nid"]
        values["nid"] = _on_field("nid", normalise_nid, raw, date_of_birth) if raw else None
    elif "date_of_birth" in changes and citizen.nid:
        # A 17-digit NID starts with the birth year; the new date must still agree with it.
        _on_field("date_of_birth", normalise_nid, citizen.nid, date_of_birth)
    if "birth_registration_number" in changes:
        raw = changes["birth_registration_number"]
        values["birth_registration_number"] = (
            _on_field("birth_registration_number", normalise_brn, raw) if raw else None
        )
    return values


def _valid_date_of_birth(value: datetime.date | None) -> datetime.date | None:
    if value is None:
        return None
    if not datetime.date(1900, 1, 1) <= value <= timezone.localdate():
        raise AppError(
            "invalid_date_of_birth",
            INVALID_DATE_OF_BIRTH,
            fields={"date_of_birth": [INVALID_DATE_OF_BIRTH.render()]},
        )
    return value


def _on_field(field: str, normalise, *args):
    """Run a validator, naming the field its error belongs to."""
    try:
        return normalise(*args)
    except AppError as exc:
        exc.fields = {field: [exc.render_message()]}
        raise


def _refuse_taken(citizen: Citizen, values: dict) -> None:
    others = Citizen.objects.exclude(pk=citizen.pk)
    if values.get("nid") and others.filter(nid=values["nid"]).exists():
        raise Conflict("nid_in_use", NID_IN_USE, fields={"nid": [NID_IN_USE.render()]})
    brn = values.get("birth_registration_number")
    if brn and others.filter(birth_registration_number=brn).exists():
        raise Conflict(
            "brn_in_use", BRN_IN_USE, fields={"birth_registration_number": [BRN_IN_USE.render()]}
        )


def verify_citizen_nid(*, citizen: Citizen, actor: User, request=None) -> tuple[Citizen, bool]:
    """Check the citizen's NID, date of birth and English name with the NID verifier and record
    who verified it, when and through which source. Returns (citizen, newly_verified).

    An already verified profile is returned as is: each check may cost a fee."""
    missing = [name for name in VERIFIED_FACTS if not getattr(citizen, name)]
    if missing:
        raise AppError(
            "nid_verification_incomplete",
            VERIFICATION_INCOMPLETE,
            fields={name: [FIELD_MISSING.render()] for name in missing},
        )
    if citizen.nid_verified_at is not None:
        return citizen, False
    facts = {name: getattr(citizen, name) for name in VERIFIED_FACTS}
    # The remote call stays outside any transaction: no row is held while it waits.
    result: NidResult = nid_verification.verify(
        facts["nid"], facts["date_of_birth"], facts["name_en"]
    )
    if not result.matched:
        with transaction.atomic():
            record_audit(
                actor=actor,
                action="citizen.nid_verification_failed",
                obj=citizen,
                after={"source": result.source, "details": result.details},
                request=request,
            )
        raise AppError("nid_not_matched", NID_NOT_MATCHED)
    with transaction.atomic():
        citizen = Citizen.objects.select_for_update().get(pk=citizen.pk)
        if any(getattr(citizen, name) != value for name, value in facts.items()):
            raise Conflict("profile_changed", PROFILE_CHANGED)
        citizen.nid_verified_at = timezone.now()
        citizen.nid_verified_by = actor
        citizen.nid_verification_source = result.source
        citizen.save(update_fields=[*VERIFICATION_FIELDS, "updated_at"])
        record_audit(
            actor=actor,
            action="citizen.nid_verified",
            obj=citizen,
            after=snapshot(citizen, VERIFICATION_FIELDS),
            request=request,
        )
    return citizen, True


def set_preferred_language(*, user: User, language: str) -> User:
    """The language the clerk panel speaks to this user (the header's switch); a preference,
    not a record that affects money or documents, so it is not audited."""
    if user.preferred_language != language:
        user.preferred_language = language
        user.save(update_fields=["preferred_language"])
    return user
