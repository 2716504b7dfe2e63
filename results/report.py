"""The report a manager reads: what the teams of a season's workshops chose.

report.pdf: the period, the units and the totals; a table per unit and a
trend by quarter (by month when the season is short); for each theme a
chart of where the teams placed its cards; the cards most often worth
trying and most often done well; every agreed action with its workshop,
unit, owner and timetable; from the register, what became of them (per
unit and quarter, and each action's last status: results/realisation.py);
then a page a workshop, the summary a game leader sends to the unit's
management. report.xlsx: the same counts per card with a chart, per unit
and per period, the realisation, then the tables of `results`.

Every word is the season's language: the report's own from
content/strings, the deck's (theme names, card titles, column names) from
the season's texts by id, whatever language a sheet was filled in.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from reportlab.platypus import PageBreak, Spacer  # type: ignore[import-untyped]

from osallisuuspeli import fonts
from osallisuuspeli.cells import workbook_bytes, xlsx_cell, xlsx_row
from osallisuuspeli.draw.finish import finish as shipped
from osallisuuspeli.draw.pdf import configure, document
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Tags
from osallisuuspeli.load import strings
from osallisuuspeli.model import Colour
from osallisuuspeli.units import MM, PAPERS

from .blocks import BODY, FLAG, H1, H2, SMALL, SUBTITLE, TITLE, Block, Stack, Style, table, text
from .chart import Row as ChartRow
from .chart import ThemeChart, wrap
from .counts import AgreedAction, Count, Group, agreed, by_period, by_unit, card_counts, period_of_dates, top, total
from .season import Season, workshop_names
from .tables import add_sheet, tables
from .texts import DeckTexts
from .words import Words, counted, day, period_name
from .workshop import COLUMNS, TOKENS, Workshop

if TYPE_CHECKING:
    from .realisation import Followup

A4 = PAPERS["a4"]
MARGINS = (18 * MM, 18 * MM, 16 * MM, 16 * MM)  # left, right, top, bottom
WIDTH = A4[0] - MARGINS[0] - MARGINS[1]
LABELS = 0.36 * WIDTH  # the chart's labels


# --- words -----------------------------------------------------------------


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


def summary_lines(season: Season, s: Words) -> list[str]:
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


ROLES = {TITLE: "H1", H1: "H2", H2: "H3"}  # the styles' levels of heading; every other style is a paragraph


class Page:
    """The blocks of a part of the report, in order, headings kept with what follows."""

    def __init__(self, language: str, tags: Tags | None = None):
        self.language = language
        self.tags = tags
        self.blocks: list[Block] = []
        self.keep: set[int] = set()

    def text(self, value: str, style: Style = BODY, keep: bool = False, role: str = "") -> None:
        if keep:
            self.keep.add(len(self.blocks))
        self.blocks.append(text(value, style, WIDTH, self.language, role or ROLES.get(style, "P")))

    def table(
        self, head: Sequence[str] | None, rows: Iterable[Sequence[object]], widths: Sequence[float], numeric: Iterable[int] = ()
    ) -> None:
        self.blocks.append(table(head, rows, widths, self.language, numeric))

    def flowable(self) -> Stack:
        return Stack(self.blocks, WIDTH, frozenset(self.keep), self.tags)


def _group_table(page: Page, groups_: Sequence[Group], labels: Sequence[str], first: str, texts: DeckTexts, s: Words) -> None:
    """Workshops, participants, worth-trying placements and actions a unit or period; the last row the total."""
    head = [first, s["table_workshops"], s["report_col_participants"], texts.column("worth_trying", page.language), s["report_col_actions"]]
    rows = [[label, g.workshops, g.participants, g.worth_trying, g.actions] for g, label in zip(groups_, labels)]
    n = 21 * MM
    page.table(head, rows, [WIDTH - 4 * n, n, n, n, n], numeric=(1, 2, 3, 4))


def chart_rows(cards: Sequence[str], tally: dict[str, Count], texts: DeckTexts, language: str) -> list[ChartRow]:
    return [ChartRow(tuple(wrap(title(texts, c, language), LABELS, language)), tally[c], title(texts, c, language)) for c in cards]


def realisation_page(followup: Followup, season: Season, s: Words) -> Page:
    """What became of the agreed actions: per unit and quarter, then each action's last status."""
    from . import realisation as r

    page = Page(season.language)
    page.text(s["report_followup"], H1, keep=True)
    for line in r.summary(followup, s, total(season.workshops).actions):
        page.text(line)
    if not followup.rows:
        page.text(s["report_none"])
        return page
    n = 18 * MM  # "Käynnissä", "Toteutettu" whole in bold
    head = [s["workshop_organisation"], s["report_col_quarter"], *r.count_head(s)]
    page.table(head, r.count_rows(followup, s), [WIDTH - 26 * MM - 6 * n, 26 * MM] + [n] * 6, numeric=range(2, 8))
    page.text(s["report_realisation_note"], SMALL)
    page.text(s["report_last_status"], H1, keep=True)
    head, rows = r.status_rows(followup, s)
    fixed = [13 * MM, 26 * MM, 0.0, 26 * MM, 22 * MM, 24 * MM, 23 * MM]
    fixed[2] = WIDTH - sum(fixed)
    page.table(head, rows, fixed)
    return page


