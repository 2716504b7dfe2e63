"""Spreadsheet cells that a person's text reaches, written so that no text
ever runs as a formula (OWASP's CSV injection advice), and workbooks written
byte for byte the same from the same rows."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel or LibreOffice read a cell as a formula
FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # every workbook member's time stamp
_CORE_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


def risky(text: str) -> bool:
    """True for a text a spreadsheet would take for a formula, also after
    the spaces it may trim."""
    return text.startswith(TRIGGERS) or text.lstrip(" ").startswith(TRIGGERS)


def safe(value: Any) -> Any:
    """A CSV field: a risky text behind a leading apostrophe, as OWASP advises;
    other values as they are."""
    return "'" + value if isinstance(value, str) and risky(value) else value


def xlsx_cell(sheet: Any, value: Any, bold: bool = False) -> Any:
    """A write-only workbook's cell: a text is always a string cell, never a
    formula; a risky one also carries Excel's quote prefix, so editing it in
    Excel keeps it text."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
    from openpyxl.styles import Font  # type: ignore[import-untyped]

    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
        if risky(value):
            cell.quotePrefix = True
    if bold:
        cell.font = Font(bold=True)
    return cell


_CELL_NEEDED = ("#",)  # openpyxl takes "#N/A", "#REF!"... for error values: a team's text stays text


def xlsx_row(sheet: Any, values: Any) -> list[Any]:
    """A row for a write-only sheet: a cell object only where a plain value
    would not stay what it is (a risky or '#' text, a date to show as a date);
    the rest as they are, which openpyxl writes ten times faster."""
    row: list[Any] = []
    for v in values:
        if isinstance(v, str):
            row.append(xlsx_cell(sheet, v) if risky(v) or v.startswith(_CELL_NEEDED) else v)
        elif isinstance(v, datetime.date):
            cell = xlsx_cell(sheet, v)
            cell.number_format = "mm-dd-yy"  # Excel's built-in short date: shown as the reader's locale writes dates
            row.append(cell)
        else:
            row.append(v)
    return row


def workbook_bytes(book: Any) -> bytes:
    """The workbook saved, with its own time stamps fixed: the same rows give
    the same bytes."""
    raw = io.BytesIO()
    book.properties.created = datetime.datetime(*FIXED_TIME)
    book.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "docProps/core.xml":
                data = _CORE_TIME.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            dst.writestr(zipfile.ZipInfo(info.filename, FIXED_TIME), data, zipfile.ZIP_DEFLATED)
    return out.getvalue()
