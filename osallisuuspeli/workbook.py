"""A deck as a spreadsheet: the form most municipal staff edit in.

One workbook holds a whole deck: a sheet of cards (a row a card: id, theme,
then title and description for each language side by side), a sheet of
themes, a sheet of the deck's settings, and a sheet of every other text (the
board's, the strings', the guide's: a key column and a column a language).
Reading turns the sheets into the same plain data as the deck's YAML files,
with each value's sheet, row and column for messages, and hands it to the
same loader; writing turns a deck's YAML files into such a workbook.

A cell's text is what prints. Two things a spreadsheet cannot show are typed:
`|` where a long word may break (a soft hyphen), and a line break within a
cell (Alt+Enter in Excel, Ctrl+Enter in LibreOffice) for a new paragraph.
A `.csv` of the cards alone is a deck too: the rest comes from the municipal
edition.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
import zipfile
from pathlib import Path
from typing import Any, NoReturn

from . import yamlfile
from .errors import ContentError, Problem
from .i18n import N_, _, number
from .model import SOFT_HYPHEN
from .places import BUILTIN_DECKS
from .yamlfile import Document, Path_

BREAK = "|"  # typed in a cell where a long word may break
SUFFIXES = (".xlsx", ".csv")
SHEETS = ("Instructions", "Deck", "Themes", "Cards", "Texts")
ALIASES = {  # sheet names in Finnish and Swedish are read too
    "ohjeet": "Instructions", "pakka": "Deck", "teemat": "Themes", "kortit": "Cards", "tekstit": "Texts",
    "instruktioner": "Instructions", "kortlek": "Deck", "teman": "Themes", "kort": "Cards", "texter": "Texts",
}  # fmt: skip
_LANGUAGE_COLUMN = re.compile(r"^(title|description|name|short|question|measures)_([a-z]{2,3}(?:-[A-Za-z0-9]+)?)$")

Location = str  # "sheet Cards, row 14, column title_sv"
LANGUAGE_SETTINGS = ("name", "edition", "organisation")  # rows of the Deck sheet with a column a language

# Limits no real deck meets (40-66 cards, under 1 MB unpacked), checked before the rows are read:
# a sheet of 100,000 rows or 16,384 columns would otherwise cost minutes and a gigabyte to refuse.
MAX_CARDS = 1000
MAX_ROWS = 2000  # of any other sheet (a deck's Texts sheet has a few hundred)
MAX_COLUMNS = 100
MAX_UNPACKED = 20 * 1024 * 1024  # bytes of all the workbook's parts, unpacked
MAX_STRINGS = 50_000  # distinct texts in the workbook (a deck has about two thousand)
MAX_CSV_BYTES = 5 * 1024 * 1024  # as a YAML content file
OTHER_SPREADSHEETS = {  # what a coordinator may have instead of .xlsx, and how to make one
    ".ods": N_(
        "an OpenDocument spreadsheet (.ods); save it as .xlsx (LibreOffice: File › Save As, file type Excel 2007-365) and build from that file"
    ),
    ".fods": N_(
        "an OpenDocument spreadsheet (.fods); save it as .xlsx (LibreOffice: File › Save As, file type Excel 2007-365) and build from that file"
    ),
    ".xls": N_(
        "an Excel 97-2003 workbook (.xls); save it as .xlsx (Excel: File › Save As › Excel Workbook; LibreOffice: File › Save As, file type Excel 2007-365) and build from that file"
    ),
    ".xlsm": N_(
        "an Excel workbook with macros (.xlsm); save it as .xlsx (Excel: File › Save As › Excel Workbook) and build from that file"
    ),
    ".numbers": N_("a Numbers spreadsheet; export it as .xlsx (Numbers: File › Export To › Excel) and build from that file"),
}
KEYS = {  # each sheet's columns: its own, and those it has once a language (title_fi, ...)
    "Deck": (("setting", "value"), None),
    "Themes": (("id", "colour", "shape"), ("name", "short", "question", "measures")),
    "Cards": (("id", "theme"), ("title", "description")),
    "Texts": (("key",), None),
}


def cell_at(sheet: str, row: int | None = None, column: str | None = None) -> str:
    """A place in a workbook in words: "sheet Cards, row 14, column title_sv"."""
    values = {"sheet": sheet, "row": number(row) if row is not None else "", "column": column}
    if row is not None and column is not None:
        return _("sheet %(sheet)s, row %(row)s, column %(column)s") % values
    if row is not None:
        return _("sheet %(sheet)s, row %(row)s") % values
    if column is not None:
        return _("sheet %(sheet)s, column %(column)s") % values
    return _("sheet %(sheet)s") % values


def row_at(row: int, column: str | None = None) -> str:
    """A place in a card list (.csv) in words: "row 14, column title_sv"."""
    if column is None:
        return _("row %(row)s") % {"row": number(row)}
    return _("row %(row)s, column %(column)s") % {"row": number(row), "column": column}


class _Sheet:
    """One sheet's rows as {column header: value}, with where each value is.
    A header's case and surrounding spaces do not matter (Title_fi is title_fi)."""

    def __init__(self, file: str, title: str, ws: Any):
        self.file, self.title = file, title
        for merged in ws.merged_cells.ranges:
            raise self.error(
                _("sheet %(sheet)s, cells %(cells)s") % {"sheet": title, "cells": merged.coord},
                _("merged cells: unmerge them, so that every value has a cell of its own"),
            )
        rows = list(ws.iter_rows())
        header = [str(c.value).strip().lower() if c.value is not None else "" for c in rows[0]] if rows else []
        self.columns = [h for h in header if h]
        self.letters: dict[str, list[str]] = {}  # header: the letters of its columns (two, when it is there twice)
        for name, cell in zip(header, rows[0] if rows else ()):
            if name:
                self.letters.setdefault(name, []).append(cell.column_letter)
        self.rows: list[tuple[int, dict[str, Any], dict[str, Location]]] = []
        for cells in rows[1:]:
            values: dict[str, Any] = {}
            where: dict[str, Location] = {}
            for name, cell in zip(header, cells):
                if not name or cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
                    continue
                at = cell_at(title, cell.row, name)
                if cell.data_type == "f":
                    raise self.error(at, _("a formula (%(formula)s): type the text itself") % {"formula": cell.value})
                values[name], where[name] = cell.value, at
            if values:
                self.rows.append((cells[0].row, values, where))

    def error(self, at: Location, message: str) -> ContentError:
        return ContentError([Problem(self.file, at, message)])

    def check_columns(self, kind: str, langs: list[str]) -> list[Problem]:
        """Every header is one this sheet has: a misspelt one would drop a whole
        language or every description without a word."""
        own, per_language = KEYS[kind]
        languages_ = [f"{k}_{lang}" for lang in langs for k in per_language] if per_language is not None else langs
        known = [*own, *languages_]
        problems = []
        for name, letters in self.letters.items():
            where = cell_at(self.title, column=letters[0])
            if len(letters) > 1:
                problems.append(
                    Problem(
                        self.file,
                        cell_at(self.title, column=letters[1]),
                        _("'%(name)s' is there twice (also column %(column)s): keep one") % {"name": name, "column": letters[0]},
                    )
                )
            if name in known:
                continue
            m = _LANGUAGE_COLUMN.match(name)
            code = m.group(2) if per_language is not None and m and m.group(1) in per_language else ""
            if per_language is None and re.match(r"^[a-z]{2,3}(-[a-z0-9]+)?$", name):
                code = name
            if code:
                problems.append(
                    Problem(
                        self.file,
                        where,
                        _(
                            "'%(name)s' is a column of the language '%(code)s', but the sheet Cards has no column %(title)s: add that column, or delete this one"
                        )
                        % {"name": name, "code": code, "title": f"title_{code}"},
                    )
                )
                continue
            suffix = name.rsplit("_", 1)[1] if "_" in name and per_language is not None else ""
            guesses = known + ([f"{k}_{suffix}" for k in per_language] if suffix and per_language is not None else [])
            close = difflib.get_close_matches(name, guesses, n=1, cutoff=0.6)
            hint = (
                _("did you mean '%(name)s'?") % {"name": close[0]}
                if close
                else _("its columns are %(columns)s") % {"columns": ", ".join(known)}
            )
            problems.append(
                Problem(self.file, where, _("'%(name)s' is not a column of this sheet; %(hint)s") % {"name": name, "hint": hint})
            )
        return problems


