"""Text and tables for the report, wrapped once and drawn as plain strings.

A season's report has a page a workshop: 6,000 pages and some 400,000
texts. reportlab's Paragraph parses markup and re-measures every word on
each wrap (about 0.2 ms a text), and a flowable each costs the page layout
its own bookkeeping, which together took a minute. These blocks wrap their
text once with results/chart.py's `wrap` (at spaces; a word longer than its
column broken where the language's hyphenation allows, with a hyphen); a
Stack of them is one flowable, drawn in one text object, split between
lines or rows when it does not fit a page. A person's text is drawn as
text, never read as markup, and every string names the bundled font.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from reportlab.lib import colors
from reportlab.platypus import Flowable

from osallisuuspeli import fonts
from osallisuuspeli.model import INK, MUTED, Colour

from .chart import wrap


class Style(NamedTuple):
    face: str = fonts.REGULAR
    size: float = 10.5
    leading: float = 14.5
    colour: Colour = INK
    before: float = 0.0  # space above
    after: float = 5.0  # space below


BODY = Style()
SMALL = Style(size=8.5, leading=10.5, after=2)
H1 = Style(fonts.BOLD, 14, 18, before=10, after=4)
H2 = Style(fonts.BOLD, 11.5, 15, before=6, after=2)
TITLE = Style(fonts.BOLD, 26, 30, after=6)
SUBTITLE = Style(size=15, leading=19, colour=MUTED, after=14)
FLAG = Style(fonts.BOLD, 10.5, 14.5, colour=Colour("#B3261E"), after=5)
CELL = Style(size=8.5, leading=10.5)
PAD = 3.0  # a cell's padding, left and right
VPAD = 2.0  # and above and below
GAP = 4.0  # below a table


@cache
def _colour(c: Colour) -> colors.Color:
    return colors.Color(*c.rgb)


def lines_of(text: str, width: float, language: str, size: float, face: str) -> tuple[str, ...]:
    """`text` wrapped; its own line breaks kept."""
    if "\n" not in text and fonts.width(text, face, size) <= width:
        return (text,)
    return tuple(line for part in text.split("\n") for line in (wrap(part, width, language, size, face) or [""]))


class Lines(NamedTuple):
    """A paragraph's lines in a style."""

    lines: tuple[str, ...]
    style: Style

    @property
    def height(self) -> float:
        return len(self.lines) * self.style.leading

    @property
    def before(self) -> float:
        return self.style.before

    @property
    def after(self) -> float:
        return self.style.after

    def split(self, room: float) -> tuple[Lines, Lines] | None:
        k = int(room // self.style.leading)
        return (self._replace(lines=self.lines[:k]), self._replace(lines=self.lines[k:])) if 0 < k < len(self.lines) else None

    def paint(self, c, tx, top: float) -> None:
        s = self.style
        tx.setFont(s.face, s.size, s.leading)
        tx.setFillColor(_colour(s.colour))
        y = top - s.leading + (s.leading - s.size) / 2 + 0.2 * s.size
        for line in self.lines:
            tx.setTextOrigin(0, y)
            tx.textOut(line)
            y -= s.leading


class Cell(NamedTuple):
    lines: tuple[str, ...]
    right: bool  # a number, aligned right


class Rows(NamedTuple):
    """A table's rows: the header (bold, repeated where the table splits), a rule under each row."""

    head: tuple[Cell, ...] | None
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]  # of each row
    head_height: float

    @property
    def height(self) -> float:
        return self.head_height + sum(self.heights)

    @property
    def before(self) -> float:
        return 0.0

    @property
    def after(self) -> float:
        return GAP

    def split(self, room: float) -> tuple[Rows, Rows] | None:
        used, k = self.head_height, 0
        while k < len(self.rows) and used + self.heights[k] <= room:
            used += self.heights[k]
            k += 1
        if not 0 < k < len(self.rows):
            return None
        return (
            self._replace(rows=self.rows[:k], heights=self.heights[:k]),
            self._replace(rows=self.rows[k:], heights=self.heights[k:]),
        )

    def paint(self, c, tx, top: float) -> None:
        width = sum(self.widths)
        tx.setFillColor(_colour(INK))
        y = top
        if self.head is not None:
            y = self._row(tx, self.head, y, self.head_height, fonts.BOLD)
            c.setStrokeColor(_colour(INK))
            c.setLineWidth(0.8)
            c.line(0, y, width, y)
        c.setStrokeColor(_colour(MUTED))
        c.setLineWidth(0.3)
        for row, h in zip(self.rows, self.heights):
            y = self._row(tx, row, y, h, fonts.REGULAR)
            c.line(0, y, width, y)

    def _row(self, tx, row: Sequence[Cell], top: float, height: float, face: str) -> float:
        tx.setFont(face, CELL.size, CELL.leading)
        x = 0.0
        for cell, w in zip(row, self.widths):
            y = top - VPAD - CELL.leading + 0.25 * CELL.size
            for line in cell.lines:
                tx.setTextOrigin(x + w - PAD - fonts.width(line, face, CELL.size) if cell.right else x + PAD, y)
                tx.textOut(line)
                y -= CELL.leading
            x += w
        return top - height


