"""A deck folder written as one workbook (deck export), every text as written,
for staff who edit cards in Excel or LibreOffice; osallisuuspeli/workbook.py
reads it back."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from . import yamlfile
from .load import languages
from .model import SOFT_HYPHEN
from .workbook import BREAK, LANGUAGE_SETTINGS
from .yamlfile import Path_

INSTRUCTIONS = """\
This workbook is an Osallisuuspeli deck. Edit it in Excel or LibreOffice, save it as .xlsx, then:
    osallisuuspeli validate THIS-FILE.xlsx
    osallisuuspeli build --deck THIS-FILE.xlsx --lang all

Cards: a row a card. id: lower-case letters, digits and -, the same in every language. theme: a theme's id from the Themes sheet.
  title_fi, description_fi, title_sv, ...: the card's texts in each language. Add a card by adding a row; remove one by deleting its row.
Themes: id, colour (#RRGGBB), shape (circle, square, triangle, diamond, hexagon, star), and each language's name, short name, question
  and measures (one a line).
Deck: the deck's id, the address its results go to (results_url), its colour when it has no themes, and a logo file beside the workbook.
Texts: every other text, by key (the board, the printed words, the guide): change the texts, keep the keys.

A cell's text is what prints. Type | where a long word may break (Yhteis|kehittäminen): it prints as a hyphen only when the word
breaks at a line's end. A new paragraph is a line break within the cell (Alt+Enter in Excel, Ctrl+Enter in LibreOffice).
Do not merge cells, hide sheets or use formulas: the build says so if you do.

Suomeksi: muokatkaa kortteja välilehdellä Cards, yksi rivi korttia kohden, ja tallentakaa työkirja .xlsx-muodossa. | merkitsee kohdan, josta pitkän sanan saa tavuttaa; uusi kappale on rivinvaihto solun sisällä (Excelissä Alt+Enter).
På svenska: redigera korten på bladet Cards, en rad per kort, och spara arbetsboken som .xlsx. | markerar var ett långt ord får avstavas; ett nytt stycke är en radbrytning i cellen (Alt+Enter i Excel).
"""


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "\n".join(_cell(v) for v in value)
    return value.replace(SOFT_HYPHEN, BREAK) if isinstance(value, str) else value


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may take for a formula (OWASP CSV injection)


def _as_text(cell: Any) -> None:
    """A person's text is a string cell, never a formula, whatever it starts
    with; one that a spreadsheet would read as a formula once edited also gets
    Excel's quote prefix (shown as text, kept as text), and reads back unchanged."""
    if isinstance(cell.value, str):
        cell.data_type = "s"
        if cell.value.startswith(FORMULA_STARTS):
            cell.quotePrefix = True


def _flat(node: Any, prefix: Path_ = ()) -> list[tuple[Path_, Any]]:
    if isinstance(node, dict):
        return [kv for k, v in node.items() for kv in _flat(v, (*prefix, k))]
    if isinstance(node, list):
        return [kv for i, v in enumerate(node) for kv in _flat(v, (*prefix, i + 1))]
    return [(prefix, node)]


def _read(folder: Path, name: str) -> dict[str, Any]:
    """A YAML file of the deck with every scalar as written (a title read as a number stays text)."""
    doc = yamlfile.read(folder / name)
    for path, raw in doc.raw.items():
        node = doc.data
        for part in path[:-1]:
            node = node[part]
        node[path[-1]] = raw
    data: dict[str, Any] = doc.data
    return data


def _sheet(book: Any, title: str, header: list[str], rows: list[list[Any]], widths: dict[str, int]) -> None:
    """One sheet: a bold header, every value as text, wrapped, the header and first column frozen."""
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]

    ws = book.create_sheet(title)
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([_cell(v) for v in row])
        for cell in ws[ws.max_row]:
            _as_text(cell)
    for i, name in enumerate(header):
        ws.column_dimensions[get_column_letter(i + 1)].width = widths.get(name.split("_")[0], 18)
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_cells in ws.iter_rows(min_row=2):
        for cell in row_cells:
            cell.alignment = wrap
    ws.freeze_panes = "B2"


