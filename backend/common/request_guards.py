"""Requests refused before any view runs, answered in the API's one error shape.

- A NUL byte anywhere in the path or the query string: PostgreSQL cannot store or compare it, so
  a view that passes it to a query fails with a 500. No honest client sends one.
- A 404 under /api/ that is not already JSON (an unknown URL): the app expects JSON, not
  Django's English HTML page.
"""

from collections.abc import Callable
from urllib.parse import unquote_to_bytes

from django.http import HttpRequest, HttpResponse, JsonResponse

from backend.common.text import Text

INVALID_CHARACTERS = Text(
    en="The address contains characters that are not allowed.",
    bn="ঠিকানায় অগ্রহণযোগ্য অক্ষর আছে।",
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


class ApiRequestGuardMiddleware:
    """Placed after LocaleMiddleware (refusals in the request's language) and before
    CommonMiddleware, so a missing trailing slash is still redirected before a 404 is rewritten."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if _has_nul(request):
            return error_response("invalid_characters", INVALID_CHARACTERS, 400)
        response = self.get_response(request)
        if (
            response.status_code == 404
            and request.path.startswith("/api/")
            and not response.get("Content-Type", "").startswith("application/json")
        ):
            return error_response("not_found", NO_SUCH_ADDRESS, 404)
        return response
