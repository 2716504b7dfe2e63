"""A deck as a workbook: written from YAML without loss, edited as staff edit
spreadsheets, and every mistake one line naming the sheet, row and column."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.load import BUILTIN_DECKS, load_deck
from osallisuuspeli.workbook import workbook

from .conftest import DECKS, LANGUAGES, snapshot
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
    """tests/workbooks/: the Helsinki workbook opened and saved as .xlsx by LibreOffice Calc 7.4 (soffice --convert-to xlsx)."""
    saved = Path(__file__).parent / "workbooks" / "helsinki-saved-by-libreoffice.xlsx"
    assert load_deck(saved, lang)._replace(source=None) == decks["helsinki", lang]._replace(source=None)


def test_sheet_names_in_finnish_or_swedish_are_read_too(books, decks, tmp_path):
    path = tmp_path / "kortit.xlsx"
    path.write_bytes(books["helsinki"].read_bytes())

    def rename(book):
        for sheet, name in (("Cards", "Kortit"), ("Themes", "Teemat"), ("Deck", "Kortlek"), ("Texts", "Tekstit")):
            book[sheet].title = name

    edit(path, rename)
    assert load_deck(path, "sv")._replace(source=None) == decks["helsinki", "sv"]._replace(source=None)
