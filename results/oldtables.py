"""The workshops as tables: a row per workshop per card, the step-7 actions,
the teams' own methods and the workshops themselves; written as a workbook,
as CSV that Finnish and Swedish Excel open as it is, or as JSON."""

from __future__ import annotations

import csv
import io
import json
from enum import StrEnum
from typing import NamedTuple

from osallisuuspeli.boards.layout import WORKSHOP
from osallisuuspeli.load import strings

from .read import ACTIONS, Workshop
from .record import COLUMNS


class Format(StrEnum):
    xlsx = "xlsx"
    csv = "csv"
    json = "json"


class Table(NamedTuple):
    key: str  # for JSON and for a CSV file's name
    title: str  # the sheet's name, in the language
    header: tuple[str, ...]
    rows: list[tuple]


def workshop_names(workshops: list[Workshop]) -> list[str]:
    """How tables and the report name each workshop: W1, W2, ... in reading order."""
    return [f"W{i}" for i in range(1, len(workshops) + 1)]


def tables(workshops: list[Workshop], language: str) -> list[Table]:
    s = strings(language)
    details = tuple(s[f"workshop_{k}"] for k in WORKSHOP)
    names = workshop_names(workshops)
    out = [
        Table(
            "workshops",
            s["table_workshops"],
            (s["table_workshop"], s["table_file"], *details),
            [(n, ", ".join(w.files), *(w.details[k] for k in WORKSHOP)) for n, w in zip(names, workshops)],
        )
    ]
    rows = []
    for n, w in zip(names, workshops):
        theirs = strings(w.record.language) if w.record.language in ("fi", "sv", "en") else s
        themes = {t.id: t.name for t in w.record.themes}
        column = dict(zip(COLUMNS, w.record.columns))
        token = {"keep": theirs["sheet_keep"], "drop": theirs["sheet_drop"]}
        for card in w.record.cards:
            rows.append(
                (
                    n,
                    *(w.details[k] for k in WORKSHOP),
                    card.id,
                    card.number,
                    card.title,
                    themes.get(card.theme, ""),
                    ", ".join(column[c] for c in w.placed.get(card.id, ())),
                    ", ".join(token[t] for t in w.tokens.get(card.id, ())),
                )
            )
    out.append(
        Table(
            "cards",
            s["table_cards"],
            (
                s["table_workshop"],
                *details,
                s["table_card_id"],
                s["sheet_number"],
                s["sheet_card"],
                s["table_theme"],
                s["table_column"],
                s["table_token"],
            ),
            rows,
        )
    )
    action_heads = tuple(s[f"action_{k}"] if k != "implementation" else s["table_implementation"] for k in ACTIONS)
    out.append(
        Table(
            "actions",
            s["table_actions"],
            (s["table_workshop"], s["workshop_organisation"], s["table_row"], *action_heads),
            [
                (n, w.details["organisation"], i, *(a[k] for k in ACTIONS))
                for n, w in zip(names, workshops)
                for i, a in enumerate(w.actions, 1)
            ],
        )
    )
    out.append(
        Table(
            "own_methods",
            s["table_own"],
            (s["table_workshop"], s["workshop_organisation"], s["sheet_own_title"], s["sheet_own_description"]),
            [(n, w.details["organisation"], name, text) for n, w in zip(names, workshops) for name, text in w.own],
        )
    )
    return out


def to_json(workshops: list[Workshop], language: str) -> str:
    data = {t.key: [dict(zip(t.header, row)) for row in t.rows] for t in tables(workshops, language)}
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def to_csv(table: Table, delimiter: str = ";") -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads the letters right; `;`
    between fields, as Excel expects where the decimal sign is a comma."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(table.header)
    writer.writerows(table.rows)
    return buffer.getvalue().encode("utf-8-sig")


def workbook(sheets: list[Table]):
    """An openpyxl workbook of the tables: a sheet each, the header bold and
    frozen, filters on, columns as wide as their text."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for t in sheets:
        ws = book.create_sheet(t.title[:31])
        ws.append(list(t.header))
        for row in t.rows:
            ws.append(list(row))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        if t.rows:
            ws.auto_filter.ref = ws.dimensions
        for i, _ in enumerate(t.header, 1):
            letter = ws.cell(row=1, column=i).column_letter
            longest = max((len(str(r[i - 1])) for r in t.rows), default=0)
            ws.column_dimensions[letter].width = min(60, max(8, len(t.header[i - 1]) + 2, longest + 2))
    return book


def xlsx_bytes(book) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
