"""Assisted service: a UDC operator (or a pourashava counter clerk or cashier) acts for a citizen
who is present, after the citizen reads back a consent code sent to their own mobile.

open_session -> (citizen receives the code and a note saying who asks) -> confirm_session -> the
operator sends `X-Assisted-Session: <id>` on citizen endpoints until the session expires or is
ended. Every write done that way is recorded with `record_assisted_action`."""

from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden, NotFound
from backend.common.text import Text
from backend.identity.acting import assisted_session_of
from backend.identity.audit import record_audit
from backend.identity.models import (
    AssistedAction,
    AssistedSession,
    Citizen,
    OtpPurpose,
    User,
)
from backend.identity.otp import request_otp, verify_otp
from backend.identity.roles import assist_capacity
from backend.identity.validators import normalise_mobile
from backend.municipality.models import Pourashava
from backend.notifications.services import send_sms

NOT_ALLOWED = Text(
    en="You may not act for citizens of this pourashava.",
    bn="আপনি এই পৌরসভার নাগরিকদের পক্ষে কাজ করতে পারেন না।",
)
CITIZEN_NOT_FOUND = Text(
    en="No citizen is registered with this mobile number.",
    bn="এই মোবাইল নম্বরে কোনো নাগরিক নিবন্ধিত নেই।",
)
SELF_ASSIST = Text(
    en="You cannot open an assisted session for yourself.",
    bn="আপনি নিজের জন্য সহায়তা সেশন খুলতে পারেন না।",
)
SESSION_NOT_FOUND = Text(en="No such assisted session.", bn="এমন কোনো সহায়তা সেশন নেই।")
ALREADY_CONFIRMED = Text(
    en="This session is already confirmed.", bn="এই সেশনটি আগেই নিশ্চিত করা হয়েছে।"
)
SESSION_ENDED = Text(en="This session has ended.", bn="এই সেশনটি শেষ হয়েছে।")
CODE_MISMATCH = Text(
    en="This code does not belong to this session. Ask the citizen for the latest code.",
    bn="এই কোডটি এই সেশনের নয়। নাগরিকের কাছ থেকে সর্বশেষ কোডটি নিন।",
)
CONSENT_NOTICE = Text(
    en="{operator} ({place_en}) asks to act on your behalf for {pourashava_en} Pourashava. Give "
    "them the consent code only if you are with them in person.",
    bn="{operator} ({place_bn}) {pourashava_bn} পৌরসভার সেবায় আপনার পক্ষে কাজ করার অনুমতি চাইছেন। "
    "আপনি সশরীরে তাঁর সামনে থাকলেই কেবল সম্মতি কোডটি দিন।",
)
PHONE_CONSENT_NOTICE = Text(
    en="{operator} ({place_en}) asks to act on your behalf for {pourashava_en} Pourashava. Give "
    "them the consent code only if you called 333 yourself and are speaking with them now.",
    bn="{operator} ({place_bn}) {pourashava_bn} পৌরসভার সেবায় আপনার পক্ষে কাজ করার অনুমতি চাইছেন। "
    "আপনি নিজে ৩৩৩-এ কল করে এখন তাঁর সঙ্গে কথা বললেই কেবল সম্মতি কোডটি দিন।",
)


def open_session(
    *,
    operator: User,
    mobile: str,
    pourashava: Pourashava,
    udc_centre_id: int | None = None,
    client_address: str | None = None,
    request=None,
) -> AssistedSession:
    """Open an unconfirmed session and send the citizen a consent code."""
    capacity = assist_capacity(operator, pourashava.pk, udc_centre_id=udc_centre_id)
    if capacity is None:
        raise Forbidden("assisted_not_allowed", NOT_ALLOWED)
    normalised = normalise_mobile(mobile)
    citizen = Citizen.objects.select_related("user").filter(mobile=normalised).first()
    if citizen is None:
        raise NotFound("citizen_not_found", CITIZEN_NOT_FOUND)
    if citizen.user_id == operator.pk:
        raise Forbidden("assisted_self", SELF_ASSIST)

    with transaction.atomic():
        # The note saying who asks goes out first, then the code; both only if all of this commits.
        # A 333 call gets its own wording and code purpose: the citizen is not at a desk.
        send_sms(
            to=citizen.mobile,
            text=PHONE_CONSENT_NOTICE if capacity.by_phone else CONSENT_NOTICE,
            params=_consent_params(operator, capacity.udc_centre, pourashava),
        )
        challenge = request_otp(
            mobile=citizen.mobile,
            purpose=OtpPurpose.PHONE_CONSENT if capacity.by_phone else OtpPurpose.CONSENT,
            client_address=client_address,
        )
        session = AssistedSession.objects.create(
            operator=operator,
            udc_centre=capacity.udc_centre,
            pourashava=pourashava,
            citizen=citizen,
            challenge=challenge,
        )
        record_audit(
            actor=operator,
            action="assisted_session.open",
            obj=session,
            pourashava=pourashava,
            after=_session_facts(session),
            request=request,
        )
    return session


