"""`results` and `report` read the register: the coordinator's whole loop
(a season's sheets added, follow-up sheets printed and filled as owners
would, added back, the report's realisation per unit and quarter) on SQLite
and PostgreSQL; files beside the register count once; an export imported
into an empty register gives the same report, byte for byte."""

from __future__ import annotations

import datetime
import io
import json
from pathlib import Path

import openpyxl
import pypdf
import pytest
from click.testing import CliRunner

from osallisuuspeli.cli import main
from osallisuuspeli.load import strings
from osallisuuspeli.register.actions import Entered, followup, record
from osallisuuspeli.register.data import Register
from osallisuuspeli.register.reads import season
from osallisuuspeli.register.store import open_register
from osallisuuspeli.results.report import report_pdf, report_xlsx
from osallisuuspeli.results.words import day

from . import registers
from .registers import reads
from .workshops import fill, team

database, postgres = registers.database, registers.postgres  # the fixtures: SQLite and PostgreSQL

CARD = "avoimien-ovien-paivat"
# unit, date, leader, the timetables of its actions: the first one past and
# one far ahead, so what is overdue does not depend on the day the tests run
TEAMS = [
    ("in/a.pdf", "Kulttuuri", "10.2.2026", "Anna", ["31.5.2026", "31.12.2099"]),
    ("in/b.pdf", "Kulttuuri", "12.5.2026", "Bertta", ["syksyllä"]),
    ("in/liikenne/c.pdf", "Liikenne", "20.2.2026", "Cecilia", ["1.6.2026", "1.9.2026"]),
    ("in/liikenne/d.pdf", "Liikenne", "3.11.2026", "Daniel", []),
]


def _run(*args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, list(args))
    assert result.exit_code == code, result.output
    return result.output


@pytest.fixture(scope="module")
def sheets(tmp_path_factory) -> Path:
    """A municipal kit's results sheets filled by four teams, and the board of the first."""
    root = tmp_path_factory.mktemp("season")
    _run("build", "--deck", "kunta", "--fillable", "-q", "--out", str(root / "kit"))
    (root / "in" / "liikenne").mkdir(parents=True)
    for name, unit, date, leader, timetables in TEAMS:
        rows = [
            {"goal": f"{unit} {k}", "method": "Kokeilut", "responsible": f"{leader} {k}", "timetable": when}
            for k, when in enumerate(timetables, 1)
        ]
        details = {"date": date, "organisation": unit, "leader": leader, "participants": "6", "target_group": "Asukkaat"}
        team(root / "kit" / "fi" / "results-sheet.pdf", root / name, details, {CARD: "worth_trying"}, actions=rows)
    fill(
        root / "kit" / "fi" / "board.pdf",
        root / "board-a.pdf",
        {
            "workshop.date": "10.2.2026",
            "workshop.organisation": "Kulttuuri",
            "workshop.leader": "Anna",
            "workshop.target_group": "Asukkaat",
            "step1.notes": "Miksi osallistamme",
        },
    )
    return root


def _sheet(book: Path, title: str) -> list[tuple]:
    return [tuple(row) for row in openpyxl.load_workbook(book)[title].iter_rows(values_only=True)]


def _text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)


REALISED = [  # the Realisation sheet after the follow-up round below
    ("Organisation and unit", "Quarter", "Code", "Agreed", "Not started", "Under way", "Done", "Dropped", "Overdue"),
    ("Kulttuuri", "Q1 2026", "2026-Q1", 2, 0, 0, 1, 1, 0),
    ("Kulttuuri", "Q2 2026", "2026-Q2", 1, 0, 1, 0, 0, 0),
    ("Liikenne", "Q1 2026", "2026-Q1", 2, 1, 0, 1, 0, 1),
]


