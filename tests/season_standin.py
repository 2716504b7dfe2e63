"""A stand-in for results/season.py (the lead's reader, landing in parallel):
the same names and signatures, built on results/read.py, installed only
while the real module is not there."""

from __future__ import annotations

import hashlib
import importlib.util
import re
import sys
import types
from pathlib import Path
from typing import NamedTuple

from osallisuuspeli.results.record import Record
from osallisuuspeli.results.workshop import Action, Workshop

SAME = ("date", "organisation", "leader", "target_group")


class Read(NamedTuple):
    workshop: Workshop
    record: Record


class Skipped(NamedTuple):
    file: str
    reason: str


def _iso(text: str) -> str:
    if m := re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)", text.strip()):
        return m[0]
    if m := re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text.strip()):
        return f"{m[3]}-{int(m[2]):02}-{int(m[1]):02}"
    return ""


def _due(text: str) -> str:
    m = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", text) or None
    return f"{m[3]}-{int(m[2]):02}-{int(m[1]):02}" if m else ""


def _converted(old) -> Workshop:
    d = old.details
    typed = d.get("participants", "")
    return Workshop(
        deck=old.record.deck,
        language=old.record.language,
        files=old.files,
        versions=(old.record.version,),
        date=_iso(d.get("date", "")),
        date_typed=d.get("date", ""),
        organisation=" ".join(d.get("organisation", "").split()),
        leader=d.get("leader", ""),
        participants=int(typed) if typed.strip().isdigit() else None,
        participants_typed=typed,
        target_group=d.get("target_group", ""),
        scope=d.get("scope", ""),
        cards=tuple(c.id for c in old.record.cards),
        placed=tuple((c, col) for c in old.placed for col in old.placed[c]),
        tokens=tuple((c, t) for c in old.tokens for t in old.tokens[c]),
        unplaced=(),
        own=old.own,
        actions=tuple(Action(**a, due=_due(a.get("timetable", ""))) for a in old.actions),
        notes=tuple(sorted(old.notes.items())),
    )


def read_files(paths: list[Path], progress=None) -> tuple[list[Read], list[Skipped]]:
    from osallisuuspeli.results.read import workshop_of

    files: list[Path] = []
    for p in paths:
        files += sorted(q for q in p.rglob("*") if q.suffix.lower() == ".pdf") if p.is_dir() else [p]
    reads, skipped = [], []
    for f in files:
        try:
            old = workshop_of(f)
        except ValueError as e:
            skipped.append(Skipped(f.name, f"{e}; skipped"))
            continue
        reads.append(Read(_converted(old), old.record))
    return reads, skipped


def identity(w: Workshop) -> str:
    key = tuple(getattr(w, k).casefold() for k in SAME)
    text = repr((w.deck, key)) if any(key) else repr((w.deck, w[4:]))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def merged(a: Workshop, b: Workshop) -> Workshop:
    """`a` the results sheet, `b` the board."""
    return a._replace(
        files=a.files + b.files, versions=tuple(dict.fromkeys(a.versions + b.versions)), notes=b.notes, actions=a.actions or b.actions
    )


def install() -> None:
    """Put this in results.season's place unless the real one exists."""
    if "osallisuuspeli.results.season" in sys.modules or importlib.util.find_spec("osallisuuspeli.results.season"):
        return
    module = types.ModuleType("osallisuuspeli.results.season")
    for name in ("Read", "Skipped", "read_files", "identity", "merged"):
        setattr(module, name, globals()[name])
    sys.modules[module.__name__] = module
    import osallisuuspeli.results

    osallisuuspeli.results.season = module  # type: ignore[attr-defined]
