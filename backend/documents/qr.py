"""QR codes for documents.

In a PDF the QR is a vector drawn straight into the page's content stream after layout (see
rendering.py): the template only reserves its square (`<div class="qr" data-qr="...">`), and
qr_path() turns the modules into one filled path of rectangles, one per run of dark modules in
a row. No image is encoded, parsed or embedded (the PNG this replaced, and an SVG WeasyPrint
had to parse and draw in Python, both cost more: benchmarks/README.md, "PDFs").

qr_png / qr_data_uri stay for HTML pages and any template that still wants an <img>.
"""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

FIXED_MASK = 2


QUIET_ZONE = 4  # modules of white around the code, as the QR standard asks


def _code(data: str, *, box_size: int = 1, border: int = QUIET_ZONE) -> qrcode.QRCode:
    # Level M survives a crease or a stamp over a corner; the token keeps the version low (8).
    # A fixed mask: qrcode's search over the 8 masks was ~40% of a whole document's render
    # time, and for a payload as random-looking as a signed token any mask reads as well.
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=box_size, border=border, mask_pattern=FIXED_MASK
    )
    code.add_data(data)
    code.make(fit=True)
    return code


def qr_modules(data: str) -> list[list[bool]]:
    """The code's modules, row by row (True = dark), without the quiet zone."""
    return _code(data).modules


def qr_path(data: str, x: float, y: float, size: float) -> bytes:
    """PDF operators filling `data`'s QR code in the square at (x, y) of side `size`, quiet zone
    included, in a coordinate system whose y grows downwards (WeasyPrint's page space). One
    path, filled once: adjacent rectangles of one path leave no anti-aliasing seams."""
    modules = qr_modules(data)
    count = len(modules)
    unit = size / (count + 2 * QUIET_ZONE)
    left, top = x + QUIET_ZONE * unit, y + QUIET_ZONE * unit
    parts = [b"q 0 0 0 rg"]
    for row_index, row in enumerate(modules):
        row_y = top + row_index * unit
        column = 0
        while column < count:
            if not row[column]:
                column += 1
                continue
            start = column
            while column < count and row[column]:
                column += 1
            parts.append(
                b"%.3f %.3f %.3f %.3f re"
                % (left + start * unit, row_y, (column - start) * unit, unit)
            )
    parts.append(b"f Q")
    return b"\n".join(parts)


def qr_png(data: str, *, box_size: int = 1, border: int = QUIET_ZONE) -> bytes:
    code = _code(data, box_size=box_size, border=border)
    buffer = io.BytesIO()
    code.make_image(image_factory=PilImage).save(buffer)
    return buffer.getvalue()


def qr_data_uri(data: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")
