"""Results that add up: five invented workshops filled as teams would, read
back by `results` and summed by `report`, with the numbers checked."""

from __future__ import annotations

import csv
import io
import itertools
import json
import shutil
from pathlib import Path

import openpyxl
import pikepdf
import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.draw.forms import EXTRA, encoding
from osallisuuspeli.kit.results_sheet import sheet_layout
from osallisuuspeli.results.season import read_season
from osallisuuspeli.units import MM, PAPERS

from .workshops import fill, team

# Five teams of the Helsinki deck: Kokeilut (card 7) worth trying in three, done
# well in two; Palvelumuotoilu (2) done well in all; Asiakasraati (3) tried in
# one and dropped by it; Kokeilut kept by four. One action each, W1 and W2 two.
TEAMS = [
    ("kasvatus", "2026-11-02", "7", "worth_trying", 2),
    ("kulttuuri", "2026-11-03", "5", "worth_trying", 2),
    ("liikenne", "2026-11-04", "8", "worth_trying", 1),
    ("sote", "2026-11-05", "6", "done_well", 1),
    ("kaupunkiympäristö", "2026-11-06", "9", "done_well", 1),
]


@pytest.fixture(scope="module")
def filled(tmp_path_factory) -> Path:
    """A kit built from scratch, and five results sheets filled as five teams would."""
    from click.testing import CliRunner

    root = tmp_path_factory.mktemp("workshops")
    result = CliRunner().invoke(main, ["build", "--fillable", "-q", "--out", str(root / "kit")])
    assert result.exit_code == 0, result.output
    sheet = root / "kit" / "fi" / "results-sheet.pdf"
    (root / "in").mkdir()
    for i, (org, date, people, kokeilut, actions) in enumerate(TEAMS):
        placed = {"kokeilut": kokeilut, "palvelumuotoilu": "done_well"} | ({"asiakasraati": "tried"} if i == 0 else {})
        tokens = ({"kokeilut": "keep"} if i < 4 else {}) | ({"asiakasraati": "drop"} if i == 0 else {})
        rows = [
            {"goal": f"{org}: tavoite {n}", "method": "Kokeilut", "responsible": f"Vastaava {i}.{n}", "timetable": "kevät 2027"}
            for n in range(1, actions + 1)
        ]
        details = {
            "date": date,
            "organisation": org,
            "leader": "Maija Meikäläinen",
            "participants": people,
            "target_group": "nuoret",
            "scope": "nuorisotalot",
        }
        team(
            sheet,
            root / "in" / f"tiimi{i + 1}.pdf",
            details,
            placed,
            tokens,
            rows,
            own=[("Nuorten raati ŋ č", "Kuukausittain")] if i == 0 else [],
        )
    return root


def test_the_results_sheet_has_a_box_for_every_card_column_and_token(decks):
    for deck in ("helsinki", "kunta"):
        pages = sheet_layout(decks[deck, "fi"], PAPERS["a4"])
        assert len(pages) == 2
        boxes = [f for p in pages for f in p.fields if f.check]
        assert len(boxes) == len(decks[deck, "fi"].cards) * 5
        assert {f.name[2] for f in boxes} == {"done_well", "tried", "worth_trying", "keep", "drop"}
        for f in boxes:
            assert f.rect.w == f.rect.h == pytest.approx(3.2 * MM)
            assert f.rect.x >= 14 * MM - 1e-6 and f.rect.right <= PAPERS["a4"][0] - 14 * MM + 1e-6


def test_fields_are_a_hierarchy_without_a_length_limit_in_an_embedded_font_with_sami_letters(filled):
    for name in ("board.pdf", "results-sheet.pdf"):
        with pikepdf.open(filled / "kit" / "fi" / name) as pdf:
            form = pdf.Root.AcroForm
            assert all("/Kids" in top and "." not in str(top.T) for top in form.Fields)
            font = form.DR.Font.SrcS
            assert "/FontFile2" in font.FontDescriptor and font.Subtype == "/TrueType"
            names = [str(x) for x in font.Encoding.Differences if isinstance(x, pikepdf.Name)]
            assert {"/uni014B", "/uni010D", "/uni0111", "/uni0167"} <= set(names)  # ŋ č đ ŧ
            widgets = [a for page in pdf.pages for a in page.get("/Annots", []) if a.get("/FT") == "/Tx"]
            assert widgets and all("/MaxLen" not in w and str(w.DA).startswith("/SrcS ") for w in widgets)
    assert set("ŋčđŧžšåäöÅÄÖáâʒǧ") <= set(encoding().values())  # Finnish, Swedish, North and Inari Sámi
    assert set(EXTRA.values()) - set(encoding().values()) == set("ƷǯǮǥǤǩǨ")  # Skolt Sámi letters the bundled font lacks


