"""One place where errors become API responses, in one shape (the schema's `Error` component):

    {"error": {"code": "validation_failed", "message": "...",
               "fields": {"heirs.0.name_bn": [{"code": "required", "message": "..."}]}}}

`fields` is there only when particular inputs are at fault; its keys are dotted paths into the
request body (list items by index), its values always lists of {code, message}. Messages come in
the request's language (Accept-Language: bn or en, via LocaleMiddleware)."""

import re

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from rest_framework import exceptions as drf
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_default_handler

from backend.common.errors import AppError, TooManyRequests
from backend.common.text import Text

# DRF's own failures, by its error code, in both languages.
_DRF_TEXTS: dict[str, Text] = {
    "required": Text(en="This field is required.", bn="এই তথ্যটি আবশ্যক।"),
    "null": Text(en="This field may not be empty.", bn="এই তথ্যটি ফাঁকা রাখা যাবে না।"),
    "blank": Text(en="This field may not be blank.", bn="এই তথ্যটি ফাঁকা রাখা যাবে না।"),
    "invalid": Text(en="Enter a valid value.", bn="সঠিক মান লিখুন।"),
    "max_length": Text(en="This value is too long.", bn="মানটি বেশি লম্বা।"),
    "min_length": Text(en="This value is too short.", bn="মানটি বেশি ছোট।"),
    "invalid_choice": Text(
        en="This is not one of the allowed choices.", bn="এটি অনুমোদিত বিকল্পের একটি নয়।"
    ),
    "does_not_exist": Text(en="No such object.", bn="এমন কোনো তথ্য নেই।"),
    "max_digits": Text(en="Too many digits.", bn="অঙ্ক বেশি হয়েছে।"),
    "max_decimal_places": Text(en="Too many decimal places.", bn="দশমিকের পরে অঙ্ক বেশি হয়েছে।"),
    "date": Text(en="Enter a valid date (YYYY-MM-DD).", bn="সঠিক তারিখ লিখুন (YYYY-MM-DD)।"),
    "unique": Text(en="This value is already in use.", bn="এই মান আগেই ব্যবহৃত হয়েছে।"),
    "min_value": Text(en="This value is too small.", bn="মানটি বেশি ছোট।"),
    "max_value": Text(en="This value is too large.", bn="মানটি বেশি বড়।"),
    "max_whole_digits": Text(en="Too many digits.", bn="অঙ্ক বেশি হয়েছে।"),
    "empty": Text(en="Give at least one.", bn="অন্তত একটি দিন।"),
    "not_a_list": Text(en="Expected a list.", bn="একটি তালিকা দিতে হবে।"),
    "not_a_dict": Text(en="Expected an object.", bn="একটি অবজেক্ট দিতে হবে।"),
    "datetime": Text(en="Enter a valid date and time.", bn="সঠিক তারিখ ও সময় লিখুন।"),
    "incorrect_type": Text(en="This value has the wrong type.", bn="মানটির ধরন সঠিক নয়।"),
}

# Codes services name field problems by, beyond DRF's own.
_FIELD_TEXTS: dict[str, Text] = {
    "read_only": Text(en="This field cannot be changed here.", bn="এই তথ্য এখানে বদলানো যায় না।"),
    "not_correctable": Text(en="This field cannot be corrected.", bn="এই তথ্য সংশোধন করা যায় না।"),
}
# A bare lowercase word with underscores is a code ("required"), anything else a message.
_CODE = re.compile(r"[a-z][a-z0-9_]*")

_TOP = {
    "validation_failed": Text(en="Some of the information is not valid.", bn="কিছু তথ্য সঠিক নয়।"),
    "not_authenticated": Text(en="Please log in first.", bn="অনুগ্রহ করে আগে লগইন করুন।"),
    "authentication_failed": Text(
        en="Your login is not valid or has expired.", bn="আপনার লগইন সঠিক নয় বা মেয়াদ শেষ।"
    ),
    "permission_denied": Text(en="You are not allowed to do this.", bn="আপনার এই কাজের অনুমতি নেই।"),
    "not_found": Text(en="Not found.", bn="পাওয়া যায়নি।"),
    "method_not_allowed": Text(en="This method is not allowed here.", bn="এখানে এই পদ্ধতি চলে না।"),
    "parse_error": Text(en="The request body is not valid JSON.", bn="অনুরোধের তথ্য সঠিক JSON নয়।"),
    "unsupported_media_type": Text(
        en="This content type is not supported.", bn="এই ধরনের তথ্য গ্রহণযোগ্য নয়।"
    ),
    "throttled": Text(
        en="Too many requests. Try again in {seconds} seconds.",
        bn="অনেক বেশি অনুরোধ। {seconds} সেকেন্ড পরে আবার চেষ্টা করুন।",
    ),
    "not_acceptable": Text(en="Cannot answer in that format.", bn="এই ফরম্যাটে উত্তর দেওয়া যায় না।"),
}