def _text(sheet: _Sheet, value: Any, at: Location, booleans: bool = False) -> Any:
    """A cell as the text it prints (| where a word may break); a number
    where text belongs is a mistake a spreadsheet makes easy."""
    if isinstance(value, bool) and booleans:
        return value
    if not isinstance(value, str):
        raise sheet.error(at, _("a number (%(value)s) where text belongs: format the cell as text, or type ' before it") % {"value": value})
    return value.replace(BREAK, SOFT_HYPHEN)


def _unreadable(path: Path, e: Exception) -> ContentError:
    return ContentError(
        [
            Problem(
                str(path), None, _("not a readable .xlsx workbook (%(error)s); save it from Excel or LibreOffice as .xlsx") % {"error": e}
            )
        ]
    )


def _sheet_name(title: str) -> str:
    return ALIASES.get(title.strip().lower(), title.strip().title())


def _measure(path: Path) -> None:
    """Refuse a workbook beyond what a deck can be before its rows are read:
    the sizes of its unpacked parts and its count of texts from the zip, each
    sheet's rows and columns from its dimension (openpyxl's read-only mode
    reads only that). Each limit is said in a sentence naming the place."""
    import openpyxl  # type: ignore[import-untyped]

    _measure_zip(path)
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=False)
    except Exception as e:  # openpyxl says a damaged or foreign file many ways
        raise _unreadable(path, e) from None
    try:
        for ws in wb.worksheets:
            if _sheet_name(ws.title) in KEYS:
                _measure_sheet(ws, str(path))
    finally:
        wb.close()


