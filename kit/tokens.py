"""The token sheet: red and green round tokens to cut out.

Players mark the method cards they would keep or take up (green, a tick) and
those they could drop (red, a cross); tick and cross tell them apart without
colour. Laid out as records first (`token_sheet`), drawn by `tokens_pdf`.
"""

from __future__ import annotations

import math
from typing import NamedTuple

from osallisuuspeli import fonts
from osallisuuspeli.draw.painter import Painter, TextLine
from osallisuuspeli.draw.pdf import canvas
from osallisuuspeli.draw.shapes import Line, Rect
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Tags
from osallisuuspeli.draw.text import fit
from osallisuuspeli.model import INK, WHITE, Colour, Deck
from osallisuuspeli.units import MM

from .leaders import guide_of

GREEN = Colour("#008741")  # Helsinki "tram"
RED = Colour("#BD2719")  # Helsinki "brick"
CUT = Colour("#9A9A9A")
CELL = 22 * MM
DIAMETER = 18 * MM
MARGIN = 8 * MM


class Token(NamedTuple):
    cx: float
    cy: float
    r: float
    keep: bool  # green with a tick, else red with a cross
    strokes: tuple[Line, ...]  # the tick or the cross, drawn white with round ends

    @property
    def stroke_width(self) -> float:
        return self.r * 0.22


class TokenSheet(NamedTuple):
    page: tuple[float, float]
    tokens: tuple[Token, ...]
    cuts: tuple[Line, ...]
    texts: tuple[TextLine, ...]  # the heading and the note


def _strokes(cx: float, cy: float, r: float, keep: bool) -> tuple[Line, ...]:
    k = r * 0.45
    if keep:  # a tick: down to the bottom point, then up to the right
        bottom = (cx - k * 0.25, cy - k * 0.75)
        return (Line(cx - k, cy, *bottom), Line(*bottom, cx + k, cy + k * 0.7))
    return (Line(cx - k, cy - k, cx + k, cy + k), Line(cx - k, cy + k, cx + k, cy - k))


def token_layout(paper: tuple[float, float], heading: float = 16 * MM) -> tuple[tuple[Token, ...], tuple[Line, ...]]:
    """The tokens in a grid of cut lines below the heading: green ones in the top half."""
    w, h = paper
    area = Rect(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN - heading)
    cols, rows = int(area.w // CELL), int(area.h // CELL)
    x0 = (w - cols * CELL) / 2
    y_top = area.top
    tokens = []
    for r in range(rows):
        for c in range(cols):
            cx, cy, keep = x0 + (c + 0.5) * CELL, y_top - (r + 0.5) * CELL, r < math.ceil(rows / 2)
            tokens.append(Token(cx, cy, DIAMETER / 2, keep, _strokes(cx, cy, DIAMETER / 2, keep)))
    bottom = y_top - rows * CELL
    cuts = [Line(x0 + c * CELL, bottom, x0 + c * CELL, y_top) for c in range(cols + 1)]
    cuts += [Line(x0, y_top - r * CELL, x0 + cols * CELL, y_top - r * CELL) for r in range(rows + 1)]
    return tuple(tokens), tuple(cuts)


def token_sheet(deck: Deck, paper: tuple[float, float]) -> TokenSheet:
    """The whole sheet laid out: FitError if the guide's token texts do not fit."""
    labels = guide_of(deck).labels
    w, h = paper[0] - 2 * MARGIN, paper[1] - MARGIN
    title = fit(
        labels["tokens.title"], fonts.BOLD, w, 8 * MM, 16, 10, deck.language, what=f"token sheet ({deck.language}), guide text tokens.title"
    )
    note = fit(
        labels["tokens.note"], fonts.REGULAR, w, 8 * MM, 10, 7, deck.language, what=f"token sheet ({deck.language}), guide text tokens.note"
    )
    top = h - title.height - 2 * MM - note.ascent
    texts = [TextLine(MARGIN, h - title.ascent, title.lines[0], fonts.BOLD, title.size, INK)]
    texts += [TextLine(MARGIN, top - i * note.leading, line, fonts.REGULAR, note.size, INK) for i, line in enumerate(note.lines)]
    tokens, cuts = token_layout(paper)
    return TokenSheet(paper, tokens, cuts, tuple(texts))


def tokens_pdf(deck: Deck, paper: tuple[float, float], *, cmyk: bool = False) -> bytes:
    sheet = token_sheet(deck, paper)
    title = f"{deck.name}: {guide_of(deck).labels['tokens.title']}"
    c, out = canvas(paper, title=title, subject=deck.edition or deck.name, language=deck.language)
    tags = Tags()
    painter = Painter(c, cmyk, tags)
    painter.texts(sheet.texts, 0, 0)
    painter.lines(sheet.cuts, CUT)
    for t in sheet.tokens:
        c.setFillColor(painter.colour(GREEN if t.keep else RED))
        c.circle(t.cx, t.cy, t.r, stroke=0, fill=1)
        c.saveState()
        c.setStrokeColor(painter.colour(WHITE))
        c.setLineWidth(t.stroke_width)
        c.setLineCap(1)
        c.setLineJoin(1)
        p = c.beginPath()
        for line in t.strokes:
            p.moveTo(line.x1, line.y1)
            p.lineTo(line.x2, line.y2)
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()
    c.showPage()
    c.save()
    return finish(out.getvalue(), tags, title=title, language=deck.language, pack=False)
