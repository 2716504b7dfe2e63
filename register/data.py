"""Workshops into the register and out again, in bulk: one statement per
table for any number of workshops, so a season of 6,000 adds, lists and
exports in time linear in its size.

A workshop is the one `identity` names (results/season.py): adding it again
changes nothing; its board added after its results sheet (or the other way
round) merges into it. Workshops are numbered by the register, never reusing
a number, and an action is "<workshop>-<row>", so both stay what people
wrote on a follow-up sheet.
"""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, TypedDict

from sqlalchemy import ColumnElement, Connection, Table, delete, func, insert, select, update

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import _, ngettext
from osallisuuspeli.record import Record, dumps
from osallisuuspeli.results.workshop import Action, Workshop

from . import schema as s
from .store import Opened, translated, writing

if TYPE_CHECKING:
    from osallisuuspeli.results.season import Read

FORMAT = "osallisuuspeli-register"


class Stored(NamedTuple):
    number: int
    forms: tuple[str, ...]
    added: str
    workshop: Workshop


class Added(NamedTuple):
    added: tuple[int, ...]  # numbers of the workshops new to the register
    merged: tuple[int, ...]  # workshops that gained their board or results sheet
    already: tuple[tuple[str, int], ...]  # (file, number) of what the register held already


class Entry(NamedTuple):
    """A line of `register list`."""

    number: int
    date: str
    organisation: str
    leader: str
    deck: str
    placed: int
    actions: int


def now() -> str:
    return datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat()


def unit_key(text: str) -> str:
    """How units are compared (as Workshop.unit): case and spacing do not make two."""
    return " ".join(text.split()).casefold()


def _row(number: int, key: str, forms: Sequence[str], added: str, w: Workshop) -> dict[str, Any]:
    return {
        "number": number,
        "identity": key,
        "forms": sorted(forms),
        "added": added,
        "deck": w.deck,
        "versions": list(w.versions),
        "language": w.language,
        "date": w.date,
        "date_typed": w.date_typed,
        "organisation": w.organisation,
        "unit": unit_key(w.organisation),
        "leader": w.leader,
        "participants": w.participants,
        "participants_typed": w.participants_typed,
        "target_group": w.target_group,
        "scope": w.scope,
        "files": list(w.files),
        "cards": list(w.cards),
    }


def _children(number: int, w: Workshop) -> dict[Any, list[dict[str, Any]]]:
    pairs: tuple[tuple[Any, tuple[str, str], tuple[tuple[str, str], ...]], ...] = (
        (s.placements, ("card", "column"), w.placed),
        (s.tokens, ("card", "token"), w.tokens),
        (s.own_methods, ("name", "description"), w.own),
        (s.notes, ("field", "text"), w.notes),
        (s.unplaced, ("column", "text"), w.unplaced),
    )
    return {
        table: [{"workshop": number, "position": i, keys[0]: a, keys[1]: b} for i, (a, b) in enumerate(values)]
        for table, keys, values in pairs
    }


def _action_rows(number: int, w: Workshop) -> list[dict[str, Any]]:
    return [
        {"id": f"{number}-{row}", "workshop": number, "row": row, **{k: getattr(a, k) for k in s.ACTION_TEXTS}, "due": a.due}
        for row, a in enumerate(w.actions, 1)
    ]