def _refuse(display: str, where: str | None, sentence: str) -> NoReturn:
    raise ContentError([Problem(display, where, sentence)])


def _measure_zip(path: Path) -> None:
    """The workbook's unpacked size and its count of different texts, from the zip alone."""
    try:
        with zipfile.ZipFile(path) as z:
            parts = z.infolist()
            unpacked = sum(p.file_size for p in parts)
            strings = next((p for p in parts if p.filename.lower() == "xl/sharedstrings.xml"), None)
            head = z.open(strings).read(4096) if strings is not None else b""
    except (zipfile.BadZipFile, OSError, RuntimeError, ValueError) as e:
        raise _unreadable(path, e) from None
    if unpacked > MAX_UNPACKED:
        _refuse(
            str(path),
            None,
            _(
                "the workbook unpacks to %(size)s bytes, more than a deck's limit of %(limit)s; "
                "copy the deck's sheets into a new workbook, without pictures or other data, and build from that"
            )
            % {"size": number(unpacked), "limit": number(MAX_UNPACKED)},
        )
    count = re.search(rb'uniqueCount="(\d+)"', head) or re.search(rb'count="(\d+)"', head)
    if count and int(count.group(1)) > MAX_STRINGS:
        _refuse(
            str(path),
            None,
            _("the workbook holds %(num)s different texts; a deck has at most %(limit)s")
            % {"num": number(int(count.group(1))), "limit": number(MAX_STRINGS)},
        )


