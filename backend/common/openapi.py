"""The OpenAPI schema a mobile team builds on (drf-spectacular).

- `AutoSchema`: tags each operation by the app that serves it (an app may name its tag with
  `api_tag` on its AppConfig), gives it a summary (the first sentence of its docstring) and
  declares the error answers it can give, all in the one `Error` shape of
  backend/common/exception_handler.py:
  400 when it takes parameters or a body (also a NUL byte in the address, request_guards.py),
  401 when it reads a login at all (a missing, expired or malformed token),
  403 when a login is required (wrong kind of user, another pourashava, CSRF),
  404 when its path or body names an object or it is paginated (a page past the end), 415
  when it takes a body, 429 when it is throttled.
  An operation's own declaration of a status wins.
- `postprocess`: the shared `Error` and `FieldError` components those answers refer to.
"""

from django.apps import apps
from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema

ERROR_REF = {"$ref": "#/components/schemas/Error"}

ERROR_DESCRIPTIONS = {
    400: "The request is not valid: `validation_failed` with `fields`, or the operation's own "
    "code (e.g. `invalid_characters` for a NUL byte in the address).",
    401: "No valid login: `not_authenticated` or `authentication_failed` (expired or malformed "
    "token).",
    403: "Logged in, but not allowed: `permission_denied`, or the operation's own code.",
    404: "Nothing the caller may see at this address: `not_found` or the operation's own code.",
    415: "The body's content type is not one this operation reads, or the body cannot be read "
    "as that type (e.g. a broken multipart body): `unsupported_media_type`.",
    429: "Too many requests: `throttled` or the operation's own code; see `Retry-After`.",
}

FIELD_ERROR = {
    "type": "object",
    "description": "One problem with one input.",
    "properties": {
        "code": {"type": "string", "description": "Stable, for programs: `required`, ..."},
        "message": {"type": "string", "description": "For people, in the request's language."},
    },
    "required": ["code", "message"],
}
ERROR_DETAIL = {
    "type": "object",
    "properties": {
        "code": {
            "type": "string",
            "description": "Stable machine-readable code; programs branch on this, never on "
            "the message.",
        },
        "message": {
            "type": "string",
            "description": "For people, in the request's language (Accept-Language: bn or en).",
        },
        "fields": {
            "type": "object",
            "description": "Present only when particular inputs are at fault. Keys are dotted "
            "paths into the request (`heirs.0.name_bn`: the first heir's Bangla name; "
            "`non_field_errors`: the request as a whole); each value lists the problems.",
            "additionalProperties": {
                "type": "array",
                "items": {"$ref": "#/components/schemas/FieldError"},
            },
        },
    },
    "required": ["code", "message"],
}
ERROR = {
    "type": "object",
    "description": 'Every refusal, whatever the status: {"error": {"code", "message", "fields"?}}.',
    "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
    "required": ["error"],
    "example": {
        "error": {
            "code": "validation_failed",
            "message": "Some of the information is not valid.",
            "fields": {
                "heirs.0.name_bn": [{"code": "required", "message": "This field is required."}]
            },
        }
    },
}


def _tag_of(view: object) -> str | None:
    config = apps.get_containing_app_config(type(view).__module__)
    if config is None:
        return None
    return getattr(config, "api_tag", None) or config.label.replace("_", "-")


_ACTION_WORDS = {
    "list": "List",
    "retrieve": "One",
    "create": "Add",
    "partial_update": "Change",
    "update": "Replace",
    "destroy": "Remove",
}


def _first_sentence(text: str, limit: int = 90) -> str:
    line = " ".join(text.split()).split(". ", 1)[0].rstrip(".")
    if len(line) > limit:
        line = line[:limit].rsplit(" ", 1)[0].rstrip(",;:(") + "…"
    return line


class AutoSchema(SpectacularAutoSchema):
    def get_tags(self) -> list[str]:
        tag = _tag_of(self.view)
        return [tag] if tag else super().get_tags()

    def get_summary(self) -> str | None:
        summary = super().get_summary()
        if summary:
            return summary
        description = super().get_description()
        if not description:
            return None
        # Viewset actions share the class docstring: say which action this one is.
        word = _ACTION_WORDS.get(getattr(self.view, "action", None) or "")
        return f"{word}: {_first_sentence(description)}" if word else _first_sentence(description)

    def map_parsers(self) -> list[str]:
        # One body type per operation: JSON where the view reads JSON (it also reads forms, for
        # curl, but a generated client offered three types for one body sends a broken
        # request), multipart only where a file is uploaded.
        media_types = super().map_parsers()
        return ["application/json"] if "application/json" in media_types else media_types

    def get_description(self) -> str:
        # An operation with only an explicit summary: that is its description too.
        return super().get_description() or self.get_summary() or ""

    def get_operation(self, *args, **kwargs) -> dict | None:
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation.setdefault("responses", {})
        for status, response in responses.items():
            # An operation's own error declaration keeps its schema and examples; it gets the
            # shared wording if it has none.
            if (
                status.isdigit()
                and int(status) in ERROR_DESCRIPTIONS
                and not response.get("description")
            ):
                response["description"] = ERROR_DESCRIPTIONS[int(status)]
        for status in self._error_statuses(operation):
            responses.setdefault(
                str(status),
                {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {"application/json": {"schema": ERROR_REF}},
                },
            )
        return operation

    def _error_statuses(self, operation: dict) -> list[int]:
        parameters = operation.get("parameters", [])
        security = operation.get("security") or []
        reads_login = any(requirement for requirement in security)
        statuses = []
        if parameters or "requestBody" in operation:
            statuses.append(400)
        if reads_login:
            statuses.append(401)
        if reads_login and {} not in security:
            statuses.append(403)
        # A path naming an object, a page number past the last page (DRF's paginator), or a
        # body naming another object (a bill, a demand, a pourashava...) that is not there.
        names_object = any(
            p["in"] == "path" or (p["in"], p["name"]) == ("query", "page") for p in parameters
        )
        if names_object or "requestBody" in operation:
            statuses.append(404)
        if "requestBody" in operation:
            statuses.append(415)
        if self.view.get_throttles():
            statuses.append(429)
        return statuses


def postprocess(result: dict, generator, request, public) -> dict:
    """drf-spectacular POSTPROCESSING_HOOKS entry: the error components every operation uses."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas["FieldError"] = FIELD_ERROR
    schemas["ErrorDetail"] = ERROR_DETAIL
    schemas["Error"] = ERROR
    return result
