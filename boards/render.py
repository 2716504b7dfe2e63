"""Drawing board sheets with reportlab; every position comes from boards/layout.py
and boards/tiles.py."""

from __future__ import annotations

from osallisuuspeli import fonts
from osallisuuspeli.draw.forms import Field, with_fields
from osallisuuspeli.draw.painter import Painter, TextLine
from osallisuuspeli.draw.pdf import canvas
from osallisuuspeli.draw.shapes import Rect
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Tags
from osallisuuspeli.i18n import _
from osallisuuspeli.model import INK, Colour, Deck, plain
from osallisuuspeli.record import KEY, dumps, record_of
from osallisuuspeli.units import MM, PAPERS

from .layout import HEADER, QR, Area, BoardSheet, Panel, Text, board_layout
from .tiles import Tile, tiles

FRAME = Colour("#B4B4B4")
LABEL_GREY = Colour("#9A9A9A")  # dashed guides and labels on the board
SLOT = Colour("#C8C8C8")
GLUE = Colour("#EDEDED")


class BoardPainter(Painter):
    def text(self, t: Text) -> None:
        b = t.block
        first = t.top - b.ascent
        lines = [TextLine(t.x - 0.7 * b.size, first, "•", b.face, b.size, t.colour)] if t.bullet else []
        lines += [TextLine(t.x, first - i * b.leading, line, b.face, b.size, t.colour, t.align) for i, line in enumerate(b.lines)]
        self.texts(lines, 0, 0)

    def rect(
        self,
        r: Rect,
        *,
        stroke: Colour | None = None,
        fill: Colour | None = None,
        dash: bool = False,
        width: float = 0.8,
        radius: float = 0,
    ) -> None:
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

    def qr(self, code: QR) -> None:
        c = self.c
        c.setFillColor(self.colour(INK))
        p = c.beginPath()
        for m in code.modules:
            p.rect(m.x, m.y, m.w, m.h)
        c.drawPath(p, stroke=0, fill=1)

    def area(self, a: Area) -> None:
        if a.tint:
            self.rect(a.rect, fill=a.tint)
        if a.kind in ("postit", "deck"):
            self.rect(a.rect, stroke=LABEL_GREY, dash=True, width=1.0, radius=3)
        elif a.kind == "cell":
            self.rect(a.rect, stroke=FRAME, width=0.8)
        elif a.kind == "results":
            self.rect(a.rect, stroke=FRAME, width=0.8, radius=3)
        elif a.kind == "line":
            c = self.c
            c.setStrokeColor(self.colour(LABEL_GREY))
            c.setLineWidth(0.6)
            c.line(a.rect.x, a.rect.y + 0.5 * MM, a.rect.right, a.rect.y + 0.5 * MM)
        for slot in a.slots:
            self.rect(slot, stroke=SLOT, dash=True, width=0.7, radius=2)
        if a.label:
            self.text(a.label)

    def panel(self, p: Panel) -> None:
        if p.header is not None and p.colour is not None:
            self.rect(p.header, fill=p.colour)
        elif p.number is not None and p.colour is None:
            self.rect(p.rect, stroke=FRAME, width=0.8, radius=4)
        for a in p.areas:
            self.area(a)
        if p.badge is not None:
            self.badge(p.badge)
        if p.title:
            self.text(p.title)
        for t in p.texts:
            self.text(t)
        for code in p.codes:
            self.qr(code)

    def sheet(self, sheet: BoardSheet) -> None:
        self.text(sheet.title)
        self.text(sheet.label)
        if sheet.intro:
            self.text(sheet.intro)
        y = sheet.printable.top - HEADER - 1.5 * MM
        c = self.c
        c.setStrokeColor(self.colour(FRAME))
        c.setLineWidth(0.6)
        c.line(sheet.printable.x, y, sheet.printable.right, y)
        for p in sheet.panels:
            self.panel(p)

    def tile(self, sheet_form: str, tile: Tile, part: int, deck: Deck) -> None:
        c = self.c
        shows = tile.shows
        c.saveState()
        p = c.beginPath()
        p.rect(shows.x - tile.dx, shows.y, shows.w, shows.h)
        c.clipPath(p, stroke=0, fill=0)
        c.translate(-tile.dx, 0)
        c.doForm(sheet_form)
        c.restoreState()
        if tile.glue is not None:
            self.rect(tile.glue, fill=GLUE)
            c.saveState()
            c.setFillColor(self.colour(LABEL_GREY))
            c.setFont(fonts.BOLD, 9)
            c.translate(tile.glue.x + tile.glue.w / 2 + 3, tile.glue.y + tile.glue.h / 2)
            c.rotate(90)
            c.drawCentredString(0, 0, deck.string("glue_here"))
            c.restoreState()
        if tile.cut is not None:
            self.lines((tile.cut,), INK, (4, 3))
            c.setFillColor(self.colour(INK))
            c.setFont(fonts.REGULAR, 8)
            left_of_ticks = min([m.x1 for m in tile.marks] + [tile.cut.x1]) - 2 * MM  # clear of the alignment ticks
            c.drawRightString(left_of_ticks, tile.cut.y2 - 3 * MM, deck.string("cut_here"))
        self.lines(tile.marks)
        c.setFillColor(self.colour(LABEL_GREY))
        c.setFont(fonts.REGULAR, 8)
        label_x = (tile.glue.right if tile.glue is not None else 10 * MM) + 4 * MM  # clear of the glue strip
        c.drawString(label_x, tile.page[1] - 8 * MM, deck.string("tile", part=part))


