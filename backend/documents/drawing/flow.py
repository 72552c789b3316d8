"""Blocks laid down a page from top to bottom, breaking to a new page when the next one does not
fit: text (broken into lines, each line its own unit), tables (a row is one unit, and a grid
repeats its head on the next page) and rules.

Vertical margins collapse as in CSS (the larger of two adjoining margins wins), so a document
laid out here spaces its parts as its print stylesheet says. Sizes are in points.
"""

import dataclasses
import functools
from collections.abc import Callable
from dataclasses import dataclass

from backend.documents.drawing.canvas import A4, Canvas, Resources, hex_color
from backend.documents.drawing.fonts import family
from backend.documents.drawing.text import Line, wrap

MM = 72 / 25.4
DEFAULT_LINE_HEIGHT = 1.45  # the stylesheet's `line-height`


@dataclass(frozen=True)
class Style:
    size: float = 11.0
    bold: bool = False
    color: str = "#111"
    align: str = "left"  # left, center, right or justify
    line_height: float = DEFAULT_LINE_HEIGHT

    def replace(self, **changes: object) -> "Style":
        return dataclasses.replace(self, **changes)


def line_box(line: Line, style: Style) -> tuple[float, float]:
    """(height, baseline from the top) of a line box, as CSS builds it: the Latin face's strut,
    and each face's glyphs with their own half-leading. A line with Bangla is taller than one
    without (the Bengali face reaches further below the baseline)."""
    strut = family(style.bold).latin
    above = below = 0.0
    for face in {strut, *(face for word in line.words for face in word.faces)}:
        ascent, descent = face.ascent / face.units_per_em, face.descent / face.units_per_em
        leading = (style.line_height - ascent - descent) / 2
        above, below = max(above, ascent + leading), max(below, descent + leading)
    return (above + below) * style.size, above * style.size


@dataclass(frozen=True)
class Text:
    """A text broken into lines for one width and style."""

    lines: list[Line]
    style: Style
    width: float

    @classmethod
    def of(cls, text: str, style: Style, width: float) -> "Text":
        return cls(wrap(text, style.size, width, bold=style.bold), style, width)

    @functools.cached_property
    def boxes(self) -> list[tuple[float, float]]:
        return [line_box(line, self.style) for line in self.lines]

    @property
    def height(self) -> float:
        return sum(height for height, _ in self.boxes)

    def draw_line(self, canvas: Canvas, index: int, x: float, top: float) -> None:
        line, style = self.lines[index], self.style
        width = line.width * style.size
        spacing = 0.0
        if style.align == "center":
            x += (self.width - width) / 2
        elif style.align == "right":
            x += self.width - width
        elif style.align == "justify" and not line.last and line.spaces:
            spacing = (self.width - width) / line.spaces
        canvas.text(
            line,
            x,
            top + self.boxes[index][1],
            style.size,
            color=hex_color(style.color),
            word_spacing=spacing,
        )

    def draw(self, canvas: Canvas, x: float, top: float) -> None:
        for index, (height, _) in enumerate(self.boxes):
            self.draw_line(canvas, index, x, top)
            top += height


class Flow:
    """The pages of one document and where the next block goes."""

    def __init__(
        self,
        margins: tuple[float, float, float, float] = (16 * MM, 16 * MM, 14 * MM, 16 * MM),
        size: tuple[float, float] = A4,
    ) -> None:
        self.resources = Resources()
        self.size = size
        self.top_margin, self.right_margin, self.bottom_margin, self.left_margin = margins
        self.left = self.left_margin
        self.width = size[0] - self.left_margin - self.right_margin
        self.bottom = size[1] - self.bottom_margin
        self.pages: list[Canvas] = []
        self.pending_margin = 0.0
        # Called after a page break, to draw a repeated part (a table's head) on the new page.
        self.on_new_page: Callable[[], None] | None = None
        self.new_page()

    @property
    def canvas(self) -> Canvas:
        return self.pages[-1]

    def new_page(self) -> None:
        self.pages.append(Canvas(self.resources, self.size))
        self.y = self.top_margin
        self.pending_margin = 0.0

    def margin(self, points: float) -> None:
        """A vertical margin before the next block; adjoining margins collapse."""
        self.pending_margin = max(self.pending_margin, points)

    def fits(self, height: float) -> bool:
        return self.y + self.pending_margin + height <= self.bottom or self.y == self.top_margin

    def place(self, height: float) -> float:
        """Make room for an unbreakable block of `height`: the top it is drawn at."""
        if not self.fits(height):
            self.new_page()
            if self.on_new_page is not None:
                self.on_new_page()
        top = self.y + self.pending_margin
        self.pending_margin = 0.0
        self.y = top + height
        return top

    def text(self, text: str, style: Style, *, before: float = 0.0, after: float = 0.0) -> None:
        """A paragraph the width of the page's content, line by line across pages."""
        self.margin(before)
        block = Text.of(text, style, self.width)
        for index, (height, _) in enumerate(block.boxes):
            top = self.place(height)
            block.draw_line(self.canvas, index, self.left, top)
        self.margin(after)

    def rule(self, width: float, color: str) -> None:
        """A full-width horizontal line below what was drawn last (a CSS border's place)."""
        top = self.place(width)
        middle = top + width / 2
        self.canvas.rule(self.left, middle, self.left + self.width, middle, width, color)
