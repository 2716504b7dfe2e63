"""The report a manager reads: what the teams of a season's workshops chose.

report.pdf: the period, the units and the totals; a table per unit and a
trend by quarter (by month when the season is short); for each theme a
chart of where the teams placed its cards; the cards most often worth
trying and most often done well; every agreed action with its workshop,
unit, owner and timetable - then a page a workshop, the summary a game
leader sends to the unit's management. report.xlsx: the same counts per
card with a chart, per unit and per period, then the tables of `results`.

Every word is the season's language: the report's own from
content/strings, the deck's (theme names, card titles, column names) from
the season's texts by id, whatever language a sheet was filled in.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import cache
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from osallisuuspeli import fonts
from osallisuuspeli.deck.hyphenate import marked
from osallisuuspeli.deck.pdf import configure, document
from osallisuuspeli.kit.guide import colour_of, styles
from osallisuuspeli.load import strings
from osallisuuspeli.model import INK, MUTED, Colour
from osallisuuspeli.units import MM, PAPERS

from .chart import Row as ChartRow
from .chart import ThemeChart, wrap
from .counts import AgreedAction, Count, Group, SeasonLike, agreed, by_period, by_unit, card_counts, names, period_of_dates, top, total

# TODO(merge): the old report's names tests/test_results.py imports; delete with results/legacy_report.py
from .legacy_report import chart_data, counts, groups, record_in, theme_chart  # noqa: F401
from .texts import DeckTexts
from .words import counted, day, period_name
from .workshop import COLUMNS, TOKENS, Workshop

A4 = PAPERS["a4"]
MARGINS = (18 * MM, 18 * MM, 16 * MM, 16 * MM)  # left, right, top, bottom
WIDTH = A4[0] - MARGINS[0] - MARGINS[1]
LABELS = 0.36 * WIDTH  # the chart's labels
CHUNK = 40  # rows a table is made of at most: a long table is many, so laying them out stays linear
FIXED = datetime(2000, 1, 1)  # report.xlsx's creation and modification time: the same inputs, the same bytes
ZIP_TIME = (1980, 1, 1, 0, 0, 0)


# --- words -----------------------------------------------------------------


def safe(text: str) -> str:
    """A person's text for a spreadsheet cell that can never start a formula
    (OWASP: a leading ' before = + - @ tab or CR).
    TODO(merge): results/cells.py's `safe`, the lead's, with this rule."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def title(texts: DeckTexts, card: str, language: str) -> str:
    return f"{texts.numbers.get(card, '')} {texts.title(card, language)}".strip()


def theme_groups(texts: DeckTexts, language: str) -> list[tuple[str, Colour, tuple[str, ...]]]:
    """(heading, colour, card ids) of each theme, or of the whole deck without themes."""
    base = Colour(texts.colours.get("", "#1A1A1A"))
    out = [
        (f"{i} {texts.theme_name(t, language)}", Colour(texts.colours.get(t) or base.hex), texts.cards_of(t))
        for i, t in enumerate(texts.themes, 1)
    ]
    loose = texts.cards_of("")
    if loose or not out:
        out.append((texts.name(language), base, loose))
    return [g for g in out if g[2]] or out[:1]


def summary_lines(season: SeasonLike, s: dict[str, str]) -> list[str]:
    """The report's opening sentences: the totals, the period, what was not counted."""
    ws = season.workshops
    all_ = total(ws)
    units = by_unit(ws)
    named = [g for g in units if g.key]
    lines = [
        ", ".join(
            (
                counted(s, "report_workshops", len(ws)),
                counted(s, "report_participants", all_.participants),
                counted(s, "report_units", len(named)),
            )
        )
    ]
    first, last, undated = period_of_dates(ws)
    if not first:
        lines.append(s["report_no_dates"])
    else:
        line = (
            s["report_one_day"].format(date=day(s, first))
            if first == last
            else s["report_period"].format(first=day(s, first), last=day(s, last))
        )
        lines.append(line + (f"; {counted(s, 'report_undated', undated)}" if undated else ""))
    if named:
        lines.append(s["report_unit_list"].format(units=", ".join(g.label for g in named)))
    if season.skipped:
        lines.append(counted(s, "report_skipped", len(season.skipped)))
    return lines


# --- report.pdf ------------------------------------------------------------


@cache
def hyphenator(language: str) -> Callable[[str], list[tuple[str, str]]]:
    """reportlab's hyphenation callback by the project's own rules: the
    (head, tail) splits of a word, longest head first."""

    def pairs(word: str) -> list[tuple[str, str]]:
        return [(word[:p], word[p:]) for p, _ in sorted(marked(word, language), reverse=True)]

    return pairs


def _styles(language: str) -> dict[str, ParagraphStyle]:
    st = styles(False)
    hy = hyphenator(language)
    for key in ("body", "cell", "cellbold"):
        st[key] = ParagraphStyle(f"{key}-{language}", parent=st[key], hyphenationLang=hy, embeddedHyphenation=1, splitLongWords=0)
    st["cell"] = ParagraphStyle(f"cell-s-{language}", parent=st["cell"], fontSize=8.5, leading=10.5)
    st["cellbold"] = ParagraphStyle(f"cellbold-s-{language}", parent=st["cellbold"], fontSize=8.5, leading=10.5)
    st["num"] = ParagraphStyle(f"num-{language}", parent=st["cell"], alignment=TA_RIGHT)
    st["numbold"] = ParagraphStyle(f"numbold-{language}", parent=st["cellbold"], alignment=TA_RIGHT)
    st["flag"] = ParagraphStyle(f"flag-{language}", parent=st["body"], textColor=colour_of(Colour("#B3261E"), False))
    return st


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text).replace("\n", "<br/>"), style)


