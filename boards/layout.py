"""A3 board geometry: the game's seven steps onto sheets, as frozen records.

Pure: a deck and a card size in, sheets of panels, fitted text and writing
areas out, in points. Nothing here draws; boards/render.py does.

Which steps go on which sheet is content (board.yaml's `sheets`): by default
steps 1-3 with the deck's place and the results box; step 4's theme fields,
as many a sheet as still hold a card in every column; steps 5-6; step 7.
Sheets are A3 landscape (Tabloid for Letter kits), 10 mm printer margin.
"""

from __future__ import annotations

from typing import NamedTuple

from osallisuuspeli import fonts
from osallisuuspeli.draw.painter import Badge, badge
from osallisuuspeli.draw.shapes import Rect
from osallisuuspeli.draw.text import Block, fit
from osallisuuspeli.errors import FitError, GlyphError
from osallisuuspeli.i18n import _
from osallisuuspeli.model import INK, MUTED, WHITE, Colour, Deck, Step, Theme, display_url, filled
from osallisuuspeli.record import THEME_STEP, board_field, detail_field, dotted, row_part
from osallisuuspeli.units import MM, PAPERS

MARGIN = 10 * MM  # top and bottom: the printer's margin
SIDE = 13 * MM  # left and right: 10 mm, plus room for the overlap when an A3 sheet is tiled onto two A4 pages
GAP = 6 * MM  # between panels
PAD = 4 * MM  # inside a panel
HEADER = 14 * MM  # the sheet's own title strip
POSTIT = 76 * MM  # a standard square post-it note
BADGE_R = 5.5 * MM
TITLE_SIZE = 20.0
QUESTION_SIZE = (12.0, 9.0)  # largest, smallest
COLUMN_KEYS = ("done_well", "tried", "worth_trying")  # Teemme jo hyvin / Olemme kokeilleet / Kannattaa kokeilla


class Text(NamedTuple):
    """A fitted block placed with its top-left (or top-centre) corner."""

    block: Block
    x: float
    top: float
    colour: Colour = INK
    align: str = "left"
    bullet: bool = False

    @property
    def bounds(self) -> Rect:
        w = self.block.width
        x = self.x - w / 2 if self.align == "centre" else self.x
        return Rect(x, self.top - self.block.height, w, self.block.height)


class Area(NamedTuple):
    """Somewhere to put things: post-it notes, cards, or writing."""

    name: str  # e.g. "step1.notes", "step4.kayttajat.tried", "step7.row1.goal"
    kind: str  # "postit", "cards", "deck", "cell", "results"
    rect: Rect
    label: Text | None = None
    slots: tuple[Rect, ...] = ()  # note squares or card outlines drawn as guides
    tint: Colour | None = None
    field: Rect | None = None  # where a fillable board takes typed text
    tooltip: str = ""  # what the field is, for people: "7 Uudet keinot · 1 · Tavoite"


class QR(NamedTuple):
    """A QR code (level M) as its dark modules; the quiet zone around it is
    the white of the box it stands in."""

    rect: Rect
    data: str
    modules: tuple[Rect, ...]


def qr_code(data: str, rect: Rect) -> QR:
    import segno  # here, not at start: segno brings its writers (urllib, http, ssl, email) for a kit with no QR code

    matrix = segno.make_qr(data, error="m", boost_error=False).matrix
    m = rect.w / len(matrix)
    dark = tuple(
        Rect(rect.x + col * m, rect.top - (row + 1) * m, m, m) for row, line in enumerate(matrix) for col, on in enumerate(line) if on
    )
    return QR(rect, data, dark)


