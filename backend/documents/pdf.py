"""From an issued document to its PDF: the template context and the rendering."""

import functools

from django.conf import settings
from django.utils import timezone

from backend.common.text import Text
from backend.documents.kinds import get_document_kind
from backend.documents.models import IssuedDocument
from backend.documents.qr import qr_data_uri
from backend.documents.rendering import render_pdf

LABELS = {
    "number": Text(en="Number", bn="নম্বর"),
    "issued_on": Text(en="Date of issue", bn="ইস্যুর তারিখ"),
    "valid_until": Text(en="Valid until", bn="মেয়াদ"),
    "holder": Text(en="Name", bn="নাম"),
    "verify_hint": Text(
        en="Scan the QR code or open the address below to check that this document is genuine.",
        bn="এই দলিলটি আসল কি না যাচাই করতে কিউআর কোডটি স্ক্যান করুন বা নিচের ঠিকানায় যান।",
    ),
    "footer": Text(
        en="Issued electronically and signed digitally; valid without a seal.",
        bn="ইলেকট্রনিকভাবে ইস্যুকৃত ও ডিজিটালভাবে স্বাক্ষরিত; সিল ছাড়াই বৈধ।",
    ),
}


def verify_url(token: str) -> str:
    base = getattr(settings, "DOCUMENT_VERIFY_BASE_URL", "") or (
        settings.PUBLIC_BASE_URL.rstrip("/") + "/verify/"
    )
    return base + token


def holder_name(document: IssuedDocument, language: str) -> str:
    fields = document.fields or {}
    other = "en" if language == "bn" else "bn"
    for key in (f"holder_name_{language}", f"holder_name_{other}", "holder_name"):
        if fields.get(key):
            return str(fields[key])
    if document.holder_id:
        holder = document.holder
        first, second = (
            (holder.name_bn, holder.name_en)
            if language == "bn"
            else (holder.name_en, holder.name_bn)
        )
        return first or second
    return ""


# The verification address is one long unbroken token: `word-break: break-all` made WeasyPrint
# try a line break after every character (a third of a receipt's layout time). Cut it into
# lines here instead; the chunks fit the column at the URL's font size.
URL_LINE_CHARACTERS = 64


def url_lines(url: str, width: int = URL_LINE_CHARACTERS) -> list[str]:
    return [url[i : i + width] for i in range(0, len(url), width)]


def document_context(document: IssuedDocument) -> dict:
    kind = get_document_kind(document.kind)
    labels = kind.field_labels
    url = verify_url(document.token)
    context = {
        "document": document,
        "kind": kind,
        "number": document.number,
        "pourashava": document.pourashava,
        "fields": document.fields,
        "field_rows": [
            {"label": labels.get(name, name), "value": value}
            for name, value in document.fields.items()
            if name in labels
        ],
        "issued_on": timezone.localdate(document.issued_at),
        "valid_until": document.valid_until,
        "holder_name": holder_name(document, document.language),
        "labels": LABELS,
        "verify_url": url,
        "verify_url_lines": url_lines(url),
        # The PDF draws its QR as a vector from verify_url; the PNG only if a template asks.
        "qr_data_uri": functools.partial(qr_data_uri, url),
    }
    if kind.extra_context is not None:
        context.update(kind.extra_context(document))
    return context


def render_document(document: IssuedDocument, language: str | None = None) -> bytes:
    """The document's PDF in its own language, or in `language` (a copy in the other one):
    drawn directly where its kind draws itself, else its template through WeasyPrint."""
    kind = get_document_kind(document.kind)
    language = language or document.language
    context = document_context(document)
    if kind.draw is not None:
        if language not in ("bn", "en"):
            raise ValueError("documents are rendered in bn or en")
        return kind.draw(context, language)
    return render_pdf(kind.template, context, language=language)