def _table(
    head: Sequence[str] | None, rows: Sequence[Sequence[object]], widths: Sequence[float], st: dict, numeric: Iterable[int] = ()
) -> list:
    """A table in chunks of CHUNK rows, the header (if any) on each, numbers right-aligned."""
    numeric = set(numeric)
    out: list = []
    for start in range(0, max(1, len(rows)), CHUNK):
        cells = [[_p(h, st["numbold" if i in numeric else "cellbold"]) for i, h in enumerate(head)]] if head else []
        cells += [[_p(str(v), st["num" if i in numeric else "cell"]) for i, v in enumerate(row)] for row in rows[start : start + CHUNK]]
        t = Table(cells, colWidths=list(widths), repeatRows=1 if head else 0)
        rule = [("LINEBELOW", (0, 0), (-1, 0), 0.8, colour_of(INK, False))] if head else []
        t.setStyle(
            TableStyle(
                [
                    *rule,
                    ("FONT", (0, 0), (-1, -1), fonts.REGULAR, 8.5),  # reportlab's cell default is Helvetica, named even under paragraphs
                    ("LINEBELOW", (0, 1 if head else 0), (-1, -1), 0.3, colour_of(MUTED, False)),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 2),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
                    ("LEFTPADDING", (0, 0), (-1, -1), 3),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ]
            )
        )
        out.append(t)
    return out


def _group_table(groups_: Sequence[Group], labels: Sequence[str], first: str, texts: DeckTexts, s: dict, st: dict) -> list:
    """Workshops, participants, worth-trying placements and actions a unit or period; the last row the total."""
    lang = s["_language"]
    head = [first, s["table_workshops"], s["report_col_participants"], texts.column("worth_trying", lang), s["report_col_actions"]]
    rows: list[list[object]] = [[label, g.workshops, g.participants, g.worth_trying, g.actions] for g, label in zip(groups_, labels)]
    n = 21 * MM
    return _table(head, rows, [WIDTH - 4 * n, n, n, n, n], st, numeric=(1, 2, 3, 4))


def chart_rows(cards: Sequence[str], tally: dict[str, Count], texts: DeckTexts, language: str) -> list[ChartRow]:
    return [ChartRow(tuple(wrap(title(texts, c, language), LABELS, language)), tally[c]) for c in cards]


