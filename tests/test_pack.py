"""The print pack: one command, a complete and self-explaining kit per language."""

from __future__ import annotations

import hashlib
import io
import json
import math
import shutil
import zipfile

import pypdf
import pytest
from PIL import Image

from osallisuuspeli.cli import main
from osallisuuspeli.kit.leaders import LEADER_COLOUR, leader_deck
from osallisuuspeli.kit.tokens import token_sheet
from osallisuuspeli.units import MM, PAPERS

from .conftest import first_cards, replace_in, snapshot
from .pdfcheck import fonts_of, squeeze, text_of

FILES = [
    "board.pdf",
    "calibrate.pdf",
    "cards.pdf",
    "checklist.pdf",
    "guide.pdf",
    "kit.pdf",
    "leader-cards.pdf",
    "manifest.json",
    "results-sheet.pdf",
    "tokens.pdf",
]


def test_lang_all_makes_a_complete_folder_per_language_and_a_zip_each(kit):
    out, result = kit
    assert sorted(p.name for p in out.iterdir()) == [
        "en",
        "fi",
        "osallisuuspeli-helsinki-en.zip",
        "osallisuuspeli-helsinki-fi.zip",
        "osallisuuspeli-helsinki-sv.zip",
        "sv",
    ]
    for lang in ("en", "fi", "sv"):
        assert sorted(p.name for p in (out / lang).iterdir()) == FILES
        with zipfile.ZipFile(out / f"osallisuuspeli-helsinki-{lang}.zip") as z:
            assert sorted(z.namelist()) == [f"{lang}/{name}" for name in FILES]
            assert z.read(f"{lang}/cards.pdf") == (out / lang / "cards.pdf").read_bytes()
    # 66 cards at nine a sheet: 8 sheets, and 5 of blank cards; 7 game leader's cards: 1; the board's six A3 sheets; a four-page guide (an A4 page more since the opening, the preparation, several teams and step 4 in time were written)
    assert result.stdout.splitlines() == [
        line
        for lang in ("en", "fi", "sv")
        for line in (
            f"Kit ready in {out / lang}/: 10 files. Print them one by one, in this order (checklist.pdf says the same):",
            "  1. calibrate.pdf: 1 sheet of A4 paper, two-sided (long edge)",
            "  2. cards.pdf: 13 sheets of A4 card stock, two-sided (long edge)",
            "  3. leader-cards.pdf: 1 sheet of A4 card stock, two-sided (long edge)",
            "  4. board.pdf: 6 sheets of A3 paper, one-sided",
            "  5. tokens.pdf: 1 sheet of A4 card stock, one-sided",
            "  6. results-sheet.pdf: 2 sheets of A4 paper, one-sided",
            "  7. guide.pdf: 4 sheets of A4 paper, one-sided",
        )
    ]


def test_languages_built_side_by_side_are_those_built_alone(kit, build_kit):
    out, _ = kit
    alone = {p.name: p.read_bytes() for p in (build_kit("--lang", "sv") / "sv").iterdir()}
    assert alone == {p.name: p.read_bytes() for p in (out / "sv").iterdir()}


