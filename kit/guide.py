"""The facilitator's guide: a few A4 pages, set with reportlab's platypus.

Its words come from the guide's YAML; the schedule table and the step by step
part are generated from the board's steps and minutes, so they always match
the board and the game-leader cards.
"""

from __future__ import annotations

import io
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.lib import colors  # type: ignore[import-untyped]
from reportlab.lib.styles import ParagraphStyle  # type: ignore[import-untyped]
from reportlab.platypus import KeepTogether, ListFlowable, ListItem, Paragraph, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from osallisuuspeli import fonts
from osallisuuspeli.draw import press
from osallisuuspeli.draw.pdf import Canvas, Document, Flowable, document
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Element, Tagged, Tags, paragraph_of
from osallisuuspeli.errors import GlyphError
from osallisuuspeli.i18n import _
from osallisuuspeli.model import INK, MUTED, Colour, Deck, display_url, filled, plain
from osallisuuspeli.units import MM

from .leaders import guide_of

SHADE = Colour("#F0F0F0")


def colour_of(colour: Colour, cmyk: bool) -> colors.Color:
    return colors.CMYKColor(*press.ink(colour)) if cmyk else colors.Color(*colour.rgb)


def styles(cmyk: bool) -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=10.5, leading=14.5, textColor=colour_of(INK, cmyk), spaceAfter=5)
    return {
        "title": ParagraphStyle("title", parent=body, fontName=fonts.BOLD, fontSize=26, leading=30, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=body, fontSize=15, leading=19, textColor=colour_of(MUTED, cmyk), spaceAfter=14),
        "h1": ParagraphStyle("h1", parent=body, fontName=fonts.BOLD, fontSize=14, leading=18, spaceBefore=10, spaceAfter=4),
        "h2": ParagraphStyle("h2", parent=body, fontName=fonts.BOLD, fontSize=11.5, leading=15, spaceBefore=6, spaceAfter=2),
        "body": body,
        "cell": ParagraphStyle("cell", parent=body, fontSize=10, leading=13, spaceAfter=0),
        "cellbold": ParagraphStyle("cellbold", parent=body, fontName=fonts.BOLD, fontSize=10, leading=13, spaceAfter=0),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    missing = fonts.missing_glyphs(text, style.fontName)
    if missing:
        raise GlyphError(
            _('guide: the font has no glyph for %(chars)s in "%(text)s"')
            % {"chars": ", ".join(repr(ch) for ch in missing), "text": text[:60]},
            text=text,
        )
    return Paragraph(escape(plain(text)).replace("\n", "<br/>"), style)


class Cells:
    """A table's rows of cell paragraphs, each cell tagged in its row (TR) of the table (Table)."""

    def __init__(self, tags: Tags, parent: Element | None = None):
        self.tags = tags
        self.table = tags.add("Table", parent)
        self.rows: list[list[Flowable]] = []

    def row(self, cells: list[Flowable], header: str = "", colspan: int = 1) -> None:
        """`header`: "Column" for the heading row, "Row" for a row that heads those below it."""
        tr = self.tags.add("TR", self.table)
        role = "TH" if header else "TD"
        self.rows.append(
            [Tagged(c, self.tags.add(role, tr, scope=header, colspan=colspan), self.tags) if isinstance(c, Paragraph) else c for c in cells]
        )


def _schedule(deck: Deck, s: dict[str, ParagraphStyle], cmyk: bool, tags: Tags) -> Table:
    g = guide_of(deck)
    L = g.labels

    def minutes(n: int) -> str:
        return L["schedule.minutes"].format(n=n)

    steps = {step.id: step for step in deck.board.steps}
    cells = Cells(tags)
    cells.row([_p(L[f"schedule.column{i}"], s["cellbold"]) for i in range(3)], header="Column")
    cells.row([_p(L["schedule.opening"], s["cell"]), _p(minutes(g.opening[0]), s["cell"]), _p(minutes(g.opening[1]), s["cell"])])
    phase_rows = []
    for phase in g.phases:
        phase_rows.append(len(cells.rows))
        cells.row([_p(phase.title, s["cellbold"]), Spacer(0, 0), Spacer(0, 0)], header="Row", colspan=3)
        for sid in phase.steps:
            step = steps[sid]
            cells.row(
                [
                    _p(f"{step.number} {step.title}", s["cell"]),
                    _p(minutes(step.minutes[0]), s["cell"]),
                    _p(minutes(step.minutes[1]), s["cell"]),
                ]
            )
    cells.row([_p(L["schedule.closing"], s["cell"]), _p(minutes(g.closing[0]), s["cell"]), _p(minutes(g.closing[1]), s["cell"])])
    totals = [g.opening[i] + g.closing[i] + sum(step.minutes[i] for step in deck.board.steps) for i in (0, 1)]
    cells.row([_p(L["schedule.total"], s["cellbold"]), _p(minutes(totals[0]), s["cellbold"]), _p(minutes(totals[1]), s["cellbold"])])
    rows = cells.rows
    table = Table(rows, colWidths=[105 * MM, 32 * MM, 32 * MM], repeatRows=1)
    style = [
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colour_of(INK, cmyk)),
        ("LINEABOVE", (0, -1), (-1, -1), 0.8, colour_of(INK, cmyk)),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),  # else the table selects Helvetica, unembedded
        ("TEXTCOLOR", (0, 0), (-1, -1), colour_of(INK, cmyk)),  # else black in RGB
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ]
    for r in phase_rows:
        style += [("SPAN", (0, r), (-1, r)), ("BACKGROUND", (0, r), (-1, r), colour_of(SHADE, cmyk))]
    table.setStyle(TableStyle(style))
    return table


