"""English, and translation as a workflow: every language has every key."""

from __future__ import annotations

import io

import pypdf
import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.deck.geometry import Mode, SheetSpec, default_bleed
from osallisuuspeli.deck.render import cards_pdf
from osallisuuspeli.kit.build import Options, preflight
from osallisuuspeli.kit.leaders import leader_deck
from osallisuuspeli.load import languages
from osallisuuspeli.model import plain
from osallisuuspeli.translation import check_language
from osallisuuspeli.units import CARD_SIZES, PAPERS

from .conftest import DECKS, LANGUAGES, line_of, replace_in
from .pdfcheck import squeeze, text_of


@pytest.mark.parametrize("deck", DECKS)
def test_every_built_in_language_has_every_key_of_every_deck_board_guide_and_strings(deck):
    assert languages(deck) == ["en", "fi", "sv"]
    for lang in ("sv", "en"):
        assert check_language(deck, lang) == []


def test_validate_lang_lists_missing_and_extra_keys_against_finnish(runner, deck_copy):
    en = deck_copy / "en.yaml"
    replace_in(en, "    description: For example, safety walks and walks to discuss local land-use plans.\n", "")
    replace_in(en, "  asukasillat-alue:\n", "  asukasilta:\n    title: Residents' evening\n  asukasillat-alue:\n")
    fi_line = line_of(deck_copy / "fi.yaml", "description: Esimerkiksi turvallisuuskävelyt")
    extra_line = line_of(en, "  asukasilta:")
    result = runner.invoke(main, ["validate", str(deck_copy), "--lang", "en"])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"osallisuuspeli: {en}:{extra_line}: extra key cards.asukasilta (not in fi.yaml)",
        f"osallisuuspeli: {en}: missing key cards.kavelyt-ja-havainnointi.description (fi.yaml line {fi_line})",
    ]


def test_a_list_with_a_different_number_of_questions_is_reported(runner, deck_copy):
    en = deck_copy / "en.yaml"
    replace_in(en, "            - How is it measured?\n", "")
    result = runner.invoke(main, ["validate", str(deck_copy), "--lang", "en"])
    assert result.exit_code == 2
    questions = line_of(en, "- Who is responsible?") - 1  # the "questions:" key above it
    assert result.stderr == f"osallisuuspeli: {en}:{questions}: board.steps.uudet.columns.toteutus.questions has 3 items, fi.yaml has 4\n"


def test_validate_lang_says_ok_when_complete(runner):
    result = runner.invoke(main, ["validate", "kunta", "--lang", "en"])
    assert result.exit_code == 0
    assert result.output.startswith("ok: kunta: 40 cards")


@pytest.mark.parametrize("size", CARD_SIZES)
@pytest.mark.parametrize("deck", DECKS)
def test_english_fits_every_card_size_and_the_board(decks, deck, size):
    preflight(decks[deck, "en"], Options(SheetSpec(PAPERS["a4"], CARD_SIZES[size])))


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_part_fits_on_letter_paper_with_a_tabloid_board(decks, deck, lang):
    preflight(decks[deck, lang], Options(SheetSpec(PAPERS["letter"], CARD_SIZES["poker"])))


# Pages of the 40 cards and of the 7 leader cards on letter paper, bridge size: duplex a fronts page and
# a backs page for 8 cards, gutterfold 4 cards with both sides a page, single one page for each side of a card.
SHEETS = {Mode.duplex: (10, 2), Mode.gutterfold: (10, 2), Mode.single: (80, 14)}


@pytest.mark.parametrize("mode", list(Mode))
def test_english_builds_in_every_mode(decks, mode):
    d = decks["kunta", "en"]
    assert (len(d.cards), d.cards[0].title, decks["kunta", "fi"].cards[0].title) == (40, "Open days", "Avoimien ovien päivät")
    for deck, pages in zip((d, leader_deck(d)), SHEETS[mode], strict=True):
        pdf = cards_pdf(deck, SheetSpec(PAPERS["letter"], CARD_SIZES["bridge"], mode=mode, bleed=default_bleed(mode)))
        reader = pypdf.PdfReader(io.BytesIO(pdf))
        assert (len(reader.pages), reader.trailer["/Root"]["/Lang"]) == (pages, "en")
        text = squeeze("".join(page.extract_text() for page in reader.pages))
        for card in deck.cards:
            assert squeeze(plain(card.title)) in text, card.title
        assert squeeze("Participation Game") in text and squeeze("Avoimien ovien päivät") not in text


