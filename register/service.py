"""What the documentation and follow-up service (web/) keeps in the register
beside the workshops: coordinator accounts (argon2 hashes), sign-in attempts
(so guessing is limited per account and per address, across every server
on one register), its settings (the session secret), the workshops a
coordinator plans before their results come, and the links teams and
action owners open.

A link is a random token of 144 bits, limited to what it opens (one
workshop's form, one workshop's actions or one action) and revocable. A
team's results are written as the same records the PDF reader makes
(results/workshop.py), one register workshop a planned workshop, replaced
in place when the team edits them, so its actions keep their ids and
follow-up histories.
"""

from __future__ import annotations

import functools
import json
import secrets
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, NamedTuple

from sqlalchemy import Boolean, Column, Connection, Float, Integer, RowMapping, String, Table, Text, delete, insert, select, update

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import _
from osallisuuspeli.record import Record, dumps
from osallisuuspeli.results.workshop import Workshop

from . import schema as s
from .data import Register, _replace, _write_workshops, now
from .store import translated, writing

if TYPE_CHECKING:
    from argon2 import PasswordHasher

TOKEN_BYTES = 18  # 144 bits: a link cannot be guessed
MIN_PASSWORD = 12  # characters
KINDS = ("team", "workshop_followup", "action_followup", "generic")  # generic: one address a deck, each team starts its own form

accounts = Table(
    "accounts",
    s.metadata,
    Column("name", String(100), primary_key=True),
    Column("hash", Text, nullable=False),  # argon2id, as argon2-cffi writes it
    Column("stamp", String(32), nullable=False),  # changes when the password does: older sessions end
    Column("created", String(32), nullable=False),
)
attempts = Table(
    "sign_in_attempts",
    s.metadata,
    Column("key", String(200), primary_key=True),  # "account:NAME" or "address:IP"
    Column("failures", Integer, nullable=False),
    Column("since", Float, nullable=False),  # when the first failure of the window was, epoch seconds
)
settings = Table("settings", s.metadata, Column("key", String(50), primary_key=True), Column("value", Text, nullable=False))
planned = Table(
    "planned",
    s.metadata,
    Column("id", String(32), primary_key=True),
    Column("created", String(32), nullable=False),
    Column("deck", String(200), nullable=False),
    Column("language", String(20), nullable=False),
    Column("date", String(10), nullable=False),  # ISO or ""
    Column("organisation", Text, nullable=False),
    Column("leader", Text, nullable=False),
    Column("target_group", Text, nullable=False),
    Column("locked", Boolean, nullable=False),
    Column("number", Integer, nullable=True),  # the register workshop its results became
    Column("draft", Text, nullable=False),  # the team's form as last saved, JSON ("" when none)
    Column("submitted", String(32), nullable=False),  # when the team last submitted, ISO (UTC), "" when not yet
)
links = Table(
    "links",
    s.metadata,
    Column("token", String(64), primary_key=True),
    Column("kind", String(20), nullable=False),  # KINDS
    Column("planned", String(32), nullable=False, index=True),  # "" for a workshop not planned here
    Column("workshop", Integer, nullable=True, index=True),
    Column("action", String(40), nullable=False),  # "" unless the link is one action's
    Column("deck", String(200), nullable=False),  # a generic link's deck and language ("" otherwise)
    Column("language", String(20), nullable=False),
    Column("created", String(32), nullable=False),
    Column("revoked", String(32), nullable=False),  # "" while it opens
)


# -- accounts ----------------------------------------------------------------


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher

    return PasswordHasher()


def checked_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100 or any(c.isspace() or not c.isprintable() for c in name):
        raise UserError(_("%(name)r: an account name is 1 to 100 letters, digits or signs, without spaces") % {"name": name})
    return name


def checked_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise UserError(
            _("the password is too short: use at least %(num)d characters (a few words make a good one)") % {"num": MIN_PASSWORD}
        )
    return password


class Account(NamedTuple):
    name: str
    stamp: str
    created: str


def add_account(register: Register, name: str, password: str) -> None:
    name, hashed = checked_name(name), _hasher().hash(checked_password(password))
    with writing(register.engine, register.where) as conn:
        if conn.execute(select(accounts.c.name).where(accounts.c.name == name)).first():
            raise UserError(_("there is already an account %(name)s; user reset %(name)s gives it a new password") % {"name": name})
        conn.execute(insert(accounts).values(name=name, hash=hashed, stamp=secrets.token_hex(8), created=now()))


