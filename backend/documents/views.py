"""The public verification page a phone opens after scanning a document's QR code.

Always answers (200) with a verdict: a person at a counter needs "not genuine" as much as
"genuine". Plain Django (no DRF): one HTML page, Bangla and English together, no external assets.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_GET

from backend.documents import formatting, ratelimit
from backend.documents.kinds import verification_view
from backend.documents.presentation import REASON_TEXT, STATUS_TEXT
from backend.documents.signing import MalformedToken
from backend.documents.verification import verify_token

DEFAULT_PAGE_RATE = "120/minute"


def _rate() -> tuple[int, int]:
    rates = settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {})
    return ratelimit.parse_rate(rates.get("document_verify") or DEFAULT_PAGE_RATE)


def _over_limit(request: HttpRequest) -> bool:
    """Fixed window per client address, same rate as the API's document_verify scope."""
    limit, period = _rate()
    address = request.META.get("REMOTE_ADDR", "")
    return ratelimit.hit(f"docverify-page:{address}", period) > limit


def _headers(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"  # status can change: never serve a stale verdict
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response["X-Robots-Tag"] = "noindex"
    # The page's only asset is the vendored Bangla web font, from this server.
    response["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; font-src 'self'"
    )
    return response


@require_GET
def verify_page(request: HttpRequest, token: str) -> HttpResponse:
    if _over_limit(request):
        html = render_to_string("documents/verify_busy.html")
        response = _headers(HttpResponse(html, status=429))
        response["Retry-After"] = str(_rate()[1])
        return response
    context: dict = {"genuine": False}
    try:
        result = verify_token(token)
    except MalformedToken:
        context["reason"] = REASON_TEXT["malformed_token"]
    else:
        context["reason"] = REASON_TEXT[result.code]
        context["genuine"] = result.genuine
        if result.genuine and result.document is not None:
            from backend.documents.pdf import holder_name

            document = result.document
            issued_on = timezone.localdate(document.issued_at)
            context.update(
                {
                    "status": result.status,
                    "status_text": STATUS_TEXT[result.status],
                    "document": document,
                    "view": verification_view(document),
                    "holder_bn": holder_name(document, "bn"),
                    "holder_en": holder_name(document, "en"),
                    "issued_bn": formatting.both_dates(issued_on, "bn"),
                    "issued_en": formatting.both_dates(issued_on, "en"),
                    "valid_until_bn": formatting.both_dates(document.valid_until, "bn")
                    if document.valid_until
                    else "",
                    "valid_until_en": formatting.both_dates(document.valid_until, "en")
                    if document.valid_until
                    else "",
                }
            )
    return _headers(HttpResponse(render_to_string("documents/verify.html", context)))