# Helsinki's own English terms, and established ones, where they exist.
TERMS = [
    ("helsinki", "Participation and Interaction Model"),
    ("helsinki", "Participation Game"),
    ("helsinki", "Participatory budgeting"),
    ("helsinki", "Using open data"),
    ("helsinki", "Volunteer activities"),
    ("helsinki", "Citizens’ jury"),
    ("helsinki", "Service design"),
    ("helsinki", "Crowdsourcing"),
    ("helsinki", "Talkoot — voluntary community work"),
    ("kunta", "Service voucher"),
    ("kunta", "Personal budget"),
    ("kunta", "Talkoot — voluntary community work"),
]


@pytest.mark.parametrize("deck,term", TERMS)
def test_english_uses_helsinkis_and_established_terms(decks, deck, term):
    from .test_content import all_texts

    texts = [plain(t) for _, t in all_texts(decks[deck, "en"])]
    assert any(term in t for t in texts)


@pytest.mark.parametrize(
    "deck,authors", [("helsinki", ["City of Helsinki"]), ("kunta", ["City of Helsinki", "Association of Finnish Municipalities"])]
)
def test_english_is_labelled_unofficial_where_readers_see_it(runner, tmp_path, decks, deck, authors):
    """On the cards' footer, the leader cards, the guide's cover and the board's
    credit; the credit names the authors without making them the translators."""
    d = decks[deck, "en"]
    credit = d.board.credit
    assert credit.endswith("This English translation is unofficial, not made by them.")
    assert all(a in credit for a in authors) and "Hellon" in credit
    result = runner.invoke(main, ["build", "--deck", deck, "--lang", "en", "-q", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    cover = text_of(tmp_path / "en" / "guide.pdf").split("What the game is for")[0]
    assert "unofficial translation" in cover
    for name in ("cards.pdf", "leader-cards.pdf"):
        first = pypdf.PdfReader(tmp_path / "en" / name).pages[0].extract_text()
        assert first.count("nofficial translation") >= 7, name  # on every card of the sheet (seven game leader’s cards)
    assert squeeze(credit) in squeeze(text_of(tmp_path / "en" / "board.pdf"))


def test_adding_a_language_as_the_readme_says(runner, tmp_path):
    """init, copy fi.yaml to se.yaml with a guide: section, validate --lang, build."""
    import yaml

    from osallisuuspeli.places import GUIDES

    deck = tmp_path / "oma"
    assert runner.invoke(main, ["init", str(deck), "--from", "kunta"]).exit_code == 0
    text = (deck / "fi.yaml").read_text(encoding="utf-8").replace("language: fi", "language: se")
    guide = yaml.safe_load((GUIDES / "fi.yaml").read_text(encoding="utf-8"))
    text += "\n" + yaml.safe_dump({"guide": guide}, allow_unicode=True)
    (deck / "se.yaml").write_text(text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deck), "--lang", "se"])
    assert result.exit_code == 0, result.output
    assert "languages en, fi, se, sv" in result.output
    result = runner.invoke(main, ["build", "--deck", str(deck), "--lang", "se", "-q", "--out", str(tmp_path / "kit")])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (tmp_path / "kit" / "se").iterdir())[0] == "board.pdf"


def test_a_language_without_a_guide_stops_the_build_with_a_sentence_and_makes_nothing(runner, tmp_path):
    """se.yaml as the README says, but without its guide: section."""
    deck = tmp_path / "oma"
    assert runner.invoke(main, ["init", str(deck), "--from", "kunta"]).exit_code == 0
    text = (deck / "fi.yaml").read_text(encoding="utf-8").replace("language: fi", "language: se")
    (deck / "se.yaml").write_text(text, encoding="utf-8")
    out = tmp_path / "kit"
    result = runner.invoke(main, ["build", "--deck", str(deck), "--lang", "se", "-q", "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert result.stderr == (
        f"osallisuuspeli: {deck}/se.yaml: no facilitator's guide text for language 'se': "
        "add a 'guide:' section (see README, Adding a language)\n"
    )
    assert not out.exists() or sorted(p.name for p in out.rglob("*")) == []
