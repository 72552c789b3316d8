"""QR images for documents, as data URIs embedded in the HTML (no files, no network).

A 1-pixel-per-module PNG, scaled up by the stylesheet (crisp: image-rendering: pixelated). An
SVG vector was measured as the alternative (one path of the dark modules, filled or stroked):
WeasyPrint parses and draws SVG paths in Python, which cost 12-26 ms more per document than
decoding this small PNG (benchmarks/README.md, "PDFs"), so the raster stays."""

import base64
import io

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.image.pil import PilImage

FIXED_MASK = 2


def qr_png(data: str, *, box_size: int = 1, border: int = 4) -> bytes:
    # Level M survives a crease or a stamp over a corner; the token keeps the version low (8).
    # A fixed mask: qrcode's search over the 8 masks was ~40% of a whole document's render
    # time, and for a payload as random-looking as a signed token any mask reads as well.
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=box_size, border=border, mask_pattern=FIXED_MASK
    )
    code.add_data(data)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(image_factory=PilImage).save(buffer)
    return buffer.getvalue()


def qr_data_uri(data: str) -> str:
    return "data:image/png;base64," + base64.b64encode(qr_png(data)).decode("ascii")
