"""The report's chart of where the teams placed a theme's cards: a stacked
bar a card, in the theme's colour and two lighter shades, the tokens' counts
at the right.

Drawn on the canvas by a flowable of its own rather than by reportlab's
chart classes: each label is the card's whole "number title" wrapped onto
as many lines as it needs (hyphenated by the project's own rules where a
word is longer than a line), a row is as tall as its label, every string
names the bundled font, and a chart taller than the space left splits
between two cards and goes on on the next page with its heading and legend
repeated - at any deck size.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.platypus import Flowable  # type: ignore[import-untyped]

from osallisuuspeli import fonts
from osallisuuspeli.draw.hyphenate import marked
from osallisuuspeli.draw.pdf import Canvas
from osallisuuspeli.draw.tags import Element, Tags
from osallisuuspeli.model import INK, MUTED, Colour

from .counts import Count

KEEP, DROP = Colour("#007A3D"), Colour("#B3261E")
SHADES = (1.0, 0.55, 0.25)  # the three columns: the theme's colour, then lighter
GRID = Colour("#D0D0D0")

SIZE = 7.5  # the labels' size, points
LINE = 8.6  # their leading
PAD = 3.0  # above and below a row's label
BAR = 7.0  # a bar's thickness
HEAD_SIZE, HEAD_LINE = 13.0, 16.0
KEEP_W, DROP_W, PLAY_W = 18.0, 18.0, 30.0  # the number columns at the right


def _fits(text: str, width: float, size: float, face: str) -> bool:
    return fonts.width(text, face, size) <= width


def wrap(text: str, width: float, language: str, size: float = SIZE, face: str = fonts.REGULAR) -> list[str]:
    """`text` in lines of at most `width` points: broken at spaces, and a word
    longer than a line where the language's hyphenation allows, with a
    hyphen. Nothing is left out: the lines joined are the text."""
    lines: list[str] = []
    line = ""
    words = text.split()
    i = 0
    while i < len(words):
        word = words[i]
        joined = f"{line} {word}" if line else word
        if _fits(joined, width, size, face):
            line, i = joined, i + 1
            continue
        if line and _fits(word, width, size, face):
            lines.append(line)
            line = ""
            continue
        # the word does not fit what is left of the line: its last break that does
        lead = f"{line} " if line else ""
        breaks = [(p, "-") for p, _ in marked(word, language)] + [(p + 1, "") for p in range(1, len(word) - 2) if word[p] == "-"]
        cut = next((b for b in sorted(breaks, reverse=True) if _fits(f"{lead}{word[: b[0]]}{b[1]}", width, size, face)), None)
        if cut is not None:
            lines.append(f"{lead}{word[: cut[0]]}{cut[1]}")
            line, words[i] = "", word[cut[0] :]
            continue
        if line:
            lines.append(line)
            line = ""
            continue
        # no break fits even on a line of its own: the letters that fit, then the rest
        n = max(1, max((k for k in range(1, len(word)) if _fits(word[:k], width, size, face)), default=1))
        lines.append(word[:n])
        words[i] = word[n:]
    if line:
        lines.append(line)
    return lines


class Row(NamedTuple):
    lines: tuple[str, ...]  # the label, wrapped
    tally: Count  # the card's counts
    label: str = ""  # the label as one line, for the chart's text

    @property
    def height(self) -> float:
        return max(1, len(self.lines)) * LINE + 2 * PAD


def _step(most: int) -> int:
    """A tick every 1, 2, 5, 10, 20, 50... so that there are at most ten."""
    step = 1
    while True:
        for k in (1, 2, 5):
            if most <= 10 * step * k:
                return step * k
        step *= 10


def _legend(items: Sequence[str], width: float) -> list[list[tuple[float, str]]]:
    """The legend's (x, name) entries, in lines no wider than `width`."""
    lines: list[list[tuple[float, str]]] = [[]]
    x = 0.0
    for name in items:
        w = 11 + fonts.width(name, fonts.REGULAR, SIZE) + 12
        if x and x + w > width:
            lines.append([])
            x = 0.0
        lines[-1].append((x, name))
        x += w
    return lines