def confirm_session(*, operator: User, session_id, code: str, request=None) -> AssistedSession:
    """The citizen's code makes the session live for settings.ASSISTED_SESSION_MINUTES."""
    session = session_of_operator(operator, session_id)
    _refuse_if_closed(session)
    # Verified outside our transaction: a wrong code's counted attempt must survive our failure.
    challenge = verify_otp(
        mobile=session.citizen.mobile, purpose=session.challenge.purpose, code=code
    )
    if challenge.pk != session.challenge_id:
        raise AppError("consent_code_mismatch", CODE_MISMATCH)
    with transaction.atomic():
        session = AssistedSession.objects.select_for_update().get(pk=session.pk)
        _refuse_if_closed(session)
        now = timezone.now()
        session.confirmed_at = now
        session.expires_at = now + timedelta(minutes=settings.ASSISTED_SESSION_MINUTES)
        session.save(update_fields=["confirmed_at", "expires_at"])
        record_audit(
            actor=operator,
            action="assisted_session.confirm",
            obj=session,
            pourashava=session.pourashava_id,
            after=_session_facts(session),
            request=request,
        )
    return session


def end_session(*, operator: User, session_id, request=None) -> AssistedSession:
    """End a session now. Ending an ended session changes nothing."""
    with transaction.atomic():
        session = session_of_operator(operator, session_id, lock=True)
        if session.ended_at is None:
            session.ended_at = timezone.now()
            session.save(update_fields=["ended_at"])
            record_audit(
                actor=operator,
                action="assisted_session.end",
                obj=session,
                pourashava=session.pourashava_id,
                after=_session_facts(session),
                request=request,
            )
    return session


def record_assisted_action(
    request,
    *,
    action: str,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str | int = "",
) -> AssistedAction | None:
    """Record a write done for a citizen in the request's assisted session (call it in the same
    transaction as the write). Outside an assisted session it records nothing and returns None,
    so apps may call it after every citizen write."""
    session = assisted_session_of(request)
    if session is None:
        return None
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id if object_id != "" else obj.pk
    return AssistedAction.objects.create(
        session=session,
        pourashava_id=session.pourashava_id,
        operator_id=session.operator_id,
        udc_centre_id=session.udc_centre_id,
        citizen_id=session.citizen_id,
        action=action[:80],
        object_type=object_type[:80],
        object_id=str(object_id)[:64],
    )


def session_of_operator(operator: User, session_id, *, lock: bool = False) -> AssistedSession:
    """The session if `operator` opened it; anyone else gets the same 404 as for no session."""
    queryset = AssistedSession.objects.select_related("citizen", "challenge")
    if lock:
        queryset = queryset.select_for_update()
    session = queryset.filter(pk=session_id, operator=operator).first()
    if session is None:
        raise NotFound("assisted_session_not_found", SESSION_NOT_FOUND)
    return session


def _refuse_if_closed(session: AssistedSession) -> None:
    if session.ended_at is not None:
        raise Conflict("assisted_session_ended", SESSION_ENDED)
    if session.confirmed_at is not None:
        raise Conflict("assisted_session_already_confirmed", ALREADY_CONFIRMED)


def _session_facts(session: AssistedSession) -> dict:
    return {
        "citizen_id": session.citizen_id,
        "udc_centre_id": session.udc_centre_id,
        "confirmed_at": session.confirmed_at,
        "expires_at": session.expires_at,
        "ended_at": session.ended_at,
    }


def _consent_params(operator: User, centre, pourashava: Pourashava) -> dict[str, str]:
    """Who is asking, in both scripts: the operator's name and their centre (or the counter)."""
    return {
        "operator": operator.full_name or operator.username,
        "place_en": centre.name_en if centre else f"{pourashava.name_en} Pourashava counter",
        "place_bn": centre.name_bn if centre else f"{pourashava.name_bn} পৌরসভা কাউন্টার",
        "pourashava_en": pourashava.name_en,
        "pourashava_bn": pourashava.name_bn,
    }