def test_the_manifest_lists_every_file_with_true_pages_bytes_and_hashes(kit):
    out, _ = kit
    manifest = json.loads((out / "fi" / "manifest.json").read_text(encoding="utf-8"))
    assert (manifest["deck"], manifest["language"]) == ("helsinki", "fi")
    assert [f["name"] for f in manifest["files"]] == [
        "checklist.pdf",
        "guide.pdf",
        "cards.pdf",
        "leader-cards.pdf",
        "board.pdf",
        "tokens.pdf",
        "results-sheet.pdf",
        "calibrate.pdf",
        "kit.pdf",
    ]
    for entry in manifest["files"]:
        data = (out / "fi" / entry["name"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["pages"] == len(pypdf.PdfReader(io.BytesIO(data)).pages)


def test_the_combined_kit_has_a_bookmark_for_each_part_and_page_labels(kit):
    out, _ = kit
    reader = pypdf.PdfReader(out / "fi" / "kit.pdf")
    top = [o.title for o in reader.outline if not isinstance(o, list)]
    assert top == [
        "Tulostusohje",
        "Pelinjohtajan opas",
        "Menetelmäkortit",
        "Pelinjohtajan kortit",
        "Pelilauta",
        "Merkit",
        "Tulostaulukko",
        "Kaksipuolisen tulostuksen kohdistustesti",
    ]
    labels = reader.page_labels
    assert labels[0] == "Tulostusohje 1" and labels[1] == "Pelinjohtajan opas 1"
    assert "Menetelmäkortit 1" in labels and "Pelilauta 6" in labels and labels[-1] == "Kaksipuolisen tulostuksen kohdistustesti 2"
    assert len(reader.pages) == 44
    assert reader.trailer["/Root"]["/Lang"] == "fi"
    assert all(fonts_of(out / "fi" / "kit.pdf").values())


GUIDE_WORDS = {
    "fi": [
        "4–8",
        "Tarvikkeet",
        "Pelilauta: 6 A3-arkkia (board.pdf)",
        "Post-it",
        "Punaiset ja vihreät merkit (tokens.pdf)",
        "120 min",
        "90 min",
        "Vaihe 1",
        "Vaihe 3",
        "Näin pelaatte askeleet",
        "askeleessa 4",
        "tämän tulostuspaketin ehdotuksia",
        "bit.ly/ospe-kirjaaminen",
        "checklist.pdf",
    ],
    "sv": [
        "4–8",
        "Material",
        "Spelplanen: 6 A3-ark (board.pdf)",
        "Röda och gröna brickor (tokens.pdf)",
        "120 min",
        "90 min",
        "Fas 1",
        "Fas 3",
        "Så spelar ni stegen",
        "i steg 4",
        "förslag från det här utskriftspaketet",
        "bit.ly/ospe-kirjaaminen",
        "checklist.pdf",
    ],
    "en": [
        "4–8",
        "Materials",
        "The game board: 6 A3 sheets (board.pdf)",
        "Red and green tokens (tokens.pdf)",
        "120 min",
        "90 min",
        "Phase 1",
        "Phase 3",
        "Playing the steps",
        "in step 4",
        "suggestions of this print kit",
        "bit.ly/ospe-kirjaaminen",
        "checklist.pdf",
        "unofficial translation",
    ],
}
CHECKLIST_WORDS = {
    "fi": [
        "Tulostusohje",
        "todellisessa koossa (100 %)",
        "250–300 g/m²",
        "1. calibrate.pdf",
        "13 × A4-kartonki",
        "kaksipuolinen, kääntö pitkän reunan yli",
        "6 × A3-paperi",
        "Jos tulostin ei tulosta kaksipuolisesti",
    ],
    "sv": [
        "Utskriftsguide",
        "verklig storlek (100 %)",
        "250–300 g/m²",
        "1. calibrate.pdf",
        "13 × A4 kartong",
        "dubbelsidig, vänd längs långsidan",
        "6 × A3 vanligt papper",
        "Om skrivaren inte skriver ut dubbelsidigt",
    ],
    "en": [
        "Print checklist",
        "actual size (100%)",
        "250–300 g/m²",
        "1. calibrate.pdf",
        "13 × A4 card stock",
        "two-sided, flip on the long edge",
        "6 × A3 plain paper",
        "If your printer cannot print two-sided",
    ],
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_guide_and_the_checklist_cover_what_a_game_leader_needs(kit, lang):
    out, _ = kit
    for name, words in (("guide.pdf", GUIDE_WORDS[lang]), ("checklist.pdf", CHECKLIST_WORDS[lang])):
        flat = squeeze(text_of(out / lang / name)).lower()
        for word in words:
            assert squeeze(word).lower() in flat, (name, word)


# Words a printed paper must not have: command lines and file formats belong in
# the README; one name for the role in each language; te-form in Finnish.
NOT_ON_PAPER = {
    "fi": [
        "--",
        "osallisuuspeli ",
        "YAML",
        "CSV",
        "JSON",
        "fasilitaattor",
        "vaiheessa 6",
        "vaiheen 2",
        "vaiheessa 2",
        "Pelinjohtaja-",
        "Tulosta ",
        "Leikkaa ",
        "Pidä ",
        "Anna ",
        "Liimaa ",
        "tulostimesi",
        '"',
    ],
    "sv": ["--", "osallisuuspeli ", "YAML", "CSV", "JSON", "handledare", "handledaren", "Handledarens", "hos er", '"'],
    "en": ["--", "osallisuuspeli ", "YAML", "CSV", "JSON", "facilitator", "Game-leader", "100 %", '"', "'"],
}


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_printed_papers_speak_to_people_not_to_a_terminal(kit, lang):
    out, _ = kit
    for name in ("checklist.pdf", "guide.pdf", "leader-cards.pdf", "tokens.pdf", "calibrate.pdf", "board.pdf"):
        text = text_of(out / lang / name)
        for word in NOT_ON_PAPER[lang]:
            assert word not in text, (name, word)


def test_game_leader_cards_one_per_step_with_goal_question_and_time(decks):
    leaders = leader_deck(decks["helsinki", "fi"])
    assert [c.title for c in leaders.cards] == [f"{s.number} {s.title}" for s in decks["helsinki", "fi"].board.steps]
    assert leaders.colour == LEADER_COLOUR and all(t.colour == LEADER_COLOUR for t in leaders.themes)
    assert LEADER_COLOUR not in {t.colour for t in decks["helsinki", "fi"].themes} | {decks["kunta", "fi"].colour}
    first = leaders.cards[0].description.split("\n")
    assert (
        first[0].startswith("Tavoite: ") and first[1].startswith("Kysymys: ") and first[2] == "Aika: 10\u00a0min (90\u00a0min: 7\u00a0min)"
    )
    assert leaders.themes[0].name == "Vaihe 1: Tunnistakaa osallisuuden alueet ja hyödyt"


def test_the_token_sheet_has_as_many_green_as_red_tokens_inside_the_cut_grid(decks):
    sheet = token_sheet(decks["kunta", "fi"], PAPERS["a4"])
    green = [t for t in sheet.tokens if t.keep]
    red = [t for t in sheet.tokens if not t.keep]
    assert len(green) == len(red) > 40
    heading_bottom = min(t.y - 0.25 * t.size for t in sheet.texts)
    for t in sheet.tokens:
        assert t.cx - t.r >= 5 * MM and t.cx + t.r <= sheet.page[0] - 5 * MM
        assert t.cy - t.r >= 5 * MM and t.cy + t.r <= heading_bottom
        for line in t.strokes:  # the tick or cross lies inside its token, clear of the rim by its own width
            for x, y in ((line.x1, line.y1), (line.x2, line.y2)):
                assert math.hypot(x - t.cx, y - t.cy) + t.stroke_width / 2 < t.r
    xs = sorted({round(c.x1, 3) for c in sheet.cuts if c.x1 == c.x2})
    assert len(xs) == len({round(t.cx, 3) for t in sheet.tokens}) + 1  # a cut line either side of every column
    tick, cross = green[0].strokes, red[0].strokes
    assert tick[0][2:] == tick[1][:2] and tick[1].y2 > tick[0].y1 > tick[0].y2  # down, then further up
    assert cross[0].x1 == cross[1].x1 and cross[0].y1 == cross[1].y2  # two diagonals, mirrored


def test_png_writes_every_card_side_at_300_dpi_and_the_boards(runner, tmp_path):
    deck = first_cards("kunta", tmp_path / "deck", 3)
    result = runner.invoke(main, ["build", "--deck", str(deck), "--png", "--quiet", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert result.output == ""
    cards = sorted((tmp_path / "fi" / "png" / "cards").iterdir())
    assert [c.name for c in cards] == [
        f"{n:03d}-{slug}-{side}.png"
        for n, slug in enumerate(("avoimien-ovien-paivat", "avoin-valmistelu", "avoimen-datan-hyodyntaminen"), 1)
        for side in ("detail", "title")
    ]
    with Image.open(cards[0]) as image:
        assert image.size == (round(63 / 25.4 * 300), round(88 / 25.4 * 300))
    boards = sorted((tmp_path / "fi" / "png" / "board").iterdir())
    assert [b.name for b in boards] == ["board-1.png", "board-2.png", "board-3.png", "board-4.png"]
    listed = {f["name"]: f for f in json.loads((tmp_path / "fi" / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert len(listed) == 9 + 6 + 4 and "pages" not in listed["png/board/board-1.png"]
    assert listed["png/cards/001-avoimien-ovien-paivat-detail.png"]["sha256"] == hashlib.sha256(cards[0].read_bytes()).hexdigest()


def test_an_unknown_language_lists_the_languages_there_are(runner, tmp_path):
    result = runner.invoke(main, ["build", "--lang", "de", "--out", str(tmp_path / "kit")])
    assert result.exit_code == 2
    assert result.stderr.endswith("no language 'de' in this deck (it has: en, fi, sv)\n")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "kit").exists()


def test_an_unknown_deck(runner, tmp_path):
    result = runner.invoke(main, ["build", "--deck", "tampere", "--out", str(tmp_path / "kit")])
    assert result.exit_code == 2
    assert result.stderr == "osallisuuspeli: tampere: no such deck: not a built-in deck (helsinki, kunta) nor a folder\n"


def test_an_unwritable_out_is_one_line(runner, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    result = runner.invoke(main, ["build", "--out", str(blocker / "kit")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"osallisuuspeli: {blocker / 'kit'}: cannot write the kit there (")
    assert len(result.stderr.splitlines()) == 1


def test_a_failed_build_leaves_the_previous_kit_untouched(runner, tmp_path, deck_copy):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--deck", str(deck_copy), "--out", str(out), "-q"]).exit_code == 0
    before = {p.name: p.read_bytes() for p in (out / "fi").iterdir()}
    replace_in(deck_copy / "fi.yaml", "    title: Kokeilut", "    title: Kokeilut ☃")
    result = runner.invoke(main, ["build", "--deck", str(deck_copy), "--out", str(out)])
    assert result.exit_code == 2
    assert {p.name: p.read_bytes() for p in (out / "fi").iterdir()} == before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]  # no temporary folders left


def test_init_edit_build_shows_the_edited_title(runner, tmp_path):
    folder = tmp_path / "oma"
    result = runner.invoke(main, ["init", str(folder), "--from", "kunta"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in folder.iterdir()) == ["README.md", "deck.yaml", "en.yaml", "fi.yaml", "sv.yaml"]
    assert "osallisuuspeli validate" in (folder / "README.md").read_text(encoding="utf-8")
    replace_in(folder / "fi.yaml", "    title: Kokeilut", "    title: Kokeilut Kotkassa")
    assert runner.invoke(main, ["validate", str(folder)]).exit_code == 0
    assert runner.invoke(main, ["build", "--deck", str(folder), "--out", str(tmp_path / "kit"), "-q"]).exit_code == 0
    assert "Kokeilut Kotkassa" in text_of(tmp_path / "kit" / "fi" / "cards.pdf").replace("\n", " ")


def test_init_refuses_a_folder_that_is_not_empty(runner, tmp_path):
    (tmp_path / "x.txt").write_text("mine")
    result = runner.invoke(main, ["init", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {tmp_path}: the folder exists and is not empty; choose a new folder\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.txt"]


def test_preview_renders_pages_and_a_contact_sheet(runner, tmp_path, build_kit):
    shutil.copytree(build_kit("--deck", "kunta"), tmp_path, dirs_exist_ok=True)
    result = runner.invoke(main, ["preview", str(tmp_path / "fi" / "tokens.pdf")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "fi" / "preview").iterdir()) == ["tokens-01.png", "tokens-contact-sheet.png"]
    result = runner.invoke(main, ["preview", "--lang", "fi", "--out", str(tmp_path)])
    assert result.exit_code == 0
    names = {p.name for p in (tmp_path / "fi" / "preview").iterdir()}
    assert {"cards-01.png", "cards-contact-sheet.png", "board-04.png", "guide-contact-sheet.png"} <= names


@pytest.mark.parametrize(
    "args,message",
    [
        (["preview"], "give either a PDF or --lang"),
        (
            ["preview", "--lang", "fi", "--out", "/nonexistent-kit"],
            "/nonexistent-kit/fi: no kit there; build it first with: osallisuuspeli build --lang fi --out /nonexistent-kit",
        ),
        (["preview", "/nonexistent.pdf"], "/nonexistent.pdf: no such file"),
        (
            ["build", "--fillable", "--board-paper", "a4"],
            "--fillable needs --board-paper a3: a form field cannot be cut across two A4 pages",
        ),
        (["results"], "name the filled sheets to count (files or folders), or --register to count the register's workshops"),
        (["nonsense"], "No such command 'nonsense'."),
    ],
)
def test_bad_command_lines_are_one_line_and_exit_2(runner, args, message):
    result = runner.invoke(main, args)
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {message}\n"


@pytest.mark.parametrize("command", ["build", "validate", "list", "calibrate", "results", "preview", "init"])
def test_every_command_has_help_with_an_example(runner, command):
    result = runner.invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert f"Usage: osallisuuspeli {command}" in result.output
    assert "Example:" in result.output


def test_version(runner):
    result = runner.invoke(main, ["--version"])
    assert result.exit_code == 0 and result.output == "osallisuuspeli, version 0.1.0\n"


def test_the_kit_is_byte_identical_for_the_same_input(runner, tmp_path, build_kit):
    assert runner.invoke(main, ["build", "--deck", "kunta", "--lang", "sv", "--zip", "-q", "--out", str(tmp_path)]).exit_code == 0
    earlier = build_kit("--deck", "kunta", "--lang", "sv", "--zip")
    assert snapshot(tmp_path) == snapshot(earlier)
    assert sorted(snapshot(tmp_path)) == sorted([f"sv/{name}" for name in FILES] + ["osallisuuspeli-kunta-sv.zip"])


def test_every_pdf_of_every_language_passes_qpdfs_check(kit):
    from .conftest import pdf_problems

    out, _ = kit
    pdfs = sorted(out.rglob("*.pdf"))
    assert len(pdfs) == 3 * 9
    assert {str(p): pdf_problems(p) for p in pdfs} == {str(p): [] for p in pdfs}


@pytest.mark.parametrize("fillable", [False, True])
def test_the_kit_holds_every_part_page_for_page(build_kit, fillable):
    folder = build_kit(*(["--fillable"] if fillable else [])) / "fi"
    kit = pypdf.PdfReader(folder / "kit.pdf")
    parts = ["checklist", "guide", "cards", "leader-cards", "board", "tokens", "results-sheet", "calibrate"]
    pages = [p for name in parts for p in pypdf.PdfReader(folder / f"{name}.pdf").pages]
    assert len(kit.pages) == len(pages) == 44
    for mine, theirs in zip(kit.pages, pages):
        assert mine.mediabox == theirs.mediabox and mine.get("/TrimBox") == theirs.get("/TrimBox")
        assert mine.get_contents().get_data() == theirs.get_contents().get_data()
    board = {n for n, f in (pypdf.PdfReader(folder / "board.pdf").get_fields() or {}).items() if "/FT" in f}
    sheet = {n for n, f in (pypdf.PdfReader(folder / "results-sheet.pdf").get_fields() or {}).items() if "/FT" in f}
    # the board: 3 + 15 + 3 + 2 + 9 writing areas and 6 workshop details; the sheet: 6 details, 66 cards x 5 boxes, 3 x 2 own, 3 x 6 actions
    assert len(board) == (32 + 6 if fillable else 0) and len(sheet) == 6 + 66 * 5 + 3 * 2 + 3 * 6
    assert {n for n, f in (kit.get_fields() or {}).items() if "/FT" in f} == board  # the sheet is filled in its own file, one a team
    assert kit.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"


def test_the_checklist_follows_the_print_mode():
    """Two-sided kits start with the alignment test and count two pages a
    sheet; folded ones print one-sided without it; a print shop counts cards."""
    from osallisuuspeli.kit.checklist import Print, plan

    pages = {
        "cards.pdf": 16,
        "leader-cards.pdf": 2,
        "board.pdf": 6,
        "tokens.pdf": 1,
        "results-sheet.pdf": 2,
        "guide.pdf": 4,
        "calibrate.pdf": 2,
    }
    papers = dict.fromkeys(pages, "A4") | {"board.pdf": "A3"}
    assert plan("duplex", "short", pages, papers, tiled=False) == (
        Print("calibrate.pdf", "A4", 1, "plain", "short", "calibrate"),
        Print("cards.pdf", "A4", 8, "card", "short", "cut"),
        Print("leader-cards.pdf", "A4", 1, "card", "short", "cut"),
        Print("board.pdf", "A3", 6, "plain", "one", "board"),
        Print("tokens.pdf", "A4", 1, "card", "one", "tokens"),
        Print("results-sheet.pdf", "A4", 2, "plain", "one", "sheet"),
        Print("guide.pdf", "A4", 4, "plain", "one", "guide"),
    )
    folded = plan("gutterfold", "long", pages | {"board.pdf": 12}, papers | {"board.pdf": "A4"}, tiled=True)
    assert [(p.file, p.sheets, p.sides, p.then) for p in folded[:3]] == [
        ("cards.pdf", 16, "one", "fold"),
        ("leader-cards.pdf", 2, "one", "fold"),
        ("board.pdf", 12, "one", "tiles"),
    ]
    shop = plan("single", "long", pages | {"cards.pdf": 132, "leader-cards.pdf": 14}, papers, tiled=False)
    assert [(p.file, p.sheets, p.sides) for p in shop[:2]] == [("cards.pdf", 66, "shop"), ("leader-cards.pdf", 7, "shop")]
