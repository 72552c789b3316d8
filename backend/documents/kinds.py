"""Document kinds. Apps register theirs at import time (in AppConfig.ready or their module), so
the platform can issue, render and verify documents without importing any service."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from backend.common.digits import to_bangla_digits
from backend.common.errors import AppError
from backend.common.text import Text

DEFAULT_TEMPLATE = "documents/base_document.html"

UNKNOWN_KIND = Text(en="Unknown document kind.", bn="অজানা ধরনের দলিল।")


@dataclass(frozen=True)
class Asserted:
    """One thing a document asserts, shown on the verification page and in the verification
    API so a reader can hold it against the paper. `label` is a registered Text; the value is
    given as it reads in each language (names, amounts and dates already formatted)."""

    label: Text
    bn: str
    en: str


@dataclass(frozen=True)
class VerificationView:
    """What a kind shows for one genuine document: its own name (e.g. "Heir certificate" for
    a councillor certificate of that type) and what it asserts. Never NID, birth registration
    number, date of birth or address: anyone holding the paper can open the page."""

    title_bn: str
    title_en: str
    asserts: list[Asserted] = field(default_factory=list)


@dataclass(frozen=True)
class DocumentKind:
    code: str
    title: Text
    # The HTML template WeasyPrint renders the PDF from; None for a kind that draws its own.
    template: str | None = DEFAULT_TEMPLATE
    # Fields shown to anyone who scans the QR; None shows all. Keep personal data out of it.
    public_fields: tuple[str, ...] | None = None
    # Labels for the fields on the public page and the sample template, by field name.
    field_labels: dict[str, Text] = field(default_factory=dict)
    # Extra template context built from the document (e.g. a service's own lookups).
    extra_context: Callable[[object], dict] | None = None
    # What a genuine document shows when its QR is scanned; None: the title and public_fields.
    verification: Callable[[object], VerificationView] | None = None
    # Draws the PDF straight from the document's context and a language (backend.documents
    # .drawing) instead of rendering a template: what receipts and certificates do.
    draw: Callable[[dict, str], bytes] | None = None


_KINDS: dict[str, DocumentKind] = {}


def register_document_kind(
    code: str,
    *,
    title: Text,
    template: str | None = DEFAULT_TEMPLATE,
    public_fields: Iterable[str] | None = None,
    field_labels: dict[str, Text] | None = None,
    extra_context: Callable[[object], dict] | None = None,
    verification: Callable[[object], VerificationView] | None = None,
    draw: Callable[[dict, str], bytes] | None = None,
) -> DocumentKind:
    """Declare a kind of document (receipt, certificate, trade_license, clearance...).

    Registering the same code twice with the same definition is harmless (modules can be imported
    more than once in tests); a different definition under a taken code is a programming error.
    """
    if (template is None) == (draw is None):
        raise ValueError(f"document kind {code!r} needs either a template or a draw function")
    if not code or len(code) > 40 or not code.replace("_", "").isalnum() or code != code.lower():
        raise ValueError(f"document kind code must be lower_snake_case, at most 40: {code!r}")
    kind = DocumentKind(
        code=code,
        title=title,
        template=template,
        public_fields=tuple(public_fields) if public_fields is not None else None,
        field_labels=dict(field_labels or {}),
        extra_context=extra_context,
        verification=verification,
        draw=draw,
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


def verification_view(document) -> VerificationView:
    """What the verification page and API show for a genuine `document` of any kind."""
    kind = find_document_kind(document.kind)
    if kind is None:  # a kind this process does not know: its code, and nothing else
        return VerificationView(title_bn=document.kind, title_en=document.kind)
    if kind.verification is not None:
        return kind.verification(document)
    fields = document.fields or {}
    names = kind.public_fields if kind.public_fields is not None else tuple(kind.field_labels)
    return VerificationView(
        title_bn=kind.title.bn,
        title_en=kind.title.en,
        asserts=[
            Asserted(kind.field_labels[name], to_bangla_digits(fields[name]), str(fields[name]))
            for name in names
            if name in fields
            and name in kind.field_labels
            and not isinstance(fields[name], dict | list)
        ],
    )