def test_the_coordinators_loop_ends_in_a_report_of_what_was_done(sheets, database, tmp_path):
    db = ["--database", database]
    # the season's sheets into the register
    added = _run("register", "add", str(sheets / "in"), *db).splitlines()[-1]
    assert added.endswith(": added 4 workshops.")
    # three months later: a follow-up sheet a unit, one of them in Swedish
    _run("register", "followup", "--unit", "Kulttuuri", "--out", str(tmp_path / "fi"), *db)
    _run("register", "followup", "--unit", "liikenne", "--lang", "sv", "--out", str(tmp_path / "sv"), *db)
    # the owners fill them in a PDF reader: 1-1 done, 1-2 dropped, 2-1 under way; in Swedish 3-1 done, 3-2 left as it was
    fill(
        tmp_path / "fi" / "followup-sheet.pdf",
        tmp_path / "kulttuuri.pdf",
        {"actions.1-1.date": "15.3.2026", "actions.1-2.note": "Ei resursseja", "actions.2-1.date": "1.9.2026"},
        {"actions.1-1.done", "actions.1-2.dropped", "actions.2-1.under_way"},
    )
    fill(
        tmp_path / "sv" / "followup-sheet.pdf",
        tmp_path / "liikenne.pdf",
        {"actions.3-1.date": "2026-10-01", "actions.3-1.note": "Genomförd i oktober"},
        {"actions.3-1.done"},
    )
    back = _run("register", "add", str(tmp_path / "kulttuuri.pdf"), str(tmp_path / "liikenne.pdf"), "--date", "2026-11-30", *db)
    assert back.splitlines()[-1].endswith(": added 0 workshops, recorded 4 statuses of follow-up sheets.")
    # the report from the register
    out = _run("report", "--register", *db, "--lang", "en", "--out", str(tmp_path / "report"))
    assert (
        out
        == f"Read 4 workshops (10 February 2026 – 3 November 2026); wrote {tmp_path / 'report' / 'report.pdf'} and {tmp_path / 'report' / 'report.xlsx'}\n"
    )
    book = tmp_path / "report" / "report.xlsx"
    assert _sheet(book, "Realisation") == REALISED
    statuses = {row[0]: row for row in _sheet(book, "Action statuses")[1:]}
    assert list(statuses) == ["1-1", "1-2", "3-1", "3-2", "2-1"]  # by the workshops' dates
    # action, unit, quarter, goal, who, timetable, due, status, code, its date, note, overdue (an empty cell reads as None)
    assert statuses["1-1"][7:] == ("Done", "done", datetime.datetime(2026, 3, 15), None, None)
    assert statuses["1-2"][7:] == ("Dropped", "dropped", datetime.datetime(2026, 11, 30), "Ei resursseja", None)  # undated: --date's
    assert statuses["2-1"][5:] == ("syksyllä", None, "Under way", "under_way", datetime.datetime(2026, 9, 1), None, None)
    assert statuses["3-1"][7:] == ("Done", "done", datetime.datetime(2026, 10, 1), "Genomförd i oktober", None)
    assert statuses["3-2"][:7] == ("3-2", "Liikenne", "2026-Q1", "Liikenne 2", "Cecilia 2", "1.9.2026", datetime.datetime(2026, 9, 1))
    assert statuses["3-2"][7:] == ("Not started", "not_started", None, None, "yes")
    text = " ".join(_text(tmp_path / "report" / "report.pdf").split())
    today = day(strings("en"), datetime.date.today().isoformat())
    assert "What became of the agreed actions" in text
    assert f"5 actions agreed in these workshops are in the register; their status on {today}:" in text
    assert "Total 5 1 1 2 1 1" in text  # agreed, not started, under way, done, dropped, overdue
    assert "Not started, overdue" in text
    # the same in Finnish and Swedish: the units' rows by number
    for language, heading, row in (
        ("fi", "Sovittujen keinojen toteutuminen", "Liikenne 1. neljännes 2026 2 1 0 1 0 1"),
        ("sv", "Vad blev det av de överenskomna åtgärderna", "Liikenne kvartal 1 2026 2 1 0 1 0 1"),
    ):
        _run("report", *db, "--lang", language, "--out", str(tmp_path / language))  # --database alone reads the register
        words = " ".join(_text(tmp_path / language / "report.pdf").split())
        assert heading in words and row in words


def test_files_beside_the_register_count_once_and_a_board_joins_its_sheet(sheets, tmp_path):
    db = str(tmp_path / "r.sqlite")
    _run("register", "add", str(sheets / "in" / "a.pdf"), str(sheets / "in" / "b.pdf"), "--database", db)
    result = CliRunner().invoke(
        main, ["results", str(sheets / "in"), str(sheets / "board-a.pdf"), "--register", "--database", db, "--out", "-", "--lang", "en"]
    )
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if line.startswith("osallisuuspeli:")]
    assert said == [
        "osallisuuspeli: a.pdf: already in the register as workshop 1; not counted twice",
        "osallisuuspeli: b.pdf: already in the register as workshop 2; not counted twice",
    ]
    doc = json.loads(result.output[result.output.index("{") :])
    workshops = doc["workshops"]
    assert [(w["unit"], w["date"]) for w in workshops] == [
        ("Kulttuuri", "2026-02-10"),
        ("Liikenne", "2026-02-20"),
        ("Kulttuuri", "2026-05-12"),
        ("Liikenne", "2026-11-03"),
    ]
    assert [n["text"] for n in doc["notes"]] == ["Miksi osallistamme"]  # the board's, joined to workshop 1
    # the report of files and register together: the register's actions have a status, the files' are said to have none
    out = tmp_path / "both"
    _run("report", str(sheets / "in"), "--register", "--database", db, "--lang", "en", "--out", str(out))
    words = " ".join(_text(out / "report.pdf").split())
    assert "3 actions agreed in these workshops are in the register; their status on" in words
    assert "2 actions agreed were read from files only and are not in the register, so they have no status here." in words


