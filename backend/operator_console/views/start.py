"""Starting a session: find the citizen by mobile (or register one new to the platform), send
the consent code, show the centre's fees, and take the code the citizen reads out."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from backend.common.errors import AppError
from backend.common.text import in_language
from backend.identity import assisted
from backend.identity.api.assisted import mask_mobile
from backend.operator_console import sessions
from backend.operator_console.access import desks_of
from backend.operator_console.fees import fees_for
from backend.operator_console.forms import ConsentForm, RegisterForm, StartForm
from backend.operator_console.pages import console_page


def _home(request: HttpRequest, start=None, register=None, status: int = 200) -> HttpResponse:
    desks = desks_of(request.user)
    today = list(sessions.sessions_of_day(request.user, timezone.localdate())[:20])
    return render(
        request,
        "operator_console/home.html",
        {
            "desks": desks,
            "start_form": start or StartForm(desks=desks),
            "register_form": register or RegisterForm(desks=desks, prefix="new"),
            "today": today,
            "now": timezone.now(),
        },
        status=status,
    )


@console_page
def home(request: HttpRequest) -> HttpResponse:
    return _home(request)


@require_POST
@console_page
def start(request: HttpRequest) -> HttpResponse:
    form = StartForm(request.POST, desks=desks_of(request.user))
    if not form.is_valid():
        return _home(request, start=form, status=400)
    centre_id, pourashava_id = form.place_ids()
    session = sessions.start_session(
        operator=request.user,
        mobile=form.cleaned_data["mobile"],
        centre_id=centre_id,
        pourashava_id=pourashava_id,
        request=request,
    )
    return redirect("operator_console:consent", session_id=session.pk)


@require_POST
@console_page
def register(request: HttpRequest) -> HttpResponse:
    form = RegisterForm(request.POST, desks=desks_of(request.user), prefix="new")
    if not form.is_valid():
        return _home(request, register=form, status=400)
    centre_id, pourashava_id = form.place_ids()
    citizen = sessions.register_citizen(
        operator=request.user,
        mobile=form.cleaned_data["mobile"],
        name_bn=form.cleaned_data["name_bn"],
        name_en=form.cleaned_data["name_en"],
        request=request,
    )
    session = sessions.start_session(
        operator=request.user,
        mobile=citizen.mobile,
        centre_id=centre_id,
        pourashava_id=pourashava_id,
        request=request,
    )
    messages.success(request, _("The citizen is registered. Now take their consent code."))
    return redirect("operator_console:consent", session_id=session.pk)


@console_page
def consent(request: HttpRequest, session_id) -> HttpResponse:
    session = assisted.session_of_operator(request.user, session_id)
    if session.is_live():
        return redirect("operator_console:session", session_id=session.pk)
    form = ConsentForm(request.POST or None)
    status = 200
    error = None
    if request.method == "POST" and form.is_valid() and not session.ended_at:
        try:
            sessions.confirm(
                operator=request.user,
                session_id=session.pk,
                code=form.cleaned_data["code"],
                request=request,
            )
        except AppError as exc:
            if exc.status_code not in (400, 429):
                raise
            error, status = exc.render_message(), exc.status_code
        else:
            return redirect("operator_console:session", session_id=session.pk)
    note = getattr(session, "console", None)
    fees = (
        note.fees_shown
        if note
        else [f.as_shown() for f in fees_for(session.pourashava_id, timezone.localdate())]
    )
    return render(
        request,
        "operator_console/consent.html",
        {
            "session": session,
            "form": form,
            "error": error,
            "masked_mobile": mask_mobile(session.citizen.mobile),
            "pourashava_name": in_language(session.pourashava.name_en, session.pourashava.name_bn),
            "fees": [
                {"name": in_language(f["name_en"], f["name_bn"]), "amount": f["amount"]}
                for f in fees
            ],
            "by_phone": bool(note and note.by_phone),
        },
        status=status,
    )
