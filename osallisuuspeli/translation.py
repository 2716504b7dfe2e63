"""Translation as a workflow: which keys a language file lacks or adds,
compared with the deck's reference language (Finnish for the built-in decks).

Values are not compared - they are the translation - only the keys, and the
length of lists (a board step keeps its number of questions).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from . import yamlfile
from .errors import Problem, shown
from .i18n import _
from .load import _read_structure, find_deck, languages
from .places import BUILTIN_DECKS, GUIDES, STRINGS
from .yamlfile import Document, Path_

SKIP = {("language",)}  # differs by design
OWN_SECTIONS = ("guide", "strings")  # a language the tool does not ship brings these in its deck file


def _paths(doc: Document, node: Any, path: Path_ = ()) -> dict[Path_, object]:
    """Every key path of a document; lists are leaves, compared by length."""
    out: dict[Path_, object] = {}
    if isinstance(node, dict):
        for key, value in node.items():
            out.update(_paths(doc, value, path + (key,)))
        if not node and path:
            out[path] = {}
    else:
        out[path] = len(node) if isinstance(node, list) else None
    return out


def _prefixes(paths: Iterable[Path_]) -> set[Path_]:
    return {path[:i] for path in paths for i in range(1, len(path) + 1)}


def _shallowest(path: Path_, known: set[Path_]) -> Path_:
    """The shortest prefix of `path` the other file lacks: a whole extra card is one line."""
    for i in range(1, len(path) + 1):
        if path[:i] not in known:
            return path[:i]
    return path


def differences(reference: Path, other: Path) -> list[Problem]:
    ref, doc = yamlfile.read(reference), yamlfile.read(other)
    theirs, ours = _paths(ref, ref.data), _paths(doc, doc.data)
    if ref.file.parent == doc.file.parent:  # two files of one deck: compare what both must have
        theirs = {p: v for p, v in theirs.items() if p[0] not in OWN_SECTIONS}
        ours = {p: v for p, v in ours.items() if p[0] not in OWN_SECTIONS}
    their_keys, our_keys = _prefixes(theirs), _prefixes(ours)
    problems, seen = [], set()
    for path, value in ours.items():
        if path in SKIP:
            continue
        if path not in theirs:
            extra = _shallowest(path, their_keys)
            if extra not in seen:
                seen.add(extra)
                problems.append(
                    Problem(
                        shown(other),
                        doc.line(extra),
                        _("extra key %(key)s (not in %(file)s)") % {"key": ".".join(map(str, extra)), "file": reference.name},
                    )
                )
        elif isinstance(value, int) and isinstance(theirs[path], int) and value != theirs[path]:
            problems.append(
                Problem(
                    shown(other),
                    doc.line(path),
                    _("%(key)s has %(num)s items, %(file)s has %(other)s")
                    % {"key": ".".join(map(str, path)), "num": value, "file": reference.name, "other": theirs[path]},
                )
            )
    for path in theirs:
        if path not in ours and path not in SKIP:
            missing = _shallowest(path, our_keys)
            if missing not in seen:
                seen.add(missing)
                problems.append(
                    Problem(
                        shown(other),
                        None,
                        _("missing key %(key)s (%(file)s line %(line)s)")
                        % {"key": ".".join(map(str, missing)), "file": reference.name, "line": ref.line(missing)},
                    )
                )
    return problems


def check_language(deck: str | Path, language: str) -> list[Problem]:
    """Keys missing or extra in a deck's language file (and, for a language the
    tool ships, in its guide and interface strings) against the deck's
    reference language."""
    folder = find_deck(deck)
    if folder.is_file():
        return []  # a workbook has every text of every language in its row: an empty cell is validate's to find
    reference = _read_structure(yamlfile.read(folder / "deck.yaml"), folder).reference_language
    if not (folder / f"{language}.yaml").is_file():
        own = folder.parent != BUILTIN_DECKS
        how = (
            _("copy %(reference)s to %(file)s") % {"reference": f"{reference}.yaml", "file": f"{language}.yaml"}
            if own
            else _("make your own copy (osallisuuspeli init my-deck) and copy its %(reference)s to %(file)s")
            % {"reference": f"{reference}.yaml", "file": f"{language}.yaml"}
        )
        return [
            Problem(
                shown(folder),
                None,
                _("no language '%(language)s' in this deck (it has: %(have)s); to add it, %(how)s and translate it")
                % {"language": language, "have": ", ".join(languages(folder)), "how": how},
            )
        ]
    pairs = [(folder / f"{reference}.yaml", folder / f"{language}.yaml")]
    for base in (GUIDES, STRINGS):
        if (base / f"{language}.yaml").is_file():
            pairs.append((base / f"{reference}.yaml", base / f"{language}.yaml"))
    problems = []
    for ref, other in pairs:
        if not other.is_file():
            problems.append(Problem(shown(other), None, _("file not found")))
            continue
        problems += differences(ref, other)
    return problems
