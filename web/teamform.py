"""The team's results form as plain values: what the posted fields say (a
draft, kept as it was typed), and the workshop record the register stores
(results/workshop.py: card ids, column and token codes, ISO dates), the
same record a filled PDF gives."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

from osallisuuspeli.results.dates import due_date, read_date, read_details
from osallisuuspeli.results.workshop import COLUMNS, TOKENS, Action, Workshop

if TYPE_CHECKING:
    from osallisuuspeli.model import Deck

DETAILS = ("date", "organisation", "leader", "participants", "target_group", "scope")
ACTION_FIELDS = ("goal", "method", "responsible", "resources", "timetable", "measure")
MAX_TEXT = 3000  # characters a field keeps (as the PDF reader does)
MAX_ROWS = 50  # own methods and actions (as the PDF reader reads)
START_OWN, START_ACTIONS = 3, 3  # empty rows shown at first


@cache
def deck(deck_id: str, language: str) -> Deck:
    from osallisuuspeli.load import load_deck

    return load_deck(deck_id, language)


def _text(value: object) -> str:
    return str(value or "").replace("\r\n", "\n").strip()[:MAX_TEXT]


def _rows(form: Mapping[str, str], prefix: str, fields: tuple[str, ...]) -> list[dict[str, str]]:
    rows: list[dict[str, str]] = []
    for i in range(1, MAX_ROWS + 1):
        row = {f: _text(form.get(f"{prefix}.{i}.{f}")) for f in fields}
        if any(row.values()):
            rows.append(row)
    return rows


def draft_of(form: Mapping[str, str], card_ids: tuple[str, ...]) -> dict[str, Any]:
    """The posted form as a draft: every value as typed, unknown fields and choices ignored."""
    placed = {c: form.get(f"card.{c}") for c in card_ids if form.get(f"card.{c}") in COLUMNS}
    tokens = [[c, t] for c in card_ids for t in TOKENS if form.get(f"token.{c}.{t}") == "on"]
    return {
        "details": {k: _text(form.get(k)) for k in DETAILS},
        "placed": placed,
        "tokens": tokens,
        "own": _rows(form, "own", ("name", "description")),
        "actions": _rows(form, "action", ACTION_FIELDS),
    }


def blank(details: dict[str, str]) -> dict[str, Any]:
    return {"details": {k: details.get(k, "") for k in DETAILS}, "placed": {}, "tokens": [], "own": [], "actions": []}


def problems(draft: dict[str, Any]) -> dict[str, str]:
    """What stops a draft from being submitted, by field: a date that cannot be read."""
    from osallisuuspeli.i18n import _

    typed = draft["details"]["date"]
    if typed:
        try:
            read_date(typed, 2000)
        except ValueError:
            return {"date": _("Write the date as 2.12.2026 (day, month, year).")}
    return {}


def workshop_of(draft: dict[str, Any], deck_id: str, language: str, version: str, card_ids: tuple[str, ...]) -> Workshop:
    order = {c: i for i, c in enumerate(card_ids)}
    placed = sorted(((c, col) for c, col in draft["placed"].items() if c in order), key=lambda p: order[p[0]])
    tokens = sorted(((c, t) for c, t in draft["tokens"] if c in order), key=lambda p: (order[p[0]], TOKENS.index(p[1])))
    actions = tuple(Action(**{k: a.get(k, "") for k in ACTION_FIELDS}, due=due_date(a.get("timetable", ""))) for a in draft["actions"])
    return Workshop(
        deck=deck_id,
        language=language,
        files=("web form",),
        versions=(version,),
        **read_details(draft["details"], 2000),
        cards=card_ids,
        placed=tuple(placed),
        tokens=tuple(tokens),
        unplaced=(),
        own=tuple((o["name"], o["description"]) for o in draft["own"]),
        actions=actions,
        notes=(),
    )
