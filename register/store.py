"""Opening the register: the database a URL names (an SQLite file in the
user's data folder by default), checked to be a register before anything is
written, and upgraded in place to the schema this version knows.

Every write runs alone: SQLite's transactions start with BEGIN IMMEDIATE
(a second writer waits up to BUSY seconds), PostgreSQL's take one advisory
lock, so two processes adding at once never make two numbers or lose a row.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from sqlalchemy import Connection, Engine, create_engine, event, func, inspect, select
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import DatabaseError, OperationalError

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import _

from . import schema
from .home import default_path

if TYPE_CHECKING:
    import sqlite3

    from alembic.config import Config
    from sqlalchemy.pool import ConnectionPoolEntry

ENVIRONMENT = "OSALLISUUSPELI_DATABASE"
BUSY = 5  # seconds a locked SQLite file is waited for
LOCK = 0x05A11  # PostgreSQL's advisory lock key for the register's writes
SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS = Path(__file__).parent / "migrations"
OURS = {"meta", "workshops", "alembic_version"}


def url_of(database: str | None) -> URL:
    """The database `--database` (or the environment, or the default) names:
    a URL, or a file path standing for an SQLite file."""
    value = database or os.environ.get(ENVIRONMENT) or str(default_path())
    if "://" not in value:
        return URL.create("sqlite", database=str(Path(value).expanduser().absolute()))
    try:
        url = make_url(value)
    except Exception:
        raise UserError(f"--database {value!r}: not a database URL (postgresql://user@host/name, or a file name)") from None
    if url.drivername in ("postgresql", "postgres"):
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise UserError(_("--database: the register runs on SQLite or PostgreSQL, not %(backend)s") % {"backend": url.get_backend_name()})
    return url


def where(url: URL) -> str:
    """The register's location as a person reads it, without a password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


class Opened(NamedTuple):
    engine: Engine
    where: str
    register: str  # the register's own id
    created: bool  # a new register was made


def _is_sqlite(url: URL) -> bool:
    return url.get_backend_name() == "sqlite"


def _check_file(path: Path) -> None:
    """A file that is not an SQLite database is never opened (SQLite would
    say so only when writing, and an empty name would become one)."""
    if path.is_dir():
        raise UserError(_("%(file)s: a folder, not a register file; name a file with --database") % {"file": path})
    if path.exists() and path.stat().st_size:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_HEADER))
        if head != SQLITE_HEADER:
            raise UserError(
                _(
                    "%(file)s: not a register of osallisuuspeli (not an SQLite database); it was left as it is: name another file with --database"
                )
                % {"file": path}
            )


def _engine(url: URL) -> Engine:
    if _is_sqlite(url):
        engine = create_engine(url, connect_args={"timeout": BUSY})

        @event.listens_for(engine, "connect")
        def _no_implicit_begin(
            dbapi_connection: sqlite3.Connection, record: ConnectionPoolEntry
        ) -> None:  # SQLAlchemy's recipe: the driver must not BEGIN on its own
            dbapi_connection.isolation_level = None

        @event.listens_for(engine, "begin")
        def _begin_immediate(connection: Connection) -> None:  # one writer at a time, the others wait BUSY seconds
            connection.exec_driver_sql("BEGIN IMMEDIATE")

        return engine
    return create_engine(url, pool_pre_ping=False)


@contextmanager
def translated(place: str) -> Iterator[None]:
    """Database errors a person can act on, as one sentence each."""
    try:
        yield
    except OperationalError as e:
        text = str(e.orig).strip().splitlines()[0] if e.orig is not None else str(e)
        if "locked" in text or "busy" in text:
            raise UserError(
                _(
                    "%(file)s: the register is in use by another program and stayed locked for %(seconds)s seconds; try again when it has finished"
                )
                % {"file": place, "seconds": BUSY}
            ) from None
        if "unable to open" in text:
            raise UserError(f"{place}: the register file cannot be opened (does its folder exist, may you write there?)") from None
        raise UserError(f"{place}: the register's database cannot be used ({text})") from None
    except DatabaseError as e:
        text = str(e.orig).strip().splitlines()[0] if e.orig is not None else str(e)
        raise UserError(
            _("%(file)s: the register is damaged (%(error)s); it was left as it is: restore it from a copy or name another with --database")
            % {"file": place, "error": text}
        ) from None


@contextmanager
def writing(engine: Engine, place: str) -> Iterator[Connection]:
    """A transaction no other writer runs beside."""
    with translated(place), engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(select(func.pg_advisory_xact_lock(LOCK)))
        yield conn


def _alembic(conn: Connection) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = conn
    return config


def upgrade(conn: Connection, place: str, target: str = "head") -> bool:
    """The register's schema brought to `target` in place; True if it was new.
    A register of a newer schema, or a database of something else, is refused."""
    from alembic import command
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    tables = set(inspect(conn).get_table_names())
    if tables and not tables & OURS:
        raise UserError(
            _("%(file)s: a database of something else (it has no register tables); it was left as it is: name another with --database")
            % {"file": place}
        )
    config = _alembic(conn)
    current = MigrationContext.configure(conn).get_current_revision()
    scripts = ScriptDirectory.from_config(config)
    known = {s.revision for s in scripts.walk_revisions()}
    if current is not None and current not in known:
        raise UserError(
            _("%(file)s: made by a newer osallisuuspeli (schema %(schema)s); upgrade osallisuuspeli to open it")
            % {"file": place, "schema": current}
        )
    if tables and current is None:
        raise UserError(
            _("%(file)s: a database of something else (it has no schema version); it was left as it is: name another with --database")
            % {"file": place}
        )
    if current != scripts.get_current_head() or target != "head":
        command.upgrade(config, target)
    return current is None


def open_register(database: str | None = None, *, create_folder: bool = True) -> Opened:
    """The register `database` names, made or upgraded as needed."""
    url = url_of(database)
    place = where(url)
    if _is_sqlite(url) and url.database:
        path = Path(url.database)
        _check_file(path)
        if create_folder and database is None and not os.environ.get(ENVIRONMENT):
            path.parent.mkdir(parents=True, exist_ok=True)
    engine = _engine(url)
    with writing(engine, place) as conn:
        created = upgrade(conn, place)
        register = conn.execute(select(schema.meta.c.register)).scalar_one()
    return Opened(engine, place, register, created)
