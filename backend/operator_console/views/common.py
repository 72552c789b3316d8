"""Pieces the in-session pages share: the live session with its context for the registry,
and the banner every screen shows (whose session, until when, by phone or at the desk)."""

from django.http import HttpRequest

from backend.common.text import in_language
from backend.identity.models import AssistedSession, Citizen
from backend.operator_console.registry import ConsoleContext
from backend.operator_console.sessions import by_phone, live_session


def citizen_name(citizen: Citizen) -> str:
    return in_language(citizen.name_en, citizen.name_bn) or citizen.mobile


def open_live(request: HttpRequest, session_id) -> tuple[AssistedSession, ConsoleContext]:
    request.console_session_id = session_id  # for the refusal page's way back
    session = live_session(request, session_id)
    context = ConsoleContext(
        request=request,
        session=session,
        citizen=session.citizen,
        pourashava=session.pourashava,
        by_phone=by_phone(session),
    )
    return session, context


def banner(context: ConsoleContext) -> dict:
    session = context.session
    centre = session.udc_centre
    return {
        "session": session,
        "citizen": context.citizen,
        "citizen_name": citizen_name(context.citizen),
        "pourashava_name": in_language(session.pourashava.name_en, session.pourashava.name_bn),
        "centre_name": in_language(centre.name_en, centre.name_bn) if centre else "",
        "by_phone": context.by_phone,
    }
