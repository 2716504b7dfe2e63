"""The token sheet: red and green round tokens to cut out.

Players mark the method cards they would keep or take up (green, a tick) and
those they could drop (red, a cross); tick and cross tell them apart without
colour. Pure layout here; drawing in `tokens_pdf`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from osallisuuspeli import fonts
from osallisuuspeli.deck.faces import TextLine
from osallisuuspeli.deck.geometry import Line, Rect
from osallisuuspeli.deck.render import Painter
from osallisuuspeli.deck.text import fit
from osallisuuspeli.model import Colour, Deck
from osallisuuspeli.deck.pdf import canvas
from osallisuuspeli.units import MM

GREEN = Colour("#008741")  # Helsinki "tram"
RED = Colour("#BD2719")  # Helsinki "brick"
CUT = Colour("#9A9A9A")
CELL = 22 * MM
DIAMETER = 18 * MM
MARGIN = 8 * MM


@dataclass(frozen=True)
class Token:
    cx: float
    cy: float
    r: float
    keep: bool  # green tick, else red cross


@dataclass(frozen=True)
class TokenSheet:
    page: tuple[float, float]
    tokens: tuple[Token, ...]
    cuts: tuple[Line, ...]
    heading_top: float


def token_layout(paper: tuple[float, float], heading: float = 16 * MM) -> TokenSheet:
    w, h = paper
    area = Rect(MARGIN, MARGIN, w - 2 * MARGIN, h - 2 * MARGIN - heading)
    cols, rows = int(area.w // CELL), int(area.h // CELL)
    x0 = (w - cols * CELL) / 2
    y_top = area.top
    tokens = []
    for r in range(rows):
        for c in range(cols):
            tokens.append(Token(x0 + (c + 0.5) * CELL, y_top - (r + 0.5) * CELL, DIAMETER / 2, r < math.ceil(rows / 2)))
    bottom = y_top - rows * CELL
    cuts = [Line(x0 + c * CELL, bottom, x0 + c * CELL, y_top) for c in range(cols + 1)]
    cuts += [Line(x0, y_top - r * CELL, x0 + cols * CELL, y_top - r * CELL) for r in range(rows + 1)]
    return TokenSheet(paper, tuple(tokens), tuple(cuts), h - MARGIN)


def tokens_pdf(deck: Deck, paper: tuple[float, float], *, cmyk: bool = False) -> bytes:
    labels = deck.guide.labels
    sheet = token_layout(paper)
    c, out = canvas(paper, title=f"{deck.name}: {labels['tokens.title']}", subject=deck.edition or deck.name, language=deck.language)
    painter = Painter(c, cmyk)
    w = paper[0] - 2 * MARGIN
    title = fit(labels["tokens.title"], fonts.BOLD, w, 8 * MM, 16, 10, deck.language)
    note = fit(labels["tokens.note"], fonts.REGULAR, w, 8 * MM, 10, 7, deck.language)
    ink = Colour("#1A1A1A")
    top = sheet.heading_top - title.height - 2 * MM - note.ascent
    lines = [TextLine(MARGIN, sheet.heading_top - title.ascent, title.lines[0], fonts.BOLD, title.size, ink)]
    lines += [TextLine(MARGIN, top - i * note.leading, line, fonts.REGULAR, note.size, ink) for i, line in enumerate(note.lines)]
    painter.texts(lines, 0, 0)
    painter.lines(sheet.cuts, CUT)
    for t in sheet.tokens:
        c.setFillColor(painter.colour(GREEN if t.keep else RED))
        c.circle(t.cx, t.cy, t.r, stroke=0, fill=1)
        c.saveState()
        c.setStrokeColor(painter.colour(Colour("#FFFFFF")))
        c.setLineWidth(t.r * 0.22)
        c.setLineCap(1)
        c.setLineJoin(1)
        p = c.beginPath()
        k = t.r * 0.45
        if t.keep:  # a tick
            p.moveTo(t.cx - k, t.cy)
            p.lineTo(t.cx - k * 0.25, t.cy - k * 0.75)
            p.lineTo(t.cx + k, t.cy + k * 0.7)
        else:  # a cross
            p.moveTo(t.cx - k, t.cy - k)
            p.lineTo(t.cx + k, t.cy + k)
            p.moveTo(t.cx - k, t.cy + k)
            p.lineTo(t.cx + k, t.cy - k)
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()
    c.showPage()
    c.save()
    return out.getvalue()
