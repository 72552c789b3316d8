"""Document kinds. Apps register theirs at import time (in AppConfig.ready or their module), so
the platform can issue, render and verify documents without importing any service."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from backend.common.errors import AppError
from backend.common.text import Text

DEFAULT_TEMPLATE = "documents/base_document.html"

UNKNOWN_KIND = Text(en="Unknown document kind.", bn="অজানা ধরনের দলিল।")


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: Text
    template: str = DEFAULT_TEMPLATE
    # Fields shown to anyone who scans the QR; None shows all. Keep personal data out of it.
    public_fields: tuple[str, ...] | None = None
    # Labels for the fields on the public page and the sample template, by field name.
    field_labels: dict[str, Text] = field(default_factory=dict)
    # Extra template context built from the document (e.g. a service's own lookups).
    extra_context: Callable[[object], dict] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(
    code: str,
    *,
    title: Text,
    template: str = DEFAULT_TEMPLATE,
    public_fields: Iterable[str] | None = None,
    field_labels: dict[str, Text] | None = None,
    extra_context: Callable[[object], dict] | None = None,
) -> DocumentKind:
    """Declare a kind of document (receipt, certificate, trade_license, clearance...).

    Registering the same code twice with the same definition is harmless (modules can be imported
    more than once in tests); a different definition under a taken code is a programming error.
    """
    if not code or len(code) > 40 or not code.replace("_", "").isalnum() or code != code.lower():
        raise ValueError(f"document kind code must be lower_snake_case, at most 40: {code!r}")
    kind = DocumentKind(
        code=code,
        title=title,
        template=template,
        public_fields=tuple(public_fields) if public_fields is not None else None,
        field_labels=dict(field_labels or {}),
        extra_context=extra_context,
    )
    existing = _KINDS.get(code)
    if existing is not None and (existing.title, existing.template) != (kind.title, kind.template):
        raise ValueError(f"document kind {code!r} is already registered differently")
    _KINDS[code] = kind
    return kind


def get_document_kind(code: str) -> DocumentKind:
    try:
        return _KINDS[code]
    except KeyError:
        raise AppError("unknown_document_kind", UNKNOWN_KIND) from None


def find_document_kind(code: str) -> DocumentKind | None:
    return _KINDS.get(code)


def registered_document_kinds() -> list[DocumentKind]:
    return sorted(_KINDS.values(), key=lambda kind: kind.code)
