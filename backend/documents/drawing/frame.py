"""The parts every document shares, drawn as documents/base_document.html and document.css lay
them out: the pourashava's head, the title, the number and dates, the body a kind draws, the
verification block with its QR, and the footer.

A kind that draws its own PDF gives `draw_document` its body (and signature) as functions of the
Flow; the context is the same one its HTML template gets (backend.documents.pdf).
"""

from collections.abc import Callable
from dataclasses import dataclass

from backend.common.text import Text as Bilingual
from backend.common.text import in_language
from backend.documents.drawing.flow import MM, Flow, Style, Text
from backend.documents.drawing.tables import Cell, Look, fixed_table
from backend.documents.drawing.writer import write_pdf
from backend.documents.formatting import both_dates
from backend.documents.qr import qr_path
from backend.documents.templatetags.documents_tags import in_lang

BODY = Style()
LABEL = Style(bold=True)
FIELDS = Look(rule_below=0.5)
META = Look()
LABEL_SHARE = 0.38  # a label column's share of a field table, as document.css gives it
QR_CELL = 36 * MM
QR_SIDE = 32 * MM
# On a document of more than one page, each page says whose page it is and which: a page cannot
# be swapped into another document unnoticed.
PAGE_MARK = Bilingual(en="{number}, page {page} of {pages}", bn="{number}, পৃষ্ঠা {page}/{pages}")
PAGE_MARK_STYLE = Style(size=8, color="#555", align="center")


@dataclass(frozen=True)
class Spacing:
    """The few margins a kind's stylesheet changes (certificate.css tightens the page)."""

    title_top: float = 14.0
    body: float = 10.0
    verify_top: float = 18.0


def field_table(flow: Flow, pairs: list[tuple[str, str]], look: Look = FIELDS) -> None:
    """Label and value rows (document.css's table.meta and table.fields)."""
    flow.margin(6)
    fixed_table(
        flow,
        [[Cell(label, LABEL), Cell(value, BODY)] for label, value in pairs],
        [LABEL_SHARE, 1 - LABEL_SHARE],
        look,
    )
    flow.margin(6)


def _head(flow: Flow, context: dict, language: str) -> None:
    pourashava = context["pourashava"]
    centred = Style(align="center", bold=True)
    flow.text(pourashava.name_bn, centred.replace(size=18))
    flow.text(pourashava.name_en, centred.replace(size=13))
    upazila = in_language(pourashava.upazila_en, pourashava.upazila_bn, language)
    district = in_language(pourashava.district_en, pourashava.district_bn, language)
    place = f"{upazila}, {district}"
    flow.text(place, Style(size=9.5, color="#333", align="center"))
    flow.margin(6)
    flow.rule(2, "#14532d")


def _title(flow: Flow, context: dict, language: str, spacing: Spacing) -> None:
    title = context["kind"].title
    other = "en" if language == "bn" else "bn"
    flow.text(
        in_lang(title, language),
        Style(size=16, bold=True, align="center"),
        before=spacing.title_top,
        after=2,
    )
    flow.text(in_lang(title, other), Style(size=10.5, color="#333", align="center"), after=10)


def _meta(flow: Flow, context: dict, language: str) -> None:
    labels = context["labels"]
    pairs = [
        (in_lang(labels["number"], language), context["number"]),
        (in_lang(labels["issued_on"], language), both_dates(context["issued_on"], language)),
    ]
    if context.get("valid_until"):
        pairs.append(
            (in_lang(labels["valid_until"], language), both_dates(context["valid_until"], language))
        )
    if context.get("holder_name"):
        pairs.append((in_lang(labels["holder"], language), context["holder_name"]))
    field_table(flow, pairs, META)


def _verify(flow: Flow, context: dict, spacing: Spacing) -> None:
    """The QR beside how to check the paper, kept together on one page."""
    hint = context["labels"]["verify_hint"]
    width = flow.width - QR_CELL
    small = Style(size=9, color="#333")
    parts = [
        Text.of(hint.render("bn"), small, width),
        Text.of(hint.render("en"), small, width),
        Text.of("\n".join(context["verify_url_lines"]), Style(size=7.5), width),
    ]
    text_height = sum(part.height for part in parts)
    padding = 8.0
    height = 1.0 + padding + max(QR_SIDE, text_height)
    flow.margin(spacing.verify_top)
    top = flow.place(height)
    canvas = flow.canvas
    canvas.rule(flow.left, top + 0.5, flow.left + flow.width, top + 0.5, 1, "#999")
    inner = top + 1.0 + padding
    middle = inner + max(QR_SIDE, text_height) / 2
    canvas.raw(qr_path(context["verify_url"], flow.left, middle - QR_SIDE / 2, QR_SIDE))
    y = middle - text_height / 2
    for part in parts:
        part.draw(canvas, flow.left + QR_CELL, y)
        y += part.height


def _mark_pages(flow: Flow, number: str, language: str) -> None:
    """Each page's mark, in the bottom margin."""
    pages = len(flow.pages)
    for page, canvas in enumerate(flow.pages, start=1):
        mark = PAGE_MARK.render(language, number=number, page=page, pages=pages)
        Text.of(mark, PAGE_MARK_STYLE, flow.width).draw(canvas, flow.left, flow.bottom + 4)


def draw_document(
    context: dict,
    language: str,
    body: Callable[[Flow], None],
    *,
    signature: Callable[[Flow], None] | None = None,
    spacing: Spacing = Spacing(),
) -> bytes:
    """The PDF of a document whose kind draws `body` (and `signature`) itself."""
    flow = Flow()
    _head(flow, context, language)
    _title(flow, context, language, spacing)
    _meta(flow, context, language)
    flow.margin(spacing.body)
    body(flow)
    flow.margin(spacing.body)
    if signature is not None:
        signature(flow)
    _verify(flow, context, spacing)
    footer = in_lang(context["labels"]["footer"], language)
    flow.text(footer, Style(size=8.5, color="#555", align="center"), before=14)
    if len(flow.pages) > 1:
        _mark_pages(flow, context["number"], language)
    title = f"{in_lang(context['kind'].title, language)} {context['number']}"
    return write_pdf(flow.pages, flow.resources, title=title)
