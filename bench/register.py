"""The register at a national season's size: synthetic workshops (40 cards
in play, 8 placed, 2 actions each) added in one go, listed, loaded back and
exported, on SQLite and (where one can be started) PostgreSQL; the sizes
600 and 6,000 show whether time grows linearly.

    python bench/register.py [600 6000]
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from osallisuuspeli.register.actions import realisation
from osallisuuspeli.register.data import Register
from osallisuuspeli.register.exported import xlsx_bytes
from osallisuuspeli.register.store import open_register
from tests.registers import Cluster, reads


def timed(what, f):
    start = time.perf_counter()
    result = f()
    return what, time.perf_counter() - start, result


def run(database: str, n: int) -> list[tuple[str, float]]:
    season = reads(range(n))
    reg = Register(open_register(database))
    figures = []
    for what, f in (
        ("add", lambda: reg.add(season)),
        ("add again (all there)", lambda: reg.add(season)),
        ("list", reg.entries),
        ("load records", reg.workshops),
        ("realisation", lambda: realisation(reg, "2027-06-15")),
        ("export json", reg.export_json),
        ("export xlsx", lambda: xlsx_bytes(reg.dump())),
    ):
        name, seconds, result = timed(what, f)
        extra = f" ({len(result) / 1e6:.1f} MB)" if isinstance(result, bytes) else ""
        figures.append((name + extra, seconds))
    return figures


def main(sizes: list[int]) -> None:
    cluster = None
    try:
        cluster = Cluster()
    except Exception as e:  # no server here: SQLite only
        print(f"(no PostgreSQL: {e})")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "register.sqlite"
            for kind, db in (("SQLite", str(path)), ("PostgreSQL", cluster.database() if cluster else None)):
                if db is None:
                    continue
                figures = run(db, n)
                size = f", file {path.stat().st_size / 1e6:.1f} MB" if kind == "SQLite" else ""
                print(f"{kind}, {n} workshops{size}:")
                for what, seconds in figures:
                    print(f"  {what:32} {seconds:7.2f} s")
    if cluster:
        cluster.stop()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [600, 6000])
