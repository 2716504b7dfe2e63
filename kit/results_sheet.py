"""The results sheet: what a team decided, card by card, on one or two A4 pages.

Every card by number and title, grouped by theme, with a box for each of the
board's three columns and for the green and red tokens; lines for the team's
own new methods; the step-7 actions. Fillable in any PDF reader (check boxes
and text areas, named cards > <id> > worth_trying and so on) and usable on
paper. It records its deck (osallisuuspeli/record.py), so `results` can read many.
The layout is records first (pure), then drawn.
"""

from __future__ import annotations

from typing import Protocol

from osallisuuspeli import fonts
from osallisuuspeli.boards.layout import WORKSHOP
from osallisuuspeli.draw.forms import Field, with_fields
from osallisuuspeli.draw.painter import Fill, Painter, TextLine
from osallisuuspeli.draw.pdf import canvas
from osallisuuspeli.draw.shapes import Line, Rect
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Element, Tags, draw_pieces
from osallisuuspeli.draw.text import Block, fit
from osallisuuspeli.model import INK, MUTED, WHITE, Colour, Deck, plain
from osallisuuspeli.record import COLUMNS, KEY, TOKENS, action_field, card_field, detail_field, dumps, own_field, record_of
from osallisuuspeli.units import MM

from .sheet_pages import Page, Pages

MARGIN = 14 * MM
ROW = 4.5 * MM  # a card's row
BOX = 3.2 * MM  # a check box's side
TICK_W = 15 * MM  # a tick column's width
RULE = Colour("#B4B4B4")
ACTIONS = ("goal", "method", "responsible", "resources", "timetable", "measure")
OWN_ROWS = 3
ACTION_ROWS = 3


def _line(text: str, x: float, y: float, size: float, face: str = fonts.REGULAR, colour: Colour = INK, align: str = "left") -> TextLine:
    return TextLine(x, y, text, face, size, colour, align)


def _box(r: Rect) -> list[Line]:
    return [Line(r.x, r.y, r.right, r.y), Line(r.right, r.y, r.right, r.top), Line(r.right, r.top, r.x, r.top), Line(r.x, r.top, r.x, r.y)]


def _fitted(
    text: str, width: float, height: float, sizes: tuple[float, float], face: str, deck: Deck, what: str, max_lines: int = 0
) -> Block:
    return fit(text, face, width, height, sizes[0], sizes[1], deck.language, what=f"results sheet: {what}", max_lines=max_lines)


class _Add(Protocol):
    def __call__(self, role: str, parent: Element | None = ..., scope: str = ..., colspan: int = ...) -> Element: ...


def _title(p: Pages, deck: Deck, add: _Add, w: float) -> None:
    """The title and what to do."""
    s, x0 = deck.string, MARGIN
    p.text(add("H1"), _line(s("sheet_title"), x0, p.y - 20, 20, fonts.BOLD))
    p.text(add("P"), _line(" · ".join(x for x in (deck.name, deck.edition) if x), x0 + w, p.y - 20, 9, colour=MUTED, align="right"))
    p.y -= 28
    intro = _fitted(s("sheet_intro"), w, 12 * MM, (9.0, 7.5), fonts.REGULAR, deck, "the instructions")
    p.text(add("P"), *(_line(t, x0, p.y - intro.ascent - i * intro.leading, intro.size) for i, t in enumerate(intro.lines)))
    p.y -= intro.height + 4 * MM


