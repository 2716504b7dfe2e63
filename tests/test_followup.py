"""The follow-up round: sheets made from the register, filled as owners
would (one in Swedish, one as a workbook), added back, and the realisation
counted per unit and quarter."""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import pikepdf
import pypdf
import pytest
from click.testing import CliRunner

from osallisuuspeli.cli import main
from osallisuuspeli.kit.followup_sheet import KEY, Item, followup_pdf, layout
from osallisuuspeli.register.actions import actions, realisation
from osallisuuspeli.register.data import Register
from osallisuuspeli.register.store import open_register
from osallisuuspeli.results.realisation import Realised
from osallisuuspeli.results.season import Read
from osallisuuspeli.units import MM, PAPERS

from . import registers
from .registers import RECORD, workshop
from .workshops import fill

database, postgres = registers.database, registers.postgres  # the fixtures: SQLite and PostgreSQL

SEASON = [  # unit, date, actions: Kulttuuri in two quarters, Liikenne in one
    ("Kulttuuri", "2026-02-10", 2),
    ("Kulttuuri", "2026-05-05", 1),
    ("Liikenne", "2026-02-20", 2),
]


def _record(path: Path) -> str:
    with pikepdf.open(path) as pdf:
        return str(pdf.docinfo[KEY])


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture
def season(database) -> Register:
    reg = Register(open_register(database))
    reg.add([Read(workshop(i, unit=u, date=d, actions=n), RECORD) for i, (u, d, n) in enumerate(SEASON, 1)])
    return reg


def test_a_follow_up_round_gives_the_realisation_per_unit_and_quarter(season, database, tmp_path):
    out = _run("register", "followup", "--unit", "kulttuuri", "--out", str(tmp_path / "fi"), "--database", database)
    assert out == f"Wrote {tmp_path / 'fi' / 'followup-sheet.pdf'} and {tmp_path / 'fi' / 'followup.xlsx'}: 3 open actions.\n"
    _run(
        "register",
        "followup",
        "--unit",
        "Liikenne",
        "--lang",
        "sv",
        "--paper",
        "letter",
        "--out",
        str(tmp_path / "sv"),
        "--database",
        database,
    )
    sheet = tmp_path / "fi" / "followup-sheet.pdf"
    assert _record(sheet) == f'{{"form":"followup-sheet","register":"{season.id}","language":"fi","actions":["1-1","1-2","2-1"]}}'
    # the owners: in Finnish, 1-1 done, 1-2 under way, 2-1 dropped
    filled_fi = tmp_path / "filled-fi.pdf"
    fill(
        sheet,
        filled_fi,
        {
            "actions.1-1.date": "15.3.2027",
            "actions.1-1.note": "Tehty kahdesti",
            "actions.1-2.date": "2027-03-20",
            "actions.2-1.note": "Ei resursseja",
        },
        {"actions.1-1.done", "actions.1-2.under_way", "actions.2-1.dropped"},
    )
    # in Swedish, on Letter: 3-1 done, 3-2 left as it was
    filled_sv = tmp_path / "filled-sv.pdf"
    fill(
        tmp_path / "sv" / "followup-sheet.pdf",
        filled_sv,
        {"actions.3-1.date": "1.4.2027", "actions.3-1.note": "Genomförd i april"},
        {"actions.3-1.done"},
    )
    result = CliRunner().invoke(main, ["register", "add", str(filled_fi), str(filled_sv), "--date", "2027-06-30", "--database", database])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[-1] == f"Register {season.where}: added 0 workshops, recorded 4 statuses of follow-up sheets."
    rows, last = realisation(season, "2027-07-01", since="2026-01-01", until="2026-12-31")
    assert rows == [
        Realised("Kulttuuri", "2026-Q1", agreed=2, not_started=0, under_way=1, done=1, dropped=0, overdue=1),
        Realised("Kulttuuri", "2026-Q2", agreed=1, not_started=0, under_way=0, done=0, dropped=1, overdue=0),
        Realised("Liikenne", "2026-Q1", agreed=2, not_started=1, under_way=0, done=1, dropped=0, overdue=1),
    ]
    by_id = {a.action: a for a in last}
    assert (by_id["1-1"].status, by_id["1-1"].status_date, by_id["1-1"].note) == ("done", "2027-03-15", "Tehty kahdesti")
    assert (by_id["2-1"].status, by_id["2-1"].status_date, by_id["2-1"].note) == (
        "dropped",
        "2027-06-30",
        "Ei resursseja",
    )  # no date: --date's
    assert (by_id["3-1"].status, by_id["3-1"].status_date, by_id["3-1"].note) == ("done", "2027-04-01", "Genomförd i april")
    assert (by_id["3-2"].status, by_id["3-2"].status_date, by_id["3-2"].overdue) == ("not_started", "", True)
    # the same filled sheet again changes nothing, and says so
    again = CliRunner().invoke(main, ["register", "add", str(filled_fi), "--date", "2027-06-30", "--database", database])
    assert (
        again.output.splitlines()[-1]
        == f"Register {season.where}: added 0 workshops, recorded 0 statuses of follow-up sheets (3 there already)."
    )
    assert realisation(season, "2027-07-01")[0] == rows
    # the next round lists only what is still open
    _run("register", "followup", "--unit", "KULTTUURI", "--out", str(tmp_path / "next"), "--database", database)
    assert _record(tmp_path / "next" / "followup-sheet.pdf").endswith('"actions":["1-2"]}')