def _opening_page(season: Season, s: Words, tags: Tags) -> Page:
    """The report's first page: what was counted, then the numbers per unit and
    per period (by month in a short season, else by quarter), each with the total."""
    lang, texts, ws = season.language, season.texts, season.workshops
    page = Page(lang, tags)
    page.text(s["report_title"], TITLE)
    page.text(texts.name(lang), SUBTITLE)
    first, *rest = summary_lines(season, s)
    page.text(first, H2, role="P")  # a sentence set bold, not a heading
    for line in rest:
        page.text(line)
    page.text(s["report_by_unit"], H1, keep=True)
    units = by_unit(ws)
    labels = [g.label or s["report_no_unit"] for g in units] + [s["report_total"]]
    _group_table(page, [*units, total(ws)], labels, s["workshop_organisation"], texts, s)
    kind, periods = by_period(ws)
    page.text(s["report_by_month" if kind == "month" else "report_by_quarter"], H1, keep=True)
    labels = [period_name(s, g.key) for g in periods] + [s["report_total"]]
    _group_table(page, [*periods, total(ws)], labels, s["report_col_period"], texts, s)
    page.text(s["report_trend_note"].format(column=texts.column("worth_trying", lang)), SMALL)
    return page


def _theme_charts(season: Season, tally: dict[str, Count], differ: bool, s: Words, tags: Tags) -> list[Any]:
    """The charts' introduction, then a chart a theme of where the teams placed
    its cards (in how many workshops each was in play, when kits differ)."""
    lang, texts = season.language, season.texts
    page = Page(lang, tags)
    page.text(s["report_chart"], H1)
    page.text(s["report_chart_note"])
    if differ:
        page.text(s["report_in_play_note"])
    story: list[Any] = [page.flowable()]
    columns = [texts.column(c, lang) for c in COLUMNS]
    for heading, colour, cards in theme_groups(texts, lang):
        head = wrap(heading, WIDTH, lang, 13.0, fonts.BOLD)
        more = wrap(s["report_continued"].format(heading=heading), WIDTH, lang, 13.0, fonts.BOLD)
        story.append(Spacer(1, 3 * MM))
        bars = chart_rows(cards, tally, texts, lang)
        in_play = s["report_in_play"] if differ else ""
        chart = ThemeChart(head, bars, colour, columns, len(season.workshops), WIDTH, LABELS, in_play, more)
        story.append(chart.tagged(tags, heading, (s["sheet_keep"], s["sheet_drop"])))
    return story


