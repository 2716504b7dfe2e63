"""A season as tables in one language: the workshops, every mark a team made
on a card (a row a mark, so a pivot table counts them), the step-7 actions,
the teams' own methods and what else they wrote. Beside every localised label
stands its language-neutral code, so a pivot works on either; dates are
dates and counts are numbers. Written as a workbook, as CSV that Finnish and
Swedish Excel open as it is, or as JSON; no text ever runs as a formula.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
from collections.abc import Iterator, Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from osallisuuspeli.cells import safe, workbook_bytes, xlsx_cell, xlsx_row
from osallisuuspeli.load import strings
from osallisuuspeli.record import THEME_STEP, board_field, board_part, dotted

from .season import Season, unit_names, workshop_names
from .words import Words
from .workshop import COLUMNS, Workshop


class Format(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"


class Table(NamedTuple):
    key: str  # for JSON and for a CSV file's name
    title: str  # the sheet's name, in the language
    keys: tuple[str, ...]  # each column's code, for JSON
    header: tuple[str, ...]  # each column's name, in the language
    rows: Sequence[tuple[object, ...]]


def _date(iso: str) -> datetime.date | None:
    return datetime.date.fromisoformat(iso) if iso else None


def _mark_label(season: Season, s: Words, code: str) -> str:
    if code in COLUMNS:
        return season.texts.column(code, season.language)
    return s["sheet_keep"] if code == "keep" else s["sheet_drop"]


def _field_label(season: Season, s: Words, field: str) -> str:
    """'step1.notes' as 'Askel 1'; a theme field's measures with the theme's name."""
    part = board_part(field)
    if part is None:
        return field
    step, rest = part
    label = s["table_step"].format(n=step)
    if len(rest) == 2 and rest[0] in season.texts.themes:
        label += " · " + season.texts.theme_name(rest[0], season.language)
    return label


_Where = tuple[str, datetime.date | None, str]  # a workshop's name, date and unit
_WHERE_KEYS = ("workshop", "date", "unit")


def _where_header(s: Words) -> tuple[str, str, str]:
    """The headers of the three columns every table begins with, so any sheet filters by workshop, date and unit."""
    return (s["table_workshop"], s["workshop_date"], s["table_unit"])


def _places(season: Season) -> list[tuple[_Where, Workshop]]:
    """Each workshop beside its name (W1, W2 …), date as a date and unit as the report names it,
    worked out once for the rows of every table."""
    names = workshop_names(season.workshops)
    unit = unit_names(season.workshops)
    return [((n, _date(w.date), unit.get(w.unit, "")), w) for n, w in zip(names, season.workshops)]


def _workshop_row(w: Workshop, yes: str) -> tuple[object, ...]:
    """A workshop's details as read and as typed, then how much its team recorded, so thin sheets stand out."""
    return (
        w.date_typed,
        w.organisation,
        w.leader,
        w.participants,
        w.participants_typed,
        w.target_group,
        w.scope,
        w.language,
        len(w.cards),
        len({c for c, _ in w.placed}),
        len(w.actions),
        yes if w.thin else "",
        ", ".join(w.files),
    )


def _workshops_table(s: Words, places: list[tuple[_Where, Workshop]]) -> Table:
    """One row a workshop: what the sheet says of it and what became of it."""
    yes = s["table_yes"]
    return Table(
        "workshops",
        s["table_workshops"],
        (*_WHERE_KEYS, "date_typed", "organisation", "leader", "participants", "participants_typed", "target_group", "scope")
        + ("language", "cards_in_play", "cards_placed", "actions", "nearly_empty", "files"),
        (
            *_where_header(s),
            s["table_date_typed"],
            s["workshop_organisation"],
            s["workshop_leader"],
            s["workshop_participants"],
            s["table_participants_typed"],
            s["workshop_target_group"],
            s["workshop_scope"],
            s["table_language"],
            s["table_in_play"],
            s["table_placed"],
            s["table_actions"],
            s["table_nearly_empty"],
            s["table_file"],
        ),
        [(*where, *_workshop_row(w, yes)) for where, w in places],
    )


def _marks_table(season: Season, s: Words, places: list[tuple[_Where, Workshop]]) -> Table:
    """One row a mark (column or token) in the deck's card order, so a pivot table counts them;
    a card the deck does not know sorts with its first card."""
    texts, lang = season.texts, season.language
    order = {c: i for i, c in enumerate(texts.cards)}
    return Table(
        "cards",
        s["table_cards"],
        (*_WHERE_KEYS, "card_id", "number", "title", "theme_id", "theme", "mark_code", "mark"),
        (*_where_header(s), s["table_card_id"], s["sheet_number"], s["sheet_card"], s["table_theme_id"], s["table_theme"])
        + (s["table_mark_code"], s["table_mark"]),
        [
            (
                *where,
                card,
                texts.numbers.get(card),
                texts.title(card, lang),
                texts.theme_of.get(card, ""),
                texts.theme_name(texts.theme_of.get(card, ""), lang),
                code,
                _mark_label(season, s, code),
            )
            for where, w in places
            for card, code in sorted(w.placed + w.tokens, key=lambda m: order.get(m[0], 0))
        ],
    )