def test_the_follow_up_workbook_filled_in_any_language_adds_back(season, database, tmp_path):
    _run("register", "followup", "--lang", "en", "--out", str(tmp_path), "--database", database)
    book = openpyxl.load_workbook(tmp_path / "followup.xlsx")
    sheet = book.worksheets[0]
    assert [c.value for c in sheet[1]] == [
        "Action",
        "Workshop",
        "Organisation and unit",
        "Goal",
        "Method",
        "Who is responsible",
        "Timetable",
        "Status",
        "Date",
        "Note",
    ]
    ids = [r[0].value for r in sheet.iter_rows(min_row=2)]
    assert ids == ["1-1", "1-2", "3-1", "3-2", "2-1"]  # by workshop date
    rows = {r[0].value: r for r in sheet.iter_rows(min_row=2)}
    rows["1-1"][7].value, rows["1-1"][8].value = "Toteutettu", "31.1.2027"  # a Finnish word on an English sheet
    rows["3-2"][7].value, rows["3-2"][9].value = "Pågår", "Halvvägs"
    rows["2-1"][7].value = "maybe"
    filled = tmp_path / "filled.xlsx"
    book.save(filled)
    result = CliRunner().invoke(main, ["register", "add", str(filled), "--database", database])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines == [  # the workbook is read as a follow-up sheet, not also called "not a PDF file"
        "osallisuuspeli: filled.xlsx: action 2-1: 'maybe' is not a status (Not started, Under way, Done, Dropped); not added",
        f"Register {season.where}: added 0 workshops, recorded 2 statuses of follow-up sheets.",
    ]
    status = {a.id: (a.status, a.last.date if a.last else "", a.last.note if a.last else "") for a in actions(season)}
    assert status["1-1"] == ("done", "2027-01-31", "")
    assert status["3-2"][0::2] == ("under_way", "Halvvägs")


def test_follow_up_sheets_in_a_folder_per_unit_are_all_added(season, database, tmp_path):
    """A coordinator's round: a folder a unit, each with its filled sheet under
    the same name; every status is recorded and no sheet is called skipped."""
    for unit in ("Kulttuuri", "Liikenne"):
        _run("register", "followup", "--unit", unit, "--out", str(tmp_path / "made" / unit), "--database", database)
    round_ = tmp_path / "kevät"
    for folder in ("kulttuuri", "liikenne"):
        (round_ / folder).mkdir(parents=True)
    made = tmp_path / "made"
    fill(made / "Kulttuuri" / "followup-sheet.pdf", round_ / "kulttuuri" / "seuranta.pdf", {}, {"actions.1-1.done", "actions.2-1.dropped"})
    fill(made / "Liikenne" / "followup-sheet.pdf", round_ / "liikenne" / "seuranta.pdf", {}, {"actions.3-1.under_way"})
    result = CliRunner().invoke(main, ["register", "add", str(round_), "--date", "2027-06-30", "--database", database])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [f"Register {season.where}: added 0 workshops, recorded 3 statuses of follow-up sheets."]
    status = {a.id: a.status for a in actions(season)}
    assert (status["1-1"], status["1-2"], status["2-1"], status["3-1"], status["3-2"]) == (
        "done",
        "not_started",
        "dropped",
        "under_way",
        "not_started",
    )


