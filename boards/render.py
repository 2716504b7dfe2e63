"""Drawing board sheets with reportlab; every position comes from boards/layout.py."""
from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

import fonts
from deck.geometry import Rect
from deck.render import _rgb, draw_badge
from osallisuuspeli.model import Colour, Deck, plain
from osallisuuspeli.pdfdoc import canvas as new_canvas

from .layout import Area, BoardSheet, Panel, Text, board_layout

INK = Colour("#1A1A1A")
FRAME = Colour("#B4B4B4")
GUIDE = Colour("#9A9A9A")
SLOT = Colour("#C8C8C8")
WHITE = Colour("#FFFFFF")


def draw_text(c: Canvas, t: Text) -> None:
    b = t.block
    c.setFillColor(_rgb(t.colour))
    c.setFont(b.face, b.size)
    y = t.top - b.ascent
    if t.bullet:
        c.drawString(t.x - 0.7 * b.size, y, "•")
    for line in b.lines:
        if t.align == "centre":
            c.drawCentredString(t.x, y, line)
        else:
            c.drawString(t.x, y, line)
        y -= b.leading


def _rect(c: Canvas, r: Rect, *, stroke: Colour | None = None, fill: Colour | None = None, dash: bool = False, width: float = 0.8, radius: float = 0) -> None:
    c.saveState()
    if stroke:
        c.setStrokeColor(_rgb(stroke))
        c.setLineWidth(width)
        if dash:
            c.setDash(4, 3)
    if fill:
        c.setFillColor(_rgb(fill))
    if radius:
        c.roundRect(r.x, r.y, r.w, r.h, radius, stroke=int(bool(stroke)), fill=int(bool(fill)))
    else:
        c.rect(r.x, r.y, r.w, r.h, stroke=int(bool(stroke)), fill=int(bool(fill)))
    c.restoreState()


def _area(c: Canvas, a: Area) -> None:
    if a.tint:
        _rect(c, a.rect, fill=a.tint)
    if a.kind in ("postit", "deck"):
        _rect(c, a.rect, stroke=GUIDE, dash=True, width=1.0, radius=3)
    elif a.kind == "cell":
        _rect(c, a.rect, stroke=FRAME, width=0.8)
    elif a.kind == "results":
        _rect(c, a.rect, stroke=FRAME, width=0.8, radius=3)
    for slot in a.slots:
        _rect(c, slot, stroke=SLOT, dash=True, width=0.7, radius=2)
    if a.label:
        draw_text(c, a.label)


def _panel(c: Canvas, p: Panel) -> None:
    if p.header is not None and p.colour is not None:
        _rect(c, p.header, fill=p.colour)
    elif p.number is not None and p.colour is None:
        _rect(c, p.rect, stroke=FRAME, width=0.8, radius=4)
    for a in p.areas:
        _area(c, a)
    if p.number is not None:
        from .layout import BADGE_R, PAD

        top = p.header.top if p.header is not None else p.rect.top
        colour = p.colour or INK
        on_header = p.header is not None and p.colour is not None
        fill = (WHITE if p.colour.is_dark else INK) if on_header else colour
        number_colour = p.colour if on_header else (WHITE if colour.is_dark else INK)
        draw_badge(c, p.shape, p.rect.x + PAD + BADGE_R, top - PAD - BADGE_R, BADGE_R, fill, p.number, number_colour)
    if p.title:
        draw_text(c, p.title)
    for t in p.texts:
        draw_text(c, t)


def draw_sheet(c: Canvas, sheet: BoardSheet) -> None:
    draw_text(c, sheet.title)
    draw_text(c, sheet.label)
    if sheet.intro:
        draw_text(c, sheet.intro)
    y = sheet.printable.top - 14 * 72 / 25.4 - 1.5 * 72 / 25.4
    c.setStrokeColor(_rgb(FRAME))
    c.setLineWidth(0.6)
    c.line(sheet.printable.x, y, sheet.printable.right, y)
    for p in sheet.panels:
        _panel(c, p)


def board_pdf(deck: Deck, card: tuple[float, float]) -> bytes:
    """Every sheet of the board, one A3 landscape page each, bookmarked by step."""
    sheets = board_layout(deck, card)
    buffer = io.BytesIO()
    page = sheets[0].page
    c = new_canvas(buffer, (page.w, page.h), title=f"{deck.name}: {deck.string('board')}", subject=deck.edition or deck.name, language=deck.language)
    steps = {s.number: s for s in deck.board.steps}
    for sheet in sheets:
        key = f"board{sheet.number}"
        c.bookmarkPage(key)
        names = " · ".join(f"{n} {plain(steps[n].title)}" for n in sheet.steps)
        c.addOutlineEntry(f"{deck.string('board_sheet', n=sheet.number, total=len(sheets))}: {names}", key, level=0)
        draw_sheet(c, sheet)
        c.showPage()
    c.save()
    return buffer.getvalue()