def _instructions(book: Any) -> None:
    first = book.active
    first.title = "Instructions"
    for line in INSTRUCTIONS.split("\n"):
        first.append([line])
        _as_text(first.cell(first.max_row, 1))
    first.column_dimensions["A"].width = 140


def _deck(book: Any, structure: dict[str, Any], texts: dict[str, dict[str, Any]], langs: list[str]) -> None:
    settings = [[k, v] + [None] * len(langs) for k, v in structure.items() if k not in ("themes", "cards")]
    settings += [[k, None] + [texts[lang].get(k) for lang in langs] for k in LANGUAGE_SETTINGS if any(k in texts[lang] for lang in langs)]
    _sheet(book, "Deck", ["setting", "value", *langs], settings, {"setting": 22, "value": 40, **dict.fromkeys(langs, 30)})


def _themes(book: Any, structure: dict[str, Any], texts: dict[str, dict[str, Any]], langs: list[str]) -> None:
    themes = structure.get("themes") or []
    if not themes:
        return
    keys = ("name", "short", "question", "measures")
    header = ["id", "colour", "shape"] + [f"{k}_{lang}" for lang in langs for k in keys]
    rows = [
        [t.get("id"), t.get("colour"), t.get("shape")] + [texts[lang]["themes"].get(t.get("id"), {}).get(k) for lang in langs for k in keys]
        for t in themes
    ]
    _sheet(book, "Themes", header, rows, {"id": 18, "name": 30, "short": 22, "question": 40, "measures": 40})


def _cards(book: Any, structure: dict[str, Any], texts: dict[str, dict[str, Any]], langs: list[str]) -> None:
    cards = [c if isinstance(c, dict) else {"id": c} for c in structure.get("cards") or []]
    themed = any("theme" in c for c in cards)
    header = ["id"] + (["theme"] if themed else []) + [f"{k}_{lang}" for lang in langs for k in ("title", "description")]
    rows = [
        [c["id"]]
        + ([c.get("theme")] if themed else [])
        + [texts[lang]["cards"].get(c["id"], {}).get(k) for lang in langs for k in ("title", "description")]
        for c in cards
    ]
    _sheet(book, "Cards", header, rows, {"id": 24, "theme": 16, "title": 28, "description": 60})


def _texts(book: Any, texts: dict[str, dict[str, Any]], langs: list[str]) -> None:
    """The deck's other strings, a row a key, a column a language."""
    rows_by_key: dict[Path_, dict[str, Any]] = {}
    for lang in langs:
        rest = {k: v for k, v in texts[lang].items() if k not in ("language", "themes", "cards", *LANGUAGE_SETTINGS)}
        for key, value in _flat(rest):
            rows_by_key.setdefault(key, {})[lang] = value
    rows = [[".".join(map(str, key)), *(values.get(lang) for lang in langs)] for key, values in rows_by_key.items()]
    _sheet(book, "Texts", ["key", *langs], rows, {"key": 40, **dict.fromkeys(langs, 60)})


def workbook(folder: Path) -> bytes:
    """A deck folder's YAML files as one workbook, every text as written."""
    import openpyxl  # type: ignore[import-untyped]

    structure = _read(folder, "deck.yaml")
    reference = structure.get("reference_language", "fi")
    order = (reference, "fi", "sv", "en")  # the reference language first, then the game's own, then the rest
    langs = sorted(languages(folder), key=lambda lang: (order.index(lang) if lang in order else len(order), lang))
    texts = {lang: _read(folder, f"{lang}.yaml") for lang in langs}
    book = openpyxl.Workbook()
    _instructions(book)
    _deck(book, structure, texts, langs)
    _themes(book, structure, texts, langs)
    _cards(book, structure, texts, langs)
    _texts(book, texts, langs)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
