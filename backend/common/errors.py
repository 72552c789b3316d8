"""The project's own errors. Services raise these; one exception handler turns them into API
responses, so nothing below the API layer imports DRF."""

from collections.abc import Mapping, Sequence

from backend.common.text import Text


class AppError(Exception):
    """A refusal the caller can act on: a 4xx with a stable code and a bilingual message."""

    status_code = 400

    def __init__(
        self,
        code: str,
        message: Text,
        *,
        params: Mapping[str, object] | None = None,
        # Per field: codes ("required"), Texts, {code, message} or rendered messages; the
        # exception handler answers each as {code, message}.
        fields: Mapping[str, Sequence[object]] | None = None,
        status_code: int | None = None,
    ) -> None:
        self.code = code
        self.message = message
        self.params = dict(params or {})
        self.fields = dict(fields or {})
        if status_code is not None:
            self.status_code = status_code
        super().__init__(f"{code}: {message.en}")

    def render_message(self, language: str | None = None) -> str:
        return self.message.render(language, **self.params)


class NotFound(AppError):
    status_code = 404


class Forbidden(AppError):
    status_code = 403


class Conflict(AppError):
    status_code = 409


class TooManyRequests(AppError):
    status_code = 429

    def __init__(self, code: str, message: Text, *, retry_after: int, **kwargs) -> None:
        super().__init__(code, message, **kwargs)
        self.retry_after = retry_after


NOT_FOUND = Text(en="Not found.", bn="পাওয়া যায়নি।")
