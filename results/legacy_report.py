"""TODO(merge): the report of results/read.py's old Workshop, kept only so that
cli.py and tests/test_results.py work until the lead's reader lands; delete
it with read.py (results/report.py is the report of a Season).

The report a manager reads: what the teams of many workshops chose.

report.pdf: a summary - how many workshops, participants and organisations;
for each theme a chart of where the teams placed its cards (stacked bars in
the theme's colour, card numbers as on the cards, the tokens beside); the
cards most often worth trying and most often done well; every agreed action
with its owner and timetable - then one page a workshop, the summary a game
leader sends to the unit's management. report.xlsx: the same counts with a
chart, and the tables of `results`.
"""

from __future__ import annotations

import io
from collections import Counter
from typing import NamedTuple
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.platypus import KeepTogether, PageBreak, Paragraph, Spacer, Table, TableStyle

from osallisuuspeli import fonts
from osallisuuspeli.boards.layout import WORKSHOP
from osallisuuspeli.deck.pdf import configure, document
from osallisuuspeli.kit.guide import colour_of, styles
from osallisuuspeli.load import strings
from osallisuuspeli.model import INK, MUTED, Colour
from osallisuuspeli.units import MM, PAPERS

from .oldtables import Table as DataTable
from .oldtables import tables, workbook, workshop_names, xlsx_bytes
from .read import Workshop
from .record import COLUMNS, TOKENS, CardInfo, Record

KEEP, DROP = Colour("#007A3D"), Colour("#B3261E")
SHADES = (1.0, 0.55, 0.25)  # the three columns: the theme's colour, then lighter


class Count(NamedTuple):
    """In how many workshops a card went into each column, and got each token."""

    done_well: int = 0
    tried: int = 0
    worth_trying: int = 0
    keep: int = 0
    drop: int = 0


def counts(workshops: list[Workshop]) -> dict[str, Count]:
    tally: Counter = Counter()
    for w in workshops:
        for card, cols in w.placed.items():
            tally.update((card, c) for c in cols)
        for card, toks in w.tokens.items():
            tally.update((card, t) for t in toks)
    ids = {c.id for w in workshops for c in w.record.cards}
    return {i: Count(*(tally[i, k] for k in (*COLUMNS, *TOKENS))) for i in ids}


def record_in(workshops: list[Workshop], language: str) -> Record:
    """The deck's record in `language` if a workshop has it, else the first's."""
    return next((w.record for w in workshops if w.record.language == language), workshops[0].record)


def groups(record: Record) -> list[tuple[str, Colour, list[CardInfo]]]:
    """(name, colour, cards) of each theme, or of the whole deck without themes."""
    if not record.themes:
        return [(record.name, Colour(record.colour), list(record.cards))]
    return [(f"{t.number} {t.name}", Colour(t.colour), [c for c in record.cards if c.theme == t.id]) for t in record.themes]


def chart_data(cards: list[CardInfo], tally: dict[str, Count]) -> list[list[int]]:
    """The stacked bars: one series a column, one value a card, in card order."""
    return [[getattr(tally[c.id], col) for c in cards] for col in COLUMNS]