def _measure_sheet(ws: Any, display: str) -> None:
    """A deck's sheet's columns and rows, from its dimension, or counted as far as the limits where it has none."""
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    name = _sheet_name(ws.title)
    rows, columns = ws.max_row, ws.max_column  # from the sheet's dimension, if it has one
    if rows is None or columns is None:  # no dimension: count as far as the limits, no further
        rows = columns = 0
        for row in ws.iter_rows(max_row=MAX_CARDS + MAX_ROWS + 2, values_only=True):
            rows, columns = rows + 1, max(columns, len(row))
    if columns > MAX_COLUMNS:
        _refuse(
            display,
            cell_at(ws.title, column=get_column_letter(MAX_COLUMNS + 1)),
            _("the sheet has %(num)s columns; a deck's sheet has at most %(limit)d: delete the columns from %(column)s onwards")
            % {"num": number(columns), "limit": MAX_COLUMNS, "column": get_column_letter(MAX_COLUMNS + 1)},
        )
    most = MAX_CARDS + 1 if name == "Cards" else MAX_ROWS
    if rows > most:
        what = (
            _("a deck has at most %(limit)s cards") % {"limit": number(MAX_CARDS)}
            if name == "Cards"
            else _("a deck's sheet has at most %(limit)s") % {"limit": number(MAX_ROWS)}
        )
        _refuse(
            display,
            cell_at(ws.title, row=most + 1),
            _("the sheet has %(num)s rows; %(limit)s: delete the rows from %(row)s down")
            % {"num": number(rows), "limit": what, "row": number(most + 1)},
        )


def _sheets(path: Path) -> dict[str, _Sheet]:
    import openpyxl  # a workbook is read rarely; its library is large

    _measure(path)
    try:
        wb = openpyxl.load_workbook(path, data_only=False)  # the file is only read, never saved
    except Exception as e:  # openpyxl says a damaged or foreign file many ways
        raise _unreadable(path, e) from None
    found: dict[str, _Sheet] = {}
    for ws in wb.worksheets:
        name = _sheet_name(ws.title)
        if name not in SHEETS:
            continue
        if ws.sheet_state != "visible":
            raise ContentError(
                [
                    Problem(
                        str(path), cell_at(ws.title), _("the sheet is hidden: unhide it (a hidden sheet would be read without being seen)")
                    )
                ]
            )
        found[name] = _Sheet(str(path), ws.title, ws)
    for name in ("Deck", "Cards", "Texts"):
        if name not in found:
            raise ContentError(
                [
                    Problem(
                        str(path),
                        None,
                        _("no sheet %(sheet)s: a deck workbook has the sheets %(sheets)s") % {"sheet": name, "sheets": ", ".join(SHEETS)},
                    )
                ]
            )
    return found


def languages(path: Path) -> list[str]:
    """The languages of a workbook: those with a title column on the Cards sheet."""
    if path.suffix.lower() == ".csv":
        header = _csv_header(path)
        return sorted({m.group(2) for name in header if (m := _LANGUAGE_COLUMN.match(name)) and m.group(1) == "title"})
    cards = _sheets(path)["Cards"]
    found = sorted(m.group(2) for name in cards.columns if (m := _LANGUAGE_COLUMN.match(name)) and m.group(1) == "title")
    if not found:
        problems = cards.check_columns("Cards", [])
        raise ContentError(
            problems
            or [
                Problem(
                    str(path), cell_at(cards.title), _("no column title_fi (or title_sv, title_en ...): each language has a title column")
                )
            ]
        )
    return found


def _stripped(value: Any) -> Any:
    """An id or theme as typed: spaces around it (a non-breaking one too) cannot be seen in a cell."""
    return value.strip() if isinstance(value, str) else value


def _missing_descriptions(sheet: _Sheet, reference: str, langs: list[str], docs: dict[str, Document]) -> None:
    """A card with a description in the reference language and none in another
    would print a blank back: a warning for each language, naming the cells."""
    if reference not in langs:
        return
    for lang in langs:
        if lang == reference:
            continue
        blank = [
            (r, str(_stripped(values.get("id", ""))))
            for r, values, _where in sheet.rows
            if values.get(f"description_{reference}") and not values.get(f"description_{lang}") and values.get(f"title_{lang}")
        ]
        if not blank:
            continue
        row, cid = blank[0]
        where = cell_at(sheet.title, row, f"description_{lang}")
        if len(blank) == 1:
            message = _(
                "card '%(card)s' has no description in %(language)s, though it has one in %(reference)s: its back would print without one; fill the cell"
            ) % {"card": cid, "language": lang, "reference": reference}
        else:
            message = _(
                "%(num)d cards have no description in %(language)s, though they have one in %(reference)s (the first is '%(card)s'): "
                "their backs would print without one; fill the column's cells"
            ) % {"num": len(blank), "language": lang, "reference": reference, "card": cid}
        docs[lang].warnings.append(Problem(sheet.file, where, message))