def test_results_reads_five_teams_into_a_workbook_with_the_numbers_right(filled, runner, tmp_path):
    out = tmp_path / "tulokset.xlsx"
    result = runner.invoke(main, ["results", str(filled / "in"), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Read 5 workshops (2 November 2026 – 6 November 2026); wrote {out}\n"
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["Työpajat", "Kortit", "Uudet keinot", "Omat menetelmät", "Muistiinpanot"]
    workshops = list(book["Työpajat"].iter_rows(values_only=True))
    assert workshops[0][:9] == (
        "Työpaja",
        "Päivämäärä",
        "Yksikkö",
        "Päivämäärä kirjoitettuna",
        "Organisaatio ja yksikkö",
        "Pelinjohtaja",
        "Osallistujien määrä",
        "Osallistujat kirjoitettuna",
        "Kohderyhmä",
    )
    assert sum(r[6] for r in workshops[1:]) == 35  # participants are numbers: SUM works
    rows = list(book["Kortit"].iter_rows(values_only=True))
    kokeilut = [r for r in rows[1:] if r[3] == "kokeilut"]
    assert [r[8] for r in kokeilut if r[8] in ("worth_trying", "done_well")] == ["worth_trying"] * 3 + ["done_well"] * 2
    assert [r[9] for r in kokeilut].count("Vihreä merkki") == 4
    assert kokeilut[0][4:8] == (7, "Kokeilut", "kayttajat", "Käyttäjien osallisuus palveluiden kehittämisessä")
    actions = list(book["Uudet keinot"].iter_rows(values_only=True))[1:]
    assert len(actions) == 2 + 2 + 1 + 1 + 1
    assert len({a[4] for a in actions}) == 7  # each once
    own = list(book["Omat menetelmät"].iter_rows(values_only=True))[1:]
    assert [(r[0], r[2], r[3], r[4]) for r in own] == [("W1", "kasvatus", "Nuorten raati ŋ č", "Kuukausittain")]


def test_results_as_csv_open_in_finnish_excel_and_as_json(filled, runner, tmp_path):
    out = tmp_path / "tulokset.csv"
    assert runner.invoke(main, ["results", str(filled / "in"), "--out", str(out)]).exit_code == 0
    data = out.read_bytes()
    assert data.startswith(b"\xef\xbb\xbfTy\xc3\xb6paja;P\xc3\xa4iv\xc3\xa4m\xc3\xa4\xc3\xa4r\xc3\xa4;")  # BOM, then semicolons
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert sum(1 for r in rows if r[3] == "kokeilut" and r[9] == "Kannattaa kokeilla") == 3
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "tulokset-actions.csv",
        "tulokset-notes.csv",
        "tulokset-own_methods.csv",
        "tulokset-workshops.csv",
        "tulokset.csv",
    ]
    result = runner.invoke(main, ["results", str(filled / "in"), "--out", "-"])
    tables = json.loads(result.stdout)
    assert sorted(tables) == ["actions", "cards", "notes", "own_methods", "workshops"]
    assert [w["participants"] for w in tables["workshops"]] == [7, 5, 8, 6, 9]


def test_bad_files_are_named_and_skipped_and_nothing_counts_twice(filled, runner, tmp_path, decks):
    mixed = tmp_path / "mixed"
    shutil.copytree(filled / "in", mixed)
    shutil.copy(mixed / "tiimi1.pdf", mixed / "tiimi1-kopio.pdf")
    (mixed / "broken-notes.pdf").write_text("not a pdf")
    (mixed / "broken-cut.pdf").write_bytes((mixed / "tiimi2.pdf").read_bytes()[:2000])
    shutil.copy(filled / "kit" / "fi" / "results-sheet.pdf", mixed / "tyhja.pdf")
    shutil.copy(filled / "kit" / "fi" / "cards.pdf", mixed / "kortit.pdf")
    assert runner.invoke(main, ["build", "--deck", "kunta", "-q", "--out", str(tmp_path / "kunta")]).exit_code == 0
    team(tmp_path / "kunta" / "fi" / "results-sheet.pdf", mixed / "00-kunta.pdf", {"date": "2026-12-01"}, {"palautteet": "tried"})
    result = runner.invoke(main, ["results", str(mixed), "--out", str(tmp_path / "t.xlsx")])
    assert result.exit_code == 1  # fewer than half of the files counted: written, and said
    assert result.stdout == f"Read 5 workshops (2 November 2026 – 6 November 2026); wrote {tmp_path / 't.xlsx'}\n"
    assert result.stderr.splitlines() == [
        "osallisuuspeli: broken-cut.pdf: not a readable PDF (damaged or cut short; save or download it again); skipped",
        "osallisuuspeli: broken-notes.pdf: not a PDF file; skipped",
        "osallisuuspeli: kortit.pdf: not a fillable board or results sheet of osallisuuspeli (build the kit again with --fillable, or use results-sheet.pdf); skipped",
        "osallisuuspeli: tyhja.pdf: nothing is filled in; skipped",
        "osallisuuspeli: tiimi1.pdf: the same workshop as tiimi1-kopio.pdf; not counted twice",
        "osallisuuspeli: 1 sheet of the deck 'kunta' not counted: run with --deck kunta for those",
        "osallisuuspeli: written in Finnish, the language most sheets were filled in; --lang sv or --lang en for another",
        "osallisuuspeli: only 5 of 11 files counted; the lines above say why",
    ]
    nothing = runner.invoke(main, ["results", str(mixed / "tyhja.pdf"), str(mixed / "kortit.pdf")])
    assert nothing.exit_code == 2
    assert nothing.stderr.endswith("osallisuuspeli: no filled board or results sheet of the deck among the files: nothing to count\n")


def test_a_board_and_the_results_sheet_of_one_workshop_are_one_workshop(filled, tmp_path):
    board = filled / "kit" / "fi" / "board.pdf"
    details = {
        "workshop.date": "2026-11-02",
        "workshop.organisation": "kasvatus",
        "workshop.leader": "Maija Meikäläinen",
        "workshop.target_group": "nuoret",
    }
    fill(board, tmp_path / "lauta.pdf", details | {"step1.notes": "Nuorisotalojen illat", "step7.row1.goal": "Laudalta"})
    season = read_season([tmp_path / "lauta.pdf", filled / "in" / "tiimi1.pdf"])
    assert season.skipped == ()
    (w,) = season.workshops
    assert w.files == ("lauta.pdf", "tiimi1.pdf")
    assert w.notes == (("step1.notes", "Nuorisotalojen illat"),)
    assert ("kokeilut", "worth_trying") in w.placed and len(w.actions) == 2  # the sheet's actions win
    alone = read_season([tmp_path / "lauta.pdf"]).workshops
    assert alone[0].actions[0].goal == "Laudalta" and alone[0].placed == ()


def test_a_text_typed_with_a_slash_first_is_kept(filled, tmp_path):
    """A check box's state is a PDF name ("/Yes"); a team's text that starts
    with a slash ("/ ei vielä", "/2027") is text, read as typed, not dropped."""
    board = filled / "kit" / "fi" / "board.pdf"
    typed = {"workshop.organisation": "/kulttuuri", "step1.notes": "/ ei vielä", "step7.row1.goal": "/2027 kevät"}
    fill(board, tmp_path / "lauta.pdf", typed)
    (w,) = read_season([tmp_path / "lauta.pdf"]).workshops
    assert (w.organisation, w.notes, w.actions[0].goal) == ("/kulttuuri", (("step1.notes", "/ ei vielä"),), "/2027 kevät")


def test_report_of_five_teams_in_three_languages(filled, runner, tmp_path):
    result = runner.invoke(main, ["report", str(filled / "in"), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == f"Read 5 workshops (2 November 2026 – 6 November 2026); wrote {tmp_path / 'report.pdf'} and {tmp_path / 'report.xlsx'}\n"
    )
    book = openpyxl.load_workbook(tmp_path / "report.xlsx")
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    kokeilut = next(r for r in summary if r[0] == 7)
    assert kokeilut[1:3] == ("Kokeilut", "Käyttäjien osallisuus palveluiden kehittämisessä") and kokeilut[3:8] == (2, 0, 3, 4, 0)
    for lang in ("sv", "en"):
        assert runner.invoke(main, ["report", str(filled / "in"), "--lang", lang, "--out", str(tmp_path / lang)]).exit_code == 0
        assert (tmp_path / lang / "report.pdf").read_bytes().startswith(b"%PDF-")


def test_blank_cards_have_the_themes_band_and_lines_inside_the_safe_zone(decks):
    from osallisuuspeli.deck.faces import SAFE, blank, face
    from osallisuuspeli.draw.painter import Fill, TextLine
    from osallisuuspeli.units import CARD_SIZES

    deck = decks["helsinki", "fi"]
    w, h = CARD_SIZES["poker"]
    card = blank(deck.themes[2], 1)
    title, detail = (face(card, deck, side, (w, h)) for side in ("title", "detail"))
    assert [t.text for t in title.texts if t in title.items] == [] and [t for t in detail.items if isinstance(t, TextLine)] == []
    assert len(title.items) == 2  # two lines for the name
    ys = [r.rect.y for r in detail.items]
    assert len(ys) >= 8 and all(
        a - b == pytest.approx(6 * MM) for a, b in itertools.pairwise(ys)
    )  # the name's line, then the description's, 6 mm apart
    assert min(ys) > 10 * MM  # above the deck's name in the footer
    for rule in title.items + detail.items:
        assert isinstance(rule, Fill) and rule.rect.x >= SAFE and rule.rect.right <= w - SAFE + 1e-6
    assert any(isinstance(i, Fill) and i.colour == deck.themes[2].colour for i in title.frame)  # the theme's band


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["results", "tulokset/", "--out", "tulokset.txt"],
            "osallisuuspeli: tulokset.txt: write .xlsx, .csv or .json (the name's ending says which)\n",
        ),
        (["results", "ei-ole/"], "osallisuuspeli: ei-ole: no such file or folder\n"),
        (["report", "tulokset/", "--lang", "de"], "osallisuuspeli: Invalid value for '--lang': 'de' is not one of 'fi', 'sv', 'en'.\n"),
    ],
)
def test_a_mistake_on_the_command_line_is_one_sentence(runner, tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tulokset").mkdir()
    result = runner.invoke(main, args)
    assert (result.exit_code, result.stderr) == (2, message)
