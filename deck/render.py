"""Drawing laid-out faces onto imposed pages with reportlab; no layout here.

What every card of a theme shares on one side (band, badge, theme name, deck
name) is drawn once as a form XObject and placed by reference, which keeps
files small and fast for large decks.
"""
from __future__ import annotations

import io
import math
from functools import lru_cache
from itertools import islice
from typing import BinaryIO

from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfdoc import PDFName
from reportlab.pdfgen.canvas import Canvas

from osallisuuspeli import fonts
from osallisuuspeli.model import Colour, Deck
from osallisuuspeli.pdfdoc import canvas as new_canvas
from osallisuuspeli.pdfdoc import finish_page

from .faces import Badge, CornerGuide, Face, Fill, Image, TextLine, face
from .geometry import Imposition, Line, Rect, SheetSpec, impose

MARK_WIDTH = 0.25  # points: a hairline that still prints on office printers
MARK_COLOUR = Colour("#000000")
FOLD_COLOUR = Colour("#808080")


class Painter:
    """Draws layout records onto a canvas, in RGB or CMYK."""

    def __init__(self, c: Canvas, cmyk: bool = False):
        self.c = c
        self.cmyk = cmyk
        self._forms: dict[tuple, str] = {}
        self._fill_ops: dict[Colour, str] = {}
        self._encoded = lru_cache(maxsize=512)(self._encode)  # per document (subsets are); only repeated lines hit

    def colour(self, colour: Colour) -> Color:
        return CMYKColor(*colour.cmyk) if self.cmyk else Color(*colour.rgb)

    def fill_op(self, colour: Colour) -> str:
        op = self._fill_ops.get(colour)
        if op is None:
            op = self._fill_ops[colour] = "%s k" % fp_str(*colour.cmyk) if self.cmyk else "%s rg" % fp_str(*colour.rgb)
        return op

    def _encode(self, face: str, text: str) -> tuple[tuple[str, str], ...]:
        """`text` as (subset font name, escaped bytes) runs: reportlab's own
        TrueType subsetting, so the fonts embed as subsets."""
        doc = self.c._doc
        font = pdfmetrics.getFont(face)
        return tuple((font.getSubsetInternalName(subset, doc), self.c._escape(chunk)) for subset, chunk in font.splitString(text, doc))

    def texts(self, lines, x: float, y: float) -> None:
        """Text lines as one text object written straight into the page stream.

        The same operators reportlab's drawString writes, without building a
        text object per line: the card engine's hottest path.
        """
        ops = ["q BT"]
        font_now = colour_now = None
        for t in lines:
            if t.colour != colour_now:
                ops.append(self.fill_op(t.colour))
                colour_now = t.colour
            # measured afresh (fast, in C): caching would fill the cache with every card's number
            dx = 0.0 if t.align == "left" else -pdfmetrics.stringWidth(t.text, t.face, t.size) / (2 if t.align == "centre" else 1)
            ops.append("1 0 0 1 %.2f %.2f Tm" % (x + t.x + dx, y + t.y))
            for name, chunk in self._encoded(t.face, t.text):
                if (name, t.size) != font_now:
                    ops.append("%s %.2f Tf" % (name, t.size))
                    font_now = (name, t.size)
                ops.append(f"({chunk}) Tj")
        ops.append("ET Q")
        self.c._code.append(" ".join(ops))

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
        # what c.saveState(); c.translate(); c.doForm(); c.restoreState() write, in one string
        clip_op = "%.2f %.2f %.2f %.2f re W n " % (clip.x, clip.y, clip.w, clip.h) if clip else ""
        c._code.append("q %s1 0 0 1 %.2f %.2f cm /%s Do Q" % (clip_op, x, y, c._doc.getXObjectName(name)))
        if name not in c._formsinuse:
            c._formsinuse.append(name)
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
    """The cards PDF as bytes (for tests and previews; a kit writes it to a file)."""
    buffer = io.BytesIO()
    write_cards(buffer, deck, spec, corners=corners, cmyk=cmyk)
    return buffer.getvalue()


def write_cards(out: BinaryIO, deck: Deck, spec: SheetSpec, *, corners: float = 0.0, cmyk: bool = False) -> int:
    """Every card of `deck`, imposed by `spec.mode`, into `out` page by page;
    bookmarks per sheet, or per card in single mode. Returns the page count."""
    imposition: Imposition = impose(spec)
    first = imposition.pages[0].size
    c = new_canvas(out, first, title=f"{deck.name}: {deck.string('cards')}", subject=deck.edition or deck.name, language=deck.language)
    painter = Painter(c, cmyk)
    if spec.mode == "duplex":  # print dialogs that read it preselect two-sided, flipped as the sheets expect
        c.setViewerPreference("Duplex", PDFName("DuplexFlipLongEdge" if spec.flip == "long" else "DuplexFlipShortEdge"))
    n = imposition.per_sheet
    cards = iter(deck.cards)  # a sheet's worth at a time: a loaded deck's cards are read from disk
    for index, chunk in enumerate(iter(lambda: tuple(islice(cards, n)), ()), 1):
        key = f"sheet{index}"
        c.bookmarkPage(key)
        if n == 1:
            c.addOutlineEntry(f"{chunk[0].number}. {chunk[0].title.replace(chr(173), '')}", key, level=0)
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
            finish_page(c)
    c.save()
    return c.getPageNumber() - 1


def calibration_pdf(paper: tuple[float, float], strings: dict[str, str], language: str) -> bytes:
    """The two-sided calibration sheet (see deck/calibrate.py)."""
    from .calibrate import calibration

    buffer = io.BytesIO()
    c = new_canvas(buffer, paper, title=strings["calibrate_title"], subject="--back-offset", language=language)
    painter = Painter(c)
    for page in calibration(paper, strings, language):
        painter.lines(page.lines, MARK_COLOUR)
        painter.items(page.texts, 0, 0)
        c.showPage()
    c.save()
    return buffer.getvalue()
