"""Filled boards and results sheets, read back into one record a workshop.

Each PDF says what it is and which deck it belongs to (results/record.py),
so any number of them are read without their deck. A file that cannot count
- not a PDF, damaged, unfilled, of another deck or version of its cards, or
a second copy of a workshop already read - is named with the reason in one
line, and the others are read all the same.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from osallisuuspeli.boards.layout import WORKSHOP

from .record import COLUMNS, KEY, TOKENS, Record, loads

ACTIONS = ("goal", "method", "responsible", "resources", "timetable", "measure", "implementation")
SAME = ("date", "organisation", "leader", "target_group")  # details that make two records one workshop


class Workshop(NamedTuple):
    files: tuple[str, ...]  # the file names it was read from
    record: Record
    details: dict[str, str]  # by WORKSHOP key
    placed: dict[str, tuple[str, ...]]  # card id -> the columns ticked (COLUMNS)
    tokens: dict[str, tuple[str, ...]]  # card id -> the tokens ticked (TOKENS)
    own: tuple[tuple[str, str], ...]  # the team's own methods: (name, description)
    actions: tuple[dict[str, str], ...]  # the step-7 rows, by ACTIONS key
    notes: dict[str, str]  # the board's other writing areas, by field name


class Skipped(NamedTuple):
    file: str
    reason: str  # with what became of the file: "...; skipped" or "...; not counted twice"


def pdf_files(paths: Iterable[Path]) -> list[Path]:
    """The files given, a folder standing for its PDFs, in name order."""
    found: list[Path] = []
    for path in paths:
        found += sorted(p for p in path.iterdir() if p.suffix.lower() == ".pdf") if path.is_dir() else [path]
    return found


def _fields(path: Path) -> tuple[Record, dict[str, object]]:
    """The record and the filled values of one PDF; ValueError with the reason."""
    import pypdf
    from pypdf.errors import PdfReadError

    try:
        with path.open("rb") as f:
            if not f.read(1024).lstrip().startswith(b"%PDF-"):
                raise ValueError("not a PDF file")
        quiet = logging.getLogger("pypdf")
        level, quiet.level = quiet.level, logging.CRITICAL  # its warnings would break the one-line rule
        try:
            reader = pypdf.PdfReader(path)
            info: dict = dict(reader.metadata or {})
            fields = reader.get_fields() or {}
        finally:
            quiet.setLevel(level)
    except (PdfReadError, OSError, KeyError, TypeError) as e:
        raise ValueError(f"not a readable PDF ({e})") from None
    text = info.get(KEY)
    if not text:
        raise ValueError(
            "not a fillable board or results sheet of osallisuuspeli (build the kit again with --fillable, or use results-sheet.pdf)"
        )
    try:
        record = loads(str(text))
    except (ValueError, KeyError, TypeError):
        raise ValueError("its osallisuuspeli record is damaged") from None
    return record, {name: f.get("/V") for name, f in fields.items() if "/FT" in f}


def _text(value: object) -> str:
    return str(value).strip() if value is not None else ""


def _ticked(value: object) -> bool:
    return value is not None and str(value) not in ("", "/Off", "Off")


def workshop_of(path: Path) -> Workshop:
    """One filled PDF as a workshop; ValueError with the reason it cannot count."""
    record, values = _fields(path)
    text = {name: _text(v) for name, v in values.items()}
    details = {key: text.get(f"workshop.{key}", "") for key in WORKSHOP}
    placed: dict[str, tuple[str, ...]] = {}
    tokens: dict[str, tuple[str, ...]] = {}
    for card in record.cards:
        cols = tuple(c for c in COLUMNS if _ticked(values.get(f"cards.{card.id}.{c}")))
        toks = tuple(t for t in TOKENS if _ticked(values.get(f"cards.{card.id}.{t}")))
        if cols:
            placed[card.id] = cols
        if toks:
            tokens[card.id] = toks
    own = []
    actions = []
    for row in range(1, 21):
        name, description = text.get(f"own.row{row}.title", ""), text.get(f"own.row{row}.description", "")
        if name or description:
            own.append((name, description))
        board = {"goal": "goal", "method": "method", "implementation": "implementation"}
        action = {key: text.get(f"actions.row{row}.{key}", "") or text.get(f"step7.row{row}.{board.get(key, '-')}", "") for key in ACTIONS}
        if any(action.values()):
            actions.append(action)
    notes = {name: v for name, v in text.items() if name.startswith("step") and not name.startswith("step7.") and v}
    if not (any(details.values()) or placed or tokens or own or actions or notes):
        raise ValueError("nothing is filled in")
    return Workshop((path.name,), record, details, placed, tokens, tuple(own), tuple(actions), notes)


def _merged(a: Workshop, b: Workshop) -> Workshop:
    """A workshop's board and its results sheet as one: the sheet's cards, the
    notes of the board, the actions of whichever has them."""
    sheet, board = (a, b) if a.record.form == "results-sheet" else (b, a)
    details = {k: sheet.details.get(k) or board.details.get(k, "") for k in WORKSHOP}
    return sheet._replace(
        files=a.files + b.files, details=details, actions=sheet.actions or board.actions, notes=board.notes, own=sheet.own or board.own
    )


def read_all(paths: Iterable[Path]) -> tuple[list[Workshop], list[Skipped]]:
    """Every workshop in `paths` (files or folders), and the files that do not count."""
    workshops: list[Workshop] = []
    skipped: list[Skipped] = []
    for path in pdf_files(paths):
        try:
            w = workshop_of(path)
        except ValueError as e:
            skipped.append(Skipped(path.name, f"{e}; skipped"))
            continue
        except OSError as e:
            skipped.append(Skipped(path.name, f"cannot be read ({e.strerror or e}); skipped"))
            continue
        if workshops and w.record.deck != workshops[0].record.deck:
            skipped.append(
                Skipped(
                    path.name,
                    f"belongs to the deck '{w.record.deck}', not '{workshops[0].record.deck}' as {workshops[0].files[0]} does; skipped",
                )
            )
            continue
        if workshops and w.record.version != workshops[0].record.version:
            skipped.append(
                Skipped(path.name, f"made from another version of the '{w.record.deck}' cards than {workshops[0].files[0]}; skipped")
            )
            continue
        key = tuple(w.details[k].casefold() for k in SAME)
        twin = next((i for i, o in enumerate(workshops) if any(key) and tuple(o.details[k].casefold() for k in SAME) == key), None)
        if twin is None:
            twin = next((i for i, o in enumerate(workshops) if o[2:] == w[2:]), None)
        if twin is not None:
            other = workshops[twin]
            if other.record.form != w.record.form and len(other.files) == 1:
                workshops[twin] = _merged(other, w)  # the board and the results sheet of one workshop
                continue
            skipped.append(Skipped(path.name, f"the same workshop as {other.files[0]}; not counted twice"))
            continue
        workshops.append(w)
    return workshops, skipped
