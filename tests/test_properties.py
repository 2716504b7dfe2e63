"""Property: any valid deck either builds a readable PDF holding every title,
or fails with the fitting error - never anything else."""

from __future__ import annotations

import io
import re
import string
import unicodedata

import pypdf
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from osallisuuspeli import fonts
from osallisuuspeli.deck.geometry import SheetSpec
from osallisuuspeli.deck.render import cards_pdf
from osallisuuspeli.errors import FitError
from osallisuuspeli.load import load_deck
from osallisuuspeli.model import plain
from osallisuuspeli.units import CARD_SIZES, PAPERS
from osallisuuspeli.yamlfile import unprintable

from .pdfcheck import squeeze
from .test_bad_decks import CORPUS


def _alphabet() -> str:
    """Characters the font draws and the loader accepts, from the scripts a
    Finnish municipality meets (Latin, Greek, Cyrillic), without combining marks."""
    fonts.register()
    from reportlab.pdfbase import pdfmetrics

    chars = []
    for code in sorted(pdfmetrics.getFont(fonts.REGULAR).face.charToGlyph):
        ch = chr(code)
        if code > 0x4FF or unicodedata.category(ch)[0] in "CMZ" or unprintable(ch):
            continue
        chars.append(ch)
    return "".join(chars) + " " * 12  # spaces often, so that there are words


ALPHABET = _alphabet()
BOARD = yaml.safe_load((CORPUS / "_base" / "fi.yaml").read_text(encoding="utf-8"))["board"]
COLOURS = ["#0072C6", "#00D7A7", "#FFC61E", "#BD2719", "#0000BF"]
# The limits a poker card on A4 is designed for: a deck within them must build.
# (Measured with the font's widest letter, Ю: a 60-letter title of 12-letter words does not fit.)
TITLE, DESCRIPTION, WORD = 50, 400, 12
LETTERS = ALPHABET.replace(" ", "")
word = st.text(alphabet=LETTERS, min_size=1, max_size=WORD)


def words(most: int) -> st.SearchStrategy[str]:
    return st.lists(word, min_size=1, max_size=most).map(" ".join)


within = words(8).filter(lambda t: len(t) <= TITLE)
text = st.text(alphabet=ALPHABET, min_size=1, max_size=60).filter(lambda t: t.strip())
description = st.text(alphabet=ALPHABET, max_size=400)
within_description = st.one_of(st.just(""), words(60).filter(lambda t: len(t) <= DESCRIPTION))


@st.composite
def decks(draw, text=text, description=description):
    themes = draw(st.integers(min_value=0, max_value=5))
    cards = draw(st.lists(st.tuples(text, description), min_size=1, max_size=12))
    structure = {"id": "random", "cards": []}
    texts = {"language": "fi", "name": draw(text), "cards": {}, "board": BOARD}
    if themes:
        structure["themes"] = [{"id": f"t{i}", "colour": COLOURS[i]} for i in range(themes)]
        texts["themes"] = {f"t{i}": {"name": draw(text), "short": draw(text)} for i in range(themes)}
    else:
        structure["colour"] = "#008741"
    for i, (title, desc) in enumerate(cards):
        card = {"id": f"c{i}"}
        if themes:
            card["theme"] = f"t{draw(st.integers(min_value=0, max_value=themes - 1))}"
        structure["cards"].append(card)
        texts["cards"][f"c{i}"] = {"title": title, "description": desc} if desc.strip() else {"title": title}
    return structure, texts


def deck_of(tmp_path, deck_files):
    structure, texts = deck_files
    folder = tmp_path / "random"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(yaml.safe_dump(structure, allow_unicode=True), encoding="utf-8")
    (folder / "fi.yaml").write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    return load_deck(folder, "fi")  # a valid deck loads: any error here fails the test


def every_title_in(deck, pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 1
    extracted = squeeze("".join(page.extract_text() for page in reader.pages))
    for card in deck.cards:
        assert squeeze(plain(card.title)) in extracted, card.title


SETTINGS = settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


@SETTINGS
@given(decks(text=within, description=within_description))
def test_a_random_deck_within_the_limits_builds_a_pdf_with_every_title(tmp_path, deck_files):
    """Titles up to TITLE characters, descriptions up to DESCRIPTION, no word over WORD letters."""
    deck = deck_of(tmp_path, deck_files)
    every_title_in(deck, cards_pdf(deck, SheetSpec(PAPERS["a4"], CARD_SIZES["poker"])))


@SETTINGS
@given(decks())
def test_a_random_valid_deck_builds_a_pdf_with_every_title_or_fails_to_fit(tmp_path, deck_files):
    """Beyond the limits (words of any length, titles up to 60): a PDF, or the fit error's one sentence."""
    deck = deck_of(tmp_path, deck_files)
    try:
        pdf = cards_pdf(deck, SheetSpec(PAPERS["a4"], CARD_SIZES["poker"]))
    except FitError as e:
        assert re.fullmatch(
            r"card \d+ '.+' \(c\d+\), (title|detail) side: the text does not fit even at [\d.]+ pt: \".+\""
            r" - shorten it or choose a larger --card-size",
            str(e),
            flags=re.DOTALL,
        ), str(e)
        return
    every_title_in(deck, pdf)


def test_a_title_of_the_widest_letter_beyond_the_limit_ends_in_the_fit_sentence(tmp_path):
    """The limit is real: a word of 20 Ю does not fit a poker card's title at any size."""
    structure = {"id": "random", "colour": "#008741", "cards": [{"id": "c0"}]}
    title = "Ю" * 20
    texts = {"language": "fi", "name": "x", "cards": {"c0": {"title": title}}, "board": BOARD}
    deck = deck_of(tmp_path, (structure, texts))
    with pytest.raises(FitError) as e:
        cards_pdf(deck, SheetSpec(PAPERS["a4"], CARD_SIZES["poker"]))
    assert re.fullmatch(
        f"card 1 '{title}' \\(c0\\), title side: the text does not fit even at [\\d.]+ pt: \"{title}\" - shorten it or choose a larger --card-size",
        str(e.value),
    ), str(e.value)


def test_the_alphabet_is_wide():
    assert set(string.ascii_letters + "äöåšžčđŋŧÄÖÅ") <= set(ALPHABET)
    assert any("\u0400" <= ch <= "\u04ff" for ch in ALPHABET) and any("\u0370" <= ch <= "\u03ff" for ch in ALPHABET)
