"""Shaping with HarfBuzz and breaking text into lines.

A word is shaped once per process and face weight (a label, a month name, a relation repeat on
every document) and kept as glyphs: id, advance and offsets in font units, and the text each
glyph stands for. That text is what the PDF's ToUnicode map says, cut from HarfBuzz's clusters
by the rule WeasyPrint uses, so text copied or extracted from a page reads the same on both
paths (a conjunct is one glyph standing for all its letters).

Lines break at spaces, as Pango does for Bangla and English prose; a word wider than the line
(an identifier) is cut between its clusters.
"""

import functools
from dataclasses import dataclass

import uharfbuzz as hb

from backend.documents.drawing.fonts import Face, runs

WORD_CACHE_SIZE = 8192


@dataclass(frozen=True, slots=True)
class Glyph:
    face: Face
    id: int
    advance: int  # font units, as shaped (kerning included)
    x_offset: int
    y_offset: int
    text: str  # what it stands for in the ToUnicode map ("" for the first glyphs of a cluster)


@dataclass(frozen=True, slots=True)
class Word:
    glyphs: tuple[Glyph, ...]
    width: float  # em
    faces: frozenset[Face] = frozenset()  # what a line holding it must be tall enough for


def _shape_run(face: Face, text: str) -> list[Glyph]:
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    # A cluster per character where the font allows it (as Pango asks): a vowel sign after its
    # letter then maps to itself, not to the whole syllable.
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(face.hb_font, buffer, {})
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    clusters = [info.cluster for info in infos]
    glyphs = []
    for index, (info, position) in enumerate(zip(infos, positions, strict=True)):
        end = clusters[index + 1] if index + 1 < len(clusters) else len(text)
        glyphs.append(
            Glyph(
                face,
                info.codepoint,
                position.x_advance,
                position.x_offset,
                position.y_offset,
                text[clusters[index] : end],
            )
        )
    return glyphs


@functools.lru_cache(maxsize=WORD_CACHE_SIZE)
def shape(text: str, bold: bool = False) -> Word:
    """`text` (a word or a space) as glyphs, with its width in em."""
    glyphs: list[Glyph] = []
    width = 0.0
    for face, part in runs(text, bold):
        shaped = _shape_run(face, part)
        glyphs.extend(shaped)
        width += sum(glyph.advance for glyph in shaped) / face.units_per_em
    return Word(tuple(glyphs), width, frozenset(glyph.face for glyph in glyphs))


@dataclass(frozen=True, slots=True)
class Line:
    words: tuple[Word, ...]  # with the spaces between them as words of their own
    width: float  # em
    last: bool  # a paragraph's last line (never justified)

    @property
    def spaces(self) -> int:
        """How many of `words` are spaces (what justification widens): every other one."""
        return max(len(self.words) - 1, 0) // 2


def _cut(word: Word, room: float) -> list[Word]:
    """A word wider than the line, cut between clusters into pieces that fit."""
    pieces, current, width = [], [], 0.0
    for glyph in word.glyphs:
        glyph_width = glyph.advance / glyph.face.units_per_em
        # A cluster's glyphs stay together: cut only before a glyph that starts one.
        if current and width + glyph_width > room and current[-1].text:
            pieces.append(Word(tuple(current), width, word.faces))
            current, width = [], 0.0
        current.append(glyph)
        width += glyph_width
    if current:
        pieces.append(Word(tuple(current), width, word.faces))
    return pieces


def wrap(text: str, size: float, width: float, *, bold: bool = False) -> list[Line]:
    """`text` at `size` points broken into lines no wider than `width` points. A newline in the
    text starts a new line; an empty text has none (an empty block takes no room, as in CSS)."""
    if not text.strip():
        return []
    room = width / size
    space = shape(" ", bold)
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        current: list[Word] = []
        used = 0.0
        for token in paragraph.split():
            word = shape(token, bold)
            pieces = _cut(word, room) if word.width > room else [word]
            for piece in pieces:
                if current and used + space.width + piece.width > room:
                    lines.append(Line(tuple(current), used, last=False))
                    current, used = [], 0.0
                if current:
                    current.append(space)
                    used += space.width
                current.append(piece)
                used += piece.width
        lines.append(Line(tuple(current), used, last=True))
    return lines
