"""Drawn pages to PDF bytes: each face subset to the glyphs used (HarfBuzz, glyph ids kept, so
the pages' glyph codes need no remapping) and embedded as a CID font with its widths and
ToUnicode map; images embedded once per document.

The font dictionaries follow WeasyPrint's (Type0 over CIDFontType2, Identity-H, the same
BaseFont names), so the two paths' PDFs read the same to a viewer, a screen reader or a test.
"""

import functools
import io
import zlib
from dataclasses import dataclass

import pydyf
import uharfbuzz as hb
from PIL import Image

from backend.documents.drawing.canvas import Canvas, FontUse, Resources
from backend.documents.drawing.fonts import Face

FONT_COMPRESSION = 6
DROPPED_TABLES = ("BASE", "DSIG", "GDEF", "GPOS", "GSUB", "JSTF", "LTSH", "PCLT")


@dataclass(frozen=True)
class EmbeddedImage:
    """An image decoded and compressed once (a signature is the same on every certificate)."""

    width: int
    height: int
    rgb: bytes  # zlib-compressed
    alpha: bytes | None  # zlib-compressed, or None if opaque


@functools.lru_cache(maxsize=32)
def embedded_image(data: bytes) -> EmbeddedImage:
    with Image.open(io.BytesIO(data)) as image:
        image.load()
        has_alpha = image.mode in ("RGBA", "LA") or "transparency" in image.info
        converted = image.convert("RGBA" if has_alpha else "RGB")
    rgb = converted.convert("RGB").tobytes()
    alpha = converted.getchannel("A").tobytes() if has_alpha else None
    return EmbeddedImage(
        converted.width,
        converted.height,
        zlib.compress(rgb, 6),
        zlib.compress(alpha, 6) if alpha is not None else None,
    )


def _subset(face: Face, glyphs: list[int]) -> bytes:
    subset_input = hb.SubsetInput()
    for glyph in (0, *glyphs):
        subset_input.glyph_set.add(glyph)
    subset_input.flags = (
        hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NO_HINTING
    )
    dropped = subset_input.sets(hb.SubsetInputSets.DROP_TABLE_TAG)
    for tag in DROPPED_TABLES:
        dropped.add(int.from_bytes(tag.encode(), "big"))
    return hb.subset(face.hb_face, subset_input).blob.data


def _to_unicode(use: FontUse) -> pydyf.Stream:
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(use.to_unicode.items())
    for start in range(0, len(items), 100):
        batch = items[start : start + 100]
        lines.append(b"%d beginbfchar" % len(batch))
        for glyph, text in batch:
            lines.append(b"<%04x> <%s>" % (glyph, text.encode("utf-16-be").hex().encode()))
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return pydyf.Stream(lines, compress=True)


def _widths(use: FontUse) -> pydyf.Array:
    array, run = pydyf.Array(), None
    for glyph in sorted(use.widths):
        if glyph - 1 not in use.widths:
            run = pydyf.Array()
            array.extend((glyph, run))
        run.append(use.widths[glyph])
    return array


def _font(pdf: pydyf.PDF, face: Face, use: FontUse, tag: str) -> pydyf.Dictionary:
    data = _subset(face, sorted(use.widths))
    file = pydyf.Stream(
        [zlib.compress(data, FONT_COMPRESSION)],
        pydyf.Dictionary({"Filter": "/FlateDecode", "Length1": len(data)}),
    )
    pdf.add_object(file)
    name = f"/{tag}+{face.pdf_name}"
    scale = 1000 / face.units_per_em
    descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": name,
            "Flags": 4,  # symbolic: glyphs are addressed by id, not by a standard encoding
            "FontBBox": pydyf.Array(
                [0, -round(face.descent * scale), 1000, round(face.ascent * scale)]
            ),
            "ItalicAngle": 0,
            "Ascent": round(face.ascent * scale),
            "Descent": -round(face.descent * scale),
            "CapHeight": round(face.ascent * scale),
            "StemV": 80,
            "FontFile2": file.reference,
        }
    )
    pdf.add_object(descriptor)
    cid_font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": name,
            "CIDSystemInfo": pydyf.Dictionary(
                {
                    "Registry": pydyf.String("Adobe"),
                    "Ordering": pydyf.String("Identity"),
                    "Supplement": 0,
                }
            ),
            "CIDToGIDMap": "/Identity",
            "W": _widths(use),
            "FontDescriptor": descriptor.reference,
        }
    )
    pdf.add_object(cid_font)
    to_unicode = _to_unicode(use)
    pdf.add_object(to_unicode)
    font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": name,
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid_font.reference]),
            "ToUnicode": to_unicode.reference,
        }
    )
    pdf.add_object(font)
    return font


def _image(pdf: pydyf.PDF, image: EmbeddedImage) -> pydyf.Stream:
    extra = {
        "Type": "/XObject",
        "Subtype": "/Image",
        "Width": image.width,
        "Height": image.height,
        "BitsPerComponent": 8,
        "Filter": "/FlateDecode",
    }
    if image.alpha is not None:
        mask = pydyf.Stream([image.alpha], pydyf.Dictionary({**extra, "ColorSpace": "/DeviceGray"}))
        pdf.add_object(mask)
        extra["SMask"] = mask.reference
    stream = pydyf.Stream([image.rgb], pydyf.Dictionary({**extra, "ColorSpace": "/DeviceRGB"}))
    pdf.add_object(stream)
    return stream


def _subset_tag(index: int) -> str:
    """The six capital letters a subset font's name starts with, distinct per face."""
    letters = []
    for _ in range(6):
        index, remainder = divmod(index, 26)
        letters.append(chr(ord("A") + remainder))
    return "".join(letters)


def write_pdf(pages: list[Canvas], resources: Resources, *, title: str = "") -> bytes:
    pdf = pydyf.PDF()
    if title:
        pdf.info["Title"] = pydyf.String(title)
    pdf.info["Producer"] = pydyf.String("Pourashava services")
    fonts = pydyf.Dictionary(
        {
            use.name: _font(pdf, face, use, _subset_tag(index)).reference
            for index, (face, use) in enumerate(resources.fonts.items())
        }
    )
    images = pydyf.Dictionary(
        {name: _image(pdf, image).reference for name, image in resources.images.values()}
    )
    shared = pydyf.Dictionary({"Font": fonts, "XObject": images})
    pdf.add_object(shared)
    for canvas in pages:
        content = pydyf.Stream([canvas.content()], compress=True)
        pdf.add_object(content)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, canvas.width, canvas.height]),
                "Contents": content.reference,
                "Resources": shared.reference,
            }
        )
        pdf.add_page(page)
    output = io.BytesIO()
    pdf.write(output, compress=True)
    return output.getvalue()
