"""The register's tables (SQLAlchemy Core), as the latest migration leaves them.

A workshop's record (results/workshop.py) is stored as it is: codes, ISO
dates and integers, and the texts as typed. No table has a number the
database makes up: workshops are numbered by the register itself (never
reusing a number), children by their place in the record, so an export
imports again as the same rows on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Integer, MetaData, String, Table, Text

SCHEMA = 3  # the schema version the meta row records (the Alembic head)
STATUSES = ("not_started", "under_way", "done", "dropped")

metadata = MetaData()

meta = Table(
    "meta",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),  # always 1: one row
    Column("register", String(32), nullable=False),  # the register's own random id
    Column("schema", Integer, nullable=False),
    Column("next_number", Integer, nullable=False),  # the next workshop's number
)

workshops = Table(
    "workshops",
    metadata,
    Column("number", Integer, primary_key=True, autoincrement=False),
    Column("identity", String(64), nullable=False, unique=True),
    Column("forms", JSON, nullable=False),  # ["board"], ["results-sheet"] or both
    Column("added", String(32), nullable=False),  # when it was added, ISO (UTC)
    Column("deck", String(200), nullable=False, index=True),
    Column("versions", JSON, nullable=False),
    Column("language", String(20), nullable=False),
    Column("date", String(10), nullable=False, index=True),  # ISO, "" when none
    Column("date_typed", Text, nullable=False),
    Column("organisation", Text, nullable=False),  # the unit as typed
    Column("unit", Text, nullable=False, index=True),  # its casefold: how units are compared
    Column("leader", Text, nullable=False),
    Column("participants", Integer, nullable=True),
    Column("participants_typed", Text, nullable=False),
    Column("target_group", Text, nullable=False),
    Column("scope", Text, nullable=False),
    Column("files", JSON, nullable=False),
    Column("cards", JSON, nullable=False),  # the ids of the cards in play
)


def _child(name: str, *columns: Column[Any]) -> Table:
    """A list a workshop holds, in its record's order."""
    return Table(
        name,
        metadata,
        Column("workshop", Integer, ForeignKey("workshops.number"), primary_key=True),
        Column("position", Integer, primary_key=True, autoincrement=False),
        *columns,
    )


placements = _child("placements", Column("card", String(200), nullable=False), Column("column", String(20), nullable=False))
tokens = _child("tokens", Column("card", String(200), nullable=False), Column("token", String(20), nullable=False))
own_methods = _child("own_methods", Column("name", Text, nullable=False), Column("description", Text, nullable=False))
notes = _child("notes", Column("field", String(200), nullable=False), Column("text", Text, nullable=False))
unplaced = _child("unplaced", Column("column", String(20), nullable=False), Column("text", Text, nullable=False))

ACTION_TEXTS = ("goal", "method", "responsible", "resources", "timetable", "measure", "implementation")
actions = Table(
    "actions",
    metadata,
    Column("id", String(40), primary_key=True),  # "<workshop number>-<row>": stable, typed by people
    Column("workshop", Integer, ForeignKey("workshops.number"), nullable=False, index=True),
    Column("row", Integer, nullable=False),
    *(Column(key, Text, nullable=False) for key in ACTION_TEXTS),
    Column("due", String(10), nullable=False),  # ISO, "" when the timetable names no date
)

statuses = Table(
    "action_statuses",
    metadata,
    Column("action", String(40), ForeignKey("actions.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),  # 1, 2, ... in the order recorded
    Column("status", String(20), nullable=False),  # STATUSES
    Column("date", String(10), nullable=False),  # ISO: when it was so
    Column("note", Text, nullable=False),
    Column("recorded", String(32), nullable=False),  # when it was entered, ISO (UTC)
)

decks = Table(
    "decks",
    metadata,
    Column("deck", String(200), primary_key=True),
    Column("version", String(40), primary_key=True),
    Column("language", String(20), primary_key=True),
    Column("record", Text, nullable=False),  # osallisuuspeli/record.py dumps: the deck's words in that language
)

CHILDREN = (placements, tokens, own_methods, notes, unplaced)