def reset_account(register: Register, name: str, password: str) -> None:
    hashed = _hasher().hash(checked_password(password))
    with writing(register.engine, register.where) as conn:
        done = conn.execute(update(accounts).where(accounts.c.name == name).values(hash=hashed, stamp=secrets.token_hex(8)))
        if not done.rowcount:
            raise UserError(_("no account %(name)s (user list shows them; user add %(name)s makes it)") % {"name": name})
        conn.execute(delete(attempts).where(attempts.c.key == f"account:{name}"))


def delete_account(register: Register, name: str) -> None:
    with writing(register.engine, register.where) as conn:
        if not conn.execute(delete(accounts).where(accounts.c.name == name)).rowcount:
            raise UserError(_("no account %(name)s (user list shows them)") % {"name": name})


def account_list(register: Register) -> list[Account]:
    with translated(register.where), register.engine.begin() as conn:
        return [Account(*r) for r in conn.execute(select(accounts.c.name, accounts.c.stamp, accounts.c.created).order_by(accounts.c.name))]


def account(register: Register, name: str) -> Account | None:
    with translated(register.where), register.engine.begin() as conn:
        row = conn.execute(select(accounts.c.name, accounts.c.stamp, accounts.c.created).where(accounts.c.name == name)).first()
    return Account(*row) if row else None


class Limits(NamedTuple):
    per_account: int = 5  # failures within `window` before an account waits
    per_address: int = 20  # failures from one address within `window`
    window: float = 15 * 60.0  # seconds


LIMITS = Limits()


def _failures(conn: Connection, key: str, limits: Limits, at: float) -> int:
    row = conn.execute(select(attempts.c.failures, attempts.c.since).where(attempts.c.key == key)).first()
    if row is None or at - row.since > limits.window:
        return 0
    failures: int = row.failures
    return failures


def _fail(conn: Connection, key: str, limits: Limits, at: float) -> None:
    row = conn.execute(select(attempts.c.failures, attempts.c.since).where(attempts.c.key == key)).first()
    if row is None:
        conn.execute(insert(attempts).values(key=key, failures=1, since=at))
    elif at - row.since > limits.window:
        conn.execute(update(attempts).where(attempts.c.key == key).values(failures=1, since=at))
    else:
        conn.execute(update(attempts).where(attempts.c.key == key).values(failures=row.failures + 1))


def sign_in(register: Register, name: str, password: str, address: str, limits: Limits = LIMITS, at: float | None = None) -> Account | str:
    """The account if the password is its own; else why not: "wrong" or
    "limited" (too many failures of this account or from this address lately).
    A limited attempt is not even checked, so guessing on gains nothing. The
    hash is checked outside the register's write lock (it takes a while, on
    purpose), and an unknown name is checked against a stand-in hash, so it
    takes as long as a wrong password."""
    from argon2.exceptions import InvalidHashError, VerificationError

    at = time.time() if at is None else at
    keys = (f"account:{name[:100]}", f"address:{address[:100]}")
    with translated(register.where), register.engine.begin() as conn:
        if _failures(conn, keys[0], limits, at) >= limits.per_account or _failures(conn, keys[1], limits, at) >= limits.per_address:
            return "limited"
        row = conn.execute(select(accounts).where(accounts.c.name == name)).mappings().first()
    hasher = _hasher()
    try:
        hasher.verify(row["hash"] if row else _stand_in(), password)
        right = row is not None
    except (VerificationError, InvalidHashError):
        right = False
    with writing(register.engine, register.where) as conn:
        if not right or row is None:
            for key in keys:
                _fail(conn, key, limits, at)
            return "wrong"
        conn.execute(delete(attempts).where(attempts.c.key == keys[0]))
        if hasher.check_needs_rehash(row["hash"]):
            conn.execute(update(accounts).where(accounts.c.name == name).values(hash=hasher.hash(password)))
    return Account(row["name"], row["stamp"], row["created"])


@functools.cache
def _stand_in() -> str:
    return _hasher().hash(secrets.token_hex(16))