def _steps(deck: Deck, s: dict[str, ParagraphStyle], tags: Tags) -> list[list[Flowable]]:
    """Each step's flowables: its title (a heading under the section's), goal, question, how to play, time."""
    g = guide_of(deck)
    out = []
    for step in deck.board.steps:
        goal, question, time = g.leader_lines(step)
        out.append(
            [
                paragraph_of(_p(f"{step.number} {step.title}", s["h2"]), tags, "H3"),
                *(paragraph_of(_p(text, s["body"]), tags) for text in (goal, question, g.leader[step.id].play, time)),
            ]
        )
    return out


class BoardPrint(NamedTuple):
    """What the guide says of the printed board: how many sheets of which paper."""

    sheets: int = 6
    paper: str = "A3"


A3_BOARD = BoardPrint()  # the default kit's: six A3 sheets


OPTIONAL = ("measures_theme", "measures")  # a section naming one of these is left out when it is empty


def _listed(items: list[str], language: str) -> str:
    """'a, b and c' in the guide's language: the fields as they are printed."""
    if len(items) < 2:
        return "".join(items)
    last = {"fi": "ja", "sv": "och"}.get(language, "and")
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def facts(deck: Deck, board: BoardPrint) -> dict[str, str]:
    """The values a guide text may name in braces: the deck's own, so that a
    municipal deck never speaks of the city's, and the build's."""
    g = guide_of(deck)
    themes_step = next((s for s in deck.board.steps if s.kind == "themes"), None)
    minutes = themes_step.minutes if themes_step else (0, 0)
    cards = len(deck.cards)
    with_measures = [t for t in deck.themes if t.measures]
    quote = "“{}”" if deck.language == "en" else "”{}”"
    return {
        "results_url": display_url(deck.results_url),
        "credit": deck.board.credit,
        "links": " · ".join(deck.board.links),
        "sheets": str(board.sheets),
        "paper": board.paper,
        "cards": str(cards),
        "cards_minutes": str(minutes[0]),
        "cards_minutes_short": str(minutes[1]),
        "per_card": str(max(5, round(minutes[0] * 60 / max(cards, 1) / 5) * 5)),  # to the nearest 5 s: a pace to keep, not a figure
        "opening": str(g.opening[0]),
        "opening_short": str(g.opening[1]),
        "measures_theme": " / ".join(f"{t.number} ({plain(t.short)})" for t in with_measures),
        "measures": " / ".join(_listed([quote.format(plain(m)) for m in t.measures], deck.language) for t in with_measures),
    }