def _choices_page(season: Season, tally: dict[str, Count], differ: bool, followup: Followup | None, s: Words, tags: Tags) -> Page:
    """The cards most often worth trying and most often done well, then every
    agreed action; without the register's follow-up, a line that files hold no status."""
    lang, texts = season.language, season.texts
    page = Page(lang, tags)
    for column in ("worth_trying", "done_well"):
        best = top(tally, column, texts)
        page.text(s["report_most"].format(column=texts.column(column, lang)), H1, keep=True)
        if best:
            head = [s["sheet_number"], s["sheet_card"], s["table_workshops"]] + ([s["report_in_play"]] if differ else [])
            rows = [[texts.numbers.get(c, ""), texts.title(c, lang), n] + ([tally[c].in_play] if differ else []) for c, n in best]
            widths = [12 * MM, WIDTH - (12 + 24 + (24 if differ else 0)) * MM, 24 * MM] + ([24 * MM] if differ else [])
            page.table(head, rows, widths, numeric=(0, 2, 3))
        else:
            page.text(s["report_none"])
    page.text(s["table_actions"], H1, keep=True)
    actions = agreed(season.workshops)
    if actions:
        _actions_table(page, actions, s, with_unit=True)
        if followup is None:  # files hold no status: said once, no table of zeros
            page.text(s["report_followup_unknown"], SMALL)
    else:
        page.text(s["report_none"])
    return page


def _set(story: list[Any], texts: DeckTexts, s: Words, lang: str) -> bytes:
    """The story set on A4 as reportlab draws it: untagged, not yet shipped."""
    buffer = io.BytesIO()
    doc = document(buffer, A4, MARGINS, title=s["report_title"], subject=texts.name(lang), language=lang)
    doc.build(story)
    drawn: bytes = buffer.getvalue()
    buffer.close()
    return drawn


def report_pdf(season: Season, followup: Followup | None = None) -> bytes:
    """report.pdf; with the register's follow-up (register/actions.py), its realisation pages too."""
    configure()  # the fonts, before the first string names them
    lang = season.language
    s = strings(lang)
    texts, ws = season.texts, season.workshops
    tally = card_counts(ws, texts.cards)
    differ = any(k.in_play != len(ws) for k in tally.values())
    tags = Tags()
    story: list[Any] = [_opening_page(season, s, tags).flowable(), PageBreak()]  # reportlab flowables
    story += _theme_charts(season, tally, differ, s, tags)
    story.append(_choices_page(season, tally, differ, followup, s, tags).flowable())
    if followup is not None:
        story += [PageBreak(), realisation_page(followup, season, s).flowable()]
    for n, w in zip(workshop_names(ws), ws):
        story += [PageBreak(), workshop_page(n, w, texts, s, lang, tags).flowable()]
    pages = _set(story, texts, s, lang)
    del story  # a season's pages, no longer needed while the structure is written
    # shipped as every file of the kit (subsets named by their programs, XMP), and
    # only then tagged: the structure of a season's thousands of pages is never
    # opened as objects again
    drawn = shipped(pages, author=texts.name(lang))
    del pages
    return finish(drawn, tags, title=s["report_title"], language=lang, outline_skip=0, outline_depth=2, sweep=False)


def action_rows(actions: Sequence[AgreedAction], s: Words, with_unit: bool = True) -> tuple[list[str], list[list[str]]]:
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


def _actions_table(page: Page, actions: Sequence[AgreedAction], s: Words, with_unit: bool) -> None:
    head, rows = action_rows(actions, s, with_unit)
    lead = [16 * MM, 28 * MM] if with_unit else []
    rest = (WIDTH - sum(lead)) / (len(head) - len(lead))
    page.table(head, rows, lead + [rest] * (len(head) - len(lead)))


def _cards_text(cards: Iterable[str], texts: DeckTexts, s: Words, language: str) -> str:
    ordered = sorted(set(cards), key=lambda c: (texts.numbers.get(c, 0), c))
    return "; ".join(title(texts, c, language) for c in ordered) or s["report_none"]


def _step_of(field: str, s: Words) -> str:
    m = re.match(r"step(\d+)", field)
    return s["report_step"].format(n=int(m.group(1))) if m else field


