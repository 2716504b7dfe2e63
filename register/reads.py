"""The register's workshops as a season (results/season.py), for `results`
and `report`, with files given beside them counted once.

A file of a workshop the register holds (the identity it was added under)
is not counted again; a board whose results sheet alone is in the register
(or the other way round) joins that workshop, as `register add` would join
them. Each workshop's words come from the deck records the register kept
when it was added, so a report from the register reads like one from files.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from osallisuuspeli.i18n import _
from osallisuuspeli.record import Record
from osallisuuspeli.results import season as reader
from osallisuuspeli.results.season import Read, Season, Skipped
from osallisuuspeli.results.workshop import COLUMNS

from .data import Register, Stored


def _record(records: dict[tuple[str, str, str], Record], stored: Stored) -> Record:
    """The record of the deck a stored workshop was filled in: its version in
    its language, else that version in another, else any of the deck."""
    w = stored.workshop
    form = "results-sheet" if "results-sheet" in stored.forms else stored.forms[0]
    for version in w.versions:
        if (w.deck, version, w.language) in records:
            return records[w.deck, version, w.language]._replace(form=form)
    same = [r for (d, v, _lang), r in records.items() if d == w.deck and v in w.versions] or [
        r for r in records.values() if r.deck == w.deck
    ]
    if same:
        return same[0]._replace(form=form)
    return Record(form, w.deck, w.language, w.deck, "#1A1A1A", w.versions[0] if w.versions else "", COLUMNS, (), ())


def register_reads(register: Register) -> tuple[list[Stored], list[Read]]:
    """Every workshop of the register, and each as a read of the season."""
    records = {(r.deck, r.version, r.language): r for r in register.records()}
    stored = register.workshops()
    return stored, [Read(st.workshop, _record(records, st)) for st in stored]


def with_files(register: Register, stored: list[Stored], reads: list[Read], files: Iterable[Read]) -> tuple[list[Read], list[Skipped]]:
    """The register's reads and the files' together, each workshop once: a
    file of a workshop in the register joins it or is named, never counted twice."""
    identities = register.identities()
    place = {identities.get(st.number, ""): i for i, st in enumerate(stored)}  # ("": deleted meanwhile by another process)
    forms = [set(st.forms) for st in stored]
    out, extra, skipped = list(reads), [], []
    for read in files:
        i = place.get(reader.identity(read.workshop))
        if i is None:
            extra.append(read)
        elif read.record.form not in forms[i] and len(forms[i]) == 1:
            (first,) = forms[i]
            out[i] = out[i]._replace(workshop=reader.merged(out[i].workshop, read.workshop, first))
            forms[i].add(read.record.form)
        else:
            reason = _("already in the register as workshop %(number)d; not counted twice") % {"number": stored[i].number}
            skipped.append(Skipped(read.workshop.files[0], reason))
    return out + extra, skipped


def season(
    register: Register,
    paths: Iterable[Path] = (),
    *,
    deck: str | Path | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    units: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> Season:
    """The register's workshops, and those of the files and folders `paths`,
    made one season with the filters of results/season.py's season_of."""
    paths = list(paths)
    deck_id, sources = reader.deck_named(deck)
    file_reads, unread = reader.read_files(paths, progress) if paths else ([], [])
    stored, reads = register_reads(register)
    reads, twice = with_files(register, stored, reads, file_reads)
    return reader.season_of(
        reads,
        deck=deck_id,
        deck_sources=sources,
        language=language,
        since=since,
        until=until,
        units=units,
        files=len(file_reads) + len(unread),
        skipped=[*unread, *twice],
    )