def _details(p: Pages, deck: Deck, add: _Add, w: float) -> None:
    """The workshop's details: two columns of lines to write on."""
    s, x0 = deck.string, MARGIN
    col_w = (w - 6 * MM) / 2
    for i, key in enumerate(WORKSHOP):
        x = x0 + (i % 2) * (col_w + 6 * MM)
        top = p.y - (i // 2) * 9 * MM
        label = s(f"workshop_{key}")
        p.rules.append(Line(x, top - 8.5 * MM, x + col_w, top - 8.5 * MM))
        field = Field(p.page, detail_field(key), Rect(x, top - 8.3 * MM, col_w, 5.6 * MM), label, size=9, multiline=False)
        p.field(add("Form"), field, _line(label, x, top - 7, 7, colour=MUTED))
    p.y -= 3 * 9 * MM + 4 * MM


def _cards(p: Pages, deck: Deck, add: _Add, w: float) -> None:
    """The cards, a row each under its theme's band, a check box a column and a token."""
    s, x0 = deck.string, MARGIN
    heads = [*deck.board.columns, s("sheet_keep"), s("sheet_drop")]
    ticks_x = x0 + w - len(heads) * TICK_W
    title_w = ticks_x - (x0 + 9 * MM) - 2 * MM
    table = add("Table")
    heads_drawn: list[bool] = []

    def header() -> None:
        """The cards' header row: header cells the first time, a repetition (an artifact) on a later page."""
        p.room(14 * MM)
        tr = None if heads_drawn else add("TR", table)
        heads_drawn.append(True)

        def cell() -> Element | None:
            return add("TH", tr, scope="Column") if tr else None

        p.text(cell(), _line(s("sheet_number"), x0, p.y - 9 * MM + 2, 7, fonts.BOLD))
        p.text(cell(), _line(s("sheet_card"), x0 + 9 * MM, p.y - 9 * MM + 2, 7, fonts.BOLD))
        for i, head in enumerate(heads):
            b = _fitted(head, TICK_W - 1 * MM, 9 * MM, (7.0, 5.5), fonts.BOLD, deck, "a column's name", max_lines=3)
            cx = ticks_x + (i + 0.5) * TICK_W
            p.text(
                cell(), *(_line(t, cx, p.y - b.ascent - j * b.leading, b.size, fonts.BOLD, align="centre") for j, t in enumerate(b.lines))
            )
        p.y -= 10 * MM
        p.rules.append(Line(x0, p.y + 1, x0 + w, p.y + 1))

    groups = [(t.number, t.name, t.colour, [c for c in deck.cards if c.theme == t]) for t in deck.themes] or [
        (0, deck.edition or deck.name, deck.colour, list(deck.cards))
    ]
    header()
    for number, name, colour, cards in groups:
        p.room(7 * MM + ROW)
        if p.y > p.paper[1] - MARGIN - 1:
            header()
        band = Rect(x0, p.y - 5.5 * MM, w, 5.5 * MM)
        p.items.append(Fill(band, colour))
        label = f"{number} {name}" if number else name
        b = _fitted(label, w - 4 * MM, 5 * MM, (8.5, 6.0), fonts.BOLD, deck, "a theme's name", max_lines=1)
        band_row = add("TH", add("TR", table), scope="Row", colspan=2 + len(heads))
        p.text(band_row, _line(b.lines[0], x0 + 2 * MM, band.y + 1.6 * MM, b.size, fonts.BOLD, WHITE if colour.is_dark else INK))
        p.y -= 6.5 * MM
        for card in cards:
            if p.y - ROW < MARGIN + 6 * MM:
                p.turn()
                header()
            base = p.y - ROW + 1.5 * MM
            tr = add("TR", table)
            p.text(add("TD", tr), _line(str(card.number), x0 + 7 * MM, base, 8, fonts.BOLD, align="right"))
            t = _fitted(plain(card.title), title_w, ROW, (8.0, 5.5), fonts.REGULAR, deck, f"card {card.number}", max_lines=1)
            p.text(add("TD", tr), _line(t.lines[0], x0 + 9 * MM, base, t.size))
            for i, key in enumerate((*COLUMNS, *TOKENS)):
                box = Rect(ticks_x + (i + 0.5) * TICK_W - BOX / 2, p.y - ROW + (ROW - BOX) / 2, BOX, BOX)
                p.rules += _box(box)
                p.field(
                    add("TD", tr),
                    Field(p.page, card_field(card.id, key), box, f"{card.number} {plain(card.title)} · {heads[i]}", check=True),
                )
            p.y -= ROW
            p.rules.append(Line(x0, p.y, x0 + w, p.y))


def _own(p: Pages, deck: Deck, add: _Add, w: float) -> None:
    """The team's own new methods."""
    s, x0 = deck.string, MARGIN
    p.y -= 5 * MM
    p.room(8 * MM + OWN_ROWS * 9 * MM)
    p.text(add("H2"), _line(s("sheet_own"), x0, p.y - 11, 11, fonts.BOLD))
    p.y -= 6 * MM
    name_w = 0.35 * w
    own = add("Table")
    head_row = add("TR", own)
    p.text(add("TH", head_row, scope="Column"), _line(s("sheet_own_title"), x0, p.y - 7, 7, colour=MUTED))
    p.text(add("TH", head_row, scope="Column"), _line(s("sheet_own_description"), x0 + name_w + 3 * MM, p.y - 7, 7, colour=MUTED))
    for row in range(1, OWN_ROWS + 1):
        y = p.y - row * 8 * MM
        tr = add("TR", own)
        for key, x, fw in (("title", x0, name_w), ("description", x0 + name_w + 3 * MM, w - name_w - 3 * MM)):
            p.rules.append(Line(x, y, x + fw, y))
            p.field(
                add("TD", tr),
                Field(
                    p.page,
                    own_field(row, key),
                    Rect(x, y + 0.3 * MM, fw, 5.6 * MM),
                    f"{s('sheet_own')} · {row}",
                    size=9,
                    multiline=False,
                ),
            )
    p.y -= OWN_ROWS * 8 * MM + 6 * MM


def _actions(p: Pages, deck: Deck, add: _Add, w: float) -> None:
    """The agreed actions of step 7."""
    s, x0 = deck.string, MARGIN
    row_h = 14 * MM
    p.room(10 * MM + ACTION_ROWS * row_h)
    p.text(add("H2"), _line(s("sheet_actions"), x0, p.y - 11, 11, fonts.BOLD))
    p.y -= 7 * MM
    cw = (w - 6 * MM) / len(ACTIONS)
    actions = add("Table")
    head_row = add("TR", actions)
    for i, key in enumerate(ACTIONS):
        b = _fitted(s(f"action_{key}"), cw - 1.5 * MM, 7 * MM, (7.0, 5.5), fonts.BOLD, deck, "an action column", max_lines=2)
        p.text(
            add("TH", head_row, scope="Column"),
            *(_line(t, x0 + 6 * MM + i * cw + 1 * MM, p.y - b.ascent - j * b.leading, b.size, fonts.BOLD) for j, t in enumerate(b.lines)),
        )
    p.y -= 7.5 * MM
    for row in range(1, ACTION_ROWS + 1):
        top = p.y - (row - 1) * row_h
        tr = add("TR", actions)
        p.text(add("TH", tr, scope="Row"), _line(str(row), x0 + 1 * MM, top - 10, 9, fonts.BOLD))
        for i, key in enumerate(ACTIONS):
            cell = Rect(x0 + 6 * MM + i * cw, top - row_h, cw, row_h)
            p.rules += _box(cell)
            tip = f"{s('sheet_actions')} · {row} · {s(f'action_{key}')}"
            p.field(add("TD", tr), Field(p.page, action_field(row, key), cell.inset(0.8 * MM), tip, size=8))
    p.y -= ACTION_ROWS * row_h


def sheet_layout(deck: Deck, paper: tuple[float, float], root: Element | None = None) -> list[Page]:
    """Every page of the results sheet of `deck`, as records; their structure under `root`."""
    w = paper[0] - 2 * MARGIN
    p = Pages(paper, MARGIN)
    root = root or Element("Document")

    def add(role: str, parent: Element | None = root, scope: str = "", colspan: int = 1) -> Element:
        return Element(role, parent, scope=scope, colspan=colspan)

    for step in (_title, _details, _cards, _own, _actions):
        step(p, deck, add, w)
    return p.done()


def results_sheet_pdf(deck: Deck, paper: tuple[float, float], *, cmyk: bool = False) -> bytes:
    tags = Tags()
    pages = sheet_layout(deck, paper, tags.root)
    title = f"{deck.name}: {deck.string('sheet_title')}"
    c, out = canvas(paper, title=title, subject=deck.edition or deck.name, language=deck.language)
    painter = Painter(c, cmyk)
    for n, page in enumerate(pages, 1):
        painter.items([i for i in page.items if not isinstance(i, TextLine)], 0, 0)
        draw_pieces(tags, painter, page.content)
        painter.lines(page.rules, RULE)
        with tags.artifact(c, "Pagination"):
            painter.texts((_line(f"{n}/{len(pages)}", paper[0] - MARGIN, MARGIN - 4 * MM, 8, colour=MUTED, align="right"),), 0, 0)
        c.showPage()
    c.save()
    fields = [f for page in pages for f in page.fields]
    filled = with_fields(out.getvalue(), fields, {KEY: dumps(record_of(deck, "results-sheet"))})
    return finish(filled, tags, title=title, language=deck.language)
