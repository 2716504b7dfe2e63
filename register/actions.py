"""The agreed actions and their follow-up: a history of statuses per action
(not started, under way, done, dropped), each with its date and note, and
the realisation the report shows per unit and quarter."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple, Unpack

from sqlalchemy import insert, select

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import _
from osallisuuspeli.results.realisation import Followup, LastStatus, Realised

from . import schema as s
from .data import Chosen, Register, _filter, now
from .store import translated, writing

OPEN = ("not_started", "under_way")


class Status(NamedTuple):
    status: str  # schema.STATUSES
    date: str  # ISO
    note: str
    recorded: str


class ActionView(NamedTuple):
    id: str  # "<workshop>-<row>"
    workshop: int
    date: str  # the workshop's, ISO or ""
    organisation: str
    unit: str  # casefold
    goal: str
    method: str
    responsible: str
    resources: str
    timetable: str
    measure: str
    implementation: str
    due: str
    history: tuple[Status, ...]  # as recorded

    @property
    def last(self) -> Status | None:
        """The latest by its date; of one date, the last recorded."""
        return max(enumerate(self.history), key=lambda p: (p[1].date, p[0]))[1] if self.history else None

    @property
    def status(self) -> str:
        return self.last.status if self.last else "not_started"

    @property
    def quarter(self) -> str:
        return f"{self.date[:4]}-Q{(int(self.date[5:7]) - 1) // 3 + 1}" if self.date else ""

    def overdue(self, on: str) -> bool:
        return bool(self.due) and self.due < on and self.status in OPEN


class Entered(NamedTuple):
    """One status to record: of which action, what, when, with what note."""

    action: str
    status: str
    date: str
    note: str = ""


def actions(
    register: Register,
    *,
    since: str | None = None,
    until: str | None = None,
    unit: str | None = None,
    deck: str | None = None,
    units: Iterable[str] = (),
    ids: Iterable[str] | None = None,
) -> list[ActionView]:
    """The actions of the workshops chosen, in workshop order, with their histories."""
    a, w = s.actions.c, s.workshops.c
    chosen_workshops = _filter(since, until, unit, deck, units)
    query = (
        select(s.actions, w.date, w.organisation, w.unit)
        .join(s.workshops, a.workshop == w.number)
        .where(chosen_workshops)
        .order_by(w.date, w.number, a.row)
    )
    if ids is not None:
        query = query.where(a.id.in_(list(ids)))
    with translated(register.where), register.engine.begin() as conn:
        rows = list(conn.execute(query).mappings())
        history: dict[str, list[Status]] = defaultdict(list)
        chosen = select(a.id).join(s.workshops, a.workshop == w.number).where(chosen_workshops)
        st = s.statuses.c
        for r in conn.execute(select(s.statuses).where(st.action.in_(chosen)).order_by(st.action, st.seq)).mappings():
            history[r["action"]].append(Status(r["status"], r["date"], r["note"], r["recorded"]))
    return [
        ActionView(
            id=r["id"],
            workshop=r["workshop"],
            date=r["date"],
            organisation=r["organisation"],
            unit=r["unit"],
            **{k: r[k] for k in s.ACTION_TEXTS},
            due=r["due"],
            history=tuple(history[r["id"]]),
        )
        for r in rows
    ]


def record(register: Register, entries: Iterable[Entered], *, recorded: str | None = None) -> tuple[int, int]:
    """Statuses added to their actions' histories: how many were recorded and
    how many the history held already (a sheet added twice changes nothing).
    An unknown action or status is refused before anything is written."""
    entries = list(entries)
    recorded = recorded or now()
    for e in entries:
        if e.status not in s.STATUSES:
            raise UserError(_("%(status)s: a status is one of %(statuses)s") % {"status": e.status, "statuses": ", ".join(s.STATUSES)})
        try:
            datetime.date.fromisoformat(e.date)
        except ValueError:
            raise UserError(f"{e.date}: a status's date is written as 2026-12-31") from None
    with writing(register.engine, register.where) as conn:
        wanted = {e.action for e in entries}
        known = set(conn.execute(select(s.actions.c.id).where(s.actions.c.id.in_(wanted))).scalars())
        missing = sorted(wanted - known)
        if missing:
            raise UserError(
                _("no action %(action)s in the register %(where)s (register list and the follow-up sheet show the numbers)")
                % {"action": missing[0], "where": register.where}
            )
        st = s.statuses.c
        seq: dict[str, int] = {}
        held: set[tuple[str, str, str, str]] = set()
        for action, n, status, date, note in conn.execute(
            select(st.action, st.seq, st.status, st.date, st.note).where(st.action.in_(wanted))
        ):
            seq[action] = max(seq.get(action, 0), n)
            held.add((action, status, date, note))
        rows = []
        for e in entries:
            if (e.action, e.status, e.date, e.note) in held:
                continue
            held.add((e.action, e.status, e.date, e.note))
            seq[e.action] = seq.get(e.action, 0) + 1
            rows.append(
                {"action": e.action, "seq": seq[e.action], "status": e.status, "date": e.date, "note": e.note, "recorded": recorded}
            )
        if rows:
            conn.execute(insert(s.statuses), rows)
    return len(rows), len(entries) - len(rows)


def realisation(register: Register, on: str, **chosen: Unpack[Chosen]) -> tuple[list[Realised], list[LastStatus]]:
    """Per unit and quarter, what became of the actions agreed, as of the
    date `on` (ISO); and every action with its last status. Plain rows, for
    the report to print in its language."""
    views = actions(register, **chosen)
    names: dict[str, str] = {}
    counts: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0] * 6)
    last = []
    for v in views:
        names.setdefault(v.unit, v.organisation)
        c = counts[(v.unit, v.quarter)]
        c[0] += 1
        c[1 + s.STATUSES.index(v.status)] += 1
        c[5] += v.overdue(on)
        st = v.last
        last.append(
            LastStatus(
                v.id,
                v.workshop,
                names[v.unit],
                v.quarter,
                v.goal,
                v.responsible,
                v.timetable,
                v.due,
                v.status,
                st.date if st else "",
                st.note if st else "",
                v.overdue(on),
            )
        )

    def order(p: tuple[tuple[str, str], list[int]]) -> tuple[bool, str, bool, str]:  # no unit, no date: last
        return (p[0][0] == "", p[0][0], p[0][1] == "", p[0][1])

    rows = [Realised(names[u], q, *c) for (u, q), c in sorted(counts.items(), key=order)]
    return rows, last


def followup(register: Register, on: str, **chosen: Unpack[Chosen]) -> Followup:
    """realisation() as one value for the report (chosen: since, until, unit(s), deck)."""
    rows, last = realisation(register, on, **chosen)
    return Followup(on, tuple(rows), tuple(last))
