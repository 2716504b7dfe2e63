"""Registers for the tests: synthetic seasons of workshops (records, no
PDFs), and a throwaway PostgreSQL cluster where one can be started."""

from __future__ import annotations

import glob
import itertools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from osallisuuspeli.record import CardInfo, Record
from osallisuuspeli.results.season import Read
from osallisuuspeli.results.workshop import Action, Workshop

CARDS = tuple(f"card{i}" for i in range(1, 41))
RECORD = Record(
    "results-sheet",
    "kunta",
    "fi",
    "Kunta",
    "#1A5276",
    "v1",
    ("Teemme jo hyvin", "Olemme kokeilleet", "Kannattaa kokeilla"),
    tuple(CardInfo(c, i, f"Kortti {i}", "") for i, c in enumerate(CARDS, 1)),
    (),
)
UNITS = ("Kulttuuri", "Liikenne", "Sote")


def workshop(i: int, *, unit: str | None = None, date: str | None = None, actions: int = 2) -> Workshop:
    """Workshop i of a synthetic season: a unit, a date, cards placed, actions with due dates."""
    unit = unit or UNITS[i % len(UNITS)]
    date = date or f"2026-{(i % 12) + 1:02}-{(i % 27) + 1:02}"
    columns = ("done_well", "tried", "worth_trying")
    return Workshop(
        deck="kunta",
        language="fi" if i % 4 else "sv",
        files=(f"sheet-{i}.pdf",),
        versions=("v1",),
        date=date,
        date_typed=date,
        organisation=unit,
        leader=f"Vetäjä {i}",
        participants=4 + i % 5,
        participants_typed=str(4 + i % 5),
        target_group="Asukkaat",
        scope="",
        cards=CARDS,
        placed=tuple((CARDS[(i + k) % 40], columns[k % 3]) for k in range(8)),
        tokens=((CARDS[i % 40], "keep"),),
        unplaced=(),
        own=(("Oma keino", f"Kuvaus {i}"),),
        actions=tuple(
            Action(f"Tavoite {i}.{n}", "Kokeilut", f"Vastaava {i}.{n}", "", f"{(i % 27) + 1}.6.2027", "", "", f"2027-06-{(i % 27) + 1:02}")
            for n in range(1, actions + 1)
        ),
        notes=(("step1.notes", f"Muistiinpano {i}"),),
    )


def reads(numbers, **kw) -> list[Read]:
    return [Read(workshop(i, **kw), RECORD) for i in numbers]


# A throwaway PostgreSQL: Debian's initdb and pg_ctl, run as `nobody` when the
# tests run as root (initdb refuses root), listening only on a unix socket.


def _postgres_bin() -> Path | None:
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"), key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0
    )
    return Path(found[-1]).parent if found else None


class Cluster:
    def __init__(self) -> None:
        self.bin = _postgres_bin()
        if self.bin is None:
            raise RuntimeError("no PostgreSQL server here (Debian's postgresql package installs one)")
        self.root = Path(tempfile.mkdtemp(prefix="register-pg-"))
        os.chmod(self.root, 0o755)
        self.data, self.socket = self.root / "data", self.root / "socket"
        self.data.mkdir()
        self.socket.mkdir()
        self.as_user: list[str] = []
        if os.geteuid() == 0:
            shutil.chown(self.data, "nobody")
            shutil.chown(self.socket, "nobody")
            self.as_user = ["runuser", "-u", "nobody", "--"]
        self._run(self.bin / "initdb", "-D", self.data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-sync")
        options = f"-k {self.socket} -c listen_addresses='' -F"
        self._run(self.bin / "pg_ctl", "-D", self.data, "-o", options, "-w", "-t", "30", "-l", self.data / "server.log", "start")
        self.n = itertools.count(1)

    def _run(self, *args) -> None:
        done = subprocess.run([*self.as_user, *map(str, args)], capture_output=True, text=True, cwd=self.root, timeout=60)
        if done.returncode:
            raise RuntimeError(f"{Path(str(args[0])).name} failed: {(done.stderr or done.stdout).strip().splitlines()[-1:]}")

    def database(self) -> str:
        """A new, empty database's URL."""
        name = f"register{next(self.n)}"
        subprocess.run(
            [str(self.bin / "createdb"), "-h", str(self.socket), "-U", "postgres", name], check=True, capture_output=True, timeout=30
        )
        return f"postgresql://postgres@/{name}?host={self.socket}"

    def stop(self) -> None:
        subprocess.run(
            [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"], capture_output=True, timeout=60
        )
        shutil.rmtree(self.root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres():
    try:
        import psycopg  # noqa: F401
    except ImportError:
        pytest.skip("psycopg is not installed (pip install 'osallisuuspeli[postgresql]')")
    try:
        cluster = Cluster()
    except (RuntimeError, OSError, subprocess.SubprocessError) as e:
        pytest.skip(f"no PostgreSQL could be started: {e}")
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request, tmp_path) -> str:
    """A new, empty register's --database: an SQLite file, or a PostgreSQL database."""
    if request.param == "sqlite":
        return str(tmp_path / "register.sqlite")
    return request.getfixturevalue("postgres").database()