def test_files_alone_say_in_one_line_that_they_hold_no_status(sheets, tmp_path):
    _run("report", str(sheets / "in"), "--lang", "en", "--out", str(tmp_path))
    words = " ".join(_text(tmp_path / "report.pdf").split())
    assert (
        "The sheets alone do not tell what became of the agreed actions: that is recorded when they are followed up in the register."
        in words
    )
    assert "What became of the agreed actions" not in words and "Overdue" not in words
    assert "Realisation" not in openpyxl.load_workbook(tmp_path / "report.xlsx").sheetnames


def test_nothing_to_count_is_one_sentence(tmp_path):
    assert (
        _run("report", "--out", str(tmp_path), code=2)
        == "osallisuuspeli: name the filled sheets to count (files or folders), or --register to count the register's workshops\n"
    )
    db = str(tmp_path / "nowhere.sqlite")
    assert _run("report", "--database", db, "--out", str(tmp_path), code=2) == (
        f"osallisuuspeli: {db}: no register there yet (register add FILES makes one): nothing to count\n"
    )
    assert not Path(db).exists()
    db = str(tmp_path / "empty.sqlite")
    Register(open_register(db))
    assert _run("results", "--database", db, "--since", "1.1.2026", code=2) == (
        f"osallisuuspeli: no workshop of the deck in the register {db} or among the files for these choices: nothing to count\n"
    )
    assert not (tmp_path / "report.pdf").exists()


def test_the_periods_units_and_deck_choose_the_same_actions_as_the_workshops(tmp_path):
    reg = Register(open_register(str(tmp_path / "r.sqlite")))
    reg.add(reads(range(30)))
    chosen = {"since": "2026-03-01", "until": "2026-08-31", "units": ("kulttuuri", " SOTE ")}
    s = season(reg, **chosen)
    f = followup(reg, "2027-06-15", **chosen, deck=s.texts.deck)
    assert {w.unit for w in s.workshops} == {"kulttuuri", "sote"}
    # workshop i is in month i % 12 + 1 of unit i % 3 (0 Kulttuuri, 2 Sote): 11 of the 30, two actions each
    assert len(s.workshops) == 11
    assert sum(r.agreed for r in f.rows) == sum(len(w.actions) for w in s.workshops) == 22
    assert {r.quarter for r in f.rows} == {"2026-Q1", "2026-Q2", "2026-Q3"}


def test_an_export_imported_into_an_empty_register_gives_the_same_report_bytes(database, tmp_path):
    reg = Register(open_register(database))
    reg.add(reads(range(24)), added="2026-12-01T10:00:00+00:00")
    record(
        reg,
        [Entered("1-1", "done", "2027-02-01", "Tehty"), Entered("2-2", "dropped", "2027-03-01"), Entered("5-1", "under_way", "2027-01-05")],
        recorded="2026-12-02T10:00:00+00:00",
    )
    copy = Register(open_register(str(tmp_path / "imported.sqlite")))
    assert copy.import_json(reg.export_json(), "all.json") == 24

    def made(r: Register) -> tuple[bytes, bytes]:
        s = season(r, language="fi")
        f = followup(r, "2027-06-15", deck=s.texts.deck)
        return report_pdf(s, f), report_xlsx(s, f)

    pdf, xlsx = made(reg)
    assert made(copy) == (pdf, xlsx)
    assert "Sovittujen keinojen toteutuminen" in "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert len(openpyxl.load_workbook(io.BytesIO(xlsx))["Keinojen tilanne"]["A"]) == 1 + 48


@pytest.mark.parametrize(
    ("language", "one", "many"),
    [
        (
            "en",
            "1 action agreed in these workshops is in the register; its status on 15 June 2027:",
            "2 actions agreed in these workshops are in the register; their status on 15 June 2027:",
        ),
        (
            "fi",
            "Rekisterissä on 1 näissä työpajoissa sovittu keino; sen tilanne 15.6.2027:",
            "Rekisterissä on 2 näissä työpajoissa sovittua keinoa; niiden tilanne 15.6.2027:",
        ),
        (
            "sv",
            "Registret har 1 åtgärd som man kom överens om i dessa workshoppar; dess läge den 15.6.2027:",
            "Registret har 2 åtgärder som man kom överens om i dessa workshoppar; deras läge den 15.6.2027:",
        ),
    ],
)
def test_the_realisation_counts_in_the_singular_and_the_plural(language, one, many):
    from osallisuuspeli.results.realisation import Followup, Realised, summary

    s = strings(language)
    row = Realised("Kulttuuri", "2026-Q1", 1, 1, 0, 0, 0, 0)
    assert summary(Followup("2027-06-15", (row,), ()), s, 1) == [one]
    lines = summary(Followup("2027-06-15", (row, row._replace(quarter="2026-Q2")), ()), s, 3)
    assert lines[0] == many
    assert (
        lines[1]
        == {
            "en": "1 action agreed was read from a file only and is not in the register, so it has no status here.",
            "fi": "1 sovittu keino luettiin vain tiedostosta eikä se ole rekisterissä, joten sillä ei ole tässä tilannetta.",
            "sv": "1 överenskommen åtgärd lästes bara från en fil och finns inte i registret, så den har inget läge här.",
        }[language]
    )