def _insert(conn: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    if rows:
        conn.execute(insert(table), rows)


def _write_workshops(conn: Connection, new: list[tuple[int, str, Sequence[str], str, Workshop]]) -> None:
    """New workshops, one executemany per table."""
    _insert(conn, s.workshops, [_row(*item) for item in new])
    children: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for number, _key, _forms, _added, w in new:
        for table, rows in _children(number, w).items():
            children[table] += rows
        children[s.actions] += _action_rows(number, w)
    for table in (*s.CHILDREN, s.actions):
        _insert(conn, table, children[table])


def _replace(conn: Connection, number: int, key: str, forms: Sequence[str], added: str, w: Workshop) -> None:
    """A workshop's record replaced by its merged one; its actions keep their
    ids (and histories) row by row."""
    row = _row(number, key, forms, added, w)
    conn.execute(update(s.workshops).where(s.workshops.c.number == number).values({k: v for k, v in row.items() if k != "number"}))
    for table in s.CHILDREN:
        conn.execute(delete(table).where(table.c.workshop == number))
    for table, rows in _children(number, w).items():
        _insert(conn, table, rows)
    had = set(conn.execute(select(s.actions.c.id).where(s.actions.c.workshop == number)).scalars())
    rows = _action_rows(number, w)
    for r in rows:
        if r["id"] in had:
            conn.execute(update(s.actions).where(s.actions.c.id == r["id"]).values({k: v for k, v in r.items() if k != "id"}))
        else:
            _insert(conn, s.actions, [r])
    gone = had - {r["id"] for r in rows}
    if gone:
        conn.execute(delete(s.statuses).where(s.statuses.c.action.in_(gone)))
        conn.execute(delete(s.actions).where(s.actions.c.id.in_(gone)))


def _load(conn: Connection, numbers: Sequence[int] | None = None, where: ColumnElement[bool] | None = None) -> list[Stored]:
    """Workshops as records, with every child in one query per table."""
    chosen = select(s.workshops.c.number)
    if numbers is not None:
        chosen = chosen.where(s.workshops.c.number.in_(numbers))
    if where is not None:
        chosen = chosen.where(where)
    kids: dict[str, dict[int, list[tuple[str, str]]]] = {}
    for table, cols in (
        (s.placements, ("card", "column")),
        (s.tokens, ("card", "token")),
        (s.own_methods, ("name", "description")),
        (s.notes, ("field", "text")),
        (s.unplaced, ("column", "text")),
    ):
        found: dict[int, list[tuple[str, str]]] = defaultdict(list)
        query = select(table.c.workshop, table.c[cols[0]], table.c[cols[1]]).where(table.c.workshop.in_(chosen))
        for number, a, b in conn.execute(query.order_by(table.c.workshop, table.c.position)):
            found[number].append((a, b))
        kids[table.name] = found
    acts: dict[int, list[Action]] = defaultdict(list)
    query = select(s.actions).where(s.actions.c.workshop.in_(chosen)).order_by(s.actions.c.workshop, s.actions.c.row)
    for r in conn.execute(query).mappings():
        acts[r["workshop"]].append(Action(**{k: r[k] for k in s.ACTION_TEXTS}, due=r["due"]))
    out = []
    for r in conn.execute(select(s.workshops).where(s.workshops.c.number.in_(chosen)).order_by(s.workshops.c.number)).mappings():
        n = r["number"]
        w = Workshop(
            deck=r["deck"],
            language=r["language"],
            files=tuple(r["files"]),
            versions=tuple(r["versions"]),
            date=r["date"],
            date_typed=r["date_typed"],
            organisation=r["organisation"],
            leader=r["leader"],
            participants=r["participants"],
            participants_typed=r["participants_typed"],
            target_group=r["target_group"],
            scope=r["scope"],
            cards=tuple(r["cards"]),
            placed=tuple(kids["placements"][n]),
            tokens=tuple(kids["tokens"][n]),
            unplaced=tuple(kids["unplaced"][n]),
            own=tuple(kids["own_methods"][n]),
            actions=tuple(acts[n]),
            notes=tuple(kids["notes"][n]),
        )
        out.append(Stored(n, tuple(r["forms"]), r["added"], w))
    return out


class Chosen(TypedDict, total=False):
    """The workshops chosen, as keywords passed on to _filter."""

    since: str | None
    until: str | None
    unit: str | None
    deck: str | None
    units: Iterable[str]


def _filter(
    since: str | None = None, until: str | None = None, unit: str | None = None, deck: str | None = None, units: Iterable[str] = ()
) -> ColumnElement[bool]:
    """The workshops chosen: by date (undated ones are outside any period), by
    one unit or several (as `results --unit` compares them), by deck."""
    from sqlalchemy import and_, true

    c = s.workshops.c
    conditions: list[ColumnElement[bool]] = []
    if since:
        conditions.append(c.date >= since)
    if until:
        conditions.append(c.date <= until)
    if since or until:
        conditions.append(c.date != "")
    if unit:
        conditions.append(c.unit == unit_key(unit))
    wanted = sorted({unit_key(u) for u in units})
    if wanted:
        conditions.append(c.unit.in_(wanted))
    if deck:
        conditions.append(c.deck == deck)
    return and_(true(), *conditions)


def _merged(merge: Callable[[Workshop, Workshop], Workshop], old: Workshop, new: Workshop, form: str) -> Workshop:
    """A results sheet and its board as one (the sheet first), by results/season.py's `merge`."""
    return merge(old, new) if form == "board" else merge(new, old)


class Register:
    """The register's workshops, actions and deck records."""

    def __init__(self, opened: Opened):
        self.engine = opened.engine
        self.where = opened.where
        self.id = opened.register

    def add(self, reads: Iterable[Read], *, added: str | None = None) -> Added:
        """Reads (results/season.py: a workshop and the record of its file) into the register."""
        from osallisuuspeli.results import season  # the reader: identity, merged

        added = added or now()
        reads = list(reads)
        keys = [season.identity(r.workshop) for r in reads]
        with writing(self.engine, self.where) as conn:
            held = {k: (n, tuple(f)) for n, k, f in conn.execute(select(s.workshops.c.number, s.workshops.c.identity, s.workshops.c.forms))}
            nxt = conn.execute(select(s.meta.c.next_number)).scalar_one()
            new: dict[str, tuple[int, tuple[str, ...], Workshop]] = {}  # identity -> number, forms, workshop
            merged: dict[int, tuple[str, tuple[str, ...], Workshop]] = {}
            already: list[tuple[str, int]] = []
            for read, key in zip(reads, keys):
                form, w = read.record.form, read.workshop
                file = w.files[0] if w.files else ""
                if key in new:
                    item = new[key]
                    if form not in item[1] and len(item[1]) == 1:
                        new[key] = (item[0], (*item[1], form), _merged(season.merged, item[2], w, form))  # keeps its place
                    else:
                        already.append((file, item[0]))
                    continue
                if key in held:
                    number, forms = held[key]
                    if form not in forms and len(forms) == 1:
                        old = merged[number][2] if number in merged else _load(conn, [number])[0].workshop
                        held[key] = (number, (*forms, form))
                        merged[number] = (key, held[key][1], _merged(season.merged, old, w, form))
                    else:
                        already.append((file, number))
                    continue
                new[key] = (nxt, (form,), w)
                nxt += 1
            _write_workshops(conn, [(n, k, f, added, w) for k, (n, f, w) in new.items()])
            for number, (key, forms, w) in merged.items():
                _replace(conn, number, key, forms, added, w)
            conn.execute(update(s.meta).values(next_number=nxt))
            self._keep_records(conn, [r.record for r in reads])
        return Added(tuple(n for n, _f, _w in new.values()), tuple(merged), tuple(already))

    def _keep_records(self, conn: Connection, records: Iterable[Record]) -> None:
        """The deck records seen: their words, for giving a deck's texts in any language later."""
        want: dict[tuple[str, str, str], Record] = {}
        for r in records:
            want.setdefault((r.deck, r.version, r.language), r)
        if not want:
            return
        held = {tuple(r) for r in conn.execute(select(s.decks.c.deck, s.decks.c.version, s.decks.c.language))}
        rows = [
            {"deck": d, "version": v, "language": lang, "record": dumps(r)} for (d, v, lang), r in want.items() if (d, v, lang) not in held
        ]
        _insert(conn, s.decks, rows)

    def records(self) -> list[Record]:
        from osallisuuspeli.record import loads

        with translated(self.where), self.engine.begin() as conn:
            rows = conn.execute(select(s.decks.c.record).order_by(s.decks.c.deck, s.decks.c.version, s.decks.c.language)).scalars()
            return [loads(text) for text in rows]

    def workshops(
        self,
        *,
        since: str | None = None,
        until: str | None = None,
        unit: str | None = None,
        deck: str | None = None,
        numbers: Sequence[int] | None = None,
        units: Iterable[str] = (),
    ) -> list[Stored]:
        with translated(self.where), self.engine.begin() as conn:
            return _load(conn, numbers, _filter(since, until, unit, deck, units))

    def identities(self) -> dict[int, str]:
        """Each workshop's number and the identity it was added under (results/season.py)."""
        with translated(self.where), self.engine.begin() as conn:
            return {number: key for number, key in conn.execute(select(s.workshops.c.number, s.workshops.c.identity))}

    def entries(
        self, *, since: str | None = None, until: str | None = None, unit: str | None = None, deck: str | None = None
    ) -> list[Entry]:
        w = s.workshops.c
        placed = select(func.count()).where(s.placements.c.workshop == w.number).scalar_subquery()
        acted = select(func.count()).where(s.actions.c.workshop == w.number).scalar_subquery()
        query = (
            select(w.number, w.date, w.organisation, w.leader, w.deck, placed, acted)
            .where(_filter(since, until, unit, deck))
            .order_by(w.date, w.number)
        )
        with translated(self.where), self.engine.begin() as conn:
            return [Entry(*row) for row in conn.execute(query)]

    def count(self) -> int:
        with translated(self.where), self.engine.begin() as conn:
            return conn.execute(select(func.count()).select_from(s.workshops)).scalar_one()

    def delete(self, numbers: Sequence[int] | None) -> int:
        """The workshops numbered (None: all) and everything of theirs; how many went."""
        with writing(self.engine, self.where) as conn:
            chosen = select(s.workshops.c.number)
            if numbers is not None:
                chosen = chosen.where(s.workshops.c.number.in_(numbers))
            gone = conn.execute(select(func.count()).select_from(chosen.subquery())).scalar_one()
            acts = select(s.actions.c.id).where(s.actions.c.workshop.in_(chosen))
            conn.execute(delete(s.statuses).where(s.statuses.c.action.in_(acts)))
            conn.execute(delete(s.actions).where(s.actions.c.workshop.in_(chosen)))
            for table in s.CHILDREN:
                conn.execute(delete(table).where(table.c.workshop.in_(chosen)))
            conn.execute(delete(s.workshops).where(s.workshops.c.number.in_(chosen)))
            if numbers is None:
                conn.execute(delete(s.decks))
        return gone

    # export and import: every table as rows, so what comes back is the same records

    def dump(self) -> dict[str, Any]:
        tables = {}
        with translated(self.where), self.engine.begin() as conn:
            meta = conn.execute(select(s.meta)).mappings().one()
            for table in EXPORTED:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns)).mappings()
                tables[table.name] = [dict(r) for r in rows]
        return {"format": FORMAT, "schema": s.SCHEMA, "register": meta["register"], "next_number": meta["next_number"], "tables": tables}

    def export_json(self) -> bytes:
        return (json.dumps(self.dump(), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")

    def import_json(self, data: bytes, name: str) -> int:
        """An export read into this register, which must be empty; how many workshops came."""
        try:
            doc = json.loads(data.decode("utf-8"))
            if doc.get("format") != FORMAT:
                raise ValueError
        except (ValueError, UnicodeDecodeError, AttributeError):
            raise UserError(f"{name}: not an export of an osallisuuspeli register (register export FILE.json makes one)") from None
        if doc.get("schema") != s.SCHEMA:
            raise UserError(
                _("%(file)s: exported from a register of schema %(schema)s; this osallisuuspeli reads schema %(ours)s")
                % {"file": name, "schema": doc.get("schema"), "ours": s.SCHEMA}
            )
        tables = doc.get("tables") or {}
        with writing(self.engine, self.where) as conn:
            held = conn.execute(select(func.count()).select_from(s.workshops)).scalar_one()
            if held:
                raise UserError(
                    ngettext(
                        "%(where)s: the register already holds %(num)d workshop; import into an empty one (another --database, or register delete --all --yes first)",
                        "%(where)s: the register already holds %(num)d workshops; import into an empty one (another --database, or register delete --all --yes first)",
                        held,
                    )
                    % {"where": self.where, "num": held}
                )
            conn.execute(delete(s.decks))
            for table in EXPORTED:
                rows = tables.get(table.name, [])
                names = set(table.columns.keys())
                for row in rows:
                    if not isinstance(row, dict) or set(row) != names:
                        raise UserError(
                            _("%(file)s: its table %(table)s does not have the register's columns; nothing was imported")
                            % {"file": name, "table": table.name}
                        )
                _insert(conn, table, rows)
            conn.execute(update(s.meta).values(register=doc["register"], next_number=doc["next_number"]))
        self.id = doc["register"]
        return len(tables.get("workshops", []))


EXPORTED = (s.workshops, *s.CHILDREN, s.actions, s.statuses, s.decks)
