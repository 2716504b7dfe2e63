"""The words of one deck in every language at hand, keyed by card and theme id.

A filled PDF records its deck in the language it was filled in, one version
of its cards (osallisuuspeli/record.py). A season mixes languages and versions, and
its outputs speak one language: so the texts of every record read, of the
built-in deck of that id and of a deck the user names are gathered here,
and each word is looked up by id in the reader's language. A card without a
text in that language shows its reference language's, marked.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import NamedTuple

from osallisuuspeli.model import Deck, plain
from osallisuuspeli.record import Record

from .workshop import COLUMNS


class DeckTexts(NamedTuple):
    deck: str
    reference: str  # the language a missing text is taken from
    cards: tuple[str, ...]  # every card id of every version read, in deck order
    numbers: dict[str, int]  # card id -> its number on the cards
    themes: tuple[str, ...]  # theme ids in order; () for a deck without themes
    theme_of: dict[str, str]  # card id -> theme id ("" without themes)
    colours: dict[str, str]  # theme id -> "#RRGGBB"; "" -> the deck's colour
    titles: dict[str, dict[str, str]]  # language -> card id -> title
    theme_names: dict[str, dict[str, str]]  # language -> theme id -> name
    columns: dict[str, tuple[str, str, str]]  # language -> the board's three column names
    names: dict[str, str]  # language -> the deck's name and edition

    def _pick(self, table: dict[str, dict[str, str]], key: str, language: str) -> str:
        if key in table.get(language, {}):
            return table[language][key]
        for other in (self.reference, *sorted(table)):
            if key in table.get(other, {}):
                return f"{table[other][key]} [{other}]"
        return key

    def title(self, card: str, language: str) -> str:
        return self._pick(self.titles, card, language)

    def theme_name(self, theme: str, language: str) -> str:
        return self._pick(self.theme_names, theme, language) if theme else self.name(language)

    def column(self, code: str, language: str) -> str:
        names = self.columns.get(language) or self.columns.get(self.reference) or next(iter(self.columns.values()), COLUMNS)
        return names[COLUMNS.index(code)]

    def name(self, language: str) -> str:
        return self.names.get(language) or self.names.get(self.reference) or next(iter(self.names.values()), self.deck)

    def cards_of(self, theme: str) -> tuple[str, ...]:
        return tuple(c for c in self.cards if self.theme_of.get(c, "") == theme)


class Source(NamedTuple):
    """One language of one version of the deck, from a record or a deck file."""

    language: str
    cards: tuple[tuple[str, int, str, str], ...]  # id, number, title, theme id
    themes: tuple[tuple[str, str, str], ...]  # id, name, colour
    columns: tuple[str, str, str]
    name: str
    colour: str


def from_record(record: Record) -> Source:
    return Source(
        record.language,
        tuple((c.id, c.number, c.title, c.theme) for c in record.cards),
        tuple((t.id, t.name, t.colour) for t in record.themes),
        record.columns,
        record.name,
        record.colour,
    )


def from_deck(deck: Deck) -> Source:
    return Source(
        deck.language,
        tuple((c.id, c.number, plain(c.title), c.theme.id if c.theme else "") for c in deck.cards),
        tuple((t.id, t.name, t.colour.hex) for t in deck.themes),
        deck.board.columns,
        " · ".join(x for x in (deck.name, deck.edition) if x),
        deck.colour.hex,
    )


def gather(deck: str, primary: Iterable[Source], others: Iterable[Source] = (), reference: str = "") -> DeckTexts:
    """The texts of `deck`: the order and numbers of the `primary` sources
    (the versions the sheets were made from, the most used first), words from
    all of them and then from `others` (a deck's own files), the first found
    winning for each language."""
    primary, others = list(primary), list(others)
    order: list[str] = []
    numbers: dict[str, int] = {}
    theme_of: dict[str, str] = {}
    themes: list[str] = []
    colours: dict[str, str] = {}
    titles: dict[str, dict[str, str]] = {}
    theme_names: dict[str, dict[str, str]] = {}
    columns: dict[str, tuple[str, str, str]] = {}
    names: dict[str, str] = {}
    for source in primary + others:
        seen = set(order)
        for cid, number, title, theme in source.cards:
            if source in primary and cid not in seen:
                order.append(cid)
                seen.add(cid)
                numbers.setdefault(cid, number)
                theme_of.setdefault(cid, theme)
            titles.setdefault(source.language, {}).setdefault(cid, title)
        for tid, name, colour in source.themes:
            if source in primary and tid not in themes:
                themes.append(tid)
            colours.setdefault(tid, colour)
            theme_names.setdefault(source.language, {}).setdefault(tid, name)
        colours.setdefault("", source.colour)
        columns.setdefault(source.language, tuple(source.columns))  # type: ignore[arg-type]
        names.setdefault(source.language, source.name)
    if not reference:
        counted = Counter(s.language for s in primary)
        reference = counted.most_common(1)[0][0] if counted else "fi"
    # a card placed under a theme the primary versions lack keeps its place at the end
    themes += sorted({t for t in theme_of.values() if t and t not in themes})
    return DeckTexts(deck, reference, tuple(order), numbers, tuple(themes), theme_of, colours, titles, theme_names, columns, names)