# -- settings ----------------------------------------------------------------


def secret(register: Register, key: str = "session_secret") -> str:
    """A secret every server on this register shares, made the first time it is asked for."""
    with translated(register.where), register.engine.begin() as conn:
        found: str | None = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
    if found:
        return found
    with writing(register.engine, register.where) as conn:
        found = conn.execute(select(settings.c.value).where(settings.c.key == key)).scalar()
        if not found:
            found = secrets.token_hex(32)
            conn.execute(insert(settings).values(key=key, value=found))
    return found


# -- planned workshops and their links -----------------------------------------


class Planned(NamedTuple):
    id: str
    created: str
    deck: str
    language: str
    date: str
    organisation: str
    leader: str
    target_group: str
    locked: bool
    number: int | None
    draft: dict[str, Any] | None
    submitted: str


def _planned(row: RowMapping | Mapping[str, Any]) -> Planned:
    values = dict(row)
    values["draft"] = json.loads(values["draft"]) if values["draft"] else None
    values["locked"] = bool(values["locked"])
    return Planned(**values)


def token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def plan(
    register: Register, *, deck: str, language: str, date: str = "", organisation: str = "", leader: str = "", target_group: str = ""
) -> tuple[Planned, str]:
    """A new workshop and its team link's token."""
    pid = secrets.token_hex(8)
    row = {
        "id": pid,
        "created": now(),
        "deck": deck,
        "language": language,
        "date": date,
        "organisation": " ".join(organisation.split()),
        "leader": leader.strip(),
        "target_group": target_group.strip(),
        "locked": False,
        "number": None,
        "draft": "",
        "submitted": "",
    }
    team = token()
    with writing(register.engine, register.where) as conn:
        conn.execute(insert(planned).values(row))
        conn.execute(
            insert(links).values(
                token=team, kind="team", planned=pid, workshop=None, action="", deck="", language="", created=row["created"], revoked=""
            )
        )
    return _planned(row), team


def planned_list(register: Register) -> list[Planned]:
    with translated(register.where), register.engine.begin() as conn:
        return [_planned(r) for r in conn.execute(select(planned).order_by(planned.c.date, planned.c.created)).mappings()]


def planned_one(register: Register, pid: str) -> Planned | None:
    with translated(register.where), register.engine.begin() as conn:
        row = conn.execute(select(planned).where(planned.c.id == pid)).mappings().first()
    return _planned(row) if row else None


def lock(register: Register, pid: str, locked: bool) -> None:
    with writing(register.engine, register.where) as conn:
        conn.execute(update(planned).where(planned.c.id == pid).values(locked=locked))


class Link(NamedTuple):
    token: str
    kind: str
    planned: str
    workshop: int | None
    action: str
    deck: str
    language: str
    created: str
    revoked: str


def opened(register: Register, value: str, kinds: tuple[str, ...]) -> Link | None:
    """The link a token names, if it is one of these kinds and not revoked."""
    if not value or len(value) > 64:
        return None
    with translated(register.where), register.engine.begin() as conn:
        row = conn.execute(select(links).where(links.c.token == value)).mappings().first()
    if row is None or row["revoked"] or row["kind"] not in kinds:
        return None
    return Link(**row)


def links_of(register: Register, pid: str = "", workshop: int | None = None) -> list[Link]:
    """The links (revoked too) of a planned workshop, or of a register workshop."""
    query = select(links).order_by(links.c.created, links.c.token)
    query = query.where(links.c.planned == pid) if pid else query.where(links.c.workshop == workshop)
    with translated(register.where), register.engine.begin() as conn:
        return [Link(**r) for r in conn.execute(query).mappings()]


def new_link(
    register: Register, kind: str, *, pid: str = "", workshop: int | None = None, action: str = "", deck: str = "", language: str = ""
) -> str:
    if kind not in KINDS:
        raise ValueError(kind)
    value = token()
    row = {"token": value, "kind": kind, "planned": pid, "workshop": workshop, "action": action, "deck": deck, "language": language}
    with writing(register.engine, register.where) as conn:
        conn.execute(insert(links).values(**row, created=now(), revoked=""))
    return value


def generic_links(register: Register) -> list[Link]:
    with translated(register.where), register.engine.begin() as conn:
        return [Link(**r) for r in conn.execute(select(links).where(links.c.kind == "generic").order_by(links.c.created)).mappings()]


