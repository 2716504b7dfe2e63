"""Property: any valid deck either builds a readable PDF holding every title,
or fails with the fitting error - never anything else."""

from __future__ import annotations

import io
import string
import unicodedata

import pypdf
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
text = st.text(alphabet=ALPHABET, min_size=1, max_size=60).filter(lambda t: t.strip())
description = st.text(alphabet=ALPHABET, max_size=400)


@st.composite
def decks(draw):
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


@settings(
    max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(decks())
def test_a_random_valid_deck_builds_a_pdf_with_every_title_or_fails_to_fit(tmp_path, deck_files):
    structure, texts = deck_files
    folder = tmp_path / "random"
    folder.mkdir(exist_ok=True)
    (folder / "deck.yaml").write_text(yaml.safe_dump(structure, allow_unicode=True), encoding="utf-8")
    (folder / "fi.yaml").write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    deck = load_deck(folder, "fi")  # a valid deck loads: any error here fails the test
    try:
        pdf = cards_pdf(deck, SheetSpec(PAPERS["a4"], CARD_SIZES["poker"]))
    except FitError as e:
        assert str(e).startswith("card ") and "does not fit even at" in str(e)
        return
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    extracted = squeeze("".join(page.extract_text() for page in reader.pages))
    for card in deck.cards:
        assert squeeze(plain(card.title)) in extracted, card.title


def test_the_alphabet_is_wide():
    assert set(string.ascii_letters + "äöåšžčđŋŧÄÖÅ") <= set(ALPHABET)
    assert any("\u0400" <= ch <= "\u04ff" for ch in ALPHABET) and any("\u0370" <= ch <= "\u03ff" for ch in ALPHABET)
