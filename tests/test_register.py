"""The register: a season adds up however it is added, adding twice changes
nothing, an export imports again as the same records, an old register
upgrades in place, two processes adding at once lose nothing - on SQLite
and on a real PostgreSQL."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, insert, inspect, select

from osallisuuspeli.cli import main
from osallisuuspeli.errors import UserError
from osallisuuspeli.register import schema
from osallisuuspeli.register.actions import Entered, actions, realisation, record
from osallisuuspeli.register.data import Register, _row
from osallisuuspeli.register.exported import xlsx_bytes
from osallisuuspeli.register.store import open_register, upgrade, url_of, writing

from . import registers
from .registers import RECORD, reads, workshop

database, postgres = registers.database, registers.postgres  # the fixtures: SQLite and PostgreSQL
ADDED = "2026-12-01T10:00:00+00:00"


def _open(db: str) -> Register:
    return Register(open_register(db))


def _records(reg: Register) -> list:
    return [(s.number, s.forms, s.workshop) for s in reg.workshops()]


def test_a_season_added_in_two_batches_is_the_season_added_at_once(database, tmp_path):
    one = _open(database)
    one.add(reads(range(40)), added=ADDED)
    other = _open(str(tmp_path / "other.sqlite"))
    other.add(reads(range(25)), added=ADDED)
    other.add(reads(range(15, 40)), added=ADDED)  # 10 of them again
    assert _records(one) == _records(other)
    assert len(_records(one)) == 40
    assert one.entries() == other.entries()
    assert realisation(one, "2027-06-15") == realisation(other, "2027-06-15")
    rows, last = realisation(one, "2027-06-15")
    assert sum(r.agreed for r in rows) == 80 == len(last)
    assert {r.unit for r in rows} == {"Kulttuuri", "Liikenne", "Sote"}
    # due 2027-06-01..14 are overdue on the 15th: workshops i with i % 27 < 14, two actions each
    assert sum(r.overdue for r in rows) == 2 * sum(1 for i in range(40) if i % 27 < 14)


def test_adding_twice_changes_nothing_and_says_so(database):
    reg = _open(database)
    first = reg.add(reads(range(6)), added=ADDED)
    assert first.added == (1, 2, 3, 4, 5, 6) and first.already == ()
    before = reg.dump()
    again = reg.add(reads(range(6)), added="2027-01-01T00:00:00+00:00")
    assert again.added == () and again.merged == ()
    assert again.already == tuple((f"sheet-{i}.pdf", i + 1) for i in range(6))
    assert reg.dump() == before


def test_the_same_workshop_twice_in_one_batch_is_one(database):
    reg = _open(database)
    done = reg.add(reads([3, 3, 4]), added=ADDED)
    assert done.added == (1, 2) and done.already == (("sheet-3.pdf", 1),)


def test_a_board_added_after_its_results_sheet_joins_that_workshop(database):
    reg = _open(database)
    sheet = reads([7])[0]
    reg.add([sheet], added=ADDED)
    board_workshop = workshop(7)._replace(files=("board-7.pdf",), notes=(("step2.notes", "Laudalta"),), placed=(), actions=())
    done = reg.add([sheet._replace(workshop=board_workshop, record=RECORD._replace(form="board"))], added=ADDED)
    assert done.merged == (1,) and done.added == ()
    (stored,) = reg.workshops()
    assert stored.forms == ("board", "results-sheet")
    assert stored.workshop.files == ("sheet-7.pdf", "board-7.pdf")
    assert ("step2.notes", "Laudalta") in stored.workshop.notes  # the board's notes reach the workshop
    assert len(stored.workshop.actions) == 2 and len(stored.workshop.placed) == 8
    again = reg.add([sheet], added=ADDED)
    assert again.already == (("sheet-7.pdf", 1),)


def test_export_then_import_into_an_empty_register_gives_the_same_records(database, tmp_path):
    reg = _open(database)
    reg.add(reads(range(12)), added=ADDED)
    record(reg, [Entered("1-1", "done", "2027-02-01", "Tehty"), Entered("2-2", "dropped", "2027-03-01")], recorded=ADDED)
    exported = reg.export_json()
    other = _open(str(tmp_path / "imported.sqlite"))
    assert other.import_json(exported, "x.json") == 12
    assert other.export_json() == exported
    assert _records(other) == _records(reg)
    assert other.id == reg.id
    assert other.records() == reg.records() == [RECORD]
    with pytest.raises(UserError) as e:
        other.import_json(exported, "x.json")
    assert str(e.value) == (
        f"{other.where}: the register already holds 12 workshops; import into an empty one "
        "(another --database, or register delete --all --yes first)"
    )


def test_numbers_are_never_reused_after_a_delete(database):
    reg = _open(database)
    reg.add(reads(range(3)), added=ADDED)
    assert reg.delete([3]) == 1
    assert reg.add(reads([10]), added=ADDED).added == (4,)
    assert [e.number for e in reg.entries()] == [1, 2, 4]
    assert reg.delete(None) == 3
    assert reg.entries() == [] and reg.dump()["tables"]["actions"] == []


def test_a_register_of_the_first_schema_opens_upgraded_in_place(database):
    """Made by running only revision 1, with a workshop written as that schema had it."""
    url = url_of(database)
    engine = create_engine(url)
    with writing(engine, "test") as conn:
        upgrade(conn, "test", target="1")
        tables = set(inspect(conn).get_table_names())
        assert "action_statuses" not in tables and "workshops" in tables
        conn.execute(insert(schema.workshops), [_row(1, "a" * 32, ["results-sheet"], ADDED, workshop(1))])
        conn.execute(insert(schema.actions), [{"id": "1-1", "workshop": 1, "row": 1, **dict.fromkeys(schema.ACTION_TEXTS, "x"), "due": ""}])
        conn.execute(schema.meta.update().values(next_number=2))
        first_id = conn.execute(select(schema.meta.c.register)).scalar_one()
    engine.dispose()
    reg = _open(database)
    assert reg.id == first_id
    with writing(reg.engine, "test") as conn:
        assert conn.execute(select(schema.meta.c.schema)).scalar_one() == schema.SCHEMA == 3
    assert [e.number for e in reg.entries()] == [1]
    assert record(reg, [Entered("1-1", "under_way", "2027-01-10")], recorded=ADDED) == (1, 0)
    assert [a.status for a in actions(reg)] == ["under_way"]
    assert reg.add(reads([5]), added=ADDED).added == (2,)


def _add_in_a_process(db: str, numbers: list[int]) -> None:
    reg = _open(db)
    for i in numbers:  # one workshop a transaction: the two processes interleave
        reg.add(reads([i]))


def test_two_processes_adding_at_once_lose_nothing(database):
    _open(database)  # made first, as a coordinator's first `register add` would
    ctx = multiprocessing.get_context("spawn")
    first = ctx.Process(target=_add_in_a_process, args=(database, list(range(0, 30))))
    second = ctx.Process(target=_add_in_a_process, args=(database, list(range(20, 50))))  # 10 the same
    first.start()
    second.start()
    first.join(120)
    second.join(120)
    assert first.exitcode == 0 and second.exitcode == 0
    reg = _open(database)
    entries = reg.entries()
    assert sorted(e.number for e in entries) == list(range(1, 51))
    assert sorted(e.leader for e in entries) == sorted(f"Vetäjä {i}" for i in range(50))
    assert len(actions(reg)) == 100


# the file the register lives in


def test_a_file_that_is_not_a_register_is_refused_and_left_as_it_is(tmp_path):
    other = tmp_path / "notes.txt"
    other.write_bytes(b"my notes, not a database\n")
    with pytest.raises(UserError) as e:
        open_register(str(other))
    assert (
        str(e.value)
        == f"{other}: not a register of osallisuuspeli (not an SQLite database); it was left as it is: name another file with --database"
    )
    assert other.read_bytes() == b"my notes, not a database\n"
    foreign = tmp_path / "foreign.sqlite"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE customers (name TEXT)")
    before = foreign.read_bytes()
    with pytest.raises(UserError) as e:
        open_register(str(foreign))
    assert (
        str(e.value)
        == f"{foreign}: a database of something else (it has no register tables); it was left as it is: name another with --database"
    )
    assert foreign.read_bytes() == before


def test_a_damaged_register_is_one_sentence_and_left_as_it_is(tmp_path):
    path = tmp_path / "register.sqlite"
    _open(str(path)).add(reads(range(3)), added=ADDED)
    data = bytearray(path.read_bytes())
    data[100:4096] = b"\xff" * (4096 - 100)  # the first page's schema, overwritten
    path.write_bytes(bytes(data))
    with pytest.raises(UserError) as e:
        open_register(str(path))
    assert str(e.value).startswith(f"{path}: the register is damaged (")
    assert str(e.value).endswith("); it was left as it is: restore it from a copy or name another with --database")
    assert path.read_bytes() == bytes(data)


def test_a_register_locked_by_another_program_waits_then_says_so(tmp_path, monkeypatch):
    from osallisuuspeli.register import store

    path = tmp_path / "register.sqlite"
    _open(str(path))
    monkeypatch.setattr(store, "BUSY", 0.2)
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(UserError) as e:
            _open(str(path)).add(reads([1]))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert (
        str(e.value)
        == f"{path}: the register is in use by another program and stayed locked for 0.2 seconds; try again when it has finished"
    )


def test_the_default_register_is_in_the_users_data_folder(monkeypatch, tmp_path):
    import platformdirs

    monkeypatch.delenv("OSALLISUUSPELI_DATABASE", raising=False)
    expected = Path(platformdirs.user_data_dir("osallisuuspeli", appauthor=False)) / "register.sqlite"
    result = CliRunner().invoke(main, ["register", "where"])
    assert result.exit_code == 0 and result.output == f"{expected}\n"
    assert str(expected) in " ".join(CliRunner().invoke(main, ["register", "--help"]).output.split()).replace("\n", "")
    monkeypatch.setenv("OSALLISUUSPELI_DATABASE", "postgresql://coordinator:secret@db.example/osallisuus")
    result = CliRunner().invoke(main, ["register", "where"])
    assert result.output == "postgresql+psycopg://coordinator:***@db.example/osallisuus\n"


# the xlsx export: every person's text a string that cannot run


def test_the_xlsx_export_neutralises_every_text_a_person_typed(tmp_path):
    reg = _open(str(tmp_path / "r.sqlite"))
    hostile = workshop(1)._replace(organisation='=HYPERLINK("http://x","y")', leader="+358 40 1", target_group="@SUM(A1)", scope="\tx")
    reg.add([reads([1])[0]._replace(workshop=hostile)], added=ADDED)
    book = openpyxl.load_workbook(__import__("io").BytesIO(xlsx_bytes(reg.dump())))
    sheet = book["workshops"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2])}
    assert row["organisation"].value == '\'=HYPERLINK("http://x","y")' and row["organisation"].data_type == "s"
    assert row["leader"].value == "'+358 40 1"
    assert row["target_group"].value == "'@SUM(A1)"
    assert row["scope"].value == "'\tx"
    assert row["participants"].value == 5 and row["participants"].data_type == "n"
    for ws in book.worksheets:
        for cells in ws.iter_rows():
            for c in cells:
                assert c.data_type != "f", (ws.title, c.coordinate)


def test_the_json_export_is_everything_and_readable(tmp_path):
    reg = _open(str(tmp_path / "r.sqlite"))
    reg.add(reads([1, 2]), added=ADDED)
    doc = json.loads(reg.export_json())
    assert doc["format"] == "osallisuuspeli-register" and doc["schema"] == 3 and doc["next_number"] == 3
    assert [w["leader"] for w in doc["tables"]["workshops"]] == ["Vetäjä 1", "Vetäjä 2"]
    assert len(doc["tables"]["placements"]) == 16 and len(doc["tables"]["actions"]) == 4