def revoke(register: Register, value: str) -> None:
    with writing(register.engine, register.where) as conn:
        conn.execute(update(links).where(links.c.token == value, links.c.revoked == "").values(revoked=now()))


def save_draft(register: Register, pid: str, draft: dict[str, Any]) -> bool:
    """The team's form as it is; False when the workshop is locked (nothing written)."""
    with writing(register.engine, register.where) as conn:
        done = conn.execute(
            update(planned).where(planned.c.id == pid, planned.c.locked.is_(False)).values(draft=json.dumps(draft, ensure_ascii=False))
        )
    return bool(done.rowcount)


def submit(register: Register, pid: str, workshop: Workshop, record: Record, draft: dict[str, Any]) -> int | None:
    """The team's results into the register: a new workshop the first time,
    the same one replaced after. Its number; None when the workshop is locked."""
    identity = f"web:{pid}"  # one register workshop a planned one, whatever the team types as details
    stamp = now()
    with writing(register.engine, register.where) as conn:
        row = conn.execute(select(planned.c.locked, planned.c.number).where(planned.c.id == pid)).first()
        if row is None or row.locked:
            return None
        number: int | None = row.number
        held = number is not None and conn.execute(select(s.workshops.c.number).where(s.workshops.c.number == number)).first()
        if held:
            assert number is not None
            _replace(conn, number, identity, ("results-sheet",), stamp, workshop)
        else:
            number = conn.execute(select(s.meta.c.next_number)).scalar_one()
            _write_workshops(conn, [(number, identity, ("results-sheet",), stamp, workshop)])
            conn.execute(update(s.meta).values(next_number=number + 1))
        kept = conn.execute(
            select(s.decks.c.deck).where(
                s.decks.c.deck == record.deck, s.decks.c.version == record.version, s.decks.c.language == record.language
            )
        ).first()
        if not kept:
            conn.execute(insert(s.decks).values(deck=record.deck, version=record.version, language=record.language, record=dumps(record)))
        conn.execute(
            update(planned).where(planned.c.id == pid).values(number=number, submitted=stamp, draft=json.dumps(draft, ensure_ascii=False))
        )
    return number


def forget(register: Register, pid: str) -> None:
    """A planned workshop, its links and its results in the register: all gone."""
    one = planned_one(register, pid)
    if one is None:
        return
    if one.number is not None:
        register.delete([one.number])
    with writing(register.engine, register.where) as conn:
        conn.execute(delete(links).where(links.c.planned == pid))
        if one.number is not None:
            conn.execute(delete(links).where(links.c.workshop == one.number))
        conn.execute(delete(planned).where(planned.c.id == pid))


def forget_all(register: Register) -> int:
    """Every workshop, planned or in the register, and every link: how many workshops went."""
    gone = register.delete(None)
    with writing(register.engine, register.where) as conn:
        conn.execute(delete(links))
        gone += conn.execute(delete(planned).where(planned.c.number.is_(None))).rowcount
        conn.execute(delete(planned))
    return gone


def cutoff(today: str, months: int) -> str:
    """The ISO day `months` months before `today` (the 28th at most, so every month has it)."""
    year, month, day = int(today[:4]), int(today[5:7]) - months, min(int(today[8:10]), 28)
    while month < 1:
        year, month = year - 1, month + 12
    return f"{year:04d}-{month:02d}-{day:02d}"


def expire(register: Register, months: int, today: str) -> int:
    """The retention setting: every workshop older than `months` months (by
    its date, or by when it was added or planned when it has none) deleted
    with everything of it. How many went."""
    before = cutoff(today, months)
    w = s.workshops.c
    with translated(register.where), register.engine.begin() as conn:
        old = {n for n, date, added in conn.execute(select(w.number, w.date, w.added)) if (date or added[:10]) < before}
        plans = [
            (p, n)
            for p, n, date, made in conn.execute(select(planned.c.id, planned.c.number, planned.c.date, planned.c.created))
            if (date or made[:10]) < before
        ]
    for pid, number in plans:
        forget(register, pid)
        old.discard(number)
    if old:
        register.delete(sorted(old))
    return len(old) + len(plans)