def workshop_page(name: str, w: Workshop, texts: DeckTexts, s: Words, lang: str, tags: Tags | None = None) -> Page:
    """One workshop's details and decisions, on a page of its own, in the report's language `lang`."""
    page = Page(lang, tags)
    when = day(s, w.date) if w.date else w.date_typed
    heading = " · ".join(x for x in (s["report_workshop"].format(name=name), w.organisation, when) if x)
    page.text(heading, TITLE if len(heading) < 40 else H1, role="H1")
    if w.thin:
        page.text(s["report_thin"], FLAG)
    people = str(w.participants) if w.participants is not None else w.participants_typed
    details = {"date": when, "organisation": w.organisation, "leader": w.leader, "participants": people}
    details |= {"target_group": w.target_group, "scope": w.scope}
    page.table([s["workshop_title"], ""], [[s[f"workshop_{k}"], v] for k, v in details.items()], [50 * MM, WIDTH - 50 * MM])
    page.text(s["report_decisions"], H1, keep=True)
    for column in COLUMNS:
        page.text(texts.column(column, lang), H2, keep=True)
        page.text(_cards_text((c for c, k in w.placed if k == column), texts, s, lang))
        loose = [text for k, text in w.unplaced if k == column]
        if loose:
            page.text(f"{s['report_unplaced']}: {'; '.join(loose)}")
    for token, label in zip(TOKENS, (s["sheet_keep"], s["sheet_drop"])):
        page.text(label, H2, keep=True)
        page.text(_cards_text((c for c, t in w.tokens if t == token), texts, s, lang))
    if w.own:
        page.text(s["sheet_own"], H1, keep=True)
        page.table([s["sheet_own_title"], s["sheet_own_description"]], [list(x) for x in w.own], [50 * MM, WIDTH - 50 * MM])
    page.text(s["table_actions"], H1, keep=True)
    if w.actions:
        _actions_table(page, [AgreedAction(name, w.organisation, a) for a in w.actions], s, with_unit=False)
    else:
        page.text(s["report_none"])
    if w.notes:
        page.text(s["report_notes"], H1, keep=True)
        for field, note in w.notes:  # as paragraphs, so a long note goes on on the next page
            page.text(_step_of(field, s), H2._replace(size=10.5, leading=14, before=4), keep=True, role="H3")
            page.text(note)
    page.text(s["report_from"].format(files=", ".join(w.files)), SMALL._replace(before=8))
    return page


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


def _write(book: Any, title: str, taken: set[str], head: Sequence[str], rows: Iterable[Sequence[object]], widths: Sequence[float]) -> Any:
    ws = book.create_sheet(_sheet_title(title, taken))
    for i, w in enumerate(widths, 1):
        ws.column_dimensions[_letter(i)].width = w
    ws.freeze_panes = "A2"
    ws.append([xlsx_cell(ws, h, bold=True) for h in head])
    for row in rows:
        ws.append(xlsx_row(ws, row))
    return ws


def _letter(i: int) -> str:
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    letter: str = get_column_letter(i)
    return letter


def _widths(head: Sequence[str], rows: Sequence[Sequence[object]]) -> list[float]:
    sample = rows[:500]
    return [min(60, max(8, len(str(h)) + 2, *(len(str(r[i])) + 2 for r in sample))) for i, h in enumerate(head)]


def report_xlsx(season: Season, followup: Followup | None = None) -> bytes:
    """The counts per card with a stacked bar chart, per unit and per period,
    the realisation when the register's follow-up is given, then the tables
    of `results`; the same inputs give the same bytes."""
    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.chart import BarChart, Reference  # type: ignore[import-untyped]

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
    if followup is not None:
        from . import realisation

        for sheet_table in realisation.tables(followup, s):
            add_sheet(book, sheet_table._replace(title=_sheet_title(sheet_table.title, taken)))
    for sheet_table in tables(season):  # the tables of `results`: workshops, cards, actions, own methods
        add_sheet(book, sheet_table._replace(title=_sheet_title(sheet_table.title, taken)))
    book.properties.creator = "osallisuuspeli"
    return workbook_bytes(book)


def report_files(season: Season, followup: Followup | None = None, side_by_side: bool = True) -> tuple[bytes, bytes]:
    """report.pdf and report.xlsx (with the register's follow-up, when given);
    where there is a second core, the workbook is made in a process of its
    own while this one sets the PDF (the two are independent: a national
    season's report in about half the time)."""
    if not side_by_side or (os.cpu_count() or 1) < 2:
        return report_pdf(season, followup), report_xlsx(season, followup)
    from concurrent.futures import ProcessPoolExecutor

    from .pool import context

    with ProcessPoolExecutor(1, mp_context=context()) as other:
        workbook = other.submit(report_xlsx, season, followup)
        pdf = report_pdf(season, followup)
        return pdf, workbook.result()