def text(value: str, style: Style, width: float, language: str) -> Lines:
    return Lines(lines_of(value, width, language, style.size, style.face), style)


def table(
    head: Sequence[str] | None, rows: Iterable[Sequence[object]], widths: Sequence[float], language: str, numeric: Iterable[int] = ()
) -> Rows:
    right = set(numeric)

    def cells(texts: Sequence[object], face: str) -> tuple[Cell, ...]:
        return tuple(
            Cell(lines_of(str(t), w - 2 * PAD, language, CELL.size, face), i in right) for i, (t, w) in enumerate(zip(texts, widths))
        )

    def height(row: tuple[Cell, ...]) -> float:
        return max(len(c.lines) for c in row) * CELL.leading + 2 * VPAD

    top = cells(head, fonts.BOLD) if head is not None else None
    body = tuple(cells(r, fonts.REGULAR) for r in rows)
    return Rows(top, body, tuple(widths), tuple(height(r) for r in body), height(top) if top else 0.0)


Block = Lines | Rows


class Stack(Flowable):
    """Blocks one under another as one flowable: laid out and drawn at once,
    split between blocks, or inside one between its lines or rows. `keep`:
    a block that must not end a page (a heading) goes on with the next."""

    def __init__(self, blocks: Sequence[Block], width: float, keep: frozenset[int] = frozenset()):
        super().__init__()
        self.blocks, self.width, self.keep = list(blocks), width, keep

    def _spans(self) -> list[float]:
        """Each block's height with the space above it (none above the first)."""
        out, below = [], 0.0
        for i, b in enumerate(self.blocks):
            out.append((max(below, b.before) if i else 0.0) + b.height)
            below = b.after
        return out

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = sum(self._spans())
        return self.width, self.height

    def getSpaceAfter(self) -> float:
        return self.blocks[-1].after if self.blocks else 0.0

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        used, k = 0.0, 0
        spans = self._spans()
        while k < len(self.blocks) and used + spans[k] <= availHeight:
            used += spans[k]
            k += 1
        if k == len(self.blocks):
            return [self]
        parts = self.blocks[k].split(availHeight - used - (spans[k] - self.blocks[k].height))
        head, tail = (self.blocks[:k] + [parts[0]], [parts[1]] + self.blocks[k + 1 :]) if parts else (self.blocks[:k], self.blocks[k:])
        while head and len(head) - 1 in self.keep and parts is None:  # a heading goes on with what follows it
            tail.insert(0, head.pop())
        if not head:
            return []
        n = len(head) - (1 if parts else 0)
        keep = frozenset(i - n for i in self.keep if i >= n)
        return [Stack(head, self.width), Stack(tail, self.width, keep)]

    def draw(self) -> None:
        c = self.canv
        tx = c.beginText()
        y = self.height
        for block, span in zip(self.blocks, self._spans()):
            top = y - (span - block.height)
            block.paint(c, tx, top)
            y -= span
        c.drawText(tx)
