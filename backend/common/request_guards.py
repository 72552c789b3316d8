"""Requests refused before any view runs, answered in the API's one error shape.

- A NUL byte anywhere in the path, the query string or a JSON or form body (raw or escaped as
  `\\u0000`): PostgreSQL cannot store or compare it, so a view that passes it to a query (a slug
  looked up, a name saved) fails with a 500. No honest client sends one. Multipart bodies
  (uploads) are files and are not read here.
- A 404 under /api/ that is not already JSON (an unknown URL): the app expects JSON, not
  Django's English HTML page.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from backend.common.text import Text

INVALID_CHARACTERS = Text(
    en="The address contains characters that are not allowed.",
    bn="ঠিকানায় অগ্রহণযোগ্য অক্ষর আছে।",
)
INVALID_BODY_CHARACTERS = Text(
    en="The request contains characters that are not allowed.",
    bn="অনুরোধে অগ্রহণযোগ্য অক্ষর আছে।",
)
NO_SUCH_ADDRESS = Text(
    en="There is nothing at this address.",
    bn="এই ঠিকানায় কিছু নেই।",
)


def error_response(code: str, message: Text, status: int) -> JsonResponse:
    """The API's error body, {"error": {"code", "message"}}, in the active language."""
    return JsonResponse(
        {"error": {"code": code, "message": message.render()}},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


def _has_nul(request: HttpRequest) -> bool:
    raw_query = request.META.get("QUERY_STRING", "")
    return "\x00" in request.path or b"\x00" in unquote_to_bytes(raw_query.replace("+", " "))


_TEXT_BODIES = ("application/json", "application/x-www-form-urlencoded")


def _body_has_nul(request: HttpRequest) -> bool:
    content_type = request.META.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type not in _TEXT_BODIES or not request.path.startswith("/api/"):
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    if not length or (limit is not None and length > limit):
        return False  # nothing to read, or a bulk body Django would refuse to hold: left to DRF
    body = request.body
    escaped = b"%00" if content_type.endswith("urlencoded") else b"\\u0000"
    return b"\x00" in body or escaped in body.lower()


class ApiRequestGuardMiddleware:
    """Placed after LocaleMiddleware (refusals in the request's language) and before
    CommonMiddleware, so a missing trailing slash is still redirected before a 404 is rewritten."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return error_response("invalid_characters", INVALID_CHARACTERS, 400)
        if _body_has_nul(request):
            return error_response("invalid_characters", INVALID_BODY_CHARACTERS, 400)
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return error_response("not_found", NO_SUCH_ADDRESS, 404)
        return response