class ThemeChart(Flowable):  # type: ignore[misc]  # reportlab's Flowable is untyped
    """A theme's heading, legend, a bar a card and the value axis; splits between cards."""

    def __init__(
        self,
        heading: Sequence[str],
        rows: Sequence[Row],
        colour: Colour,
        columns: Sequence[str],
        most: int,
        width: float,
        label_width: float,
        play_head: str = "",
        continued: Sequence[str] = (),
    ):
        super().__init__()
        self.heading, self.rows, self.colour = list(heading), list(rows), colour
        self.columns, self.most, self.width, self.label_width = list(columns), max(1, most), width, label_width
        self.play_head = play_head  # "" when every card was in play in every workshop
        self.continued = list(continued) or self.heading  # the heading of the parts after the first
        self.right = KEEP_W + DROP_W + (PLAY_W if play_head else 0)
        self.bars = width - label_width - self.right - 6
        self.legend = _legend(self.columns, self.bars)
        self.tags: Tags | None = None
        self.head_tag: Element | None = None  # the heading's element; None on the parts after the first
        self.token_names = ("+", "−")

    def tagged(self, tags: Tags, heading: str, token_names: tuple[str, str]) -> ThemeChart:
        """Drawn as tagged PDF: the heading an H3, the chart a figure whose alternative text is its numbers."""
        self.tags, self.token_names = tags, token_names
        self.head_tag = tags.add("H3", title=heading)
        return self

    def alt(self) -> str:
        """The chart as text: each card's counts in the three columns, its tokens, the workshops it was in play."""
        keep, drop = self.token_names
        rows = []
        for row in self.rows:
            t = row.tally
            counts = ", ".join(f"{name} {n}" for name, n in zip(self.columns, (t.done_well, t.tried, t.worth_trying)))
            rows.append(
                f"{' '.join(row.lines)}: {counts}; {keep} {t.keep}, {drop} {t.drop}"
                + (f"; {self.play_head} {t.in_play}" if self.play_head else "")
            )
        return ". ".join(rows) + "."

    def _fixed(self) -> float:
        return len(self.heading) * HEAD_LINE + 4 + len(self.legend) * LINE + 6 + 14

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.height = self._fixed() + sum(r.height for r in self.rows)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        room = availHeight - self._fixed()
        used, k = 0.0, 0
        while k < len(self.rows) and used + self.rows[k].height <= room:
            used += self.rows[k].height
            k += 1
        if k == len(self.rows):
            return [self]
        if k < min(3, len(self.rows)):
            return []  # fewer than three cards fit: the chart starts on the next page
        args = (self.colour, self.columns, self.most, self.width, self.label_width, self.play_head)
        parts = [
            ThemeChart(self.heading, self.rows[:k], *args, continued=self.continued),
            ThemeChart(self.continued, self.rows[k:], *args, continued=self.continued),
        ]
        for part in parts:
            part.tags, part.token_names = self.tags, self.token_names
        parts[0].head_tag = self.head_tag
        return list(parts)

    def draw(self) -> None:
        c = self.canv
        tags = self.tags
        ink = colors.Color(*INK.rgb)
        y = self.height
        c.setFillColor(ink)
        c.setFont(fonts.BOLD, HEAD_SIZE)
        if tags and self.head_tag:
            tags.heading(c, self.head_tag, self.origin[0], self.origin[1] + y)
        for line in self.heading:
            y -= HEAD_LINE
            if tags is None:
                c.drawString(0, y + 3, line)
                continue
            with tags.content(c, self.head_tag) if self.head_tag else tags.artifact(c, "Pagination"):  # "(continued)": a running head
                c.drawString(0, y + 3, line)
        y -= 4
        if tags is None:
            self._chart(c, y)
            return
        with tags.content(c, tags.add("Figure", alt=self.alt())):
            self._chart(c, y)

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.origin = (x, y)  # where on the page: the heading's bookmark
        super().drawOn(canvas, x, y, _sW)

    def _chart(self, c: Canvas, y: float) -> None:
        ink, muted = colors.Color(*INK.rgb), colors.Color(*MUTED.rgb)
        x0 = self.label_width + 6
        fills = [colors.Color(*self.colour.tint(s).rgb) for s in SHADES]
        stroke = colors.Color(*self.colour.rgb)
        c.setFont(fonts.REGULAR, SIZE)
        for entries in self.legend:
            y -= LINE
            for x, name in entries:
                c.setFillColor(fills[self.columns.index(name)])
                c.setStrokeColor(stroke)
                c.setLineWidth(0.4)
                c.rect(x0 + x, y, 8, 6.5, stroke=1, fill=1)
                c.setFillColor(ink)
                c.drawString(x0 + x + 11, y + 0.8, name)
        right = self.width - self.right
        c.setFont(fonts.BOLD, SIZE)
        c.setFillColor(colors.Color(*KEEP.rgb))
        c.drawRightString(right + KEEP_W, y + 0.8, "+")
        c.setFillColor(colors.Color(*DROP.rgb))
        c.drawRightString(right + KEEP_W + DROP_W, y + 0.8, "−")
        if self.play_head:
            c.setFont(fonts.REGULAR, SIZE)
            c.setFillColor(muted)
            c.drawRightString(self.width, y + 0.8, self.play_head)
        y -= 6
        top, scale = y, self.bars / self.most
        bottom = 14.0
        step = _step(self.most)
        c.setStrokeColor(colors.Color(*GRID.rgb))
        c.setLineWidth(0.3)
        for v in range(0, self.most + 1, step):
            c.line(x0 + v * scale, bottom, x0 + v * scale, top)
        for row in self.rows:
            h = row.height
            c.setFillColor(ink)
            c.setFont(fonts.REGULAR, SIZE)
            for n, line in enumerate(row.lines):
                c.drawRightString(self.label_width, y - PAD - (n + 1) * LINE + 2, line)
            mid = y - h / 2
            x = x0
            c.setStrokeColor(stroke)
            c.setLineWidth(0.4)
            for value, fill in zip((row.tally.done_well, row.tally.tried, row.tally.worth_trying), fills):
                if value:
                    c.setFillColor(fill)
                    c.rect(x, mid - BAR / 2, value * scale, BAR, stroke=1, fill=1)
                    x += value * scale
            c.setFont(fonts.BOLD, SIZE)
            c.setFillColor(colors.Color(*KEEP.rgb))
            c.drawRightString(right + KEEP_W, mid - 2.6, f"+{row.tally.keep}")
            c.setFillColor(colors.Color(*DROP.rgb))
            c.drawRightString(right + KEEP_W + DROP_W, mid - 2.6, f"−{row.tally.drop}")
            if self.play_head:
                c.setFont(fonts.REGULAR, SIZE)
                c.setFillColor(muted)
                c.drawRightString(self.width, mid - 2.6, str(row.tally.in_play))
            y -= h
        c.setStrokeColor(ink)
        c.setLineWidth(0.5)
        c.line(x0, bottom, x0 + self.bars, bottom)
        c.setFillColor(muted)
        c.setFont(fonts.REGULAR, SIZE)
        for v in range(0, self.most + 1, step):
            c.drawCentredString(x0 + v * scale, bottom - 9, str(v))
