"""A season of filled boards and results sheets, read into workshops that add up.

Every file is read on its own (results/pool.py) and counts unless it is itself
broken, unfilled or a second copy of a workshop. Then the season is made of
them: the deck the user names or most files belong to (the others named, with
how to count them), every version of that deck's cards merged by card id, a
board and a results sheet of one workshop as one, the period and units asked
for, and the words of one language for everything said about them.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import NamedTuple

from osallisuuspeli.i18n import LANGUAGES, _, carried, ngettext
from osallisuuspeli.model import plain
from osallisuuspeli.record import (
    ACTION_STEP,
    ROWS_READ,
    Record,
    action_field,
    board_field,
    board_part,
    card_field,
    detail_field,
    dotted,
    loads,
    own_field,
    row_part,
)

from .dates import due_date, read_details
from .pdfread import read_filled
from .pool import map_files
from .texts import DeckTexts, Source, from_deck, from_record, gather
from .workshop import ACTION_KEYS, COLUMNS, DETAILS, TOKENS, Action, Workshop

SAME = ("date", "organisation", "leader", "target_group")  # details that make two sheets one workshop


class Read(NamedTuple):
    workshop: Workshop
    record: Record


class Skipped(NamedTuple):
    file: str  # as shown: relative to the folder given
    reason: str  # with what became of the file: "...; skipped" or "...; not counted twice"
    path: str = ""  # the file itself, where the reader opened it (the register reads a follow-up sheet from it)


class Season(NamedTuple):
    workshops: tuple[Workshop, ...]  # counted; by date (undated last), then by file
    skipped: tuple[Skipped, ...]
    texts: DeckTexts
    language: str  # the outputs' language
    files: int  # how many files were given
    notes: tuple[str, ...] = ()  # what the user should know: other decks, dates not read, nearly empty sheets


def pdf_files(paths: Iterable[Path]) -> list[tuple[Path, str]]:
    """The files given, a folder standing for every PDF in it and its
    subfolders, each with the name to show (relative to the folder given)."""
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file() and not p.name.startswith("~$"))
            found += [(p, p.relative_to(path).as_posix()) for p in inside]
        else:
            found.append((path, path.name))
    return found


# -- one file ---------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", plain(text).casefold()).split())


def _placements(text: str, record: Record) -> tuple[list[str], list[str]]:
    """What a team typed in a board's column: card ids recognised by number or
    by title where unambiguous, and the rest as typed."""
    by_number = {c.number: c.id for c in record.cards}
    by_title: dict[str, list[str]] = {}
    for c in record.cards:
        by_title.setdefault(_words(c.title), []).append(c.id)
    found, rest = [], []
    for part in re.split(r"[\n,;]+", text):
        part = part.strip()
        if not part:
            continue
        number = re.match(r"^#?(\d{1,4})\b\.?", part)
        ids = [by_number[int(number[1])]] if number and int(number[1]) in by_number else by_title.get(_words(part), [])
        if len(ids) == 1:
            found.append(ids[0])
        else:
            rest.append(part)
    return found, rest


def _ticked(value: str | None) -> bool:
    return value is not None and value not in ("", "/Off", "Off")


class _Marks(NamedTuple):
    """What a team marked and wrote on a sheet, as a Workshop keeps it; any() of it: something was."""

    placed: tuple[tuple[str, str], ...]
    tokens: tuple[tuple[str, str], ...]
    unplaced: tuple[tuple[str, str], ...]
    own: tuple[tuple[str, str], ...]
    actions: tuple[Action, ...]
    notes: tuple[tuple[str, str], ...]


def _record_in(text: str) -> Record:
    """The record the kit wrote into the sheet, which names its deck and cards;
    ValueError, in the reader's words, when it is damaged."""
    try:
        return loads(text)
    except ValueError:
        raise ValueError(_("its osallisuuspeli record is damaged")) from None


def _ticked_cards(states: dict[str, str], record: Record) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The results sheet's ticked boxes: (card, column) placed and (card, token) given."""
    placed: list[tuple[str, str]] = []
    tokens: list[tuple[str, str]] = []
    for card in record.cards:
        placed += [(card.id, c) for c in COLUMNS if _ticked(states.get(dotted(card_field(card.id, c))))]
        tokens += [(card.id, t) for t in TOKENS if _ticked(states.get(dotted(card_field(card.id, t))))]
    return placed, tokens