# Checked in order with isinstance, so subclasses (simplejwt's InvalidToken...) map too.
_DRF_CODES = (
    (drf.NotAuthenticated, "not_authenticated"),
    (drf.AuthenticationFailed, "authentication_failed"),
    (drf.PermissionDenied, "permission_denied"),
    (drf.NotFound, "not_found"),
    (drf.MethodNotAllowed, "method_not_allowed"),
    (drf.ParseError, "parse_error"),
    (drf.UnsupportedMediaType, "unsupported_media_type"),
    (drf.Throttled, "throttled"),
    (drf.NotAcceptable, "not_acceptable"),
)


def _field_errors(detail: object, prefix: str = "") -> dict[str, list[dict[str, str]]]:
    """DRF's nested detail as {dotted field: [{code, message}]}: `heirs.0.name_bn` for the name
    of the first heir, `non_field_errors` for the object as a whole. One flat shape, so a client
    never walks a tree to find which input to mark."""
    if isinstance(detail, dict):
        flat: dict[str, list[dict[str, str]]] = {}
        for key, value in detail.items():
            flat.update(_field_errors(value, f"{prefix}.{key}" if prefix else str(key)))
        return flat
    if isinstance(detail, list) and not all(isinstance(item, str) for item in detail):
        flat = {}
        for index, item in enumerate(detail):
            flat.update(_field_errors(item, f"{prefix}.{index}" if prefix else str(index)))
        return flat
    items = detail if isinstance(detail, list) else [detail]
    return {prefix or api_settings.NON_FIELD_ERRORS_KEY: [_one(item) for item in items]}


def _one(item: object) -> dict[str, str]:
    code = getattr(item, "code", None) or "invalid"
    text = _DRF_TEXTS.get(code)
    return {"code": code, "message": text.render() if text else str(item)}


def _app_field_errors(exc: AppError) -> dict[str, list[dict[str, str]]]:
    """AppError(fields=...) in the same shape. A service names each field's problem by a code
    (`"required"`), a Text, a {code, message} pair, or an already rendered message (then the
    error's own code stands for it)."""
    return {
        str(name): [
            _app_one(exc, item) for item in (items if isinstance(items, list | tuple) else [items])
        ]
        for name, items in exc.fields.items()
    }


def _app_one(exc: AppError, item: object) -> dict[str, str]:
    if isinstance(item, dict):
        message = item.get("message")
        code = str(item.get("code") or exc.code)
        rendered = message.render() if isinstance(message, Text) else message
        return {"code": code, "message": str(rendered or exc.render_message())}
    if isinstance(item, Text):
        return {"code": exc.code, "message": item.render(**exc.params)}
    text = str(item)
    if _CODE.fullmatch(text):
        known = _DRF_TEXTS.get(text) or _FIELD_TEXTS.get(text)
        return {"code": text, "message": known.render() if known else exc.render_message()}
    return {"code": exc.code, "message": text}


def _body(code: str, message: str, fields: object | None = None) -> dict:
    error: dict = {"code": code, "message": message}
    if fields:
        error["fields"] = fields
    return {"error": error}


def handle_exception(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, AppError):
        response = Response(
            _body(exc.code, exc.render_message(), _app_field_errors(exc)), status=exc.status_code
        )
        if isinstance(exc, TooManyRequests):
            response["Retry-After"] = str(exc.retry_after)
        return response
    if isinstance(exc, Http404):
        exc = drf.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = drf.PermissionDenied()

    response = drf_default_handler(exc, context)
    if response is None:
        return None  # a real server error: let Django log it and answer 500
    if isinstance(exc, drf.ValidationError):
        response.data = _body(
            "validation_failed", _TOP["validation_failed"].render(), _field_errors(exc.detail)
        )
        return response
    code = next(
        (name for kind, name in _DRF_CODES if isinstance(exc, kind)),
        getattr(exc, "default_code", "error"),
    )
    text = _TOP.get(code)
    if text is None:
        message = str(getattr(exc, "detail", exc))
    elif code == "throttled":
        message = text.render(seconds=int(getattr(exc, "wait", 0) or 0))
    else:
        message = text.render()
    response.data = _body(code, message)
    return response