def theme_chart(cards: list[CardInfo], tally: dict[str, Count], colour: Colour, record: Record, most: int, width: float) -> Drawing:
    """Stacked horizontal bars, card 1 at the top, the tokens' counts at the right."""
    bar = 4.2 * MM
    legend_h = 8 * MM
    height = len(cards) * bar + legend_h + 8 * MM
    d = Drawing(width, height)
    chart = HorizontalBarChart()
    label_w = 52 * MM
    chart.x, chart.y = label_w, 6 * MM
    chart.width, chart.height = width - label_w - 22 * MM, len(cards) * bar
    chart.data = [list(reversed(series)) for series in chart_data(cards, tally)]
    chart.categoryAxis.categoryNames = [_short(f"{c.number} {c.title}", label_w - 3 * MM) for c in reversed(cards)]
    chart.categoryAxis.style = "stacked"
    chart.categoryAxis.labels.fontName = fonts.REGULAR
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.dx = -2
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(1, most)
    chart.valueAxis.valueStep = max(1, -(-most // 10))
    chart.valueAxis.labels.fontName = fonts.REGULAR
    chart.valueAxis.labels.fontSize = 7
    chart.barSpacing = 0
    chart.groupSpacing = 1.2 * MM
    for i, shade in enumerate(SHADES):
        chart.bars[i].fillColor = colors.Color(*colour.tint(shade).rgb)
        chart.bars[i].strokeColor = colors.Color(*colour.rgb)
        chart.bars[i].strokeWidth = 0.4
    d.add(chart)
    for i, card in enumerate(reversed(cards)):
        y = chart.y + (i + 0.5) * bar - 2.4
        count = tally[card.id]
        d.add(String(width - 20 * MM, y, f"+{count.keep}", fontName=fonts.BOLD, fontSize=7, fillColor=colors.Color(*KEEP.rgb)))
        d.add(String(width - 11 * MM, y, f"−{count.drop}", fontName=fonts.BOLD, fontSize=7, fillColor=colors.Color(*DROP.rgb)))
    legend = Legend()
    legend.x, legend.y = chart.x, chart.y + chart.height + legend_h
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = fonts.REGULAR, 7.5
    legend.boxAnchor = "nw"
    legend.colorNamePairs = [(colors.Color(*colour.tint(s).rgb), name) for s, name in zip(SHADES, record.columns)]
    legend.dx = legend.dy = 7
    legend.deltax = 40 * MM
    d.add(legend)
    return d


def _short(text: str, width: float, size: float = 7) -> str:
    """`text` cut with an ellipsis to `width` at `size`: a chart's label is one line."""
    if fonts.width(text, fonts.REGULAR, size) <= width:
        return text
    while text and fonts.width(text + "…", fonts.REGULAR, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _p(text: str, style) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(rows: list[list], widths: list[float], s: dict, cmyk: bool = False) -> Table:
    cells = [[_p(str(v), s["cellbold" if i == 0 else "cell"]) for v in row] for i, row in enumerate(rows)]
    t = Table(cells, colWidths=widths, repeatRows=1)
    t.setStyle(
        TableStyle(
            [
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, colour_of(INK, cmyk)),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, colour_of(MUTED, cmyk)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    return t


def _number(text: str) -> int:
    digits = "".join(ch for ch in text if ch.isdigit())
    return int(digits) if digits else 0


def summary(workshops: list[Workshop]) -> dict[str, int]:
    return {
        "workshops": len(workshops),
        "participants": sum(_number(w.details["participants"]) for w in workshops),
        "organisations": len({w.details["organisation"].casefold() for w in workshops if w.details["organisation"]}),
    }


def report_pdf(workshops: list[Workshop], language: str) -> bytes:
    configure()  # the fonts, before the first paragraph names them
    s = strings(language)
    st = styles(False)
    record = record_in(workshops, language)
    tally = counts(workshops)
    names = workshop_names(workshops)
    width = PAPERS["a4"][0] - 36 * MM
    story: list = [
        _p(s["report_title"], st["title"]),
        _p(record.name, st["subtitle"]),
        _p(s["report_summary"].format(**summary(workshops)), st["h2"]),
    ]
    story.append(_p(s["report_chart_note"], st["body"]))
    for name, colour, cards in groups(record):
        story.append(KeepTogether([_p(name, st["h1"]), theme_chart(cards, tally, colour, record, len(workshops), width)]))
    titles = {c.id: c for c in record.cards}
    for column in ("worth_trying", "done_well"):
        label = record.columns[COLUMNS.index(column)]
        top = sorted((c for c in record.cards if getattr(tally[c.id], column)), key=lambda c: (-getattr(tally[c.id], column), c.number))[
            :10
        ]
        rows = [[s["sheet_number"], s["sheet_card"], s["table_workshops"]]]
        rows += [[str(c.number), c.title, str(getattr(tally[c.id], column))] for c in top]
        part = [_p(s["report_most"].format(column=label), st["h1"])]
        part.append(_table(rows, [14 * MM, width - 44 * MM, 30 * MM], st) if top else _p(s["report_none"], st["body"]))
        story.append(KeepTogether(part))
    heads = [
        s["table_workshop"],
        s["workshop_organisation"],
        s["action_goal"],
        s["action_method"],
        s["action_responsible"],
        s["action_timetable"],
    ]
    rows = [heads] + [
        [n, w.details["organisation"], a["goal"], a["method"], a["responsible"] or a["implementation"], a["timetable"]]
        for n, w in zip(names, workshops)
        for a in w.actions
    ]
    story.append(_p(s["table_actions"], st["h1"]))
    story.append(
        _table(rows, [16 * MM, 30 * MM, 40 * MM, 30 * MM, 30 * MM, width - 146 * MM], st)
        if len(rows) > 1
        else _p(s["report_none"], st["body"])
    )
    for n, w in zip(names, workshops):
        story += [PageBreak(), *workshop_page(n, w, s, st, width, titles)]
    buffer = io.BytesIO()
    doc = document(
        buffer, PAPERS["a4"], (18 * MM, 18 * MM, 16 * MM, 16 * MM), title=s["report_title"], subject=record.name, language=language
    )
    doc.build(story)
    return buffer.getvalue()


def workshop_page(name: str, w: Workshop, s: dict, st: dict, width: float, titles: dict[str, CardInfo]) -> list:
    """One workshop's details and decisions, on a page of its own."""
    heading = " · ".join(x for x in (s["report_workshop"].format(name=name), w.details["organisation"], w.details["date"]) if x)
    story: list = [_p(heading, st["title"] if len(heading) < 40 else st["h1"])]
    story.append(_table([[s[f"workshop_{k}"], w.details[k]] for k in WORKSHOP], [50 * MM, width - 50 * MM], {**st, "cellbold": st["cell"]}))
    story.append(_p(s["report_decisions"], st["h1"]))
    for i, column in enumerate(COLUMNS):
        cards = [titles[c] for c, cols in w.placed.items() if column in cols and c in titles]
        text = "; ".join(f"{c.number} {c.title}" for c in sorted(cards, key=lambda c: c.number)) or s["report_none"]
        story += [_p(w.record.columns[i], st["h2"]), _p(text, st["body"])]
    for token, label in zip(TOKENS, (s["sheet_keep"], s["sheet_drop"])):
        cards = sorted((titles[c] for c, toks in w.tokens.items() if token in toks and c in titles), key=lambda c: c.number)
        story += [_p(label, st["h2"]), _p("; ".join(f"{c.number} {c.title}" for c in cards) or s["report_none"], st["body"])]
    if w.own:
        story.append(_p(s["sheet_own"], st["h1"]))
        story.append(
            _table([[s["sheet_own_title"], s["sheet_own_description"]], *([a, b] for a, b in w.own)], [50 * MM, width - 50 * MM], st)
        )
    story.append(_p(s["table_actions"], st["h1"]))
    keys = ("goal", "method", "responsible", "resources", "timetable", "measure")
    if w.actions:
        rows = [[s[f"action_{k}"] for k in keys]] + [
            [a[k] or (a["implementation"] if k == "responsible" else "") for k in keys] for a in w.actions
        ]
        story.append(_table(rows, [width / 6] * 6, st))
    else:
        story.append(_p(s["report_none"], st["body"]))
    story.append(Spacer(1, 4 * MM))
    story.append(_p(s["report_from"].format(files=", ".join(w.files)), st["cell"]))
    return story


def report_xlsx(workshops: list[Workshop], language: str) -> bytes:
    """The counts per card with a stacked bar chart, then the tables of `results`."""
    from openpyxl.chart import BarChart, Reference

    s = strings(language)
    record = record_in(workshops, language)
    tally = counts(workshops)
    themes = {t.id: t.name for t in record.themes}
    heads = (s["sheet_number"], s["sheet_card"], s["table_theme"], *record.columns, s["sheet_keep"], s["sheet_drop"])
    rows = [(c.number, c.title, themes.get(c.theme, ""), *tally[c.id]) for c in record.cards]
    book = workbook([DataTable("summary", s["report_title"], heads, rows), *tables(workshops, language)])
    sheet = book.worksheets[0]
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = s["report_chart"]
    chart.height = max(8, len(rows) * 0.45)
    chart.width = 18
    data = Reference(sheet, min_col=4, max_col=6, min_row=1, max_row=len(rows) + 1)
    chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(rows) + 1))
    chart.y_axis.majorUnit = 1
    sheet.add_chart(chart, "J2")
    return xlsx_bytes(book)
