"""A page being drawn: text lines, rules, filled boxes, images and raw paths, in points from the
page's top left corner (y grows downwards, as in the layout code and in qr.py's paths).

What the PDF writer needs is collected as the page is drawn: for each face, the glyphs used
(their widths and ToUnicode text, first use wins, as in WeasyPrint) and for each image its
resource name.
"""

import functools
from dataclasses import dataclass, field

from backend.documents.drawing.fonts import Face
from backend.documents.drawing.text import Line

A4 = (595.2756, 841.8898)  # points
BLACK = (0.067, 0.067, 0.067)  # #111, the documents' text colour


@functools.cache
def hex_color(value: str) -> tuple[float, float, float]:
    value = value.lstrip("#")
    if len(value) == 3:
        value = "".join(character * 2 for character in value)
    return tuple(int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _rgb(color: tuple[float, float, float]) -> bytes:
    return b"%.3f %.3f %.3f" % color


@dataclass
class FontUse:
    """One face as the document uses it: its resource name, and per glyph its width in
    thousandths of an em and the text it stands for."""

    name: str
    widths: dict[int, int] = field(default_factory=dict)
    to_unicode: dict[int, str] = field(default_factory=dict)


@dataclass
class Resources:
    """Shared by every page of one document."""

    fonts: dict[Face, FontUse] = field(default_factory=dict)
    images: dict[int, tuple[str, object]] = field(default_factory=dict)  # id(image) -> name

    def font(self, face: Face) -> FontUse:
        use = self.fonts.get(face)
        if use is None:
            use = self.fonts[face] = FontUse(f"F{len(self.fonts)}")
        return use

    def image(self, image: object) -> str:
        entry = self.images.get(id(image))
        if entry is None:
            entry = self.images[id(image)] = (f"Im{len(self.images)}", image)
        return entry[0]


class Canvas:
    def __init__(self, resources: Resources, size: tuple[float, float] = A4) -> None:
        self.resources = resources
        self.width, self.height = size
        # Flip once: everything below is drawn y-down, text matrices flip their glyphs back.
        self.ops: list[bytes] = [b"1 0 0 -1 0 %.4f cm" % self.height]

    def text(
        self,
        line: Line,
        x: float,
        baseline: float,
        size: float,
        *,
        color: tuple[float, float, float] = BLACK,
        word_spacing: float = 0.0,
    ) -> None:
        """Draw `line` with its left end at x; `word_spacing` points are added to each space."""
        if not line.words:
            return
        ops = self.ops
        ops.append(b"BT %s rg 1 0 0 -1 %.3f %.3f Tm" % (_rgb(color), x, baseline))
        face: Face | None = None
        use: FontUse | None = None
        units = 1000.0
        parts: list[bytes] = []
        spacing = -word_spacing * 1000 / size

        def flush() -> None:
            if parts:
                ops.append(b"[" + b"".join(parts) + b"] TJ")
                parts.clear()

        for word in line.words:
            for glyph in word.glyphs:
                if glyph.face is not face:
                    flush()
                    face = glyph.face
                    use = self.resources.font(face)
                    units = 1000.0 / face.units_per_em
                    ops.append(b"/%s %.2f Tf" % (use.name.encode(), size))
                assert use is not None and face is not None
                gid = glyph.id
                width = use.widths.get(gid)
                if width is None:
                    width = use.widths[gid] = round(face.advance(gid) * units)
                if gid not in use.to_unicode:
                    use.to_unicode[gid] = glyph.text
                if glyph.y_offset:
                    flush()
                    ops.append(b"%.3f Ts" % (glyph.y_offset * size / face.units_per_em))
                if glyph.x_offset:
                    parts.append(b"%d" % round(-glyph.x_offset * units))
                parts.append(b"<%04x>" % gid)
                kerning = width + glyph.x_offset * units - glyph.advance * units
                if word_spacing and glyph.text == " ":
                    kerning += spacing
                if abs(kerning) >= 0.5:
                    parts.append(b"%d" % round(kerning))
                if glyph.y_offset:
                    flush()
                    ops.append(b"0 Ts")
        flush()
        ops.append(b"ET")

    def rule(
        self, x1: float, y1: float, x2: float, y2: float, width: float, color: str = "#000"
    ) -> None:
        self.ops.append(
            b"%s RG %.3f w %.3f %.3f m %.3f %.3f l S"
            % (_rgb(hex_color(color)), width, x1, y1, x2, y2)
        )

    def box(self, x: float, y: float, w: float, h: float, color: str) -> None:
        self.ops.append(b"%s rg %.3f %.3f %.3f %.3f re f" % (_rgb(hex_color(color)), x, y, w, h))

    def image(self, image: object, x: float, y: float, w: float, h: float) -> None:
        name = self.resources.image(image)
        # An image fills the unit square upwards: scale it, and flip it back upright.
        self.ops.append(b"q %.3f 0 0 %.3f %.3f %.3f cm /%s Do Q" % (w, -h, x, y + h, name.encode()))

    def raw(self, operators: bytes) -> None:
        self.ops.append(operators)

    def content(self) -> bytes:
        return b"\n".join(self.ops)
