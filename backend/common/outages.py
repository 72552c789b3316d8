"""A shared service the app cannot work without (the Redis cache behind OTP resend windows,
login throttles and rate limits) being down is the service's fault, not the caller's and not a
bug: the answer is a clear 503 with Retry-After in the request's language, never a 500 page.
Requests work again as soon as the service is back (redis-py reconnects on the next command)."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils.html import escape
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from backend.common.text import Text

# What the cache client raises when Redis is unreachable or stops answering.
OUTAGE_ERRORS: tuple[type[BaseException], ...] = (RedisConnectionError, RedisTimeoutError)
RETRY_AFTER_SECONDS = 30

SERVICE_UNAVAILABLE = Text(
    en="The service is briefly unavailable. Please try again in a minute.",
    bn="সেবাটি সাময়িকভাবে বন্ধ আছে। এক মিনিট পরে আবার চেষ্টা করুন।",
)


def outage_response(request: HttpRequest) -> HttpResponse:
    message = SERVICE_UNAVAILABLE.render()
    if request.path.startswith("/api/"):
        response: HttpResponse = JsonResponse(
            {"error": {"code": "service_unavailable", "message": message}}, status=503
        )
    else:
        response = HttpResponse(
            f"<!doctype html><html><body><p>{escape(message)}</p></body></html>", status=503
        )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class OutageMiddleware:
    """Turns a cache outage raised by any view (DRF's handler leaves such errors to Django) into
    the 503 above."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, OUTAGE_ERRORS):
            return outage_response(request)
        return None
