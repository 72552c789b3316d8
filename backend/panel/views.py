"""The header's language switch: POST language=bn|en (and next=<where to go back>)."""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from backend.identity.services import set_preferred_language
from backend.panel.language import panel_languages, remember_in_cookie


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    language = request.POST.get("language", "")
    if language not in panel_languages():
        return HttpResponseBadRequest(gettext("Choose Bangla or English."))
    if request.user.is_authenticated:
        set_preferred_language(user=request.user, language=language)
    target = request.POST.get("next") or request.META.get("HTTP_REFERER", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("admin:index")
    response = HttpResponseRedirect(target)
    remember_in_cookie(response, language)
    return response
