"""The clerk panel's language: Bangla or English, chosen with the switch in the header and kept
on the user (User.preferred_language), as NetBox keeps it: the stored choice decides every
request, the language cookie is only a cache (and the choice before logging in).

Only the panel's pages are affected: the API keeps answering in the Accept-Language it is sent
(LocaleMiddleware, LANGUAGE_CODE "en")."""

from functools import lru_cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import translation

from backend.common.digits import to_ascii_digits
from backend.panel.digits import bangla_digits_in_html

BANGLA = "bn"


def panel_languages() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def is_panel_request(request: HttpRequest) -> bool:
    return request.path.startswith(_panel_prefix(get_script_prefix(), get_urlconf()))


@lru_cache(maxsize=16)
def _panel_prefix(script_prefix: str, urlconf: str | None) -> str:
    """Where the panel starts: reversed once per mount point and URLconf, not on every request
    (every API request passes this middleware)."""
    return reverse("admin:index", urlconf=urlconf)


@receiver(setting_changed, dispatch_uid="panel.language.urls_changed")
def _urls_changed(setting: str, **kwargs) -> None:
    if setting == "ROOT_URLCONF":
        _panel_prefix.cache_clear()


def panel_language(request: HttpRequest) -> str:
    """The user's stored choice, else the cookie (a choice made before logging in), else the
    panel's default (Bangla: clerks are Bangla speakers)."""
    user = getattr(request, "user", None)
    stored = getattr(user, "preferred_language", "") if user and user.is_authenticated else ""
    if stored in panel_languages():
        return stored
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in panel_languages():
        return cookie
    return settings.PANEL_DEFAULT_LANGUAGE


def remember_in_cookie(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
    )


class PanelLanguageMiddleware:
    """After AuthenticationMiddleware: activates the panel language for admin pages, renews the
    cookie from the stored choice, gives Bangla pages Bangla digits, and takes Bangla digits
    typed into the panel's forms as ASCII ones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not is_panel_request(request):
            return self.get_response(request)
        if request.method == "POST":
            _ascii_digits_in(request)
        language = panel_language(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        cookie = settings.LANGUAGE_COOKIE_NAME
        if request.COOKIES.get(cookie) != language and cookie not in response.cookies:
            remember_in_cookie(response, language)
        if language == BANGLA:
            _bangla_digits(response)
        return response


def _ascii_digits_in(request: HttpRequest) -> None:
    """A clerk on a Bangla keyboard types ২০২৬-২৭ for a fiscal year or ১২/ক for a holding
    number: what the panel stores and looks up is ASCII. Bangla text fields (*_bn) keep their
    digits, and passwords are never rewritten."""
    if not any(_has_bangla_digit(value) for value in request.POST.values()):
        return
    posted = request.POST.copy()
    for key in posted:
        if key.endswith("_bn") or "password" in key:
            continue
        posted.setlist(key, [to_ascii_digits(value) for value in posted.getlist(key)])
    request.POST = posted


def _has_bangla_digit(value: str) -> bool:
    return any("০" <= char <= "৯" for char in value)


def _bangla_digits(response: HttpResponse) -> None:
    if response.streaming or not response.get("Content-Type", "").startswith("text/html"):
        return
    charset = response.charset or "utf-8"
    response.content = bangla_digits_in_html(response.content.decode(charset)).encode(charset)
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
