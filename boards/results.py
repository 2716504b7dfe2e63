"""Reading a filled board back: the team's results in step order.

The fillable board names every field by step and place (step1.notes,
step4.kayttajat.done_well, step7.row1.goal) and says what it is in the
field's tooltip; this turns the filled fields into nested data or flat rows.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
from enum import StrEnum
from pathlib import Path

from osallisuuspeli.errors import UserError


class Format(StrEnum):
    yaml = "yaml"
    csv = "csv"
    json = "json"


_FIELD = re.compile(r"^step(\d+)\.")


def read_fields(path: Path) -> list[tuple[str, str, str]]:
    """(name, label, value) of every board field, in step order, then board order."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        with path.open("rb") as f:
            if not f.read(1024).lstrip().startswith(b"%PDF-"):
                raise UserError(f"{path}: not a PDF file")
        quiet = logging.getLogger("pypdf")
        level, quiet.level = quiet.level, logging.CRITICAL  # its warnings would break the one-line rule
        try:
            fields = pypdf.PdfReader(path).get_fields() or {}
        finally:
            quiet.setLevel(level)
    except (PdfReadError, OSError, ValueError) as e:
        raise UserError(f"{path}: not a readable PDF ({e})") from None
    rows = []
    for order, (name, field) in enumerate(fields.items()):
        m = _FIELD.match(name)
        if not m:
            continue
        value = field.get("/V") or ""
        label = field.get("/TU") or ""
        rows.append((int(m.group(1)), order, name, str(label), str(value)))
    if not rows:
        raise UserError(f"{path}: not a fillable osallisuuspeli board (it has no stepN.* form fields); build one with --fillable")
    rows.sort()
    return [(name, label, value) for _, _, name, label, value in rows]


def nested(rows: list[tuple[str, str, str]]) -> dict:
    """{'step7': {'row1': {'goal': '...'}}} from the dotted names."""
    out: dict = {}
    for name, _label, value in rows:
        node = out
        *parents, leaf = name.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[leaf] = value
    return out


def format_results(rows: list[tuple[str, str, str]], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(nested(rows), ensure_ascii=False, indent=2) + "\n"
    if fmt == "yaml":
        import yaml

        return yaml.safe_dump(nested(rows), allow_unicode=True, sort_keys=False, width=1000)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["field", "label", "value"])
    writer.writerows(rows)
    return buffer.getvalue()