def _shown(text: str, values: dict[str, str]) -> bool:
    return not any(f"{{{key}}}" in text and not values[key] for key in OPTIONAL)


def _item(paragraph: Paragraph, tags: Tags, parent: Element) -> ListItem:
    """A list item (LI) whose body (LBody) is the paragraph; the bullet is drawn as an artifact."""
    body = tags.add("LBody", tags.add("LI", parent))
    return ListItem(paragraph_of(paragraph, tags, "P", body), leftIndent=12)


def guide_story(deck: Deck, cmyk: bool = False, board: BoardPrint = A3_BOARD, tags: Tags | None = None) -> list[Flowable]:
    """The guide's flowables, tagged into `tags`: a character the font lacks stops it here."""
    g = guide_of(deck)
    s = styles(cmyk)
    tags = tags or Tags()
    values = facts(deck, board)
    story: list[Flowable] = [
        paragraph_of(_p(g.title, s["title"]), tags, "H1"),
        paragraph_of(_p(" · ".join(x for x in (g.subtitle, deck.edition) if x), s["subtitle"]), tags),
    ]
    for section in (x for x in g.sections if x.shown_for(deck.results_url) and _shown(x.text, values)):
        part: list[Flowable] = [paragraph_of(_p(section.heading, s["h1"]), tags, "H2")]
        if section.text:
            part.append(paragraph_of(_p(filled(section.text, values), s["body"]), tags))
        if section.items:
            listed = tags.add("L")
            part.append(
                ListFlowable(
                    [_item(_p(filled(item, values), s["body"]), tags, listed) for item in section.items],
                    bulletType="bullet",
                    start="•",
                    bulletFontName=fonts.REGULAR,
                    bulletColor=colour_of(INK, cmyk),
                    leftIndent=12,
                )
            )
        if section.steps:  # long: its heading stays with the first step, each step stays whole
            first, *rest = _steps(deck, s, tags)
            story += [KeepTogether(part + first), *(KeepTogether(step) for step in rest)]
        else:
            story.append(KeepTogether(part))  # a heading never ends a page
        if section.schedule:  # the table moves whole to the next page rather than split
            story += [Spacer(1, 2 * MM), KeepTogether([_schedule(deck, s, cmyk, tags)]), Spacer(1, 3 * MM)]
    return story


def guide_pdf(deck: Deck, paper: tuple[float, float], *, cmyk: bool = False, board: BoardPrint = A3_BOARD) -> bytes:
    g = guide_of(deck)
    tags = Tags()
    story = guide_story(deck, cmyk, board, tags)
    buffer = io.BytesIO()
    footer = f"{g.title} · {g.subtitle}"

    def page(canvas: Canvas, doc: Document) -> None:
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 8)
        canvas.setFillColor(colour_of(MUTED, cmyk))
        with tags.artifact(canvas, "Pagination"):
            canvas.drawString(20 * MM, 12 * MM, footer)
            canvas.drawRightString(paper[0] - 20 * MM, 12 * MM, str(doc.page))
        canvas.restoreState()

    doc = document(
        buffer,
        paper,
        (20 * MM, 20 * MM, 18 * MM, 22 * MM),
        title=f"{g.title}: {g.subtitle}",
        subject=deck.edition or deck.name,
        language=deck.language,
    )
    doc.build(story, onFirstPage=page, onLaterPages=page)
    return finish(buffer.getvalue(), tags, title=f"{g.title}: {g.subtitle}", language=deck.language)