class Panel(NamedTuple):
    rect: Rect
    number: int | None  # the step's number in its badge
    title: Text | None
    colour: Colour | None = None  # a theme field's header colour
    header: Rect | None = None
    shape: str = "circle"
    texts: tuple[Text, ...] = ()
    areas: tuple[Area, ...] = ()
    codes: tuple[QR, ...] = ()

    @property
    def badge(self) -> Badge | None:
        """The step's (or theme's) number in its shape, at the panel's top left:
        light on a coloured header, else in the colour (or ink) itself."""
        if self.number is None:
            return None
        top = self.header.top if self.header is not None else self.rect.top
        colour = self.colour or INK
        on_header = self.header is not None and self.colour is not None
        fill = (WHITE if colour.is_dark else INK) if on_header else colour
        number_colour = colour if on_header else (WHITE if colour.is_dark else INK)
        return badge(self.shape, self.rect.x + PAD + BADGE_R, top - PAD - BADGE_R, BADGE_R, fill, self.number, number_colour)


class BoardSheet(NamedTuple):
    number: int
    steps: tuple[int, ...]
    page: Rect
    printable: Rect
    title: Text
    label: Text
    panels: tuple[Panel, ...] = ()
    intro: Text | None = None  # a themes step's number, title and question, in the header

    @property
    def areas(self) -> tuple[Area, ...]:
        return tuple(a for p in self.panels for a in p.areas)

    @property
    def fields(self) -> tuple[Area, ...]:
        return tuple(a for a in self.areas if a.field is not None)

    @property
    def texts(self) -> tuple[Text, ...]:
        out = [self.title, self.label] + ([self.intro] if self.intro else [])
        for p in self.panels:
            out += ([p.title] if p.title else []) + list(p.texts) + [a.label for a in p.areas if a.label]
        return tuple(out)


def _fit(text: str, face: str, w: float, h: float, sizes: tuple[float, float], language: str, what: str, leading: float = 1.2) -> Block:
    return fit(text, face, w, h, sizes[0], sizes[1], language, what=_("board: %(what)s") % {"what": what}, leading=leading, fill=0.7)


def _questions(
    questions: tuple[str, ...],
    x: float,
    top: float,
    w: float,
    h: float,
    language: str,
    what: str,
    sizes: tuple[float, float] = QUESTION_SIZE,
) -> tuple[list[Text], float]:
    """Bulleted questions from `top` down; returns the texts and the bottom."""
    if not questions:
        return [], top
    size = sizes[0]
    indent = 4 * MM
    while size >= sizes[1]:
        try:
            blocks = [fit(q, fonts.REGULAR, w - indent, h, size, size, language, what="question", fill=0.7) for q in questions]
        except FitError:
            blocks = []
        total = sum(b.height for b in blocks) + (len(blocks) - 1) * size * 0.5
        if blocks and total <= h:
            out, y = [], top
            for b in blocks:
                out.append(Text(b, x + indent, y, bullet=True))
                y -= b.height + size * 0.5
            return out, y + size * 0.5
        size -= 0.5
    raise FitError(
        _("board: the questions of %(what)s do not fit even at %(size)s pt - shorten them") % {"what": what, "size": f"{sizes[1]:g}"},
        text=questions[0] if questions else None,
    )


