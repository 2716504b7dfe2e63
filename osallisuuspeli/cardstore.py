"""A deck's cards, kept on disk rather than in memory.

The loader streams the cards of deck.yaml and of a language file into a
private temporary SQLite database (deleted when it is closed), checking them
one at a time; the deck then reads them back in order, a few at a time, as
each sheet is drawn. A 10,000-card deck so needs no more memory than one of
66 cards: SQLite's page cache is bounded (256 KiB here), and the database
joins the two files' cards by id, in either file's order, holding neither.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from typing import overload

from .model import Card, Theme


class CardStore(Sequence[Card]):
    """The cards of one deck in one language, in the order of deck.yaml."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a temporary database on disk, private to this connection
        self._db.execute("PRAGMA cache_size = -256")  # KiB; cards are read in order, so a small cache serves
        self._db.execute(
            "CREATE TABLE cards (number INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, theme TEXT, line INTEGER,"
            " title TEXT, description TEXT, text_line INTEGER)"
        )
        self._themes: dict[str, Theme] = {}
        self._count = 0

    # -- filling it (the loader) ------------------------------------------
    def add(self, cid: str, theme: str | None, line: int | None) -> int | None:
        """A card of deck.yaml, in order; the line of its first listing if the id is taken."""
        first = self._db.execute("SELECT line FROM cards WHERE id = ?", (cid,)).fetchone()
        if first:
            return first[0]
        self._count += 1
        self._db.execute("INSERT INTO cards (number, id, theme, line) VALUES (?, ?, ?, ?)", (self._count, cid, theme, line))
        return None

    def set_text(self, cid: str, title: str, description: str, line: int | None) -> tuple[bool, int | None]:
        """A card's texts from a language file: (whether deck.yaml lists the
        card, the line of an earlier text for it if there was one)."""
        row = self._db.execute("SELECT text_line, title IS NOT NULL FROM cards WHERE id = ?", (cid,)).fetchone()
        if row is None:
            return False, None
        if row[1]:
            return True, row[0]
        self._db.execute("UPDATE cards SET title = ?, description = ?, text_line = ? WHERE id = ?", (title, description, line, cid))
        return True, None

    def without_theme(self) -> Iterator[tuple[str, int | None]]:
        return iter(self._db.execute("SELECT id, line FROM cards WHERE theme IS NULL ORDER BY number").fetchall())

    def unknown_themes(self, known: Sequence[str]) -> Iterator[tuple[str, str, int | None]]:
        marks = ",".join("?" * len(known))
        query = f"SELECT id, theme, line FROM cards WHERE theme IS NOT NULL AND theme NOT IN ({marks}) ORDER BY number"
        return iter(self._db.execute(query, tuple(known)).fetchall())

    def without_text(self) -> Iterator[tuple[str, int | None]]:
        return iter(self._db.execute("SELECT id, line FROM cards WHERE title IS NULL ORDER BY number").fetchall())

    def with_themes(self, themes: dict[str, Theme]) -> "CardStore":
        """Ready to read: the language's themes, to hand out with the cards."""
        self._themes = themes
        return self

    # -- reading it (layout and drawing) ----------------------------------
    def __len__(self) -> int:
        return self._count

    def _cards(self, where: str = "", args: tuple = ()) -> Iterator[Card]:
        themes = self._themes
        for number, cid, theme, title, description in self._db.execute(f"SELECT number, id, theme, title, description FROM cards {where} ORDER BY number", args):
            yield Card(cid, number, title, description or "", themes.get(theme) if theme else None)

    def __iter__(self) -> Iterator[Card]:
        return self._cards()

    @overload
    def __getitem__(self, index: int) -> Card: ...
    @overload
    def __getitem__(self, index: slice) -> tuple[Card, ...]: ...
    def __getitem__(self, index):
        if isinstance(index, slice):
            start, stop, step = index.indices(self._count)
            if step != 1:
                return tuple(self[i] for i in range(start, stop, step))
            return tuple(self._cards("WHERE number > ? AND number <= ?", (start, stop)))
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("card index out of range")
        return next(self._cards("WHERE number = ?", (index + 1,)))

    def __repr__(self) -> str:
        return f"CardStore({self._count} cards)"