def _board_areas(text: dict[str, str], record: Record) -> tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """A board's writing areas: the cards typed in a theme's column of step 4
    (placed, and the rest as typed), every other area a note; step 7 is read as rows."""
    placed: list[tuple[str, str]] = []
    unplaced: list[tuple[str, str]] = []
    notes: list[tuple[str, str]] = []
    for name, value in text.items():
        part = board_part(name)
        if not value or part is None or part[0] == ACTION_STEP:
            continue
        rest = part[1]
        if len(rest) == 2 and rest[1] in COLUMNS:  # a theme's column of step 4
            ids, unknown = _placements(value, record)
            placed += [(i, rest[1]) for i in ids]
            unplaced += [(rest[1], r) for r in unknown]
        else:
            notes.append((name, value))
    return placed, unplaced, notes


def _rows(text: dict[str, str]) -> tuple[list[tuple[str, str]], list[Action]]:
    """The rows typed of own methods and of agreed actions (the results sheet's,
    else the board's step 7); a row counts when anything in it is filled."""
    own, actions = [], []
    for row in range(1, ROWS_READ + 1):
        name, description = text.get(dotted(own_field(row, "title")), ""), text.get(dotted(own_field(row, "description")), "")
        if name or description:
            own.append((name, description))
        fields = {
            k: text.get(dotted(action_field(row, k)), "") or text.get(dotted(board_field(ACTION_STEP, row_part(row), k)), "")
            for k in ACTION_KEYS
        }
        if any(fields.values()):
            actions.append(Action(**fields, due=due_date(fields["timetable"] or fields["implementation"])))
    return own, actions


def _in_card_order(marks: Iterable[tuple[str, str]], record: Record, codes: tuple[str, ...]) -> tuple[tuple[str, str], ...]:
    """(card, code) pairs each once, in the record's card order and then `codes`'
    order: a card ticked and typed, or typed twice, is placed once."""
    order = {c.id: i for i, c in enumerate(record.cards)}
    return tuple(sorted(set(marks), key=lambda m: (order[m[0]], codes.index(m[1]))))


def _marks(states: dict[str, str], text: dict[str, str], record: Record) -> _Marks:
    """Everything a team marked and wrote, from boxes and writing areas alike."""
    placed, tokens = _ticked_cards(states, record)
    typed, unplaced, notes = _board_areas(text, record)
    placed_once = _in_card_order(placed + typed, record, COLUMNS)
    own, actions = _rows(text)
    return _Marks(placed_once, _in_card_order(tokens, record, TOKENS), tuple(unplaced), tuple(own), tuple(actions), tuple(sorted(notes)))


def _workshop(record: Record, display: str, details: dict[str, str], year: int, marks: _Marks) -> Workshop:
    """The workshop a sheet records: its details as typed and as read, the cards
    of its kit in play, what its team marked and wrote."""
    return Workshop(
        deck=record.deck,
        language=record.language,
        files=(display,),
        versions=(record.version,),
        **read_details(details, year),
        cards=tuple(c.id for c in record.cards),
        placed=marks.placed,
        tokens=marks.tokens,
        unplaced=marks.unplaced,
        own=marks.own,
        actions=marks.actions,
        notes=marks.notes,
    )


def workshop_of(path: Path, display: str) -> Read:
    """One filled PDF as a workshop; ValueError with the reason it cannot count."""
    filled = read_filled(path)
    record = _record_in(filled.record)
    text = {k: v.strip() for k, v in filled.values.items()}
    details = {k: text.get(dotted(detail_field(k)), "") for k in DETAILS}
    marks = _marks(filled.states, text, record)
    if not (any(details.values()) or any(marks)):
        raise ValueError(_("nothing is filled in"))
    return Read(_workshop(record, display, details, filled.year, marks), record)


def _read_pair(item: tuple[Path, str]) -> Read:
    path, display = item
    return workshop_of(path, display)


def read_files(
    paths: Iterable[Path], progress: Callable[[int], None] | None = None, workers: int = 0, budget: float = 60.0
) -> tuple[list[Read], list[Skipped]]:
    """Every readable workshop in `paths` (files, folders read recursively), and
    the files that cannot count, each with its reason. Nothing is chosen or
    merged yet (see season_of)."""
    files = pdf_files(paths)
    reads: list[Read | None] = [None] * len(files)
    skipped: list[tuple[int, Skipped]] = []
    records: dict[Record, Record] = {}
    cards: dict[tuple[str, ...], tuple[str, ...]] = {}
    for outcome in map_files(carried(_read_pair), files, workers, budget):  # the workers speak the reader's language
        display = files[outcome.item][1]
        if outcome.ok:
            read: Read = outcome.value
            record = records.setdefault(read.record, read.record)  # one copy of each record, however many sheets
            w = read.workshop
            reads[outcome.item] = Read(w._replace(cards=cards.setdefault(w.cards, w.cards)), record)
        else:
            reason = _("%(reason)s; skipped") % {"reason": outcome.value}
            skipped.append((outcome.item, Skipped(display, reason, str(files[outcome.item][0]))))
        if progress:
            progress(1)
    return [r for r in reads if r is not None], [s for _, s in sorted(skipped)]


