"""The print checklist: which file on which paper, how many sheets, which
sides, and what to do after; the kit's first page.

The rows are facts taken from the build (page counts, papers, mode, flip
edge), so the checklist and the build's summary cannot disagree with the
files; only the words come from the language's strings.
"""

from __future__ import annotations

import io
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.platypus import Paragraph, Spacer, Table, TableStyle  # type: ignore[import-untyped]

from osallisuuspeli import fonts
from osallisuuspeli.draw.pdf import Flowable, document
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Tagged, Tags, paragraph_of
from osallisuuspeli.i18n import N_, _, ngettext
from osallisuuspeli.model import INK, Deck
from osallisuuspeli.units import MM

from .guide import Cells, colour_of, styles


class Print(NamedTuple):
    """How to print one file of the kit."""

    file: str
    paper: str  # "A4", "A3", "Letter", "Tabloid"; "" for the print shop
    sheets: int  # to load into the printer (or cards, for the print shop)
    stock: str  # "card", "plain" or "fold" (160-200 g/m² paper, folded double)
    sides: str  # "one", "long", "short" (two-sided, flipped on that edge), "shop"
    then: str  # what to do with the printed sheets: a key of the strings, "check_then_<then>"


def plan(mode: str, flip: str, pages: dict[str, int], papers: dict[str, str], tiled: bool) -> tuple[Print, ...]:
    """The kit's files in the order to print them. `pages` and `papers` by
    file name, as built; `tiled`: the board's sheets are two pages each."""
    rows = []
    if mode == "duplex":
        rows.append(Print("calibrate.pdf", papers["calibrate.pdf"], 1, "plain", flip, "calibrate"))
    for name in ("cards.pdf", "leader-cards.pdf"):
        if mode == "duplex":
            rows.append(Print(name, papers[name], pages[name] // 2, "card", flip, "cut"))
        elif mode == "gutterfold":
            rows.append(Print(name, papers[name], pages[name], "fold", "one", "fold"))  # paper to fold double, not card stock
        else:
            rows.append(Print(name, "", pages[name] // 2, "card", "shop", "shop"))
    rows.append(Print("board.pdf", papers["board.pdf"], pages["board.pdf"], "plain", "one", "tiles" if tiled else "board"))
    rows.append(Print("tokens.pdf", papers["tokens.pdf"], pages["tokens.pdf"], "card", "one", "tokens"))
    rows.append(Print("results-sheet.pdf", papers["results-sheet.pdf"], pages["results-sheet.pdf"], "plain", "one", "sheet"))
    rows.append(Print("guide.pdf", papers["guide.pdf"], pages["guide.pdf"], "plain", "one", "guide"))
    return tuple(rows)


SIDES = {"one": N_("one-sided"), "long": N_("two-sided (long edge)"), "short": N_("two-sided (short edge)"), "shop": N_("at a print shop")}
STOCKS = {"card": N_("card stock"), "fold": N_("paper (160-200 g/m², to fold double)")}
PLAIN = N_("paper")


def describe(row: Print) -> str:
    """One line of the build's summary, in the reader's language (the command line's, the web page's)."""
    if row.sides == "shop":
        return ngettext(
            "%(file)s: %(num)d card, both sides, at a print shop", "%(file)s: %(num)d cards, both sides, at a print shop", row.sheets
        ) % {"file": row.file, "num": row.sheets}
    values = {
        "file": row.file,
        "num": row.sheets,
        "paper": row.paper,
        "stock": _(STOCKS.get(row.stock, PLAIN)),
        "sides": _(SIDES[row.sides]),
    }
    return (
        ngettext(
            "%(file)s: %(num)d sheet of %(paper)s %(stock)s, %(sides)s",
            "%(file)s: %(num)d sheets of %(paper)s %(stock)s, %(sides)s",
            row.sheets,
        )
        % values
    )


def sheets_text(row: Print, deck: Deck) -> str:
    """'6 A4 card stock' in the kit's language."""
    if row.sides == "shop":
        return deck.string("check_shop_cards", n=row.sheets)
    key = {"card": "check_card_stock", "fold": "check_fold_paper"}.get(row.stock, "check_plain")
    return deck.string(key, n=row.sheets, paper=row.paper)


def said(row: Print, deck: Deck) -> str:
    """One row in a line, in the kit's language: "cards.pdf: 6 × A4 card stock …, two-sided, …"."""
    return f"{row.file}: {sheets_text(row, deck)}, {deck.string('check_sides_' + row.sides)}"


def checklist_pdf(deck: Deck, rows: tuple[Print, ...], paper: tuple[float, float], *, cmyk: bool = False) -> bytes:
    """One page: the rows as a numbered table, then the notes that apply."""
    s = styles(cmyk)
    tags = Tags()

    def p(text: str, style: str = "cell") -> Flowable:
        return Paragraph(escape(text), s[style])

    def t(text: str, style: str = "body", role: str = "P") -> Tagged:
        return paragraph_of(p(text, style), tags, role)

    story = [t(deck.string("check_title"), "title", "H1"), t(" · ".join(x for x in (deck.name, deck.edition) if x), "subtitle")]
    story += [t(deck.string("check_intro")), Spacer(1, 3 * MM)]
    cells = Cells(tags)
    cells.row([p(deck.string(k), "cellbold") for k in ("check_file", "check_load", "check_sides", "check_then")], header="Column")
    for i, row in enumerate(rows, 1):
        cells.row(
            [
                p(f"{i}. {row.file}", "cellbold"),
                p(sheets_text(row, deck)),
                p(deck.string(f"check_sides_{row.sides}")),
                p(deck.string(f"check_then_{row.then}", n=row.sheets)),
            ]
        )
    width = paper[0] - 36 * MM
    table = Table(cells.rows, colWidths=[0.2 * width, 0.2 * width, 0.17 * width, 0.43 * width], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colour_of(INK, cmyk)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colour_of(INK, cmyk)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("FONTNAME", (0, 0), (-1, -1), fonts.REGULAR),
                ("TEXTCOLOR", (0, 0), (-1, -1), colour_of(INK, cmyk)),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    notes = ["check_actual_size"]
    if any(row.stock == "card" and row.sides != "shop" for row in rows):
        notes.append("check_card_feed")
    if any(row.sides in ("long", "short") for row in rows):
        notes.append("check_manual_duplex")
    story += [table, Spacer(1, 5 * MM)]
    story += [t(deck.string(key)) for key in notes]
    buffer = io.BytesIO()
    doc = document(
        buffer,
        paper,
        (18 * MM, 18 * MM, 16 * MM, 16 * MM),
        title=deck.string("check_title"),
        subject=deck.edition or deck.name,
        language=deck.language,
    )
    doc.build(story)
    return finish(buffer.getvalue(), tags, title=deck.string("check_title"), language=deck.language)