def board_pdf(
    deck: Deck,
    card: tuple[float, float],
    *,
    sheet_paper: tuple[float, float] = PAPERS["a3"],
    tile_paper: tuple[float, float] | None = None,
    cmyk: bool = False,
    fillable: bool = False,
) -> bytes:
    """Every sheet of the board: one `sheet_paper` landscape page each (A3, or
    Tabloid for Letter kits), or tiled onto two `tile_paper` pages each (A4 or
    Letter); bookmarked by step; fillable on request."""
    if fillable and tile_paper:
        raise ValueError(_("--fillable needs --board-paper a3: a form field cannot be cut across two A4 pages"))
    sheets = board_layout(deck, card, sheet_paper)
    page = sheets[0].page
    size = (page.w, page.h) if tile_paper is None else tile_paper
    title = f"{deck.name}: {deck.string('board')}"
    c, out = canvas(size, title=title, subject=deck.edition or deck.name, language=deck.language)
    tags = Tags()
    painter = BoardPainter(c, cmyk, tags)
    steps = {s.number: s for s in deck.board.steps}
    for sheet in sheets:
        key = f"board{sheet.number}"
        c.bookmarkPage(key)
        names = " · ".join(f"{n} {plain(steps[n].title)}" for n in sheet.steps)
        c.addOutlineEntry(f"{deck.string('board_sheet', n=sheet.number, total=len(sheets))}: {names}", key, level=0)
        if tile_paper is None:
            painter.sheet(sheet)
            if fillable:  # each field in the structure after the sheet's texts, a Form element with its tooltip
                for field in board_fields((sheet,)):
                    tags.widget(c, tags.add("Form"), ".".join(field.name))
            c.showPage()
            continue
        form = f"sheet{sheet.number}"
        c.beginForm(form, 0, 0, page.w, page.h)
        painter.tags = None  # a sheet drawn once and shown on two pages: an artifact on each
        painter.sheet(sheet)
        painter.tags = tags
        c.endForm()
        for part, piece in enumerate(tiles((page.w, page.h), sheet.printable, tile_paper), 1):
            painter.tile(form, piece, part, deck)
            c.showPage()
    c.save()
    if not fillable:
        return finish(out.getvalue(), tags, title=title, language=deck.language, pack=False)
    filled = with_fields(out.getvalue(), board_fields(sheets), {KEY: dumps(record_of(deck, "board"))})
    return finish(filled, tags, title=title, language=deck.language, pack=False)


def board_fields(sheets: tuple[BoardSheet, ...]) -> list[Field]:
    """A text area on every writing area of every sheet, named by step and
    place: step7 > row1 > goal."""
    return [
        Field(i, tuple(a.name.split(".")), a.field, a.tooltip)
        for i, sheet in enumerate(sheets)
        for a in sheet.fields
        if a.field is not None
    ]