def report_pdf(season: SeasonLike, language: str | None = None) -> bytes:
    if language is not None:  # TODO(merge): the old reader's call, until cli.py gives a Season
        from . import legacy_report

        return legacy_report.report_pdf(season, language)  # type: ignore[arg-type]
    configure()  # the fonts, before the first paragraph names them
    lang = season.language
    s = {**strings(lang), "_language": lang}
    st = _styles(lang)
    texts, ws = season.texts, season.workshops
    tally = card_counts(ws, texts.cards)
    differ = any(k.in_play != len(ws) for k in tally.values())
    story: list = [_p(s["report_title"], st["title"]), _p(texts.name(lang), st["subtitle"])]
    first, *rest = summary_lines(season, s)
    story += [_p(first, st["h2"]), *(_p(line, st["body"]) for line in rest)]

    story.append(_p(s["report_by_unit"], st["h1"]))
    units = by_unit(ws)
    labels = [g.label or s["report_no_unit"] for g in units] + [s["report_total"]]
    story += _group_table([*units, total(ws)], labels, s["workshop_organisation"], texts, s, st)
    kind, periods = by_period(ws)
    story.append(_p(s["report_by_month" if kind == "month" else "report_by_quarter"], st["h1"]))
    labels = [period_name(s, g.key) for g in periods] + [s["report_total"]]
    story += _group_table([*periods, total(ws)], labels, s["report_col_period"], texts, s, st)
    story.append(_p(s["report_trend_note"].format(column=texts.column("worth_trying", lang)), st["cell"]))

    story += [PageBreak(), _p(s["report_chart"], st["h1"]), _p(s["report_chart_note"], st["body"])]
    if differ:
        story.append(_p(s["report_in_play_note"], st["body"]))
    columns = [texts.column(c, lang) for c in COLUMNS]
    for heading, colour, cards in theme_groups(texts, lang):
        head = wrap(heading, WIDTH, lang, 13.0, fonts.BOLD)
        more = wrap(s["report_continued"].format(heading=heading), WIDTH, lang, 13.0, fonts.BOLD)
        story.append(Spacer(1, 3 * MM))
        story.append(
            ThemeChart(
                head,
                chart_rows(cards, tally, texts, lang),
                colour,
                columns,
                len(ws),
                WIDTH,
                LABELS,
                s["report_in_play"] if differ else "",
                more,
            )
        )

    for column in ("worth_trying", "done_well"):
        best = top(tally, column, texts)
        story.append(_p(s["report_most"].format(column=texts.column(column, lang)), st["h1"]))
        if best:
            head = [s["sheet_number"], s["sheet_card"], s["table_workshops"]] + ([s["report_in_play"]] if differ else [])
            rows = [[texts.numbers.get(c, ""), texts.title(c, lang), n] + ([tally[c].in_play] if differ else []) for c, n in best]
            widths = [12 * MM, WIDTH - (12 + 24 + (24 if differ else 0)) * MM, 24 * MM] + ([24 * MM] if differ else [])
            story += _table(head, rows, widths, st, numeric=(0, 2, 3))
        else:
            story.append(_p(s["report_none"], st["body"]))

    story.append(_p(s["table_actions"], st["h1"]))
    actions = agreed(ws)
    if actions:
        story += _actions_table(actions, s, st, with_unit=True)
    else:
        story.append(_p(s["report_none"], st["body"]))

    for n, w in zip(names(ws), ws):
        story += [PageBreak(), *workshop_page(n, w, texts, s, st)]
    buffer = io.BytesIO()
    doc = document(buffer, A4, MARGINS, title=s["report_title"], subject=texts.name(lang), language=lang)
    doc.build(story)
    return buffer.getvalue()


def action_rows(actions: Sequence[AgreedAction], s: dict, with_unit: bool = True) -> tuple[list[str], list[list[str]]]:
    """The agreed actions' header and rows; a board's implementation text in a
    column of its own when there is one, never under "who is responsible"."""
    keys = (
        ["goal", "method", "responsible", "timetable"]
        if with_unit
        else ["goal", "method", "responsible", "resources", "timetable", "measure"]
    )
    implementation = any(a.action.implementation for a in actions)
    head = ([s["table_workshop"], s["workshop_organisation"]] if with_unit else []) + [s[f"action_{k}"] for k in keys]
    head += [s["table_implementation"]] if implementation else []
    rows = [
        ([a.workshop, a.unit] if with_unit else [])
        + [getattr(a.action, k) for k in keys]
        + ([a.action.implementation] if implementation else [])
        for a in actions
    ]
    return head, rows