def documents(path: Path) -> tuple[Document, dict[str, Document]]:
    """The deck's structure and each language's texts, as the YAML files would give them."""
    if path.suffix.lower() == ".csv":
        return _csv_documents(path)
    sheets = _sheets(path)
    langs = languages(path)
    display = str(path)
    structure: dict[str, Any] = {}
    s_lines: dict[Path_, Location] = {}
    texts: dict[str, dict[str, Any]] = {lang: {"language": lang} for lang in langs}
    t_lines: dict[str, dict[Path_, Location]] = {lang: {} for lang in langs}
    problems = [p for kind in ("Cards", "Themes", "Deck", "Texts") if kind in sheets for p in sheets[kind].check_columns(kind, langs)]
    if problems:
        raise ContentError(problems)
    deck = sheets["Deck"]
    _require(deck, ["setting", "value", *langs])
    for r, values, where in deck.rows:
        key = str(values.get("setting", "")).strip()
        if key in LANGUAGE_SETTINGS:  # the deck's name and edition, a column a language
            for lang in langs:
                texts[lang][key] = _text(deck, values[lang], where[lang]) if lang in values else ""
                t_lines[lang][(key,)] = cell_at(deck.title, r, lang)
        elif key and "value" in values:
            structure[key] = _text(deck, values["value"], where["value"])
            s_lines[(key,)] = where["value"]

    themes = sheets.get("Themes")
    if themes is not None:
        _require(themes, ["id", "colour"] + [f"{c}_{lang}" for lang in langs for c in ("name", "short")])
        _entries(
            themes,
            "themes",
            ("id", "colour", "shape"),
            ("name", "short", "question", "measures"),
            langs,
            (structure, s_lines),
            (texts, t_lines),
        )
        for lang in langs:
            for own in texts[lang]["themes"].values():
                own["measures"] = [line.strip() for line in own["measures"].split("\n") if line.strip()]  # one a line
    cards = sheets["Cards"]
    _require(cards, ["id"] + [f"title_{lang}" for lang in langs])
    _entries(cards, "cards", ("id", "theme"), ("title", "description"), langs, (structure, s_lines), (texts, t_lines))

    sheet = sheets["Texts"]
    _require(sheet, ["key", *langs])
    for _row, values, where in sheet.rows:
        if "key" not in values:
            continue
        path_ = tuple(_index(part) for part in str(values["key"]).strip().split("."))
        for lang in langs:
            if lang in values:
                _put(texts[lang], path_, _text(sheet, values[lang], where[lang], booleans=True))
                t_lines[lang][path_] = where[lang]
    docs = {lang: Document(path, display, _lists(texts[lang]), t_lines[lang], {}) for lang in langs}
    written = structure.get("reference_language")
    reference = written if isinstance(written, str) else "fi"
    _missing_descriptions(cards, reference.strip() or "fi", langs, docs)
    book = Document(path, display, structure, s_lines, {})
    book.warnings += _open_elsewhere(path)
    return book, docs


def _open_elsewhere(path: Path) -> list[Problem]:
    """Excel (~$deck.xlsx) or LibreOffice (.~lock.deck.xlsx#) has the workbook open:
    what was typed there since the last save is not in the file."""
    owners = (path.with_name(f"~${path.name}"), path.with_name(f"~${path.name[2:]}"), path.with_name(f".~lock.{path.name}#"))
    if any(owner.is_file() for owner in owners):
        return [
            Problem(
                str(path),
                None,
                _(
                    "the workbook is open in Excel or LibreOffice: changes not yet saved there are not in this kit; save the workbook and build again"
                ),
            )
        ]
    return []