def _actions_table(s: Words, places: list[tuple[_Where, Workshop]]) -> Table:
    """One row a step-7 action, numbered within its workshop as on the sheet; the due date read from the timetable as a date."""
    return Table(
        "actions",
        s["table_actions"],
        (*_WHERE_KEYS, "row", "goal", "method", "responsible", "resources", "timetable", "due", "measure", "implementation"),
        (*_where_header(s), s["table_row"], s["action_goal"], s["action_method"], s["action_responsible"], s["action_resources"])
        + (s["action_timetable"], s["table_due"], s["action_measure"], s["table_implementation"]),
        [
            (*where, i, a.goal, a.method, a.responsible, a.resources, a.timetable, _date(a.due), a.measure, a.implementation)
            for where, w in places
            for i, a in enumerate(w.actions, 1)
        ],
    )


def _own_table(s: Words, places: list[tuple[_Where, Workshop]]) -> Table:
    """One row a method a team added of its own, which no card counts."""
    return Table(
        "own_methods",
        s["table_own"],
        (*_WHERE_KEYS, "name", "description"),
        (*_where_header(s), s["sheet_own_title"], s["sheet_own_description"]),
        [(*where, name, text) for where, w in places for name, text in w.own],
    )


def _notes_table(season: Season, s: Words, places: list[tuple[_Where, Workshop]]) -> Table:
    """Everything else the teams wrote: the boards' notes, then step 4's texts that name no card of the deck
    (under the field they would have had), so no writing is lost."""
    texts, lang = season.texts, season.language
    return Table(
        "notes",
        s["table_notes"],
        (*_WHERE_KEYS, "field", "step", "text"),
        (*_where_header(s), s["table_field"], s["table_step_name"], s["table_text"]),
        [(*where, field, _field_label(season, s, field), text) for where, w in places for field, text in w.notes]
        + [
            (
                *where,
                dotted(board_field(THEME_STEP, code)),
                f"{s['table_step'].format(n=THEME_STEP)} · {texts.column(code, lang)}",
                text,
            )
            for where, w in places
            for code, text in w.unplaced
        ],
    )


def tables(season: Season) -> list[Table]:
    """The season's tables in its language, each a step of its own: the workshops, the marks on cards,
    the actions, the own methods and the notes, every row led by its workshop, date and unit."""
    s = strings(season.language)
    places = _places(season)
    return [
        _workshops_table(s, places),
        _marks_table(season, s, places),
        _actions_table(s, places),
        _own_table(s, places),
        _notes_table(season, s, places),
    ]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def to_json(sheets: list[Table]) -> str:
    """Keys are the codes, so other tools read any language's output alike;
    valid on every console (non-ASCII escaped)."""
    data = {t.key: [dict(zip(t.keys, map(_plain, row))) for row in t.rows] for t in sheets}
    return json.dumps(data, ensure_ascii=True, indent=2) + "\n"


def to_csv(table: Table, delimiter: str = ";") -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the letters right; `;`
    between fields, as Excel expects where the decimal sign is a comma; a
    text that could start a formula behind an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([safe(h) for h in table.header])
    writer.writerows([safe(_plain(v)) for v in row] for row in table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def _width(table: Table, i: int) -> float:
    longest = max((len(str(r[i])) for r in table.rows[:2000]), default=0)
    return min(60, max(8, len(table.header[i]) + 2, longest + 2))


def add_sheet(book: Any, table: Table) -> Any:
    """A table as a sheet of a write-only workbook: the header bold and frozen,
    filters on, columns as wide as their text, dates as dates."""
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    ws = book.create_sheet(table.title[:31])
    for i in range(len(table.header)):
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(table, i)
    ws.freeze_panes = "A2"
    if table.rows:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(table.header))}{len(table.rows) + 1}"
    ws.append([xlsx_cell(ws, h, bold=True) for h in table.header])
    for row in table.rows:
        ws.append(xlsx_row(ws, row))
    return ws


def xlsx(sheets: list[Table]) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    for t in sheets:
        add_sheet(book, t)
    return workbook_bytes(book)


def csv_files(sheets: list[Table], stem: str) -> Iterator[tuple[str, Table]]:
    """The file name of each table's CSV: the cards under the name given, the rest beside it."""
    for t in sheets:
        yield (f"{stem}.csv" if t.key == "cards" else f"{stem}-{t.key}.csv"), t