def _actions_table(actions: Sequence[AgreedAction], s: dict, st: dict, with_unit: bool) -> list:
    head, rows = action_rows(actions, s, with_unit)
    lead = [14 * MM, 28 * MM] if with_unit else []
    rest = (WIDTH - sum(lead)) / (len(head) - len(lead))
    return _table(head, rows, lead + [rest] * (len(head) - len(lead)), st)


def _cards_text(cards: Iterable[str], texts: DeckTexts, s: dict) -> str:
    lang = s["_language"]
    ordered = sorted(set(cards), key=lambda c: (texts.numbers.get(c, 0), c))
    return "; ".join(title(texts, c, lang) for c in ordered) or s["report_none"]


def _step_of(field: str, s: dict) -> str:
    m = re.match(r"step(\d+)", field)
    return s["report_step"].format(n=int(m.group(1))) if m else field


def workshop_page(name: str, w: Workshop, texts: DeckTexts, s: dict, st: dict) -> list:
    """One workshop's details and decisions, on a page of its own, in the report's language."""
    lang = s["_language"]
    when = day(s, w.date) if w.date else w.date_typed
    heading = " · ".join(x for x in (s["report_workshop"].format(name=name), w.organisation, when) if x)
    story: list = [_p(heading, st["title"] if len(heading) < 40 else st["h1"])]
    if w.thin:
        story.append(_p(s["report_thin"], st["flag"]))
    people = str(w.participants) if w.participants is not None else w.participants_typed
    details = {"date": when, "organisation": w.organisation, "leader": w.leader, "participants": people}
    details |= {"target_group": w.target_group, "scope": w.scope}
    story += _table([s["workshop_title"], ""], [[s[f"workshop_{k}"], v] for k, v in details.items()], [50 * MM, WIDTH - 50 * MM], st)
    story.append(_p(s["report_decisions"], st["h1"]))
    for column in COLUMNS:
        story += [_p(texts.column(column, lang), st["h2"]), _p(_cards_text((c for c, k in w.placed if k == column), texts, s), st["body"])]
        loose = [text for k, text in w.unplaced if k == column]
        if loose:
            story.append(_p(f"{s['report_unplaced']}: {'; '.join(loose)}", st["body"]))
    for token, label in zip(TOKENS, (s["sheet_keep"], s["sheet_drop"])):
        story += [_p(label, st["h2"]), _p(_cards_text((c for c, t in w.tokens if t == token), texts, s), st["body"])]
    if w.own:
        story.append(_p(s["sheet_own"], st["h1"]))
        story += _table([s["sheet_own_title"], s["sheet_own_description"]], [list(x) for x in w.own], [50 * MM, WIDTH - 50 * MM], st)
    story.append(_p(s["table_actions"], st["h1"]))
    own = [AgreedAction(name, w.organisation, a) for a in w.actions]
    story += _actions_table(own, s, st, with_unit=False) if own else [_p(s["report_none"], st["body"])]
    if w.notes:
        story.append(_p(s["report_notes"], st["h1"]))
        story += _table(None, [[_step_of(f, s), text] for f, text in w.notes], [30 * MM, WIDTH - 30 * MM], st)
    story.append(Spacer(1, 4 * MM))
    story.append(_p(s["report_from"].format(files=", ".join(w.files)), st["cell"]))
    return story


# --- report.xlsx -----------------------------------------------------------


def _sheet_title(text: str, taken: set[str]) -> str:
    """A sheet's name as Excel allows it: 31 characters, none of []:*?/\\, unique."""
    name = re.sub(r"[\[\]:*?/\\]", " ", text)[:31].strip() or "-"
    base, i = name, 2
    while name.casefold() in taken:
        name = f"{base[: 31 - len(str(i)) - 1]} {i}"
        i += 1
    taken.add(name.casefold())
    return name


def _cell(value: object) -> object:
    return safe(value) if isinstance(value, str) else value


