"""The record format of a filled sheet, which the sheet's writer (kit/, boards/)
and its reader (results/) both import: the codes of its columns, tokens and
details, and what a fillable PDF records of its deck, so that reading it back needs no
deck files: the deck's id and language, its cards and themes, and a digest
of the card ids that tells one version of a deck's cards from another."""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any, NamedTuple

from osallisuuspeli.model import Deck, plain

COLUMNS = ("done_well", "tried", "worth_trying")  # the board's three columns, as codes
TOKENS = ("keep", "drop")  # green and red
DETAILS = ("date", "organisation", "leader", "participants", "target_group", "scope")  # as the sheets name them
ACTION_KEYS = ("goal", "method", "responsible", "resources", "timetable", "measure", "implementation")
KEY = "/OsallisuuspeliRecord"  # the document information entry that holds it
THEME_STEP = 4  # the board's step with a column each for the themes' cards, and their measures
ACTION_STEP = 7  # the board's step whose rows are the agreed actions
ROWS_READ = 50  # rows of own methods and actions read back; the sheets print 3, a board a few
__all__ = [
    "ACTION_KEYS",
    "ACTION_STEP",
    "COLUMNS",
    "DETAILS",
    "KEY",
    "ROWS_READ",
    "THEME_STEP",
    "TOKENS",
    "CardInfo",
    "Record",
    "ThemeInfo",
    "action_field",
    "board_field",
    "board_part",
    "card_field",
    "detail_field",
    "dotted",
    "dumps",
    "followup_field",
    "loads",
    "own_field",
    "record_of",
    "row_part",
    "version",
]


class CardInfo(NamedTuple):
    id: str
    number: int
    title: str
    theme: str  # the theme's id, "" in a deck without themes


class ThemeInfo(NamedTuple):
    id: str
    number: int
    name: str
    colour: str  # "#RRGGBB"


class Record(NamedTuple):
    form: str  # "board" or "results-sheet"
    deck: str
    language: str
    name: str  # the deck's name and edition, as printed
    colour: str  # the deck's colour, for a deck without themes
    version: str  # digest of the card ids, in order
    columns: tuple[str, str, str]  # the three column names in the language
    cards: tuple[CardInfo, ...]
    themes: tuple[ThemeInfo, ...]


# The form fields' names. A writer gives each field its place in the form's
# field tree (a tuple of parts); the reader meets it as the parts joined with
# dots, which is how a PDF names a field in a tree.
Name = tuple[str, ...]


def dotted(name: Name) -> str:
    return ".".join(name)


def row_part(row: int) -> str:
    """A table row's part of a name, counted from 1: "row1"."""
    return f"row{row}"


def detail_field(key: str) -> Name:
    """A workshop detail of the results sheet (a code of DETAILS)."""
    return ("workshop", key)


def card_field(card: str, code: str) -> Name:
    """A card's check box on the results sheet: a column or a token's code."""
    return ("cards", card, code)


def own_field(row: int, key: str) -> Name:
    """A row of the team's own methods on the results sheet: "title" or "description"."""
    return ("own", row_part(row), key)


def action_field(row: int, key: str) -> Name:
    """A row of agreed actions on the results sheet (a code of ACTION_KEYS)."""
    return ("actions", row_part(row), key)


def board_field(step: int, *rest: str) -> Name:
    """A writing area of the board's step: ("step4", theme, column), ("step7", "row1", key)."""
    return (f"step{step}", *rest)


def board_part(name: str) -> tuple[int, tuple[str, ...]] | None:
    """The step and the rest of a board field's dotted name; None for another form's field."""
    head, _, rest = name.partition(".")
    if not head.startswith("step") or not head[4:].isdigit() or not rest:
        return None
    return int(head[4:]), tuple(rest.split("."))


def followup_field(action: str, key: str) -> Name:
    """An action's status box, date or note on the follow-up sheet, by the action's id in the register."""
    return ("actions", action, key)


def version(deck: Deck) -> str:
    return hashlib.sha256("\n".join(c.id for c in deck.cards).encode()).hexdigest()[:12]


def record_of(deck: Deck, form: str) -> Record:
    return Record(
        form,
        deck.id,
        deck.language,
        " · ".join(x for x in (deck.name, deck.edition) if x),
        deck.colour.hex,
        version(deck),
        deck.board.columns,
        tuple(CardInfo(c.id, c.number, plain(c.title), c.theme.id if c.theme else "") for c in deck.cards),
        tuple(ThemeInfo(t.id, t.number, t.name, t.colour.hex) for t in deck.themes),
    )


def dumps(record: Record) -> str:
    data = record._asdict()
    data["cards"] = [c._asdict() for c in record.cards]
    data["themes"] = [t._asdict() for t in record.themes]
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


MAX_TEXT = 2_000_000  # characters of a record; a real deck's is a few kilobytes
MAX_CARDS = 5_000


def _str(value: object, limit: int = 3_000) -> str:
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError("not a text")
    return value


def _int(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= 1_000_000:
        raise ValueError("not a number")
    return value


def _items(value: object, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    if not isinstance(value, list) or len(value) > MAX_CARDS:
        raise ValueError("not a list")
    if not all(isinstance(x, dict) and tuple(sorted(x)) == tuple(sorted(keys)) for x in value):
        raise ValueError("not a list of records")
    return value


@functools.lru_cache(maxsize=64)
def loads(text: str) -> Record:
    """The record written by `dumps`, its every part checked for shape and
    size before use; ValueError if it is not one. A season's sheets carry a
    few records thousands of times: each is read once (a Record is immutable)."""
    if len(text) > MAX_TEXT:
        raise ValueError("too long")
    try:
        data = json.loads(text)
    except RecursionError:
        raise ValueError("nested too deeply") from None
    if not isinstance(data, dict):
        raise ValueError("not a record")
    columns = data.get("columns")
    if not isinstance(columns, list) or len(columns) != 3:
        raise ValueError("not three columns")
    form = _str(data.get("form"))
    if form not in ("board", "results-sheet"):
        raise ValueError("not a form of this tool")
    return Record(
        form,
        _str(data.get("deck"), 200),
        _str(data.get("language"), 20),
        _str(data.get("name")),
        _str(data.get("colour"), 20),
        _str(data.get("version"), 100),
        (_str(columns[0]), _str(columns[1]), _str(columns[2])),
        tuple(
            CardInfo(_str(c["id"], 200), _int(c["number"]), _str(c["title"]), _str(c["theme"], 200))
            for c in _items(data.get("cards"), CardInfo._fields)
        ),
        tuple(
            ThemeInfo(_str(t["id"], 200), _int(t["number"]), _str(t["name"]), _str(t["colour"], 20))
            for t in _items(data.get("themes"), ThemeInfo._fields)
        ),
    )