# -- the same workshop twice --------------------------------------------------


def _digest(data: object) -> str:
    return hashlib.sha256(json.dumps(data, ensure_ascii=False, sort_keys=True).encode()).hexdigest()[:24]


def identity(w: Workshop) -> str:
    """The key two records of one workshop share: its deck and its details
    (compared without case), or, with no details at all, its content."""
    same = (w.date or w.date_typed, w.organisation, w.leader, w.target_group)
    if any(same):
        return _digest([w.deck, *(" ".join(x.split()).casefold() for x in same)])
    return content_key(w)


def content_key(w: Workshop) -> str:
    """What the team recorded, whatever the file: two identical copies share it."""
    return _digest([w.deck, list(w[4:13]), w.placed, w.tokens, w.unplaced, w.own, [list(a) for a in w.actions], w.notes])


def merged(a: Workshop, b: Workshop, a_form: str = "results-sheet") -> Workshop:
    """A workshop's results sheet and its board as one: the sheet's cards,
    tokens and actions (the board's where the sheet has none), the notes of both,
    each detail from whichever has it."""
    sheet, board = (a, b) if a_form == "results-sheet" else (b, a)
    from_board = not sheet.placed
    return sheet._replace(
        files=a.files + b.files,
        versions=tuple(dict.fromkeys(sheet.versions + board.versions)),
        date=sheet.date or board.date,
        date_typed=sheet.date_typed or board.date_typed,
        organisation=sheet.organisation or board.organisation,
        leader=sheet.leader or board.leader,
        participants=sheet.participants if sheet.participants is not None else board.participants,
        participants_typed=sheet.participants_typed or board.participants_typed,
        target_group=sheet.target_group or board.target_group,
        scope=sheet.scope or board.scope,
        cards=sheet.cards if len(sheet.cards) >= len(board.cards) else board.cards,
        placed=board.placed if from_board else sheet.placed,
        unplaced=board.unplaced if from_board else sheet.unplaced,
        tokens=sheet.tokens or board.tokens,
        own=sheet.own or board.own,
        actions=sheet.actions or board.actions,
        notes=tuple(sorted(set(sheet.notes + board.notes))),
    )


def deduplicated(reads: list[Read]) -> tuple[list[Read], list[Skipped]]:
    """Each workshop once: a board and a results sheet of one workshop merged,
    a second copy named. Linear: keyed, not compared pairwise."""
    kept: list[Read] = []
    forms: list[set[str]] = []
    by_identity: dict[str, int] = {}
    by_content: dict[str, int] = {}
    skipped: list[Skipped] = []
    for read in reads:
        w = read.workshop
        key, content = identity(w), content_key(w)
        twin = by_identity.get(key, by_content.get(content))
        if twin is None:
            by_identity[key] = by_content[content] = len(kept)
            kept.append(read)
            forms.append({read.record.form})
            continue
        other = kept[twin]
        if read.record.form not in forms[twin]:
            first_form = "results-sheet" if "results-sheet" in forms[twin] else "board"
            kept[twin] = other._replace(workshop=merged(other.workshop, w, first_form))
            forms[twin].add(read.record.form)
            by_content[content] = twin
            continue
        skipped.append(Skipped(w.files[0], _("the same workshop as %(file)s; not counted twice") % {"file": other.workshop.files[0]}))
    return kept, skipped


# -- the season -----------------------------------------------------------------


def _builtin_sources(deck: str) -> list[Source]:
    from osallisuuspeli.load import builtin_decks, languages, load_deck

    if deck not in builtin_decks():
        return []
    return [from_deck(load_deck(deck, lang)) for lang in languages(deck)]


def choose_deck(reads: list[Read], deck: str | None) -> str:
    """The deck named, else the one most files belong to (ties: by name)."""
    if deck:
        return deck
    counts = Counter(r.workshop.deck for r in reads)
    return min(counts, key=lambda d: (-counts[d], d))


def choose_language(workshops: Iterable[Workshop], language: str | None, reference: str) -> str:
    if language:
        return language
    counts = Counter(w.language for w in workshops)
    if not counts:
        return reference if reference in LANGUAGES else "en"
    best = min(counts, key=lambda x: (-counts[x], x != reference, x))
    return best if best in LANGUAGES else "en"


def _when(w: Workshop) -> tuple[bool, str, str]:
    return (w.date == "", w.date, w.files[0])


