"""The register at a national season's size: synthetic workshops (40 cards
in play, 8 placed, 2 actions each) added in one go, listed, loaded back, a
follow-up round recorded (a status for every other action), the report made
from the register (report.pdf and report.xlsx with the realisation) and
everything exported, then the `report` command itself, on SQLite and
(where one can be started) PostgreSQL; the sizes 600 and 6,000 show whether
time grows linearly.

    python bench/register.py [600 6000]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select

from osallisuuspeli.register.actions import Entered, followup, realisation, record
from osallisuuspeli.register.data import Register
from osallisuuspeli.register.exported import xlsx_bytes
from osallisuuspeli.register.reads import season as register_season
from osallisuuspeli.register.store import open_register
from osallisuuspeli.results.report import report_pdf, report_xlsx
from tests.registers import Cluster, reads

STATUSES = ("under_way", "done", "dropped")


def timed(what, f):
    """Seconds on the clock, and this process's own CPU seconds (PostgreSQL's
    server works in its own processes): on a busy machine the second is the steadier."""
    start, cpu = time.perf_counter(), time.process_time()
    result = f()
    return what, (time.perf_counter() - start, time.process_time() - cpu), result


def run(database: str, n: int) -> tuple[list[tuple[str, tuple[float, float]]], Register]:
    workshops = reads(range(n))
    reg = Register(open_register(database))
    round_ = [Entered(f"{i}-1", STATUSES[i % 3], "2027-03-01", "Seurattu") for i in range(1, n + 1)]
    made = {}

    def report():
        s = register_season(reg, language="fi")
        made["season"] = s
        made["followup"] = followup(reg, "2027-06-15", deck=s.texts.deck)
        return s

    figures = []
    for what, f in (
        ("add", lambda: reg.add(workshops)),
        ("add again (all there)", lambda: reg.add(workshops)),
        ("list", reg.entries),
        ("load records", reg.workshops),
        ("record a follow-up round", lambda: record(reg, round_)),
        ("realisation", lambda: realisation(reg, "2027-06-15")),
        ("season and follow-up for the report", report),
        ("report.pdf", lambda: report_pdf(made["season"], made["followup"])),
        ("report.xlsx", lambda: report_xlsx(made["season"], made["followup"])),
        ("export json", reg.export_json),
        ("export xlsx", lambda: xlsx_bytes(reg.dump())),
    ):
        name, seconds, result = timed(what, f)
        extra = f" ({len(result) / 1e6:.1f} MB)" if isinstance(result, bytes) else ""
        figures.append((name + extra, seconds))
    return figures, reg


def command(database: str, out: Path) -> tuple[float, float]:
    """`osallisuuspeli report --database ...` as a person runs it: its own
    process, start-up, reading the register, report.pdf and report.xlsx side by side."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    args = [sys.executable, "-m", "osallisuuspeli", "report", "--database", database, "--lang", "fi", "--out", str(out)]
    subprocess.run(args, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - start, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def size(reg: Register, path: Path) -> str:
    if reg.engine.dialect.name == "sqlite":
        return f"file {path.stat().st_size / 1e6:.1f} MB"
    with reg.engine.begin() as conn:
        return f"database {conn.execute(select(func.pg_database_size(func.current_database()))).scalar_one() / 1e6:.1f} MB"


def main(sizes: list[int]) -> None:
    cluster = None
    try:
        cluster = Cluster()
    except Exception as e:  # no server here: SQLite only
        print(f"(no PostgreSQL: {e})")
    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    for n in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "register.sqlite"
            for kind, db in (("SQLite", str(path)), ("PostgreSQL", cluster.database() if cluster else None)):
                if db is None:
                    continue
                figures, reg = run(db, n)
                figures.append(("command: report --database (pdf + xlsx)", command(db, Path(tmp) / kind)))
                print(f"{kind}, {n} workshops, {size(reg, path)}:")
                for what, (seconds, cpu) in figures:
                    print(f"  {what:40} {seconds:7.2f} s  (CPU {cpu:6.2f} s)")
                reg.engine.dispose()
    if cluster:
        cluster.stop()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [600, 6000])
