"""`osallisuuspeli register ...` with real filled sheets: what it says when
adding, adding again, joining a board to its sheet, listing, exporting,
importing and deleting."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from osallisuuspeli.cli import main

from .workshops import fill, team

CARDS = ("avoimien-ovien-paivat",)


def _run(*args: str, code: int = 0):
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> Path:
    """A kunta kit, three results sheets filled (two units, one in a subfolder),
    the board of the first, and a file that is no sheet."""
    root = tmp_path_factory.mktemp("sheets")
    _run("build", "--deck", "kunta", "--fillable", "-q", "--out", str(root / "kit"))
    sheet = root / "kit" / "fi" / "results-sheet.pdf"
    (root / "in" / "liikenne").mkdir(parents=True)
    teams = [
        ("in/a.pdf", "Kulttuuri", "2.2.2026", "Anna", 1),
        ("in/b.pdf", "Kulttuuri", "12.5.2026", "Bertta", 2),
        ("in/liikenne/c.pdf", "Liikenne", "20.2.2026", "Cecilia", 0),
    ]
    for name, unit, date, leader, n in teams:
        rows = [{"goal": f"{unit} {k}", "method": "Kokeilut", "responsible": leader, "timetable": f"{k}.6.2027"} for k in range(1, n + 1)]
        details = {"date": date, "organisation": unit, "leader": leader, "participants": "6", "target_group": "Asukkaat"}
        team(sheet, root / name, details, {CARDS[0]: "worth_trying"}, actions=rows)
    (root / "in" / "broken.pdf").write_bytes(b"not a pdf")
    fill(
        root / "kit" / "fi" / "board.pdf",
        root / "board-a.pdf",
        {
            "workshop.date": "2.2.2026",
            "workshop.organisation": "Kulttuuri",
            "workshop.leader": "Anna",
            "workshop.target_group": "Asukkaat",
            "step1.notes": "Miksi osallistamme",
        },
    )
    return root


def test_add_again_join_list_export_import_delete(sheets, tmp_path):
    db = str(tmp_path / "r.sqlite")
    result = CliRunner().invoke(main, ["register", "add", str(sheets / "in"), "--database", db])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[-1] == f"Register {db}: added 3 workshops."
    assert [line.split(": ")[1] for line in lines[:-1]] == ["broken.pdf"]  # the one skipped file, in one line
    again = _run("register", "add", str(sheets / "in"), "--database", db).splitlines()
    assert again[-1] == f"Register {db}: added 0 workshops, 3 were there already (nothing changed)."
    assert "osallisuuspeli: a.pdf: already in the register as workshop 1; nothing changed" in again
    joined = _run("register", "add", str(sheets / "board-a.pdf"), "--database", db)
    assert joined == f"Register {db}: added 0 workshops, 1 workshop joined by its other sheet.\n"
    listed = _run("register", "list", "--database", db).splitlines()
    assert listed == [
        "No.  Date              Organisation and unit  Game leader  Deck   Cards placed  Actions",
        "1    2 February 2026   Kulttuuri              Anna         kunta             1        1",
        "3    20 February 2026  Liikenne               Cecilia      kunta             1        0",
        "2    12 May 2026       Kulttuuri              Bertta       kunta             1        2",
        "3 workshops",
    ]
    assert _run("register", "list", "--unit", " kulttuuri ", "--since", "1.4.2026", "--database", db).splitlines()[1:] == [
        "2    12 May 2026  Kulttuuri              Bertta       kunta             1        2",
        "1 workshop",
    ]
    assert _run("register", "list", "--deck", "helsinki", "--database", db) == f"The register {db} holds no such workshops.\n"
    # export and import: the same records
    assert (
        _run("register", "export", str(tmp_path / "all.json"), "--database", db)
        == f"Wrote {tmp_path / 'all.json'}: 3 workshops of the register {db}.\n"
    )
    _run("register", "export", str(tmp_path / "all.xlsx"), "--database", db)
    book = openpyxl.load_workbook(tmp_path / "all.xlsx")
    assert [row[0].value for row in book["actions"].iter_rows(min_row=2)] == ["1-1", "2-1", "2-2"]
    copy = str(tmp_path / "copy.sqlite")
    assert _run("register", "import", str(tmp_path / "all.json"), "--database", copy) == f"Imported 3 workshops into the register {copy}.\n"
    _run("register", "export", str(tmp_path / "again.json"), "--database", copy)
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "all.json").read_bytes()
    doc = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert [w["forms"] for w in doc["tables"]["workshops"]] == [["board", "results-sheet"], ["results-sheet"], ["results-sheet"]]
    # delete one, then everything
    assert _run("register", "delete", "2", "--database", db) == f"Deleted workshop 2 and its actions from the register {db}.\n"
    out = _run("register", "delete", "7", "--database", db, code=2)
    assert out == f"osallisuuspeli: no workshop 7 in the register {db} (register list shows the numbers); nothing was deleted\n"
    assert (
        _run("register", "delete", "--all", "--database", db, code=2)
        == "osallisuuspeli: --all deletes every workshop in the register: add --yes to confirm\n"
    )
    assert (
        _run("register", "delete", "--all", "--yes", "--database", db)
        == f"Deleted everything in the register {db}: 2 workshops with their actions.\n"
    )
    assert _run("register", "list", "--database", db) == f"The register {db} holds no such workshops yet (register add FILES adds some).\n"


def test_nothing_to_add_is_one_sentence(sheets, tmp_path):
    db = str(tmp_path / "r.sqlite")
    out = _run("register", "add", str(sheets / "in" / "broken.pdf"), "--database", db, code=2).splitlines()
    assert out[-1] == "osallisuuspeli: no filled board, results sheet or follow-up sheet among the files: nothing was added"
    assert (
        _run("register", "add", str(tmp_path / "nowhere"), "--database", db, code=2)
        == f"osallisuuspeli: {tmp_path / 'nowhere'}: no such file or folder\n"
    )


def test_the_register_is_never_written_over_a_file_of_something_else(sheets, tmp_path):
    target = tmp_path / "kit.pdf"
    shutil.copy(sheets / "kit" / "fi" / "kit.pdf", target)
    before = target.read_bytes()
    out = _run("register", "add", str(sheets / "in"), "--database", str(target), code=2)
    assert (
        out
        == f"osallisuuspeli: {target}: not a register of osallisuuspeli (not an SQLite database); it was left as it is: name another file with --database\n"
    )
    assert target.read_bytes() == before


def test_export_wants_xlsx_or_json(tmp_path):
    out = _run("register", "export", str(tmp_path / "x.csv"), "--database", str(tmp_path / "r.sqlite"), code=2)
    assert out == f"osallisuuspeli: {tmp_path / 'x.csv'}: export to .xlsx or .json (the name's ending says which)\n"
