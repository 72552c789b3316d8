"""Who a citizen-facing request acts for: the logged-in citizen, or, when an operator sends
`X-Assisted-Session: <id>`, the citizen who confirmed that session by OTP.

Every citizen endpoint in every app calls `acting_citizen(request)` rather than reading
`request.user.citizen`, so assisted service works everywhere and is recorded the same way."""

from django.utils import timezone

from backend.common.errors import Forbidden
from backend.common.text import Text
from backend.identity.authentication import CITIZEN_LOADED
from backend.identity.models import AssistedSession, Citizen
from backend.identity.roles import assist_capacity

HEADER = "HTTP_X_ASSISTED_SESSION"

SESSION_NOT_LIVE = Text(
    en="This assisted-service session is not active. Ask the citizen to confirm again.",
    bn="এই সহায়তা সেশনটি সক্রিয় নেই। নাগরিককে আবার নিশ্চিত করতে বলুন।",
)


def acting_citizen(request) -> Citizen | None:
    """The citizen this request acts for, or None for a caller who is neither."""
    cached = getattr(request, "_acting_citizen", False)
    if cached is not False:
        return cached
    user = request.user
    citizen: Citizen | None = None
    session_id = request.META.get(HEADER)
    if session_id and user.is_authenticated:
        session = (
            AssistedSession.objects.select_related("citizen", "udc_centre", "pourashava")
            .filter(pk=_uuid_or_none(session_id), operator=user)
            .first()
        )
        if session is None or not session.is_live(timezone.now()):
            raise Forbidden("assisted_session_invalid", SESSION_NOT_LIVE)
        # A role withdrawn (or a centre closed) mid-session ends the operator's standing at once.
        if (
            assist_capacity(user, session.pourashava_id, udc_centre_id=session.udc_centre_id)
            is None
        ):
            raise Forbidden("assisted_session_invalid", SESSION_NOT_LIVE)
        request.assisted_session = session
        citizen = session.citizen
    elif user.is_authenticated:
        request.assisted_session = None
        citizen = own_citizen(user)
    request._acting_citizen = citizen
    return citizen


def own_citizen(user) -> Citizen | None:
    """The user's own Citizen row: already read with the user by the JWT authentication (no
    query), else asked for."""
    if getattr(user, CITIZEN_LOADED, False):
        return getattr(user, "citizen", None)  # None: known not to be a citizen
    return Citizen.objects.filter(user=user).first()


def assisted_session_of(request) -> AssistedSession | None:
    """The assisted session a request runs in (after `acting_citizen` was called), if any."""
    return getattr(request, "assisted_session", None)


def _uuid_or_none(value: str):
    import uuid

    try:
        return uuid.UUID(value)
    except ValueError:
        return None
