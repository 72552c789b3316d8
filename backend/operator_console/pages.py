"""What every console page shares: the console's language (the user's stored choice, Bangla
until they choose, as in the clerk panel), Bangla digits typed into forms taken as ASCII and
Bangla digits on Bangla pages, the login and role gate, and refusals shown as a page in the
operator's language with the refusal's status (403, 404, 409...)."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation

from backend.common.digits import to_ascii_digits
from backend.common.errors import AppError
from backend.operator_console.access import NOT_AN_OPERATOR, desks_of
from backend.panel.digits import bangla_digits_in_html
from backend.panel.language import panel_language, remember_in_cookie

View = Callable[..., HttpResponse]


def console_page(view: View | None = None, *, login: bool = True) -> View:
    """Wrap a console view: language, digits, (with `login`) the operator gate, refusals."""

    def decorate(inner: View) -> View:
        @wraps(inner)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            language = panel_language(request)
            translation.activate(language)
            request.LANGUAGE_CODE = language
            if request.method == "POST":
                _ascii_digits_in(request)
            if login and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), "operator_console:login")
            if login and not desks_of(request.user):
                response = refusal(request, NOT_AN_OPERATOR.render(), 403)
            else:
                try:
                    response = inner(request, *args, **kwargs)
                except AppError as error:
                    response = refusal(request, error.render_message(), error.status_code, error)
            cookie = settings.LANGUAGE_COOKIE_NAME
            if request.COOKIES.get(cookie) != language and cookie not in response.cookies:
                remember_in_cookie(response, language)
            if language == "bn":
                _bangla_digits(response)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


def refusal(
    request: HttpRequest, message: str, status: int, error: AppError | None = None
) -> HttpResponse:
    session_id = getattr(request, "console_session_id", None)
    return render(
        request,
        "operator_console/refused.html",
        {"message": message, "fields": field_messages(error), "session_id": session_id},
        status=status,
    )


def field_messages(error: AppError | None) -> list[str]:
    """Every field problem of a refusal, as the operator reads it."""
    if error is None:
        return []
    found = []
    for problems in error.fields.values():
        for problem in problems:
            if isinstance(problem, dict):
                found.append(str(problem.get("message", "")))
            elif hasattr(problem, "render"):
                found.append(problem.render())
            else:
                found.append(str(problem))
    return [m for m in found if m and m != error.render_message()]


def _ascii_digits_in(request: HttpRequest) -> None:
    """Numbers typed on a Bangla keyboard (mobile, OTP, ward, amounts) are read as ASCII;
    Bangla text fields (*_bn) keep their digits, passwords are never rewritten."""
    if not any("০" <= c <= "৯" for value in request.POST.values() for c in value):
        return
    posted = request.POST.copy()
    for key in posted:
        if key.endswith("_bn") or "password" in key:
            continue
        posted.setlist(key, [to_ascii_digits(v) for v in posted.getlist(key)])
    request.POST = posted


def _bangla_digits(response: HttpResponse) -> None:
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return
    charset = response.charset or "utf-8"
    response.content = bangla_digits_in_html(response.content.decode(charset)).encode(charset)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
