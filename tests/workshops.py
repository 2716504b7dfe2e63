"""Filling boards and results sheets as teams would, with pypdf."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import NameObject


def fill(source: Path, target: Path, values: dict[str, str], ticks: set[str] = frozenset()) -> None:
    """`source` with text `values` and the check boxes `ticks` (full field names) filled, saved as `target`."""
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter(clone_from=reader)
    known = reader.get_fields() or {}
    unknown = (set(values) | set(ticks)) - set(known)
    assert not unknown, unknown
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
        for annot in page.get("/Annots", []):
            a = annot.get_object()
            parent = a.get("/Parent")
            name = a.get("/T")
            full = [str(name)]
            while parent is not None:
                p = parent.get_object()
                full.insert(0, str(p["/T"]))
                parent = p.get("/Parent")
            if ".".join(full) in ticks:
                a[NameObject("/V")] = NameObject("/Yes")
                a[NameObject("/AS")] = NameObject("/Yes")
    writer.write(target)


def team(
    sheet: Path,
    target: Path,
    details: dict[str, str],
    placed: dict[str, str],
    tokens: dict[str, str] | None = None,
    actions: list[dict] = (),
    own=(),
) -> None:
    """A results sheet filled: details by key, card id -> column, card id -> token, step-7 rows, own methods."""
    values = {f"workshop.{k}": v for k, v in details.items()}
    for i, action in enumerate(actions, 1):
        values |= {f"actions.row{i}.{k}": v for k, v in action.items()}
    for i, (name, text) in enumerate(own, 1):
        values |= {f"own.row{i}.title": name, f"own.row{i}.description": text}
    ticks = {f"cards.{c}.{col}" for c, col in placed.items()} | {f"cards.{c}.{t}" for c, t in (tokens or {}).items()}
    fill(sheet, target, values, ticks)