def test_a_sheet_of_another_register_is_not_added_there(season, database, tmp_path):
    other = tmp_path / "other.sqlite"
    Register(open_register(str(other))).add([Read(workshop(9), RECORD)])
    _run("register", "followup", "--out", str(tmp_path / "o"), "--database", str(other))
    filled = tmp_path / "filled.pdf"
    fill(tmp_path / "o" / "followup-sheet.pdf", filled, {}, {"actions.1-1.done"})
    result = CliRunner().invoke(main, ["register", "add", str(filled), "--database", database])
    other_id = Register(open_register(str(other))).id
    assert (
        f"osallisuuspeli: filled.pdf: made from another register ({other_id}), not this one ({season.id}); add it there with --database; skipped"
        in result.output
    )
    assert [a.history for a in actions(season)] == [()] * 5


def test_two_statuses_ticked_or_an_unreadable_date_are_said_and_not_added(season, database, tmp_path):
    _run("register", "followup", "--unit", "Liikenne", "--out", str(tmp_path), "--database", database)
    filled = tmp_path / "filled.pdf"
    fill(
        tmp_path / "followup-sheet.pdf",
        filled,
        {"actions.3-2.date": "ensi viikolla"},
        {"actions.3-1.done", "actions.3-1.dropped", "actions.3-2.done"},
    )
    result = CliRunner().invoke(main, ["register", "add", str(filled), "--database", database])
    assert "osallisuuspeli: filled.pdf: action 3-1: more than one status ticked (done, dropped); not added" in result.output
    assert (
        "osallisuuspeli: filled.pdf: action 3-2: the date 'ensi viikolla' cannot be read (write it as 31.12.2026); not added"
        in result.output
    )
    assert [a.history for a in actions(season)] == [()] * 5


def test_status_by_hand(season, database):
    out = _run("register", "status", "2-1", "done", "--date", "3.4.2027", "--note", "Valmis", "--database", database)
    assert out == "Action 2-1: done on 3 April 2027, recorded.\n"
    out = _run("register", "status", "2-1", "done", "--date", "2027-04-03", "--note", "Valmis", "--database", database)
    assert out == "Action 2-1: done on 3 April 2027, already recorded; nothing changed.\n"
    result = CliRunner().invoke(main, ["register", "status", "9-1", "done", "--database", database])
    assert result.exit_code == 2
    assert (
        result.output
        == f"osallisuuspeli: no action 9-1 in the register {season.where} (register list and the follow-up sheet show the numbers)\n"
    )


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_the_sheet_has_a_status_a_date_and_a_note_per_action_within_the_page(language, paper):
    items = [Item(f"{n}-1", "2026-02-10", "Kulttuuri", "Tavoite " * (5 + n), "Kokeilut", "Vastaava", "kevät 2027") for n in range(1, 13)]
    size = PAPERS[paper]
    pages = layout(items, language, size, "r" * 32)
    assert len(pages) >= 2
    fields = [f for p in pages for f in p.fields]
    assert len(fields) == 12 * 6
    assert sum(f.check for f in fields) == 48
    for f in fields:
        assert f.rect.x >= 14 * MM - 0.01 and f.rect.right <= size[0] - 14 * MM + 0.01
        assert f.rect.y >= 14 * MM and f.rect.top <= size[1] - 14 * MM
    for p in pages:
        for t in p.items:
            assert t.bounds.x >= 14 * MM - 0.01 and t.bounds.right <= size[0] - 14 * MM + 0.01, t.text
    pdf = pypdf.PdfReader(io.BytesIO(followup_pdf(items, language, size, "r" * 32)))
    assert len(pdf.pages) == len(pages)
    assert all(f["/FT"] in ("/Tx", "/Btn") for f in (pdf.get_fields() or {}).values() if "/FT" in f)
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/FontDescriptor"].get_object()  # simple TrueType fonts, embedded
            assert "/FontFile2" in descriptor, font.get_object()["/BaseFont"]


def test_the_sheet_is_the_same_bytes_for_the_same_actions():
    items = [Item("1-1", "2026-02-10", "Kulttuuri", "Tavoite", "Kokeilut", "Vastaava", "kevät 2027")]
    assert followup_pdf(items, "fi", PAPERS["a4"], "abc") == followup_pdf(items, "fi", PAPERS["a4"], "abc")


def test_no_open_actions_is_one_sentence(database, tmp_path):
    Register(open_register(database))
    result = CliRunner().invoke(main, ["register", "followup", "--out", str(tmp_path), "--database", database])
    assert result.exit_code == 2
    assert result.output == "osallisuuspeli: no open actions in the register for these choices: nothing to follow up\n"
    assert not Path(tmp_path / "followup-sheet.pdf").exists()
