"""The report's numbers, from a season's workshops: per card, per unit, per
quarter or month, the top cards and the agreed actions. Pure values, in one
pass over the workshops each, so a national season's 6,000 sheets cost
little more than reading them."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .season import workshop_names
from .texts import DeckTexts
from .workshop import Action, Workshop


class Count(NamedTuple):
    """In how many workshops a card went into each column, got each token, was in play."""

    done_well: int = 0
    tried: int = 0
    worth_trying: int = 0
    keep: int = 0
    drop: int = 0
    in_play: int = 0


class Group(NamedTuple):
    """One row of a table per unit or per period."""

    key: str  # the unit as compared (Workshop.unit), or the period's code ("2026-Q4", "2026-11", "" undated)
    label: str  # the unit as first typed; the code again for a period
    workshops: int
    participants: int
    worth_trying: int  # placements in the column "worth trying", all cards together
    actions: int


def in_play(workshops: Iterable[Workshop]) -> Counter[str]:
    """Card id -> in how many workshops it was in play (its kit's deck had it)."""
    tally: Counter[str] = Counter()
    for w in workshops:
        tally.update(set(w.cards))
    return tally


def card_counts(workshops: Sequence[Workshop], cards: Iterable[str]) -> dict[str, Count]:
    """Every card of `cards` (and any other placed) with its counts."""
    tally: Counter[tuple[str, str]] = Counter()
    for w in workshops:
        tally.update(set(w.placed) | set(w.tokens))
    play = in_play(workshops)
    ids = list(dict.fromkeys([*cards, *(c for c, _ in tally)]))
    return {
        c: Count(tally[c, "done_well"], tally[c, "tried"], tally[c, "worth_trying"], tally[c, "keep"], tally[c, "drop"], play[c])
        for c in ids
    }


def _group(key: str, label: str, members: list[Workshop]) -> Group:
    return Group(
        key,
        label,
        len(members),
        sum(w.participants or 0 for w in members),
        sum(1 for w in members for _, column in set(w.placed) if column == "worth_trying"),
        sum(len(w.actions) for w in members),
    )


def total(workshops: Sequence[Workshop]) -> Group:
    return _group("", "", list(workshops))


def by_unit(workshops: Sequence[Workshop]) -> list[Group]:
    """A row per unit, compared case-insensitively, shown as first typed; in
    alphabetical order, workshops without a unit last (key "")."""
    members: dict[str, list[Workshop]] = {}
    shown: dict[str, str] = {}
    for w in workshops:
        members.setdefault(w.unit, []).append(w)
        shown.setdefault(w.unit, " ".join(w.organisation.split()))
    return [_group(k, shown[k], members[k]) for k in sorted(members, key=lambda k: (k == "", k))]


def _months(code: str) -> int:
    return int(code[:4]) * 12 + int(code[5:7]) - 1


MONTHLY = 6  # a period of at most this many months is shown by month
FILLED = 60  # periods between the first and the last are shown, empty ones too, up to this many


def by_period(workshops: Sequence[Workshop]) -> tuple[str, list[Group]]:
    """("month" or "quarter", a row per period in time order, undated last).
    By month when every dated workshop falls within MONTHLY months."""
    dated = sorted(w.month for w in workshops if w.date)
    kind = "month" if dated and _months(dated[-1]) - _months(dated[0]) < MONTHLY else "quarter"
    members: dict[str, list[Workshop]] = {}
    for w in workshops:
        members.setdefault((w.month if kind == "month" else w.quarter) if w.date else "", []).append(w)
    codes = sorted(k for k in members if k)
    if codes:
        every = _span(codes[0], codes[-1], kind)
        if len(every) <= FILLED:
            codes = every
    if "" in members:
        codes.append("")
    return kind, [_group(k, k, members.get(k, [])) for k in codes]


def _span(first: str, last: str, kind: str) -> list[str]:
    """Every month or quarter from `first` to `last`."""
    if kind == "month":
        return [f"{m // 12}-{m % 12 + 1:02d}" for m in range(_months(first), _months(last) + 1)]

    def q(code: str) -> int:
        return int(code[:4]) * 4 + int(code[6]) - 1

    return [f"{n // 4}-Q{n % 4 + 1}" for n in range(q(first), q(last) + 1)]


def top(counts: dict[str, Count], column: str, texts: DeckTexts, n: int = 10) -> list[tuple[str, int]]:
    """The `n` cards most often in `column`: (card id, workshops), most first, then by number."""
    ranked = sorted(
        ((c, getattr(k, column)) for c, k in counts.items() if getattr(k, column)),
        key=lambda ck: (-ck[1], texts.numbers.get(ck[0], 0), ck[0]),
    )
    return ranked[:n]


class AgreedAction(NamedTuple):
    workshop: str  # its name, W1...
    unit: str  # as typed
    action: Action


def agreed(workshops: Sequence[Workshop]) -> list[AgreedAction]:
    """Every step-7 row of every workshop, in the season's order."""
    return [AgreedAction(n, w.organisation, a) for n, w in zip(workshop_names(workshops), workshops) for a in w.actions]


def period_of_dates(workshops: Sequence[Workshop]) -> tuple[str, str, int]:
    """(first ISO date, last ISO date, how many workshops have none)."""
    dates = [w.date for w in workshops if w.date]
    return (min(dates), max(dates), len(workshops) - len(dates)) if dates else ("", "", len(workshops))
