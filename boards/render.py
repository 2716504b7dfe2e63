"""Drawing board sheets with reportlab; every position comes from boards/layout.py."""
from __future__ import annotations

import io

from deck.geometry import Rect
from deck.render import Painter
from osallisuuspeli.model import Colour, Deck, plain
from osallisuuspeli.pdfdoc import canvas as new_canvas

from .layout import BADGE_R, HEADER, PAD, Area, BoardSheet, Panel, Text, board_layout

INK = Colour("#1A1A1A")
FRAME = Colour("#B4B4B4")
GUIDE = Colour("#9A9A9A")
SLOT = Colour("#C8C8C8")
WHITE = Colour("#FFFFFF")


class BoardPainter(Painter):
    def text(self, t: Text) -> None:
        c, b = self.c, t.block
        c.setFillColor(self.colour(t.colour))
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

    def rect(self, r: Rect, *, stroke: Colour | None = None, fill: Colour | None = None, dash: bool = False, width: float = 0.8, radius: float = 0) -> None:
        c = self.c
        c.saveState()
        if stroke:
            c.setStrokeColor(self.colour(stroke))
            c.setLineWidth(width)
            if dash:
                c.setDash(4, 3)
        if fill:
            c.setFillColor(self.colour(fill))
        if radius:
            c.roundRect(r.x, r.y, r.w, r.h, radius, stroke=int(bool(stroke)), fill=int(bool(fill)))
        else:
            c.rect(r.x, r.y, r.w, r.h, stroke=int(bool(stroke)), fill=int(bool(fill)))
        c.restoreState()

    def area(self, a: Area) -> None:
        if a.tint:
            self.rect(a.rect, fill=a.tint)
        if a.kind in ("postit", "deck"):
            self.rect(a.rect, stroke=GUIDE, dash=True, width=1.0, radius=3)
        elif a.kind == "cell":
            self.rect(a.rect, stroke=FRAME, width=0.8)
        elif a.kind == "results":
            self.rect(a.rect, stroke=FRAME, width=0.8, radius=3)
        for slot in a.slots:
            self.rect(slot, stroke=SLOT, dash=True, width=0.7, radius=2)
        if a.label:
            self.text(a.label)

    def panel(self, p: Panel) -> None:
        on_header = p.header is not None and p.colour is not None
        if on_header:
            self.rect(p.header, fill=p.colour)
        elif p.number is not None and p.colour is None:
            self.rect(p.rect, stroke=FRAME, width=0.8, radius=4)
        for a in p.areas:
            self.area(a)
        if p.number is not None:
            top = p.header.top if p.header is not None else p.rect.top
            colour = p.colour or INK
            fill = (WHITE if colour.is_dark else INK) if on_header else colour
            number_colour = colour if on_header else (WHITE if colour.is_dark else INK)
            self.badge(p.shape, p.rect.x + PAD + BADGE_R, top - PAD - BADGE_R, BADGE_R, fill, p.number, number_colour)
        if p.title:
            self.text(p.title)
        for t in p.texts:
            self.text(t)

    def sheet(self, sheet: BoardSheet) -> None:
        self.text(sheet.title)
        self.text(sheet.label)
        if sheet.intro:
            self.text(sheet.intro)
        y = sheet.printable.top - HEADER - 1.5 * 72 / 25.4
        c = self.c
        c.setStrokeColor(self.colour(FRAME))
        c.setLineWidth(0.6)
        c.line(sheet.printable.x, y, sheet.printable.right, y)
        for p in sheet.panels:
            self.panel(p)


def board_pdf(deck: Deck, card: tuple[float, float], *, cmyk: bool = False) -> bytes:
    """Every sheet of the board, one A3 landscape page each, bookmarked by step."""
    sheets = board_layout(deck, card)
    buffer = io.BytesIO()
    page = sheets[0].page
    c = new_canvas(buffer, (page.w, page.h), title=f"{deck.name}: {deck.string('board')}", subject=deck.edition or deck.name, language=deck.language)
    painter = BoardPainter(c, cmyk)
    steps = {s.number: s for s in deck.board.steps}
    for sheet in sheets:
        key = f"board{sheet.number}"
        c.bookmarkPage(key)
        names = " · ".join(f"{n} {plain(steps[n].title)}" for n in sheet.steps)
        c.addOutlineEntry(f"{deck.string('board_sheet', n=sheet.number, total=len(sheets))}: {names}", key, level=0)
        painter.sheet(sheet)
        c.showPage()
    c.save()
    return buffer.getvalue()
