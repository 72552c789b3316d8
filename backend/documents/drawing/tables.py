"""Tables on a Flow: cells of wrapped text in rows that never split across pages.

Column widths are either given (fractions of the table's width, as a fixed table layout) or
found from the contents the way CSS's automatic table layout does: each column between its
widest word and its whole longest text, the room left shared in proportion.
"""

import math
from dataclasses import dataclass

from backend.documents.drawing.flow import Flow, Style, Text
from backend.documents.drawing.text import shape, wrap


@dataclass(frozen=True)
class Cell:
    text: str
    style: Style


@dataclass(frozen=True)
class Look:
    """A table's padding and lines, as its stylesheet gives them."""

    padding: tuple[float, float] = (3.0, 6.0)  # vertical, horizontal
    grid: float = 0.0  # width of every cell's border (0: none)
    grid_color: str = "#555"
    rule_below: float = 0.0  # a line under each row only (0: none)
    rule_color: str = "#ccc"
    head_fill: str | None = None


def _row_texts(cells: list[Cell], widths: list[float], look: Look) -> list[Text]:
    inner = 2 * look.padding[1]
    return [
        Text.of(cell.text, cell.style, width - inner)
        for cell, width in zip(cells, widths, strict=True)
    ]


def _row_height(texts: list[Text], look: Look) -> float:
    return max(text.height for text in texts) + 2 * look.padding[0] + look.grid + look.rule_below


def _draw_row(
    flow: Flow, texts: list[Text], widths: list[float], look: Look, fill: str | None = None
) -> None:
    height = _row_height(texts, look)
    top = flow.place(height)
    canvas, x = flow.canvas, flow.left
    if fill:
        canvas.box(x, top, sum(widths), height, fill)
    for text, width in zip(texts, widths, strict=True):
        text.draw(canvas, x + look.padding[1], top + look.padding[0] + look.grid / 2)
        x += width
    if look.grid:
        right = flow.left + sum(widths)
        canvas.rule(flow.left, top, right, top, look.grid, look.grid_color)
        canvas.rule(flow.left, top + height, right, top + height, look.grid, look.grid_color)
        x = flow.left
        for width in (0.0, *widths):
            x += width
            canvas.rule(x, top, x, top + height, look.grid, look.grid_color)
    if look.rule_below:
        bottom = top + height - look.rule_below / 2
        canvas.rule(
            flow.left, bottom, flow.left + sum(widths), bottom, look.rule_below, look.rule_color
        )


def fixed_table(flow: Flow, table: list[list[Cell]], fractions: list[float], look: Look) -> None:
    """A table of fixed layout: each column the given fraction of the page's content width."""
    widths = [flow.width * fraction for fraction in fractions]
    for cells in table:
        _draw_row(flow, _row_texts(cells, widths, look), widths, look)


def _longest_word(text: str, style: Style) -> float:
    return max((shape(word, style.bold).width for word in text.split()), default=0.0) * style.size


def _whole_width(text: str, style: Style) -> float:
    lines = wrap(text, style.size, math.inf, bold=style.bold)
    return max((line.width for line in lines), default=0.0) * style.size


def auto_widths(
    table: list[list[Cell]], width: float, look: Look, fixed: dict[int, float]
) -> list[float]:
    """Column widths for `table` in `width` points, `fixed` columns (index -> points) kept at
    least as wide as asked."""
    inner = 2 * look.padding[1] + look.grid
    columns = len(table[0])
    least = [
        inner + max(_longest_word(row[c].text, row[c].style) for row in table)
        for c in range(columns)
    ]
    most = [
        inner + max(_whole_width(row[c].text, row[c].style) for row in table)
        for c in range(columns)
    ]
    for column, points in fixed.items():
        least[column] = max(least[column], points)
        most[column] = least[column]
    if sum(most) <= width:
        free = [c for c in range(columns) if c not in fixed] or list(range(columns))
        share = sum(most[c] for c in free)
        extra = width - sum(most)
        return [most[c] + (extra * most[c] / share if c in free else 0.0) for c in range(columns)]
    if sum(least) >= width:
        return least
    fraction = (width - sum(least)) / (sum(most) - sum(least))
    return [least[c] + (most[c] - least[c]) * fraction for c in range(columns)]


def grid(
    flow: Flow, head: list[Cell], body: list[list[Cell]], look: Look, fixed: dict[int, float]
) -> None:
    """A bordered table whose head row is repeated at the top of every page it runs onto."""
    widths = auto_widths([head, *body], flow.width, look, fixed)
    head_texts = _row_texts(head, widths, look)
    body_texts = [_row_texts(cells, widths, look) for cells in body]

    def repeat_head() -> None:
        _draw_row(flow, head_texts, widths, look, fill=look.head_fill)

    # The head never stands alone at the foot of a page: it goes with the first row.
    first = _row_height(body_texts[0], look) if body_texts else 0.0
    if not flow.fits(_row_height(head_texts, look) + first):
        flow.new_page()
    repeat_head()
    flow.on_new_page = repeat_head
    try:
        for texts in body_texts:
            _draw_row(flow, texts, widths, look)
    finally:
        flow.on_new_page = None
