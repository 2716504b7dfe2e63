"""The register's export as a workbook for people to read: a sheet per
table, a row per record, every text a string cell that cannot run as a
formula (osallisuuspeli/cells.py)."""

from __future__ import annotations

import io
import json
from typing import Any

from osallisuuspeli.cells import safe


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        value = ", ".join(map(str, value))
    elif isinstance(value, dict):
        value = json.dumps(value, ensure_ascii=False)
    return safe(value)


def xlsx_bytes(dump: dict[str, Any]) -> bytes:
    """`dump` (Register.dump) as a workbook: a sheet per table, and one of the register itself."""
    from openpyxl import Workbook  # type: ignore[import-untyped]

    book = Workbook(write_only=True)
    about = book.create_sheet("register")
    for key in ("format", "schema", "register", "next_number"):
        about.append([key, _cell(dump[key])])
    for name, rows in dump["tables"].items():
        if name == "decks":
            continue  # the deck records are JSON for the program; the JSON export carries them
        sheet = book.create_sheet(name[:31])
        if not rows:
            continue
        columns = list(rows[0])
        sheet.append(columns)
        for row in rows:
            sheet.append([_cell(row[c]) for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
