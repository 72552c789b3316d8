"""Opening, confirming and ending the console's assisted sessions, on top of
backend.identity.assisted (the OTP consent, the audit): the console adds the desk's centre, the
phone-or-desk mark and the centre's fees shown to the citizen. And the guard every in-session
page passes: the operator's own session, live, in a pourashava their centre still serves."""

from datetime import date

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone

from backend.common.errors import AppError, Conflict, Forbidden
from backend.common.text import Text
from backend.identity import assisted
from backend.identity.acting import HEADER, acting_citizen
from backend.identity.audit import client_address_of, record_audit, snapshot
from backend.identity.models import AssistedSession, Citizen, User
from backend.identity.validators import normalise_mobile
from backend.operator_console.access import desk_for, require_console_user
from backend.operator_console.day import day_bounds
from backend.operator_console.fees import fees_for
from backend.operator_console.models import ConsoleSession

NOT_SERVED = Text(
    en="Your centre does not serve this pourashava.",
    bn="আপনার কেন্দ্র এই পৌরসভায় সেবা দেয় না।",
)
SESSION_OVER = Text(
    en="This session has ended or its time ran out. Nothing more can be done in it; start a new "
    "session with the citizen's consent.",
    bn="এই সেশনটি শেষ হয়েছে বা এর সময় ফুরিয়েছে। এতে আর কিছু করা যাবে না; নাগরিকের সম্মতি নিয়ে "
    "নতুন সেশন শুরু করুন।",
)
NOT_CONFIRMED = Text(
    en="The citizen has not given the consent code yet.",
    bn="নাগরিক এখনো সম্মতি কোড দেননি।",
)
CITIZEN_EXISTS = Text(
    en="A citizen is already registered with this mobile number; find them instead.",
    bn="এই মোবাইল নম্বরে একজন নাগরিক আগেই নিবন্ধিত আছেন; তাঁকে খুঁজে নিন।",
)
NAME_NEEDED = Text(en="Write the citizen's name.", bn="নাগরিকের নাম লিখুন।")


def start_session(
    *, operator: User, mobile: str, centre_id: int, pourashava_id: int, request=None
) -> AssistedSession:
    """Send the citizen the consent code for a session at the operator's centre, in a
    pourashava that centre serves; note the fees the citizen is shown with it."""
    require_console_user(operator)
    desk = desk_for(operator, centre_id)
    pourashava = (
        None if desk is None else next((p for p in desk.pourashavas if p.pk == pourashava_id), None)
    )
    if desk is None or pourashava is None:
        raise Forbidden("assisted_not_allowed", NOT_SERVED)
    with transaction.atomic():
        session = assisted.open_session(
            operator=operator,
            mobile=mobile,
            pourashava=pourashava,
            udc_centre_id=desk.centre.pk,
            client_address=client_address_of(request) if request else None,
            request=request,
        )
        ConsoleSession.objects.create(
            session=session,
            by_phone=desk.by_phone,
            fees_shown=[fee.as_shown() for fee in fees_for(pourashava, timezone.localdate())],
        )
    return session


def register_citizen(
    *, operator: User, mobile: str, name_bn: str, name_en: str = "", request=None
) -> Citizen:
    """A citizen new to the platform, registered at the desk: the same account their own OTP
    login would make (they log in to it later with the same number). Nothing can be done for
    them until they read out the consent code sent to that number."""
    require_console_user(operator)
    mobile = normalise_mobile(mobile)
    if not (name_bn.strip() or name_en.strip()):
        raise AppError("name_required", NAME_NEEDED, fields={"name_bn": [NAME_NEEDED.render()]})
    if (
        Citizen.objects.filter(mobile=mobile).exists()
        or User.objects.filter(username=mobile).exists()
    ):
        raise Conflict("citizen_exists", CITIZEN_EXISTS)
    try:
        with transaction.atomic():
            user = User.objects.create_user(username=mobile, full_name=name_en.strip())
            citizen = Citizen.objects.create(
                user=user, mobile=mobile, name_bn=name_bn.strip(), name_en=name_en.strip()
            )
            record_audit(
                actor=operator,
                action="citizen.register_assisted",
                obj=citizen,
                after=snapshot(citizen, ("mobile", "name_en", "name_bn")),
                request=request,
            )
    except IntegrityError as exc:  # the same number registered a moment ago
        raise Conflict("citizen_exists", CITIZEN_EXISTS) from exc
    return citizen


def confirm(*, operator: User, session_id, code: str, request=None) -> AssistedSession:
    require_console_user(operator)
    return assisted.confirm_session(
        operator=operator, session_id=session_id, code=code.strip(), request=request
    )


def end(*, operator: User, session_id, request=None) -> AssistedSession:
    return assisted.end_session(operator=operator, session_id=session_id, request=request)


def live_session(request: HttpRequest, session_id) -> AssistedSession:
    """The operator's own live session, installed on the request as an assisted session (so
    services record what they do for the citizen). Someone else's session is a 404; an ended,
    expired or unconfirmed one, or one the operator no longer has standing for, is refused."""
    require_console_user(request.user)
    session = assisted.session_of_operator(request.user, session_id)
    if session.confirmed_at is None and session.ended_at is None:
        raise Forbidden("assisted_session_unconfirmed", NOT_CONFIRMED)
    if not session.is_live(timezone.now()):
        raise Forbidden("assisted_session_over", SESSION_OVER)
    request.META[HEADER] = str(session.pk)
    request.__dict__.pop("_acting_citizen", None)
    try:
        acting_citizen(request)  # the platform's own check: live, and the role still held
    except Forbidden as exc:
        raise Forbidden("assisted_session_over", SESSION_OVER) from exc
    return request.assisted_session


def lock_live(session: AssistedSession) -> None:
    """Inside an action's transaction: the session is still live at the moment of writing
    (an end or expiry that came in between refuses the write)."""
    locked = AssistedSession.objects.select_for_update().get(pk=session.pk)
    if not locked.is_live(timezone.now()):
        raise Forbidden("assisted_session_over", SESSION_OVER)


def by_phone(session: AssistedSession) -> bool:
    note = ConsoleSession.objects.filter(session=session).only("by_phone").first()
    return bool(note and note.by_phone)


def sessions_of_day(operator: User, day: date):
    start, stop = day_bounds(day)
    return (
        AssistedSession.objects.filter(
            operator=operator, created_at__gte=start, created_at__lt=stop
        )
        .select_related("citizen", "pourashava", "udc_centre", "console")
        .order_by("-created_at")
    )