def _entries(
    sheet: _Sheet,
    kind: str,
    keys: tuple[str, ...],
    text_keys: tuple[str, ...],
    langs: list[str],
    shared: tuple[dict[str, Any], dict[Path_, Location]],
    own: tuple[dict[str, dict[str, Any]], dict[str, dict[Path_, Location]]],
) -> None:
    """The rows of Themes or Cards: `keys` become the structure's list `kind`
    (as deck.yaml has it), and each language's `text_keys` its texts by id."""
    structure, s_lines = shared
    texts, t_lines = own
    structure[kind] = []
    for lang in langs:
        texts[lang][kind] = {}
    for r, values, where in sheet.rows:
        row = {k: _text(sheet, _stripped(v) if k in keys else v, where[k]) for k, v in values.items()}
        i = len(structure[kind])
        structure[kind].append({k: row[k] for k in keys if k in row})
        s_lines[(kind, i)] = where.get("id", next(iter(where.values())))
        s_lines.update({(kind, i, k): where[k] for k in keys if k in where})
        rid = str(row.get("id", ""))
        for lang in langs:
            texts[lang][kind][rid] = {k: row.get(f"{k}_{lang}", "") for k in text_keys}  # an empty cell is an empty text
            t_lines[lang][(kind, rid)] = where.get("id", "")
            t_lines[lang].update({(kind, rid, k): cell_at(sheet.title, r, f"{k}_{lang}") for k in text_keys})


def _require(sheet: _Sheet, columns: list[str]) -> None:
    missing = [c for c in columns if c not in sheet.columns]
    if missing:
        raise sheet.error(
            cell_at(sheet.title), _("no column %(column)s: every language needs its columns on every sheet") % {"column": missing[0]}
        )


def _index(part: str) -> str | int:
    return int(part) - 1 if part.isdigit() else part  # board.columns.1 -> the first of the columns


def _put(tree: dict[Any, Any], key: Path_, value: Any) -> None:  # keys: a path's words and list places
    node = tree
    for part in key[:-1]:
        node = node.setdefault(part, {})
    node[key[-1]] = value


def _lists(node: Any) -> Any:
    """{0: a, 1: b} (from board.columns.1, .2) back into [a, b]."""
    if not isinstance(node, dict):
        return node
    node = {k: _lists(v) for k, v in node.items()}
    if node and all(isinstance(k, int) for k in node):
        return [node[k] for k in sorted(node)]
    return node


# -- a .csv of cards ------------------------------------------------------------
CSV_DEFAULTS = "kunta"  # the built-in deck whose texts and settings a card list borrows


def _csv_rows(path: Path) -> tuple[list[str], list[list[str]]]:
    """The header and rows of a .csv as Finnish Excel writes it: ';' or ',',
    UTF-8 (with or without BOM) or Windows-1252; headers in lower case."""
    size = path.stat().st_size
    if size > MAX_CSV_BYTES:
        raise ContentError(
            [
                Problem(
                    str(path),
                    None,
                    _("the file is %(size)s bytes; a card list has at most %(limit)s")
                    % {"size": number(size), "limit": number(MAX_CSV_BYTES)},
                )
            ]
        )
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252")
    first = text.split("\n", 1)[0]
    rows = list(csv.reader(io.StringIO(text), delimiter=";" if first.count(";") > first.count(",") else ","))
    header = [h.strip().lower() for h in rows[0]] if rows else []
    return header, [r for r in rows[1:] if any(c.strip() for c in r)]


SAVED_FROM = (  # a header that shows which other sheet of a deck's workbook a .csv was saved from
    ("setting", N_("the sheet Deck")),
    ("key", N_("the sheet Texts")),
    ("colour", N_("the sheet Themes")),
)


