"""One filled PDF's record and field values, read with pikepdf (qpdf): what a
team typed and ticked, and the deck record the kit wrote into it.

Everything about the file is bounded before it is used: its size, the depth
and number of its fields, the length of its texts, the shape of its record.
A file that breaks any bound, or that qpdf cannot read, is one sentence.
"""

from __future__ import annotations

import datetime
import logging
from pathlib import Path
from typing import Any, NamedTuple

from osallisuuspeli.i18n import N_, _
from osallisuuspeli.record import KEY

MAX_BYTES = 50 * 1024 * 1024  # a filled board of 6 A3 sheets is under 2 MB
MAX_FIELDS = 20_000
MAX_DEPTH = 12  # cards > <id> > worth_trying is 3
MAX_VALUE = 20_000  # characters in one field
DAMAGED = N_("not a readable PDF (damaged or cut short; save or download it again)")


class Filled(NamedTuple):
    record: str  # the record's text, as the kit wrote it (osallisuuspeli/record.py)
    values: dict[str, str]  # full field name -> the text typed, whatever it starts with
    states: dict[str, str]  # full field name -> a check box's state ("/Yes", "/Off")
    year: int  # the year it was saved in, for a date written without one


def _year(docinfo: Any, path: Path) -> int:
    """When the sheet was last saved: its /ModDate, else the file's own time
    (the kit's own /CreationDate is fixed, for identical bytes)."""
    text = str(docinfo.get("/ModDate", "")) if docinfo is not None else ""
    if text.startswith("D:") and text[2:6].isdigit() and text[2:6] != "2000":
        return int(text[2:6])
    return datetime.datetime.fromtimestamp(path.stat().st_mtime).year


def _value(node: Any) -> str | None:
    import pikepdf

    value = node.get("/V")
    if value is None:  # a check box may say its state only on its widget
        kids = node.get("/Kids")
        widgets = [node] if kids is None else [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/T" not in k]
        states = [str(state) for state in (w.get("/AS") for w in widgets[:4]) if isinstance(state, pikepdf.Name)]
        return next((s for s in states if s != "/Off"), states[0] if states else None)
    if isinstance(value, pikepdf.Name):
        return str(value)
    if isinstance(value, pikepdf.String):
        text = str(value)
        if len(text) > MAX_VALUE:
            raise ValueError(_("a field holds more text than a sheet can"))
        return text
    return None


def _fields(root: Any) -> tuple[dict[str, str], dict[str, str]]:
    """Every terminal field's full name (parts joined by '.') and value: the
    texts typed, and the check boxes' states (a button field's, or where a
    reader left out the type, a PDF name). The tree is walked without
    recursion, each object once."""
    import pikepdf

    form = root.get("/AcroForm")
    top = form.get("/Fields") if isinstance(form, pikepdf.Dictionary) else None
    if not isinstance(top, pikepdf.Array):
        return {}, {}
    texts: dict[str, str] = {}
    states: dict[str, str] = {}
    seen: set[tuple[int, int]] = set()
    stack: list[tuple[Any, str, int, Any]] = [(f, "", 1, None) for f in reversed(list(top))]
    count = 0
    while stack:
        node, prefix, depth, inherited = stack.pop()
        if not isinstance(node, pikepdf.Dictionary):
            continue
        if node.is_indirect:
            if node.objgen in seen:
                continue
            seen.add(node.objgen)
        count += 1
        if count > MAX_FIELDS or depth > MAX_DEPTH:
            raise ValueError(_("its form has more fields, or deeper, than any sheet of this tool"))
        part = node.get("/T")
        kind = node.get("/FT", inherited)  # a field's type is inherited from its parent
        name = f"{prefix}.{part}" if prefix and part is not None else str(part) if part is not None else prefix
        kids = node.get("/Kids")
        named = [k for k in kids if isinstance(k, pikepdf.Dictionary) and "/T" in k] if isinstance(kids, pikepdf.Array) else []
        if named:
            stack += [(k, name, depth + 1, kind) for k in reversed(named)]
        elif part is not None:
            value = _value(node)
            if value is None:
                continue
            button = kind == pikepdf.Name.Btn if isinstance(kind, pikepdf.Name) else value.startswith("/")
            (states if button else texts)[name] = value
    return texts, states


def read_filled(path: Path) -> Filled:
    """The record and values of one PDF; ValueError with the reason it cannot count."""
    import pikepdf

    logging.getLogger("pikepdf").setLevel(logging.CRITICAL)  # qpdf's warnings would break the one-line rule
    if path.stat().st_size > MAX_BYTES:
        raise ValueError(_("larger than any filled sheet (over 50 MB)"))
    with path.open("rb") as f:
        if not f.read(1024).lstrip().startswith(b"%PDF-"):
            raise ValueError(_("not a PDF file"))
    try:
        with pikepdf.open(path) as pdf:
            info = pdf.trailer.get("/Info")
            docinfo = info if isinstance(info, pikepdf.Dictionary) else None
            text = docinfo.get(KEY) if docinfo is not None else None
            if not isinstance(text, pikepdf.String):
                raise ValueError(
                    _(
                        "not a fillable board or results sheet of osallisuuspeli (build the kit again with --fillable, or use results-sheet.pdf)"
                    )
                )
            return Filled(str(text), *_fields(pdf.Root), _year(docinfo, path))
    except pikepdf.PasswordError:
        raise ValueError(_("protected with a password; save it without one")) from None
    except pikepdf.PdfError:
        raise ValueError(_(DAMAGED)) from None
    except RecursionError:
        raise ValueError(_(DAMAGED)) from None
