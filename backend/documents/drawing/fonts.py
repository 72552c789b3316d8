"""The four shipped faces, loaded once per process, and which face draws which character.

The same files and the same rule as the WeasyPrint path (rendering.py): Latin first, Bangla for
what the Latin face lacks and for the Bengali block, so both paths draw a text with the same
glyphs. A face is read-only after loading and shared by every thread.
"""

import functools
from dataclasses import dataclass, field
from pathlib import Path

import uharfbuzz as hb

FONT_DIR = Path(__file__).resolve().parent.parent / "fonts"

# Characters that belong to the Bangla run they sit in: the Bengali block, the dandas, joiners
# and the dotted circle a lone vowel sign is drawn on.
BANGLA_BLOCK = range(0x0980, 0x0A00)
BANGLA_EXTRA = {0x0964, 0x0965, 0x200C, 0x200D, 0x25CC}


@dataclass(eq=False)
class Face:
    """One font file: its HarfBuzz font for shaping (in font units) and its PDF name."""

    pdf_name: str  # the BaseFont the PDF names it by, as the WeasyPrint path names it
    data: bytes = field(repr=False)
    hb_face: hb.Face = field(repr=False)
    hb_font: hb.Font = field(repr=False)
    units_per_em: int
    ascent: int
    descent: int  # positive, below the baseline
    covered: frozenset[int] = field(repr=False)
    _advances: dict[int, int] = field(default_factory=dict, repr=False)

    @classmethod
    def load(cls, pdf_name: str, file_name: str) -> "Face":
        data = (FONT_DIR / file_name).read_bytes()
        hb_face = hb.Face(data)
        hb_font = hb.Font(hb_face)  # scale = units per em: positions come in font units
        extents = hb_font.get_font_extents("ltr")
        return cls(
            pdf_name=pdf_name,
            data=data,
            hb_face=hb_face,
            hb_font=hb_font,
            units_per_em=hb_face.upem,
            ascent=extents.ascender,
            descent=-extents.descender,
            covered=frozenset(hb_face.unicodes),
        )

    def advance(self, glyph: int) -> int:
        """The glyph's own advance (hmtx), in font units: what the PDF's /W array says."""
        width = self._advances.get(glyph)
        if width is None:
            width = self._advances[glyph] = self.hb_font.get_glyph_h_advance(glyph)
        return width


@dataclass(frozen=True)
class Family:
    latin: Face
    bangla: Face

    def face_for(self, character: str, previous: Face | None) -> Face:
        code = ord(character)
        if code in BANGLA_BLOCK or code in BANGLA_EXTRA:
            return self.bangla
        # Spaces and punctuation stay in the run they are in (one run per Bangla phrase, not
        # one per word), as long as that face has them.
        if previous is not None and not character.isalnum() and code in previous.covered:
            return previous
        if code in self.latin.covered:
            return self.latin
        return self.bangla if code in self.bangla.covered else self.latin


@functools.cache
def family(bold: bool = False) -> Family:
    if bold:
        return Family(
            Face.load("DocLatin-Bold", "NotoSans-Bold.ttf"),
            Face.load("DocBangla-Bold", "NotoSansBengali-Bold.ttf"),
        )
    return Family(
        Face.load("DocLatin", "NotoSans-Regular.ttf"),
        Face.load("DocBangla", "NotoSansBengali-Regular.ttf"),
    )


def runs(text: str, bold: bool = False) -> list[tuple[Face, str]]:
    """`text` cut into runs of one face each."""
    faces = family(bold)
    found: list[tuple[Face, str]] = []
    start, current = 0, None
    for index, character in enumerate(text):
        face = faces.face_for(character, current)
        if face is not current:
            if current is not None:
                found.append((current, text[start:index]))
            start, current = index, face
    if current is not None:
        found.append((current, text[start:]))
    return found