def _grid(rect: Rect, cell_w: float, cell_h: float, gap: float) -> tuple[Rect, ...]:
    """As many cells as fit in `rect`, centred."""
    cols = max(0, int((rect.w + gap) // (cell_w + gap)))
    rows = max(0, int((rect.h + gap) // (cell_h + gap)))
    x0 = rect.x + (rect.w - (cols * cell_w + (cols - 1) * gap)) / 2
    y_top = rect.top - (rect.h - (rows * cell_h + (rows - 1) * gap)) / 2
    return tuple(
        Rect(x0 + c * (cell_w + gap), y_top - (r + 1) * cell_h - r * gap, cell_w, cell_h) for r in range(rows) for c in range(cols)
    )


def _step_title(step: Step, rect: Rect, language: str) -> tuple[Text, float]:
    """The title beside the step's number badge; returns it and the y below it."""
    x = rect.x + PAD + 2 * BADGE_R + 3 * MM
    w = rect.right - PAD - x
    block = _fit(
        step.title,
        fonts.BOLD,
        w,
        2 * BADGE_R + 4 * MM,
        (TITLE_SIZE, 14.0),
        language,
        _("the title of step %(num)d") % {"num": step.number},
        1.1,
    )
    mid = rect.top - PAD - BADGE_R
    top = mid + block.height / 2
    return Text(block, x, top), min(mid - BADGE_R, top - block.height) - 3 * MM


def notes_panel(deck: Deck, step: Step, rect: Rect) -> Panel:
    language = deck.language
    title, y = _step_title(step, rect, language)
    inner_w = rect.w - 2 * PAD
    texts, y = _questions(step.questions, rect.x + PAD, y, inner_w, rect.h * 0.45, language, _("step %(num)d") % {"num": step.number})
    area_rect = Rect(rect.x + PAD, rect.y + PAD, inner_w, y - 4 * MM - rect.y - PAD)
    label_block = _fit(deck.board.postit, fonts.BOLD, inner_w - 6 * MM, 8 * MM, (11.0, 8.0), language, "the post-it label")
    label = Text(label_block, area_rect.x + area_rect.w / 2, area_rect.top - 3 * MM, MUTED, "centre")
    slots_rect = Rect(area_rect.x, area_rect.y, area_rect.w, area_rect.h - label_block.height - 5 * MM)
    area = Area(
        dotted(board_field(step.number, "notes")),
        "postit",
        area_rect,
        label,
        _grid(slots_rect.inset(2 * MM), POSTIT, POSTIT, 4 * MM),
        field=slots_rect.inset(2 * MM),
        tooltip=f"{step.number} {step.title}",
    )
    return Panel(rect, step.number, title, texts=tuple(texts), areas=(area,))


def theme_field(deck: Deck, step: Step, theme: Theme | None, rect: Rect, card: tuple[float, float]) -> Panel:
    """One theme's field: a colour band (badge, short name, guiding question)
    over three columns, each holding whole cards side by side."""
    language = deck.language
    colour = theme.colour if theme else deck.colour
    on = WHITE if colour.is_dark else INK
    band_h = 2 * BADGE_R + 2 * PAD
    header = Rect(rect.x, rect.top - band_h, rect.w, band_h)
    mid = header.y + band_h / 2
    x_name = rect.x + PAD + 2 * BADGE_R + 3 * MM
    name_w = (rect.w - 2 * PAD) * 0.34
    name = theme.short if theme else step.title
    name_block = _fit(name, fonts.BOLD, name_w, band_h - 2 * MM, (18.0, 11.0), language, _("field '%(name)s'") % {"name": name}, 1.05)
    texts = [Text(name_block, x_name, mid + name_block.height / 2, on)]
    question = theme.question if theme else (step.questions[0] if step.questions else "")
    if question:
        qx = x_name + name_w + 4 * MM
        q = _fit(
            question,
            fonts.REGULAR,
            rect.right - PAD - qx,
            band_h - 2 * MM,
            (12.0, 8.0),
            language,
            _("the question of '%(name)s'") % {"name": name},
            1.15,
        )
        texts.append(Text(q, qx, mid + q.height / 2, on))
    col_gap = 2 * MM
    col_w = (rect.w - 2 * col_gap) / 3  # columns span the field: every millimetre holds cards
    label_h = 7 * MM
    col_top = header.y - 1.5 * MM
    areas = []
    for i, (key, label_text) in enumerate(zip(COLUMN_KEYS, deck.board.columns)):
        x = rect.x + i * (col_w + col_gap)
        lb = _fit(label_text, fonts.BOLD, col_w - 2 * MM, label_h, (12.0, 8.5), language, _("column '%(column)s'") % {"column": label_text})
        label = Text(lb, x + col_w / 2, col_top - (label_h - lb.height) / 2, INK, "centre")
        col = Rect(x, rect.y, col_w, col_top - label_h - rect.y)
        ident = theme.id if theme else "methods"
        areas.append(
            Area(
                dotted(board_field(step.number, ident, key)),
                "cards",
                col,
                label,
                _card_slots(col, card),
                colour.tint(0.14),
                field=col.inset(1 * MM),
                tooltip=f"{step.number} {step.title} · {name} · {label_text}",
            )
        )
    return Panel(
        rect, theme.number if theme else step.number, None, colour, header, theme.shape if theme else "circle", tuple(texts), tuple(areas)
    )


def _card_slots(col: Rect, card: tuple[float, float]) -> tuple[Rect, ...]:
    """Card outlines a column holds side by side and one under another, without overlap."""
    cw, ch = card
    return _grid(col.inset(1 * MM), cw, ch, 2 * MM)


def measures_panel(deck: Deck, theme: Theme, rect: Rect) -> Panel:
    """Kaupungin toimintatavat: a writing area for each kind of measure."""
    language = deck.language
    title_block = _fit(
        theme.short,
        fonts.BOLD,
        rect.w - 2 * PAD - 2 * BADGE_R - 3 * MM,
        2 * BADGE_R + 4 * MM,
        (TITLE_SIZE, 14.0),
        language,
        "the measures' title",
        1.1,
    )
    mid = rect.top - PAD - BADGE_R
    title = Text(title_block, rect.x + PAD + 2 * BADGE_R + 3 * MM, mid + title_block.height / 2)
    top = mid - BADGE_R - 4 * MM
    n = max(1, len(theme.measures))
    w = (rect.w - 2 * PAD - (n - 1) * 4 * MM) / n  # side by side, each tall enough for a note
    areas = []
    for i, measure in enumerate(theme.measures):
        r = Rect(rect.x + PAD + i * (w + 4 * MM), rect.y + PAD, w, top - rect.y - PAD)
        lb = _fit(measure, fonts.BOLD, r.w - 6 * MM, 12 * MM, (13.0, 9.0), language, _("measure '%(name)s'") % {"name": measure})
        label = Text(lb, r.x + 3 * MM, r.top - 3 * MM)
        inner = Rect(r.x, r.y, r.w, r.h - lb.height - 5 * MM).inset(2 * MM)
        areas.append(
            Area(
                dotted(board_field(THEME_STEP, theme.id, f"measure{i + 1}")),
                "postit",
                r,
                label,
                _grid(inner, POSTIT, POSTIT, 4 * MM),
                theme.colour.tint(0.12),
                inner,
                f"4 · {theme.short} · {measure}",
            )
        )
    return Panel(rect, theme.number, title, theme.colour, None, theme.shape, (), tuple(areas))


def plan_panel(deck: Deck, step: Step, rect: Rect, card: tuple[float, float]) -> Panel:
    """Step 7 as a table: goal / method (a card-sized slot) / implementation."""
    language = deck.language
    title, y = _step_title(step, rect, language)
    inner_w = rect.w - 2 * PAD
    texts, y = _questions(step.questions, rect.x + PAD, y, inner_w, 20 * MM, language, _("step %(num)d") % {"num": step.number})
    y -= 3 * MM
    number_w = 12 * MM
    slot_w, slot_h = max(card), min(card)  # the chosen card lies sideways in its slot
    method_w = min(slot_w + 8 * MM, inner_w * 0.32)
    other_w = (inner_w - number_w - method_w) / 2
    widths = {"tavoite": other_w, "menetelma": method_w, "toteutus": other_w}
    keys = {"tavoite": "goal", "menetelma": "method", "toteutus": "implementation"}
    x = rect.x + PAD + number_w
    head_h = 0.0
    heads = []
    for col in step.columns:
        w = widths.get(col.id, other_w)
        tb = _fit(col.title, fonts.BOLD, w - 4 * MM, 10 * MM, (14.0, 10.0), language, _("column '%(column)s'") % {"column": col.title})
        qs, bottom = _questions(
            col.questions,
            x + 2 * MM,
            y - 2 * MM - tb.height - 1.5 * MM,
            w - 4 * MM,
            40 * MM,
            language,
            _("column '%(column)s'") % {"column": col.title},
            (9.5, 8.0),
        )
        heads.append((col, x, w, tb, qs))
        head_h = max(head_h, y - bottom + 2 * MM)
        x += w
    for _col, x, _w, tb, qs in heads:
        texts.append(Text(tb, x + 2 * MM, y - 2 * MM))
        texts += qs
    table_top = y - head_h
    rows = max(1, step.rows)
    row_h = (table_top - rect.y - PAD) / rows
    # a large card gets a slot of its shape that fits the row: it marks the place, the card overhangs
    scale = min(1.0, (row_h - 3 * MM) / slot_h, (method_w - 4 * MM) / slot_w)
    if scale <= 0.3:
        raise FitError(_("board: step %(num)d has no room for %(rows)d rows") % {"num": step.number, "rows": rows})
    slot_w, slot_h = slot_w * scale, slot_h * scale
    areas = []
    for r in range(rows):
        ry = table_top - (r + 1) * row_h
        nb = _fit(str(r + 1), fonts.BOLD, number_w, 12 * MM, (18.0, 18.0), language, "row number")
        texts.append(Text(nb, rect.x + PAD + number_w / 2, ry + row_h / 2 + nb.height / 2, align="centre"))
        x = rect.x + PAD + number_w
        for col, _x, w, _tb, _qs in heads:
            cell = Rect(x, ry, w, row_h)
            slots: tuple[Rect, ...] = ()
            if col.id == "menetelma":
                slots = (Rect(x + (w - slot_w) / 2, ry + (row_h - slot_h) / 2, slot_w, slot_h),)
            areas.append(
                Area(
                    dotted(board_field(step.number, row_part(r + 1), keys.get(col.id, col.id))),
                    "cell",
                    cell,
                    None,
                    slots,
                    field=cell.inset(1.5 * MM),
                    tooltip=f"{step.number} {step.title} · {r + 1} · {col.title}",
                )
            )
            x += w
    return Panel(rect, step.number, title, texts=tuple(texts), areas=tuple(areas))


def side_panel(deck: Deck, rect: Rect, card: tuple[float, float]) -> Panel:
    """The deck's place at the start of the game; the results box with its QR
    code to the address the deck sets; the credit line."""
    language = deck.language
    inner_w = rect.w - 2 * PAD
    b = deck.board
    lb = _fit(b.deck_place, fonts.BOLD, inner_w, 14 * MM, (12.0, 9.0), language, "the deck's place")
    label = Text(lb, rect.x + rect.w / 2, rect.top - PAD, align="centre")
    scale = min(1.0, (inner_w - 4 * MM) / card[0], 90 * MM / card[1])  # a large card's place is drawn smaller
    cw, ch = card[0] * scale, card[1] * scale
    slot = Rect(rect.x + (rect.w - cw) / 2, rect.top - PAD - lb.height - 3 * MM - ch, cw, ch)
    deck_area = Area("deck", "deck", slot.inset(-2 * MM), label, (slot,))
    credit_lines = "\n".join((b.credit, *b.links))
    cb = _fit(credit_lines, fonts.REGULAR, inner_w, 30 * MM, (8.0, 6.5), language, "the credit line")
    credit = Text(cb, rect.x + PAD, rect.y + PAD + cb.height, MUTED)
    box_top = slot.y - 2 * MM - 6 * MM
    rt = _fit(b.results_title, fonts.BOLD, inner_w, 22 * MM, (12.0, 9.0), language, "the results title")
    texts = [Text(rt, rect.x + PAD, box_top - PAD)]
    y = box_top - PAD - rt.height - 2 * MM
    shown = filled(b.results_text, {"results_url": display_url(deck.results_url)}) if deck.results_url else b.results_offline
    if shown:
        tb = _fit(shown, fonts.REGULAR, inner_w, 14 * MM, (10.0, 7.5), language, "the results box")
        texts.append(Text(tb, rect.x + PAD, y))
        y -= tb.height + 1.5 * MM
    codes: tuple[QR, ...] = ()
    qr_size = min(28 * MM, inner_w, y - 3 * MM - (credit.top + 4 * MM))
    if deck.results_url and qr_size >= 16 * MM:  # smaller codes do not scan reliably from print
        qr = Rect(rect.x + (rect.w - qr_size) / 2, y - 2 * MM - qr_size, qr_size, qr_size)
        codes = (qr_code(deck.results_url, qr),)
        y = qr.y
    results = Area("results", "results", Rect(rect.x, y - PAD, rect.w, box_top - (y - PAD)))
    texts.append(credit)
    return Panel(rect, None, None, texts=tuple(texts), areas=(deck_area, results), codes=codes)


def details_panel(deck: Deck, rect: Rect) -> Panel:
    """The workshop's details, at the top of a last column."""
    return Panel(rect, None, None, areas=workshop_areas(deck, Rect(rect.x, rect.top - 100 * MM, rect.w, 100 * MM), _("the board")))


WORKSHOP = ("date", "organisation", "leader", "participants", "target_group", "scope")  # the details every record of a workshop has


def workshop_areas(deck: Deck, rect: Rect, where: str) -> tuple[Area, ...]:
    """A framed box of the workshop's details, a line to write on for each
    (a form field on a fillable copy), in `rect`, its height shared by the lines."""
    language = deck.language
    inner_w = rect.w - 2 * PAD
    head = _fit(
        deck.string("workshop_title"),
        fonts.BOLD,
        inner_w,
        10 * MM,
        (11.0, 9.0),
        language,
        _("the workshop details of %(where)s") % {"where": where},
    )
    top = rect.top - PAD - head.height - 2 * MM
    row_h = min(13 * MM, (top - rect.y - PAD) / len(WORKSHOP))
    if row_h < 7 * MM:
        raise FitError(_("%(where)s: no room for the workshop details; choose a smaller --card-size") % {"where": where})
    areas = [Area("workshop", "results", rect, Text(head, rect.x + PAD, rect.top - PAD))]
    for i, key in enumerate(WORKSHOP):
        text = deck.string(f"workshop_{key}")
        label = _fit(
            text, fonts.REGULAR, inner_w, row_h / 2, (7.5, 6.0), language, _("the workshop details of %(where)s") % {"where": where}
        )
        row = Rect(rect.x + PAD, top - (i + 1) * row_h, inner_w, row_h)
        field = Rect(row.x, row.y, row.w, row.h - label.height - 0.5 * MM)
        areas.append(Area(dotted(detail_field(key)), "line", row, Text(label, row.x, row.top, MUTED), field=field, tooltip=text))
    return tuple(areas)


def _rows(n: int, rect: Rect) -> list[Rect]:
    h = (rect.h - (n - 1) * GAP) / n
    return [Rect(rect.x, rect.top - (i + 1) * h - i * GAP, rect.w, h) for i in range(n)]


def _fields_per_sheet(deck: Deck, step: Step, body: Rect, card: tuple[float, float]) -> int:
    for n in (3, 2):
        try:
            field_ = theme_field(deck, step, deck.themes[0], _rows(n, body)[0], card)
        except FitError:
            continue
        if all(a.slots for a in field_.areas):
            return n
    return 1


def _columns(rect: Rect, widths: list[float]) -> list[Rect]:
    """`rect` cut into columns in proportion to `widths`, GAP apart."""
    total = rect.w - (len(widths) - 1) * GAP
    out, x = [], rect.x
    for k in widths:
        w = total * k / sum(widths)
        out.append(Rect(x, rect.y, w, rect.h))
        x += w + GAP
    return out


def _theme_sheets(deck: Deck, step: Step, body: Rect, card: tuple[float, float]) -> list[list[Panel]]:
    """The theme fields stacked, as many a sheet as still hold a card in every
    column; the last theme's measures fill the rest of its sheet. A deck
    without themes gets one field."""
    if not deck.themes:
        return [[theme_field(deck, step, None, body, card)]]
    per = _fields_per_sheet(deck, step, body, card)
    sheets = []
    for i in range(0, len(deck.themes), per):
        group = deck.themes[i : i + per]
        rows = _rows(per, body)
        panels = [theme_field(deck, step, t, r, card) for t, r in zip(group, rows)]
        spare = rows[len(group) :]
        if spare and group[-1].measures:
            panels.append(measures_panel(deck, group[-1], Rect(body.x, body.y, body.w, spare[0].top - body.y)))
        sheets.append(panels)
    return sheets


def board_layout(deck: Deck, card: tuple[float, float], paper: tuple[float, float] = PAPERS["a3"]) -> tuple[BoardSheet, ...]:
    """Every sheet of the board for `deck`, with cards of size `card` in mind."""
    try:
        return _board_layout(deck, card, paper)
    except GlyphError as e:
        raise GlyphError(_("board (%(language)s): %(error)s") % {"language": deck.language, "error": e}, text=e.text) from None


def _board_layout(deck: Deck, card: tuple[float, float], paper: tuple[float, float]) -> tuple[BoardSheet, ...]:
    pw, ph = max(paper), min(paper)  # landscape
    page = Rect(0, 0, pw, ph)
    printable = Rect(SIDE, MARGIN, pw - 2 * SIDE, ph - 2 * MARGIN)
    body = Rect(printable.x, printable.y, printable.w, printable.h - HEADER - 3 * MM)
    steps = {s.id: s for s in deck.board.steps}
    plans: list[tuple[tuple[int, ...], list[Panel]]] = []  # steps shown, panels
    for plan in deck.board.sheets:
        shown = [steps[sid] for sid in plan.steps]
        if [s.kind for s in shown] == ["themes"]:
            plans += [((shown[0].number,), panels) for panels in _theme_sheets(deck, shown[0], body, card)]
            continue
        n = len(shown)
        extra = plan.side or plan.details
        widths = [1.0] * n + ([extra / ((body.w - n * GAP - extra) / n)] if extra else [])
        cols = _columns(body, widths)
        panels = [plan_panel(deck, s, r, card) if s.kind == "plan" else notes_panel(deck, s, r) for s, r in zip(shown, cols)]
        if plan.side:
            panels.append(side_panel(deck, cols[-1], card))
        elif plan.details:
            panels.append(details_panel(deck, cols[-1]))
        plans.append((tuple(s.number for s in shown), panels))

    sheets = []
    total = len(plans)
    for number, (numbers, panels) in enumerate(plans, 1):
        title = _fit(deck.board.title, fonts.BOLD, printable.w / 2, HEADER, (22.0, 14.0), deck.language, "the board title")
        label_text = (
            f"{deck.string('board_sheet', n=number, total=total)} · {deck.edition}"
            if deck.edition
            else deck.string("board_sheet", n=number, total=total)
        )
        label = _fit(label_text, fonts.BOLD, printable.w / 2, HEADER, (12.0, 9.0), deck.language, "the sheet label")
        mid = printable.top - HEADER / 2
        intro = None
        themes_step = next((s for s in deck.board.steps if s.number in numbers and s.kind == "themes"), None)
        if themes_step is not None and deck.themes:
            words = " ".join((f"{themes_step.number} {themes_step.title}:", *themes_step.questions))
            left = printable.x + title.width + 10 * MM
            room = printable.right - label.width - 10 * MM - left
            ib = _fit(words, fonts.BOLD, room, HEADER - 2 * MM, (12.0, 8.0), deck.language, "the step 4 introduction", 1.15)
            intro = Text(ib, left + room / 2, mid + ib.height / 2, align="centre")
        sheets.append(
            BoardSheet(
                number,
                numbers,
                page,
                printable,
                Text(title, printable.x, mid + title.height / 2),
                Text(label, printable.right - label.width, mid + label.height / 2, MUTED),
                tuple(panels),
                intro,
            )
        )
    return tuple(sheets)