def season_of(
    reads: list[Read],
    *,
    deck: str | None = None,
    deck_sources: list[Source] | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    units: Iterable[str] = (),
    files: int | None = None,
    skipped: Iterable[Skipped] = (),
) -> Season:
    """What `results` and `report` count: one deck's workshops (the one named,
    else the one most files belong to), every version of its cards merged by
    card id, each workshop once, within the period and units asked for."""
    skipped = list(skipped)
    given = len(reads) + len(skipped) if files is None else files
    notes: list[str] = []
    chosen = choose_deck(reads, deck) if reads else (deck or "")
    others = Counter(r.workshop.deck for r in reads if r.workshop.deck != chosen)
    for other, n in sorted(others.items()):
        notes.append(
            ngettext(
                "%(num)d sheet of the deck '%(deck)s' not counted: run with --deck %(deck)s for those",
                "%(num)d sheets of the deck '%(deck)s' not counted: run with --deck %(deck)s for those",
                n,
            )
            % {"num": n, "deck": other}
        )
    mine = [r for r in reads if r.workshop.deck == chosen]
    kept, twins = deduplicated(mine)
    skipped += twins
    versions = Counter(v for r in mine for v in r.workshop.versions)
    records = sorted({r.record for r in mine}, key=lambda rec: (-versions[rec.version], -len(rec.cards), rec.version, rec.language))
    sources = list(deck_sources or []) + _builtin_sources(chosen)
    texts = gather(chosen, [from_record(r) for r in records], sources, reference="fi" if sources else "")
    workshops = [r.workshop for r in kept]
    for w in workshops:
        if w.date_typed and not w.date:
            notes.append(
                _("%(file)s: the date '%(date)s' could not be read (write it as 2.12.2026); counted without a date")
                % {"file": w.files[0], "date": w.date_typed}
            )
    if since or until:
        undated = [w for w in workshops if not w.date]
        if undated:
            notes.append(
                ngettext(
                    "%(num)d workshop without a date left out of the period",
                    "%(num)d workshops without a date left out of the period",
                    len(undated),
                )
                % {"num": len(undated)}
            )
        workshops = [w for w in workshops if w.date and (not since or w.date >= since) and (not until or w.date <= until)]
    wanted = {" ".join(u.split()).casefold() for u in units}
    if wanted:
        workshops = [w for w in workshops if w.unit in wanted]
    workshops.sort(key=_when)
    for w in workshops:
        if w.thin:
            notes.append(_("%(file)s: no card placed and no action agreed; counted, marked as nearly empty") % {"file": w.files[0]})
    lang = choose_language(workshops, language, texts.reference)
    return Season(tuple(workshops), tuple(skipped), texts, lang, given, tuple(notes))


def in_play(season: Season) -> dict[str, int]:
    """In how many workshops each card was in play: its kit had it."""
    tally: Counter[str] = Counter()
    for w in season.workshops:
        tally.update(w.cards)
    return {c: tally[c] for c in season.texts.cards}


def unit_names(workshops: Iterable[Workshop]) -> dict[str, str]:
    """How each unit is shown: as most of its sheets wrote it (the earliest
    of equals), so "Kasvatus" and "kasvatus " are one unit, one name."""
    seen: dict[str, Counter[str]] = {}
    for w in workshops:
        if w.unit:
            seen.setdefault(w.unit, Counter())[w.organisation] += 1
    return {unit: max(forms, key=lambda f: forms[f]) for unit, forms in seen.items()}


def workshop_names(workshops: Iterable[Workshop]) -> list[str]:
    """How tables and the report name each workshop: W1, W2, ... in date order."""
    return [f"W{i}" for i, _ in enumerate(workshops, 1)]


def read_season(
    paths: Iterable[Path],
    *,
    deck: str | Path | None = None,
    language: str | None = None,
    since: str | None = None,
    until: str | None = None,
    units: Iterable[str] = (),
    progress: Callable[[int], None] | None = None,
) -> Season:
    """Files and folders read and made one season (see season_of)."""
    paths = list(paths)
    deck_id, sources = deck_named(deck)
    reads, skipped = read_files(paths, progress)
    return season_of(
        reads,
        deck=deck_id,
        deck_sources=sources,
        language=language,
        since=since,
        until=until,
        units=units,
        skipped=skipped,
    )


def deck_named(deck: str | Path | None) -> tuple[str | None, list[Source]]:
    """--deck: a deck id as the sheets record it, or a deck folder or workbook
    whose texts then give the words."""
    if deck is None:
        return None, []
    from osallisuuspeli.load import builtin_decks, load_all

    text = str(deck)
    if text in builtin_decks() or not Path(text).exists():
        return text, []
    decks = load_all(Path(text))
    return decks[0].id, [from_deck(d) for d in decks]
