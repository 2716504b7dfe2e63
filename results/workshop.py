"""What a team decided, as language-neutral values: card ids, column and token
codes, ISO dates and integers. Words come back from the deck's texts in the
reader's language at the end (results/texts.py), so a Swedish and a Finnish
sheet of one deck add up, and the register stores these records as they are.
"""

from __future__ import annotations

from typing import NamedTuple

from osallisuuspeli.record import ACTION_KEYS, COLUMNS, DETAILS, TOKENS

__all__ = ["ACTION_KEYS", "COLUMNS", "DETAILS", "TOKENS", "Action", "Workshop"]


class Action(NamedTuple):
    """One step-7 row. A results sheet has the six columns; a board has goal,
    method and its one *Toteutus* text (implementation)."""

    goal: str = ""
    method: str = ""
    responsible: str = ""
    resources: str = ""
    timetable: str = ""
    measure: str = ""
    implementation: str = ""
    due: str = ""  # an ISO date read from the timetable, "" when it names none


class Workshop(NamedTuple):
    deck: str  # the deck's id
    language: str  # the language its sheet was filled in
    files: tuple[str, ...]  # what it was read from, as the user named them
    versions: tuple[str, ...]  # the card-id digests of the kits its files came from
    date: str  # ISO yyyy-mm-dd, "" when none was written or it could not be read
    date_typed: str  # as written
    organisation: str  # the organisation and unit, as typed (trimmed)
    leader: str
    participants: int | None  # None when none was written or it is not a number
    participants_typed: str
    target_group: str
    scope: str
    cards: tuple[str, ...]  # the ids of the cards in play: its kit's deck
    placed: tuple[tuple[str, str], ...]  # (card id, column code), in card order
    tokens: tuple[tuple[str, str], ...]  # (card id, token code)
    unplaced: tuple[tuple[str, str], ...]  # (column code, text) a board's step 4 names that is no card of the deck
    own: tuple[tuple[str, str], ...]  # the team's own methods: (name, description)
    actions: tuple[Action, ...]
    notes: tuple[tuple[str, str], ...]  # (field, text) of the board's other writing areas, e.g. ("step1.notes", …)

    @property
    def unit(self) -> str:
        """How units are compared: case and spacing do not make two units."""
        return " ".join(self.organisation.split()).casefold()

    @property
    def quarter(self) -> str:
        """ "2026-Q4", or "" for a workshop without a date."""
        return f"{self.date[:4]}-Q{(int(self.date[5:7]) - 1) // 3 + 1}" if self.date else ""

    @property
    def month(self) -> str:
        return self.date[:7]

    @property
    def thin(self) -> bool:
        """Nearly empty: no card placed and no action agreed (details or notes only)."""
        return not (self.placed or self.tokens or self.actions or self.unplaced)
