"""Drawing laid-out faces onto imposed pages with reportlab; no layout here.

What every card of a theme shares on one side (band, badge, theme name, deck
name) is drawn once as a form XObject and placed by reference, which keeps
files small.
"""
from __future__ import annotations

import math

from reportlab.lib.colors import CMYKColor, Color
from reportlab.pdfgen.canvas import Canvas

from osallisuuspeli import fonts
from osallisuuspeli.model import Colour, Deck, plain

from .faces import Badge, CornerGuide, Face, Fill, Image, TextLine, face
from .geometry import Imposition, Line, Rect, SheetSpec, impose
from .pdf import canvas

MARK_WIDTH = 0.25  # points: a hairline that still prints on office printers
MARK_COLOUR = Colour("#000000")
FOLD_COLOUR = Colour("#808080")


class Painter:
    """Draws layout records onto a canvas, in RGB or CMYK."""

    def __init__(self, c: Canvas, cmyk: bool = False):
        self.c = c
        self.cmyk = cmyk
        self._forms: dict[tuple, str] = {}

    def colour(self, colour: Colour) -> Color:
        return CMYKColor(*colour.cmyk) if self.cmyk else Color(*colour.rgb)

    def texts(self, lines, x: float, y: float) -> None:
        """Text lines as one text object, placed by their alignment."""
        t = self.c.beginText()
        font_now = colour_now = None
        for line in lines:
            if line.colour != colour_now:
                t.setFillColor(self.colour(line.colour))
                colour_now = line.colour
            if (line.face, line.size) != font_now:
                t.setFont(line.face, line.size)
                font_now = (line.face, line.size)
            dx = 0.0 if line.align == "left" else -fonts.width(line.text, line.face, line.size) / (2 if line.align == "centre" else 1)
            t.setTextOrigin(x + line.x + dx, y + line.y)
            t.textOut(line.text)
        self.c.drawText(t)

    def items(self, items, x: float, y: float) -> None:
        c = self.c
        texts = [i for i in items if isinstance(i, TextLine)]
        for item in items:
            if isinstance(item, Fill):
                c.setFillColor(self.colour(item.colour))
                r = item.rect
                c.rect(x + r.x, y + r.y, r.w, r.h, stroke=0, fill=1)
            elif isinstance(item, Badge):
                self.badge(item.shape, x + item.cx, y + item.cy, item.r, item.fill, item.number, item.number_colour)
            elif isinstance(item, CornerGuide):
                r = item.rect
                c.setStrokeColor(self.colour(Colour("#A0A0A0")))
                c.setLineWidth(MARK_WIDTH)
                c.roundRect(x + r.x, y + r.y, r.w, r.h, item.radius, stroke=1, fill=0)
            elif isinstance(item, Image):
                r = item.rect
                c.drawImage(str(item.path), x + r.x, y + r.y, r.w, r.h, preserveAspectRatio=True, anchor="c", mask="auto")
        if texts:
            self.texts(texts, x, y)

    def face(self, f: Face, x: float, y: float, bleed: float, size: tuple[float, float], clip: Rect | None = None) -> None:
        """The face's frame (a form, drawn once per document) and its own items."""
        name = self._forms.get(f.frame_key)
        c = self.c
        if name is None:
            name = self._forms[f.frame_key] = f"frame{len(self._forms)}"
            c.beginForm(name, -bleed, -bleed, size[0] + bleed, size[1] + bleed)
            self.items(f.frame, 0, 0)
            c.endForm()
        c.saveState()
        if clip:
            path = c.beginPath()
            path.rect(clip.x, clip.y, clip.w, clip.h)
            c.clipPath(path, stroke=0, fill=0)
        c.translate(x, y)
        c.doForm(name)
        c.restoreState()
        self.items(f.items, x, y)

    def badge(self, shape: str, cx: float, cy: float, r: float, fill: Colour, number: int, number_colour: Colour) -> None:
        """A theme's shape with its number inside: themes differ without colour."""
        c = self.c
        c.setFillColor(self.colour(fill))
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
        c.setFillColor(self.colour(number_colour))
        c.setFont(fonts.BOLD, size)
        c.drawCentredString(cx, cy + dy, str(number))

    def lines(self, lines: tuple[Line, ...], colour: Colour = MARK_COLOUR, dash: tuple[float, float] | None = None) -> None:
        if not lines:
            return
        c = self.c
        c.saveState()
        c.setStrokeColor(self.colour(colour))
        c.setLineWidth(MARK_WIDTH)
        if dash:
            c.setDash(*dash)
        p = c.beginPath()
        for m in lines:
            p.moveTo(m.x1, m.y1)
            p.lineTo(m.x2, m.y2)
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()


def cards_pdf(deck: Deck, spec: SheetSpec, *, corners: float = 0.0, cmyk: bool = False) -> bytes:
    """Every card of `deck`, imposed by `spec.mode`; bookmarks per sheet, or
    per card in single mode."""
    imposition: Imposition = impose(spec)
    duplex = spec.flip if spec.mode == "duplex" else ""  # print dialogs that read it preselect two-sided, flipped as the sheets expect
    c, out = canvas(imposition.pages[0].size, title=f"{deck.name}: {deck.string('cards')}", subject=deck.edition or deck.name, language=deck.language, duplex=duplex)
    painter = Painter(c, cmyk)
    n = imposition.per_sheet
    for index, start in enumerate(range(0, len(deck.cards), n), 1):
        chunk = deck.cards[start : start + n]
        key = f"sheet{index}"
        c.bookmarkPage(key)
        if n == 1:
            c.addOutlineEntry(f"{chunk[0].number}. {plain(chunk[0].title)}", key, level=0)
        else:
            c.addOutlineEntry(f"{deck.string('sheet', n=index)} ({chunk[0].number}–{chunk[-1].number})", key, level=0)
        for page in imposition.pages:
            c.setPageSize(page.size)
            if page.trim_box is not None:
                c.setTrimBox([page.trim_box.x, page.trim_box.y, page.trim_box.right, page.trim_box.top])
                c.setBleedBox([page.bleed_box.x, page.bleed_box.y, page.bleed_box.right, page.bleed_box.top])
            for placement in page.placements:
                if placement.slot < len(chunk):
                    f = face(chunk[placement.slot], deck, placement.side, spec.card, spec.bleed, corners)
                    painter.face(f, placement.trim.x, placement.trim.y, spec.bleed, spec.card, placement.clip)
            painter.lines(page.marks)
            painter.lines(page.folds, FOLD_COLOUR, (3, 2))
            c.showPage()
    c.save()
    return out.getvalue()


def calibration_pdf(paper: tuple[float, float], strings: dict[str, str], language: str, *, flip: str = "long", cmyk: bool = False) -> bytes:
    """The two-sided calibration sheet (see deck/calibrate.py)."""
    from .calibrate import calibration

    c, out = canvas(paper, title=strings["calibrate_title"], subject=strings["calibrate_title"], language=language, duplex=flip)
    painter = Painter(c, cmyk)
    for page in calibration(paper, strings, language):
        painter.lines(page.lines, MARK_COLOUR)
        painter.items(page.texts, 0, 0)
        c.showPage()
    c.save()
    return out.getvalue()