def _write(book, title: str, taken: set[str], head: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[float]):
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    ws = book.create_sheet(_sheet_title(title, taken))
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[_letter(i)].width = w
    ws.freeze_panes = "A2"
    bold = Font(bold=True)
    cells = []
    for h in head:
        cell = WriteOnlyCell(ws, value=safe(h))
        cell.font = bold
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        ws.append([_cell(v) for v in row])
    return ws


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(i)


def _widths(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    sample = rows[:500]
    return [min(60, max(8, len(str(h)) + 2, *(len(str(r[i])) + 2 for r in sample))) for i, h in enumerate(head)]


def their_tables(season: SeasonLike) -> list:
    """The tables of `results` (workshops, cards, actions, own methods), from the lead's results/tables.py.
    TODO(merge): `from .tables import tables; return tables(season)` once tables(season) lands."""
    return []


def report_xlsx(season: SeasonLike, language: str | None = None) -> bytes:
    """The counts per card with a stacked bar chart, per unit and per period,
    then the tables of `results`; the same inputs give the same bytes."""
    if language is not None:  # TODO(merge): the old reader's call, until cli.py gives a Season
        from . import legacy_report

        return legacy_report.report_xlsx(season, language)  # type: ignore[arg-type]
    from openpyxl import Workbook
    from openpyxl.chart import BarChart, Reference

    lang = season.language
    s = strings(lang)
    texts, ws = season.texts, season.workshops
    tally = card_counts(ws, texts.cards)
    book = Workbook(write_only=True)
    taken: set[str] = set()
    head = [s["sheet_number"], s["sheet_card"], s["table_theme"], *(texts.column(c, lang) for c in COLUMNS)]
    head += [s["sheet_keep"], s["sheet_drop"], s["report_in_play_head"]]
    rows = [
        (
            texts.numbers.get(c, ""),
            texts.title(c, lang),
            texts.theme_name(texts.theme_of[c], lang) if texts.theme_of.get(c) else "",
            *tally[c],
        )
        for c in texts.cards
    ]
    sheet = _write(book, s["report_title"], taken, head, rows, _widths(head, rows))
    chart = BarChart()
    chart.type = "bar"
    chart.grouping = "stacked"
    chart.overlap = 100
    chart.title = s["report_chart"]
    chart.height = max(8, len(rows) * 0.45)
    chart.width = 18
    chart.add_data(Reference(sheet, min_col=4, max_col=6, min_row=1, max_row=len(rows) + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(rows) + 1))
    chart.y_axis.majorUnit = max(1, -(-len(ws) // 10))
    sheet.add_chart(chart, "K2")

    numbers = [s["table_workshops"], s["report_col_participants"], texts.column("worth_trying", lang), s["report_col_actions"]]
    units = [(g.label or s["report_no_unit"], g.workshops, g.participants, g.worth_trying, g.actions) for g in by_unit(ws)]
    head = [s["workshop_organisation"], *numbers]
    _write(book, s["report_sheet_units"], taken, head, units, _widths(head, units))
    kind, periods = by_period(ws)
    trend = [(period_name(s, g.key), g.key, g.workshops, g.participants, g.worth_trying, g.actions) for g in periods]
    head = [s["report_col_period"], s["report_col_code"], *numbers]
    _write(book, s["report_by_month" if kind == "month" else "report_by_quarter"], taken, head, trend, _widths(head, trend))
    for t in their_tables(season):
        _write(book, t.title, taken, t.header, t.rows, _widths(t.header, t.rows))
    book.properties.creator = "osallisuuspeli"
    book.properties.created = book.properties.modified = FIXED
    out = io.BytesIO()
    book.save(out)
    return _fixed_zip(out.getvalue(), book)


def _fixed_zip(data: bytes, book) -> bytes:
    """The workbook's zip again with every member's time fixed, and the
    modification time openpyxl stamps on save replaced by FIXED."""
    from openpyxl.xml.functions import tostring

    book.properties.modified = FIXED
    core = tostring(book.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            dst.writestr(zipfile.ZipInfo(info.filename, date_time=ZIP_TIME), body, compress_type=zipfile.ZIP_DEFLATED)
    return out.getvalue()
