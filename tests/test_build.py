"""`osallisuuspeli build`: both PDFs, every word, the bundled font embedded."""

from __future__ import annotations

import pypdf
import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.model import display_url, filled, plain

from .conftest import DECKS, LANGUAGES
from .pdfcheck import fonts_of, squeeze, text_of
from .test_pack import FILES


@pytest.fixture(scope="module")
def built(kit, build_kit):
    """Each built-in deck and language, built through the CLI: the language folders."""
    folders = {"helsinki": kit[0], "kunta": build_kit("--deck", "kunta", "--lang", "all")}
    return {(deck, lang): folders[deck] / lang for deck in DECKS for lang in LANGUAGES}


def test_build_with_no_options_writes_the_finnish_helsinki_kit(runner, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(main, ["build"])
    assert result.exit_code == 0, result.output
    kit = tmp_path / "osallisuuspeli-print" / "fi"
    assert sorted(p.name for p in kit.iterdir()) == FILES
    cards = pypdf.PdfReader(kit / "cards.pdf")
    assert len(cards.pages) == 2 * (8 + 5)  # 66 cards, 9 a sheet: 8 sheets, then a sheet of blank cards a theme; fronts and backs
    assert cards.metadata.title == "Osallisuuspeli: Menetelmäkortit"
    assert cards.trailer["/Root"]["/Lang"] == "fi"
    assert {round(float(x)) for x in cards.pages[0].mediabox[2:]} == {595, 842}  # A4
    board = pypdf.PdfReader(kit / "board.pdf")
    assert (round(float(board.pages[0].mediabox.width)), round(float(board.pages[0].mediabox.height))) == (1191, 842)  # A3 landscape


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_card_title_and_description_is_in_the_cards_pdf(built, decks, deck, lang):
    text = squeeze(text_of(built[deck, lang] / "cards.pdf"))
    for card in decks[deck, lang].cards:
        assert squeeze(plain(card.title)) in text, card.id
        for paragraph in card.description.split("\n"):
            assert squeeze(paragraph) in text, card.id


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_worksheet_text_is_in_the_board_pdf(built, decks, deck, lang):
    from .test_content import all_texts

    text = squeeze(text_of(built[deck, lang] / "board.pdf"))
    d = decks[deck, lang]
    for where, t in all_texts(d):
        if where.startswith("card") or (where.startswith("theme") and t in {th.name for th in d.themes}):
            continue  # cards and the themes' long card names are not on the board
        if t == d.board.results_text:  # with the deck's address, or without one the words that ask for photos
            t = filled(t, {"results_url": display_url(d.results_url)}) if d.results_url else d.board.results_offline
        assert squeeze(plain(t)) in text, (where, t)


@pytest.mark.parametrize("deck", DECKS)
def test_every_font_is_embedded(built, deck):
    for name in ("cards.pdf", "board.pdf"):
        found = fonts_of(built[deck, "fi"] / name)
        assert found, name
        assert all(found.values()), found
        assert all("SourceSansPro" in f for f in found), found


def test_python_dash_m_runs_the_same_command():
    import subprocess
    import sys

    result = subprocess.run([sys.executable, "-m", "osallisuuspeli", "list"], capture_output=True, text=True, cwd="/")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0].startswith("helsinki: 66 cards, languages: en, fi, sv")


def test_list_shows_decks_languages_and_counts(runner):
    result = runner.invoke(main, ["list"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].startswith("helsinki: 66 cards, languages: en, fi, sv")
    assert lines[1].startswith("kunta: 40 cards, languages: en, fi, sv")


def test_validate_without_arguments_checks_every_built_in_deck(runner):
    result = runner.invoke(main, ["validate"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "ok: helsinki: 66 cards, 5 themes, 7 board steps, languages en, fi, sv\nok: kunta: 40 cards, 7 board steps, languages en, fi, sv\n"
    )


def test_a_glyph_the_font_lacks_is_an_error_naming_the_card(runner, deck_copy, tmp_path):
    from .conftest import replace_in

    replace_in(deck_copy / "fi.yaml", "    title: Kokeilut", "    title: Kokeilut ☃")
    result = runner.invoke(main, ["build", "--deck", str(deck_copy), "--out", str(tmp_path / "kit")])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "osallisuuspeli: card 7 'Kokeilut ☃' (kokeilut), title side: the font has no glyph for '☃' (U+2603) in \"Kokeilut ☃\"\n"
    )
    assert not (tmp_path / "kit").exists()
