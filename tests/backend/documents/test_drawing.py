"""The direct PDF drawing (backend.documents.drawing) read back as a reader would: text extracts
as written, lines stay inside the page's content area, justified lines reach the right margin,
long text runs onto more pages without losing or repeating a line, and only the shipped faces are
embedded. No database: the drawing needs none."""

import io

import pypdf
import pypdfium2

from backend.documents.drawing.flow import MM, Flow, Style
from backend.documents.drawing.tables import Cell, Look, grid
from backend.documents.drawing.text import wrap
from backend.documents.drawing.writer import write_pdf
from tests.backend.documents.helpers import pdf_glyph_texts, pdf_text
from tests.services.certificates.doc_helpers import skeleton

SHIPPED_FACES = {"DocBangla", "DocBangla-Bold", "DocLatin", "DocLatin-Bold"}


def _pdf(flow: Flow) -> bytes:
    return write_pdf(flow.pages, flow.resources, title="test")


def _char_boxes(
    pdf: bytes, *, loose: bool = False
) -> list[list[tuple[float, float, float, float]]]:
    """Per page, each character's box (left, bottom, right, top) in points, y up: its ink, or
    (loose) its advance between the font's ascent and descent, the same for a whole line."""
    document = pypdfium2.PdfDocument(pdf)
    pages = []
    for page in document:
        text = page.get_textpage()
        boxes = [text.get_charbox(index, loose=loose) for index in range(text.count_chars())]
        pages.append([box for box in boxes if box[2] > box[0]])  # spaces have no ink
    return pages


def _inside_content_area(pdf: bytes, flow: Flow) -> bool:
    _, height = flow.size
    for boxes in _char_boxes(pdf):
        for left, bottom, right, top in boxes:
            if left < flow.left - 0.5 or right > flow.left + flow.width + 0.5:
                return False
            if height - top < flow.top_margin - 2 or height - bottom > flow.bottom + 4:
                return False
    return True


def test_bangla_and_english_extract_as_written_with_conjuncts_as_single_glyphs():
    flow = Flow()
    flow.text("প্রত্যয়ন করা যাচ্ছে যে আব্দুল করিম মৃত্যুবরণ করেন", Style())
    flow.text("Payment receipt NAT-RC-2026-27-000001 Tk 1,300.00", Style(bold=True))
    pdf = _pdf(flow)
    text = pdf_text(pdf)
    # Vowel signs drawn before their letter do not extract in order (as from WeasyPrint's PDFs):
    # compare without them.
    assert skeleton("প্রত্যয়ন করা যাচ্ছে যে আব্দুল করিম মৃত্যুবরণ করেন") in skeleton(text)
    assert "Payment receipt NAT-RC-2026-27-000001 Tk 1,300.00" in text
    assert {"প্র", "ব্দ", "্য"} <= pdf_glyph_texts(pdf)
    names = {
        str(font.get_object()["/BaseFont"]).split("+", 1)[-1]
        for page in pypdf.PdfReader(io.BytesIO(pdf)).pages
        for font in page["/Resources"]["/Font"].values()
    }
    assert {"DocBangla", "DocLatin", "DocLatin-Bold"} <= names <= SHIPPED_FACES


def test_no_line_is_wider_than_its_box_not_even_an_unbroken_identifier():
    identifier = "NAT" + "0123456789" * 20
    text = f"আবেদন নং {identifier} তারিখ ১৪ মার্চ ২০২৫ Application of Rahim Uddin " * 3
    for size, width in ((11, 200.0), (9.5, 120.0), (18, 504.0)):
        lines = wrap(text, size, width)
        assert len(lines) > 1
        assert all(line.width * size <= width + 0.01 for line in lines)
    # Nothing is lost in the cutting: the identifier's characters are all drawn, in order.
    flow = Flow()
    flow.text(identifier, Style())
    assert identifier in pdf_text(_pdf(flow)).replace("\n", "")


def test_a_justified_paragraph_fills_the_line_except_its_last():
    flow = Flow()
    words = "This is to certify that Abdul Karim, of Ward 3, Nat Pourashava, died on 14 March"
    flow.text(f"{words} {words} {words}", Style(align="justify"))
    pdf = _pdf(flow)
    [boxes] = _char_boxes(pdf, loose=True)
    lines: dict[int, list[float]] = {}
    for _, bottom, right, _ in boxes:
        lines.setdefault(round(bottom), []).append(right)
    ends = [max(rights) for _, rights in sorted(lines.items(), reverse=True)]
    right_margin = flow.left + flow.width
    assert len(ends) >= 3
    assert all(abs(end - right_margin) < 1.5 for end in ends[:-1]), ends
    assert ends[-1] < right_margin - 20


def test_long_text_runs_onto_more_pages_each_line_once_and_inside_the_margins():
    flow = Flow()
    for number in range(1, 121):
        flow.text(f"লাইন {number} — line {number:03d} of the register", Style())
    pdf = _pdf(flow)
    assert len(flow.pages) == len(pypdf.PdfReader(io.BytesIO(pdf)).pages) >= 3
    text = pdf_text(pdf)
    for number in range(1, 121):
        assert text.count(f"line {number:03d} of the register") == 1
    assert _inside_content_area(pdf, flow)


def test_a_table_carries_its_head_onto_every_page_and_never_leaves_it_alone():
    look = Look(padding=(2, 5), grid=0.6, head_fill="#eef3ee")
    head = [Cell(text, Style(size=10, bold=True)) for text in ("No.", "Name", "Relation")]
    body = [
        [
            Cell(str(n), Style(size=10)),
            Cell(f"Heir {n:02d}", Style(size=10)),
            Cell("Son", Style(size=10)),
        ]
        for n in range(1, 71)
    ]
    flow = Flow()
    flow.text("Heirs of the deceased", Style(bold=True))
    # Push the table down to where its head and first row no longer fit together.
    flow.margin(flow.bottom - flow.y - 25)
    flow.place(0)
    grid(flow, head, body, look, fixed={0: 10 * MM})
    pdf = _pdf(flow)
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    pages = [page.extract_text() for page in reader.pages]
    assert "Heirs of the deceased" in pages[0]
    assert "Relation" not in pages[0]  # the head went over with its first row
    assert all("No." in page and "Relation" in page for page in pages[1:])
    assert len(pages) >= 3
    joined = "\n".join(pages)
    assert all(joined.count(f"Heir {n:02d}") == 1 for n in range(1, 71))
    assert _inside_content_area(pdf, flow)