def _csv_header(path: Path) -> list[str]:
    """The header of a card list, checked: the sheet Cards saved as CSV, within
    the limits, every column one a card list has."""
    from openpyxl.utils import get_column_letter

    header, rows = _csv_rows(path)
    display = str(path)
    if "id" not in header or not any(h.startswith("title_") for h in header):
        sheet = next((name for key, name in SAVED_FROM if key in header), None)
        if sheet is None and header and header[0].startswith("this workbook is an osallisuuspeli deck"):
            sheet = N_("the sheet Instructions")
        if sheet:
            message = _(
                "this is %(sheet)s saved as CSV, not the sheet Cards (Excel saves only the sheet that is open): "
                "open the sheet Cards, save it as CSV again and build from that file, or build from the .xlsx itself"
            ) % {"sheet": _(sheet)}
        else:
            message = _(
                "no columns id and title_fi: a card list is the sheet Cards saved as CSV, with the columns id, title_fi, description_fi (and the same for other languages)"
            )
        raise ContentError([Problem(display, row_at(1), message)])
    if len(header) > MAX_COLUMNS:
        raise ContentError(
            [
                Problem(
                    display,
                    row_at(1, get_column_letter(MAX_COLUMNS + 1)),
                    _("the file has %(num)s columns; a card list has at most %(limit)d: delete the columns from %(column)s onwards")
                    % {"num": number(len(header)), "limit": MAX_COLUMNS, "column": get_column_letter(MAX_COLUMNS + 1)},
                )
            ]
        )
    if len(rows) > MAX_CARDS:
        raise ContentError(
            [
                Problem(
                    display,
                    row_at(MAX_CARDS + 2),
                    _("the file has %(num)s cards; a deck has at most %(limit)s: delete the rows from %(row)s down")
                    % {"num": number(len(rows)), "limit": number(MAX_CARDS), "row": number(MAX_CARDS + 2)},
                )
            ]
        )
    langs = sorted({m.group(2) for name in header if (m := _LANGUAGE_COLUMN.match(name)) and m.group(1) == "title"})
    known = ["id", "theme", *(f"{k}_{lang}" for lang in langs for k in ("title", "description"))]
    problems = []
    for i, name in enumerate(header):
        if name and name not in known:
            suffix = name.rsplit("_", 1)[1] if "_" in name else ""
            close = difflib.get_close_matches(
                name, known + ([f"title_{suffix}", f"description_{suffix}"] if suffix else []), n=1, cutoff=0.6
            )
            hint = (
                _("did you mean '%(name)s'?") % {"name": close[0]}
                if close
                else _("its columns are %(columns)s") % {"columns": ", ".join(known)}
            )
            problems.append(
                Problem(
                    display,
                    row_at(1, get_column_letter(i + 1)),
                    _("'%(name)s' is not a column of a card list; %(hint)s") % {"name": name, "hint": hint},
                )
            )
    if problems:
        raise ContentError(problems)
    return header


def _csv_documents(path: Path) -> tuple[Document, dict[str, Document]]:
    _csv_header(path)
    header, rows = _csv_rows(path)
    display = str(path)
    base = BUILTIN_DECKS / CSV_DEFAULTS
    structure = dict(yamlfile.read(base / "deck.yaml").data)
    structure["id"] = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-") or "deck"
    structure["cards"] = []
    s_lines: dict[Path_, Location] = {}
    docs = {}
    langs = languages(path)
    for lang in langs:
        if not (base / f"{lang}.yaml").is_file():
            raise ContentError(
                [
                    Problem(
                        display,
                        _("column %(column)s") % {"column": f"title_{lang}"},
                        _("no built-in texts in '%(language)s' for a card list: use a workbook (osallisuuspeli init --format xlsx)")
                        % {"language": lang},
                    )
                ]
            )
        docs[lang] = dict(yamlfile.read(base / f"{lang}.yaml").data, cards={})
    t_lines: dict[str, dict[Path_, Location]] = {lang: {} for lang in langs}
    for row_number, row in enumerate(rows, 2):
        values = {h: c.strip().replace(BREAK, SOFT_HYPHEN) for h, c in zip(header, row) if h and c.strip()}
        cid = values.get("id", "")
        s_lines[("cards", len(structure["cards"]))] = row_at(row_number, "id")
        structure["cards"].append(cid)
        for lang in langs:
            docs[lang]["cards"][cid] = {k: values[f"{k}_{lang}"] for k in ("title", "description") if f"{k}_{lang}" in values}
            t_lines[lang][("cards", cid)] = row_at(row_number)
            t_lines[lang].update({("cards", cid, k): row_at(row_number, f"{k}_{lang}") for k in ("title", "description")})
    return Document(path, display, structure, s_lines, {}), {lang: Document(path, display, docs[lang], t_lines[lang], {}) for lang in langs}


# -- writing ----------------------------------------------------------------------
