"""Drawing laid-out faces and sheets with reportlab; no layout decisions here."""
from __future__ import annotations

import io
import math

from reportlab.lib.colors import Color
from reportlab.pdfgen.canvas import Canvas

import fonts
from osallisuuspeli.model import Colour, Deck, plain
from osallisuuspeli.pdfdoc import canvas as new_canvas

from .faces import Badge, Face, Fill, Image, TextLine, detail_side, title_side
from .geometry import Line, Sheet, SheetSpec, sheet_layout

MARK_WIDTH = 0.25  # points: a hairline that still prints on office printers
MARK_COLOUR = Colour("#000000")


def _rgb(colour: Colour) -> Color:
    return Color(*colour.rgb)


def draw_face(c: Canvas, face: Face, x: float, y: float) -> None:
    """Draw `face` with its card's lower-left trim corner at (x, y)."""
    for item in face.items:
        if isinstance(item, Fill):
            c.setFillColor(_rgb(item.colour))
            r = item.rect
            c.rect(x + r.x, y + r.y, r.w, r.h, stroke=0, fill=1)
        elif isinstance(item, TextLine):
            c.setFillColor(_rgb(item.colour))
            c.setFont(item.face, item.size)
            draw = {"left": c.drawString, "centre": c.drawCentredString, "right": c.drawRightString}[item.align]
            draw(x + item.x, y + item.y, item.text)
        elif isinstance(item, Badge):
            draw_badge(c, item.shape, x + item.cx, y + item.cy, item.r, item.fill, item.number, item.number_colour)
        elif isinstance(item, Image):
            r = item.rect
            c.drawImage(str(item.path), x + r.x, y + r.y, r.w, r.h, preserveAspectRatio=True, anchor="c", mask="auto")


def draw_badge(c: Canvas, shape: str, cx: float, cy: float, r: float, fill: Colour, number: int, number_colour: Colour) -> None:
    """A theme's shape with its number inside: themes differ without colour."""
    c.setFillColor(_rgb(fill))
    if shape == "circle":
        c.circle(cx, cy, r, stroke=0, fill=1)
    else:
        sides, turn = {"square": (4, 45), "triangle": (3, 90), "diamond": (4, 0), "hexagon": (6, 0), "star": (10, 90)}[shape]
        scale = {"square": 1.2, "triangle": 1.25, "star": 1.25}.get(shape, 1.1)
        p = c.beginPath()
        for i in range(sides):
            radius = r * scale * (0.55 if shape == "star" and i % 2 else 1.0)
            a = math.radians(turn + 360 * i / sides)
            px, py = cx + radius * math.cos(a), cy + radius * math.sin(a)
            p.moveTo(px, py) if i == 0 else p.lineTo(px, py)
        p.close()
        c.drawPath(p, stroke=0, fill=1)
    size = r * (0.85 if shape in ("triangle", "star") else 1.05)
    dy = -0.35 * size - (0.25 * r if shape == "triangle" else 0)
    c.setFillColor(_rgb(number_colour))
    c.setFont(fonts.BOLD, size)
    c.drawCentredString(cx, cy + dy, str(number))


def draw_marks(c: Canvas, marks: tuple[Line, ...]) -> None:
    if not marks:
        return
    c.setStrokeColor(_rgb(MARK_COLOUR))
    c.setLineWidth(MARK_WIDTH)
    p = c.beginPath()
    for m in marks:
        p.moveTo(m.x1, m.y1)
        p.lineTo(m.x2, m.y2)
    c.drawPath(p, stroke=1, fill=0)


def duplex_pdf(deck: Deck, spec: SheetSpec) -> bytes:
    """Fronts (title sides) page, then its backs (detail sides) page, per sheet."""
    sheet: Sheet = sheet_layout(spec)
    buffer = io.BytesIO()
    title = f"{deck.name}: {deck.string('cards')}"
    c = new_canvas(buffer, (sheet.page.w, sheet.page.h), title=title, subject=deck.edition or deck.name, language=deck.language)
    n = sheet.per_page
    for index, start in enumerate(range(0, len(deck.cards), n), 1):
        chunk = deck.cards[start : start + n]
        label = deck.string("sheet", n=index)
        for side, slots, marks in (("fronts", sheet.fronts, sheet.front_marks), ("backs", sheet.backs, sheet.back_marks)):
            key = f"sheet{index}-{side}"
            c.bookmarkPage(key)
            c.addOutlineEntry(f"{label}: {deck.string(side)} ({chunk[0].number}–{chunk[-1].number})", key, level=0)
            for card, slot in zip(chunk, slots):
                face = title_side(card, deck, spec.card, spec.bleed) if side == "fronts" else detail_side(card, deck, spec.card, spec.bleed)
                draw_face(c, face, slot.x, slot.y)
            draw_marks(c, marks)
            c.showPage()
    c.save()
    return buffer.getvalue()
