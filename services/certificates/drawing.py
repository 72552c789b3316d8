"""The certificate PDF drawn directly (backend.documents.drawing), as certificate.html and
certificate.css laid it out: the application number, the wording, the deceased, the heirs'
table (its head repeated on every page it runs onto), the recommendation and the signatory with
the signature image. The context is printing.certificate_context's."""

from backend.common.text import in_language
from backend.documents.drawing.flow import MM, Flow, Style, Text
from backend.documents.drawing.frame import Spacing, draw_document, field_table
from backend.documents.drawing.tables import Cell, Look, grid
from backend.documents.drawing.writer import embedded_image
from backend.documents.templatetags.documents_tags import in_lang

SPACING = Spacing(title_top=8, body=6, verify_top=10)
SECTION = Style(bold=True)
HEIRS = Look(padding=(2, 5), grid=0.6, grid_color="#555", head_fill="#eef3ee")
HEIR_TEXT = Style(size=10)
SIGN_BOX = 62 * MM
SIGNATURE_HEIGHT = 14 * MM


def _section(flow: Flow, title: str) -> None:
    flow.text(title, SECTION, before=6, after=2)


def _deceased(flow: Flow, context: dict, language: str) -> None:
    deceased, t = context["deceased"], context["t"]
    pairs = [(in_lang(t["deceased_name"], language), deceased["name"])]
    for key, label in (("father_or_husband", "father_or_husband"), ("id_number", "id_number")):
        if deceased.get(key):
            pairs.append((in_lang(t[label], language), deceased[key]))
    pairs.append((in_lang(t["date_of_death"], language), deceased["date_of_death"]))
    if deceased.get("death_registration"):
        pairs.append((in_lang(t["death_registration"], language), deceased["death_registration"]))
    _section(flow, in_lang(t["deceased"], language))
    field_table(flow, pairs)


def _heirs(flow: Flow, context: dict, language: str) -> None:
    t = context["t"]
    head_style = HEIR_TEXT.replace(bold=True)
    head = [
        Cell(in_lang(t[key], language), head_style)
        for key in ("serial", "heir_name", "relation", "id_number", "dob_or_age")
    ]
    serial = HEIR_TEXT.replace(align="center")
    body = [
        [
            Cell(str(heir["serial"]), serial),
            Cell(heir["name"], HEIR_TEXT),
            Cell(heir["relation"], HEIR_TEXT),
            Cell(heir["id_number"], HEIR_TEXT),
            Cell(heir["dob_or_age"], HEIR_TEXT),
        ]
        for heir in context["heirs"]
    ]
    _section(flow, in_lang(t["heirs"], language))
    flow.margin(4)
    grid(flow, head, body, HEIRS, fixed={0: 10 * MM})
    flow.margin(4)


def _signature_image(data: bytes | None):
    """The signature decoded for the page (kept per process), or None if it does not decode."""
    if not data:
        return None
    try:
        return embedded_image(data)
    except (OSError, ValueError):
        return None


def _signature(flow: Flow, context: dict, language: str) -> None:
    """The recommendation on the left; on the right the signature over the signatory's name,
    designation and pourashava, both at the bottom of one unbreakable row."""
    signatory, pourashava = context["signatory"], context["pourashava"]
    recommendation = Text.of(
        context.get("recommendation", ""), Style(size=10), flow.width - SIGN_BOX - 8 * MM
    )
    who_style = Style(size=10, align="center")
    who = [
        Text.of(signatory["name"], who_style.replace(bold=True), SIGN_BOX),
        Text.of(signatory["designation"], who_style, SIGN_BOX),
        Text.of(in_language(pourashava.name_en, pourashava.name_bn, language), who_style, SIGN_BOX),
    ]
    box_height = SIGNATURE_HEIGHT + 0.7 + 2 + sum(part.height for part in who)
    height = max(recommendation.height, box_height)
    flow.margin(8)
    top = flow.place(height)
    canvas, box_left = flow.canvas, flow.left + flow.width - SIGN_BOX
    recommendation.draw(canvas, flow.left, top + height - recommendation.height)
    y = top + height - box_height
    image = _signature_image(signatory.get("image"))
    if image is not None:
        width = SIGNATURE_HEIGHT * image.width / image.height
        canvas.image(image, box_left + (SIGN_BOX - width) / 2, y, width, SIGNATURE_HEIGHT)
    y += SIGNATURE_HEIGHT
    canvas.rule(box_left, y + 0.35, box_left + SIGN_BOX, y + 0.35, 0.7, "#333")
    y += 0.7 + 2
    for part in who:
        part.draw(canvas, box_left, y)
        y += part.height


def draw_certificate(context: dict, language: str) -> bytes:
    def body(flow: Flow) -> None:
        reference = (
            f"{in_lang(context['t']['application'], language)}: {context['application_number']}"
        )
        flow.text(reference, Style(size=9.5, color="#333"), after=6)
        flow.text(context["body"], Style(align="justify"), before=4, after=8)
        if context.get("deceased"):
            _deceased(flow, context, language)
        if context.get("heirs"):
            _heirs(flow, context, language)

    return draw_document(
        context,
        language,
        body,
        signature=lambda flow: _signature(flow, context, language),
        spacing=SPACING,
    )
