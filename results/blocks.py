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
Each block carries its structure element (a paragraph, a heading, a table
with its rows and cells), so that a Stack given `tags` draws tagged PDF.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import cache
from typing import NamedTuple

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from osallisuuspeli import fonts
from osallisuuspeli.draw.pdf import Canvas, TextObject
from osallisuuspeli.draw.tags import Element, Tags
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
    tag: Element | None = None
    source: str = ""  # the text before wrapping: what the lines read as, hyphens added at their ends left out

    @property
    def spelled(self) -> str:
        return self.source if len(self.lines) > 1 else ""

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
        if not 0 < k < len(self.lines):
            return None
        return self._replace(lines=self.lines[:k], source=""), self._replace(lines=self.lines[k:], source="")

    def paint(self, c: Canvas, tx: TextObject, top: float) -> None:
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
    source: str = ""  # the text before wrapping, when it took more than one line


class Rows(NamedTuple):
    """A table's rows: the header (bold, repeated where the table splits), a rule under each row."""

    head: tuple[Cell, ...] | None
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...]
    heights: tuple[float, ...]  # of each row
    head_height: float
    tag: Element | None = None  # the table; its rows' and cells' elements below
    row_tags: tuple[tuple[Element, ...], ...] = ()  # each row's cells (TD), the head's first (TH)
    repeated: bool = False  # the head is a repetition, where the table goes on on a new page

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
        n = 1 if self.head is not None else 0
        tags = self.row_tags
        return (
            self._replace(rows=self.rows[:k], heights=self.heights[:k], row_tags=tags[: n + k]),
            self._replace(rows=self.rows[k:], heights=self.heights[k:], row_tags=tags[:n] + tags[n + k :], repeated=True),
        )

    def paint(self, c: Canvas, tx: TextObject, top: float, tags: Tags | None = None) -> None:
        """Into the text object `tx`; with `tags`, a text object a cell, each tagged."""
        width = sum(self.widths)
        tx.setFillColor(_colour(INK))
        y = top
        cells = iter(self.row_tags) if tags else None
        rules = []  # (y, under the head): drawn after the text, as artifacts when tagged
        if self.head is not None:
            y = self._row(c, tx, self.head, y, self.head_height, fonts.BOLD, next(cells) if cells else (), tags, self.repeated)
            rules.append((y, True))
        for row, h in zip(self.rows, self.heights):
            y = self._row(c, tx, row, y, h, fonts.REGULAR, next(cells) if cells else (), tags)
            rules.append((y, False))
        if tags:
            with tags.artifact(c):
                self._rules(c, rules, width)
        else:
            self._rules(c, rules, width)

    @staticmethod
    def _rules(c: Canvas, rules: list[tuple[float, bool]], width: float) -> None:
        if rules and rules[0][1]:
            c.setStrokeColor(_colour(INK))
            c.setLineWidth(0.8)
            c.line(0, rules[0][0], width, rules[0][0])
            rules = rules[1:]
        c.setStrokeColor(_colour(MUTED))
        c.setLineWidth(0.3)
        for y, _ in rules:
            c.line(0, y, width, y)

    def _row(
        self,
        c: Canvas,
        tx: TextObject,
        row: Sequence[Cell],
        top: float,
        height: float,
        face: str,
        elements: Sequence[Element],  # the row's cells, when tagged
        tags: Tags | None,
        repeated: bool = False,
    ) -> float:
        x = 0.0
        for i, (cell, w) in enumerate(zip(row, self.widths)):
            if tags:
                tx = c.beginText()
                tx.setFillColor(_colour(INK))
            tx.setFont(face, CELL.size, CELL.leading)
            y = top - VPAD - CELL.leading + 0.25 * CELL.size
            for line in cell.lines:
                tx.setTextOrigin(x + w - PAD - fonts.width(line, face, CELL.size) if cell.right else x + PAD, y)
                tx.textOut(line)
                y -= CELL.leading
            if tags:
                with tags.artifact(c, "Pagination") if repeated else tags.content(c, elements[i], cell.source):
                    c.drawText(tx)
            x += w
        return top - height


def text(value: str, style: Style, width: float, language: str, role: str = "P") -> Lines:
    lines = lines_of(value, width, language, style.size, style.face)
    return Lines(lines, style, Element(role, title=value if role != "P" else ""), value if len(lines) > 1 else "")


def table(
    head: Sequence[str] | None, rows: Iterable[Sequence[object]], widths: Sequence[float], language: str, numeric: Iterable[int] = ()
) -> Rows:
    right = set(numeric)

    def cells(texts: Sequence[object], face: str) -> tuple[Cell, ...]:
        out = []
        for i, (t, w) in enumerate(zip(texts, widths)):
            lines = lines_of(str(t), w - 2 * PAD, language, CELL.size, face)
            out.append(Cell(lines, i in right, str(t) if len(lines) > 1 else ""))
        return tuple(out)

    def height(row: tuple[Cell, ...]) -> float:
        return max(len(c.lines) for c in row) * CELL.leading + 2 * VPAD

    top = cells(head, fonts.BOLD) if head is not None else None
    body = tuple(cells(r, fonts.REGULAR) for r in rows)
    element = Element("Table")

    def row_of(n: int, role: str) -> tuple[Element, ...]:
        tr = Element("TR", element)
        return tuple(Element(role, tr, scope="Column" if role == "TH" else "") for _ in range(n))

    tagged = ((row_of(len(top), "TH"),) if top else ()) + tuple(row_of(len(r), "TD") for r in body)
    return Rows(top, body, tuple(widths), tuple(height(r) for r in body), height(top) if top else 0.0, element, tagged)


Block = Lines | Rows


class Stack(Flowable):  # type: ignore[misc]  # reportlab's Flowable is untyped
    """Blocks one under another as one flowable: laid out and drawn at once,
    split between blocks, or inside one between its lines or rows. `keep`:
    a block that must not end a page (a heading) goes on with the next."""

    def __init__(self, blocks: Sequence[Block], width: float, keep: frozenset[int] = frozenset(), tags: Tags | None = None):
        super().__init__()
        self.blocks, self.width, self.keep, self.tags = list(blocks), width, keep, tags

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
        return [Stack(head, self.width, tags=self.tags), Stack(tail, self.width, keep, self.tags)]

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.origin = (x, y)  # where on the page: a heading's bookmark
        super().drawOn(canvas, x, y, _sW)

    def draw(self) -> None:
        c = self.canv
        if self.tags is not None:
            return self._draw_tagged(c, self.tags)
        tx = c.beginText()
        y = self.height
        for block, span in zip(self.blocks, self._spans()):
            top = y - (span - block.height)
            block.paint(c, tx, top)
            y -= span
        c.drawText(tx)

    def _draw_tagged(self, c: Canvas, tags: Tags) -> None:
        """Each block its own text object, in its element: a paragraph or heading, a table's cells."""
        y = self.height
        for block, span in zip(self.blocks, self._spans()):
            top = y - (span - block.height)
            element = block.tag or Element("P")
            if element.parent is None:
                element.parent = tags.root
            if isinstance(block, Lines):
                tags.heading(c, element, self.origin[0], self.origin[1] + top)
                tx = c.beginText()
                block.paint(c, tx, top)
                with tags.content(c, element, block.spelled):
                    c.drawText(tx)
            else:
                block.paint(c, c.beginText(), top, tags)
            y -= span
