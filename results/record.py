"""What a fillable PDF records of its deck, so that reading it back needs no
deck files: the deck's id and language, its cards and themes, and a digest
of the card ids that tells one version of a deck's cards from another."""

from __future__ import annotations

import hashlib
import json
from typing import NamedTuple

from osallisuuspeli.model import Deck, plain

KEY = "/OsallisuuspeliRecord"  # the document information entry that holds it
COLUMNS = ("done_well", "tried", "worth_trying")  # the board's three columns, as field and table names
TOKENS = ("keep", "drop")  # green and red


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


def loads(text: str) -> Record:
    """The record written by `dumps`; ValueError (or KeyError, TypeError) if it is not one."""
    data = json.loads(text)
    return Record(
        data["form"],
        data["deck"],
        data["language"],
        data["name"],
        data["colour"],
        data["version"],
        tuple(data["columns"]),
        tuple(CardInfo(**c) for c in data["cards"]),
        tuple(ThemeInfo(**t) for t in data["themes"]),
    )
