"""The built-in content: complete, in order, and free of the seeds' defects."""

from __future__ import annotations

import itertools
import math
import re
from pathlib import Path

import pytest
import yaml

from osallisuuspeli.model import plain
from osallisuuspeli.places import BUILTIN_DECKS, CONTENT

from .conftest import DECKS, LANGUAGES

SOFT = "\u00ad"


def all_texts(deck):
    """Every printed text of a deck: cards, themes, board."""
    for card in deck.cards:
        yield f"card {card.id} title", card.title
        if card.description:
            yield f"card {card.id} description", card.description
    for theme in deck.themes:
        yield f"theme {theme.id}", theme.name
        yield f"theme {theme.id}", theme.short
        if theme.question:
            yield f"theme {theme.id}", theme.question
        for m in theme.measures:
            yield f"theme {theme.id}", m
    b = deck.board
    for t in (b.title, b.postit, *b.columns, b.deck_place, b.results_title, b.results_text, b.credit, *b.links):
        yield "board", t
    for step in b.steps:
        yield f"step {step.number}", step.title
        for q in step.questions:
            yield f"step {step.number}", q
        for col in step.columns:
            yield f"step {step.number}", col.title
            for q in col.questions:
                yield f"step {step.number}", q


def test_helsinki_has_66_cards_in_five_themes_in_seed_order(decks):
    for lang in LANGUAGES:
        deck = decks["helsinki", lang]
        assert len(deck.cards) == 66
        assert [t.id for t in deck.themes] == ["kayttajat", "alueyhteistyo", "kansalaistoiminta", "asiakaskokemus", "toimintatavat"]
        counts = [sum(1 for c in deck.cards if c.theme == t) for t in deck.themes]
        assert counts == [10, 17, 14, 12, 13]
        # cards of a theme are consecutive, themes in order
        assert [c.theme.number for c in deck.cards] == sorted(c.theme.number for c in deck.cards)
        assert [c.number for c in deck.cards] == list(range(1, 67))


def test_kunta_has_40_cards_and_no_themes(decks):
    for lang in LANGUAGES:
        deck = decks["kunta", lang]
        assert len(deck.cards) == 40
        assert deck.themes == ()
        assert all(c.theme is None for c in deck.cards)
        assert deck.colour.hex == "#008741"


@pytest.mark.parametrize("deck_id", DECKS)
def test_every_language_has_the_same_cards_in_the_same_order(decks, deck_id):
    ids = [[c.id for c in decks[deck_id, lang].cards] for lang in LANGUAGES]
    assert ids[0] == ids[1]
    assert len(set(ids[0])) == len(ids[0])


@pytest.mark.parametrize("deck_id", DECKS)
def test_a_description_exists_in_one_language_exactly_when_in_the_other(decks, deck_id):
    fi, sv = decks[deck_id, "fi"], decks[deck_id, "sv"]
    assert [bool(c.description) for c in fi.cards] == [bool(c.description) for c in sv.cards]


def test_first_and_last_cards_match_the_seeds(decks):
    h, k = decks["helsinki", "fi"], decks["kunta", "sv"]
    assert plain(h.cards[0].title) == "Yhteiskehittäminen"
    assert plain(h.cards[-1].title) == "Vuorovaikutusraportit"
    assert plain(decks["helsinki", "sv"].cards[-1].title) == "Interaktionsrapporter"
    assert plain(k.cards[0].title) == "Öppet hus"
    assert plain(k.cards[-1].title) == "Kommunikation"
    assert plain(decks["kunta", "fi"].cards[-1].title) == "Viestintä"


def test_cards_that_share_a_title_stay_separate_cards(decks):
    deck = decks["helsinki", "fi"]
    by_title = {}
    for card in deck.cards:
        by_title.setdefault(plain(card.title), []).append(card)
    assert [c.id for c in by_title["Asukasillat"]] == ["asukasillat-alue", "asukasillat-paatoksenteko"]
    assert [c.theme.id for c in by_title["Asukasillat"]] == ["alueyhteistyo", "toimintatavat"]
    assert [c.id for c in by_title["Joukkoistaminen"]] == ["joukkoistaminen-aktivismi", "joukkoistaminen-paatoksenteko"]


# Each seed defect as it appears in the seeds, and where it was. None may survive.
SEED_DEFECTS = [
    r"\bAvoim\b",  # Avoim valmistelu, Avoim data
    r"Aasukk",  # Aasukkaat, Aasukkaiden
    r"\bAukkaat\b",
    r"Palautte-|Palauttejärj",  # "Palautteet" (feedback) is a real word
    r"haastatteleamalla",
    r"\bvieraila\b",
    r"turvallisuuuskävelyt",
    r"Responsssystem",
    r"\bRespos\b",
    r"växeverkan",
    r"alustat\s+vaikutteiset",  # reversed lines
    r"byaföreningar\s+och\s+Invånar",
    r"områdesråd\s+och\s+kommittéer",
    r"neikorttipakka",
    r"<ul|<li|style=|list-style",  # table markup
    r"Kansalais toiminnan",
    r"\btiivisti\b",  # "tiivisti mukana": tiiviisti
    r"idéekläckning",
    r"utlåtagande",
    r"Info - och",
    r"medborgaraktorers",
    r"asiointiin, jossa",  # "mahdollistamme asiointiin": asioinnin
    r"kaupunkilaisista, järjestöistä ja yrityksistä osallistamalla",
    r"kaupunkilaisien",
    r"Erfarenhetsexperten är personer",
    r"invånarnas journaler",
    r"osallisuuspele\.fi",
    r"Mukaanlukien",
    r"\w/ \w",  # "kunnan/ maakunnan": a line break left a space
    r"\w- \w+\w",  # a line break inside a word, left as "hyödyntä- minen"
    r"\bInternet\b",  # lower case in Finnish and Swedish
]


@pytest.mark.parametrize("pattern", SEED_DEFECTS)
def test_no_seed_defect_survives(decks, pattern):
    allowed_compound_ellipsis = re.compile(r"\w- (ja|tai|että|sekä|och|eller|samt) ")
    for (deck_id, lang), deck in decks.items():
        for where, text in all_texts(deck):
            for m in re.finditer(pattern, plain(text)):
                context = plain(text)[m.start() : m.end() + 5]
                assert allowed_compound_ellipsis.match(context), f"{deck_id}/{lang} {where}: {pattern!r} in {text!r}"


def test_no_stray_exclamation_marks_or_bare_numbers_on_cards(decks):
    for (deck_id, lang), deck in decks.items():
        for card in deck.cards:
            assert "!" not in card.title + card.description, (deck_id, lang, card.id)
        for where, text in all_texts(deck):
            assert not text.strip().isdigit(), (deck_id, lang, where, text)


def test_titles_start_with_a_capital_and_are_not_shouted(decks):
    for (deck_id, lang), deck in decks.items():
        for card in deck.cards:
            title = plain(card.title)
            assert title[0].isupper(), (deck_id, lang, title)
            assert title != title.upper() or len(title) <= 3, (deck_id, lang, title)


def test_theme_names_are_in_sentence_case(decks):
    for lang in LANGUAGES:
        for theme in decks["helsinki", lang].themes:
            assert theme.name != theme.name.upper()
            assert theme.name[0].isupper() and theme.name[1:] != theme.name[1:].upper()


SOFT_HYPHENS = [
    ("helsinki", "fi", "yhteiskehittaminen", "Yhteis\u00adkehittäminen"),
    ("helsinki", "fi", "palautejarjestelmat", "Palaute\u00adjärjestelmät"),
    ("helsinki", "fi", "digitaaliset-alustat", "Digitaaliset vuoro\u00advaikutteiset alustat"),
    ("helsinki", "fi", "verkkoviestinta", "Verkko\u00adviestintä"),
    ("helsinki", "fi", "muutoksenhaut", "Muutoksen\u00adhaut, kantelut, muistutukset ja valitukset"),
    ("helsinki", "fi", "asukasyhdistykset", "Asukas\u00adyhdistykset ja kaupunginosa\u00adliikkeet"),
    ("helsinki", "sv", "kehittajayhteisot", "Utvecklar\u00adsamman\u00adslutningar"),
    ("helsinki", "sv", "saavutettavuus", "Tjänsternas tillgänglighet och användar\u00advänlighet"),
    ("kunta", "fi", "avoimen-datan-hyodyntaminen", "Avoimen datan hyödyntä\u00adminen"),
    ("kunta", "fi", "aluetoimikunnat", "Alue\u00adtoimikunnat ja -raadit"),  # the seed's Aluetoimi-kunnat breaks inside a part
    ("kunta", "sv", "viestinta", "Kommuni\u00adkation"),
    ("kunta", "sv", "digitaaliset-alustat", "Digitala platt\u00adformar för växelverkan"),
    ("kunta", "sv", "aluetoimikunnat", "Områdes\u00adkommittéer och områdesråd"),
]


@pytest.mark.parametrize("deck_id,lang,card_id,title", SOFT_HYPHENS)
def test_designers_title_breaks_are_soft_hyphens(decks, deck_id, lang, card_id, title):
    card = next(c for c in decks[deck_id, lang].cards if c.id == card_id)
    assert card.title == title


# Hard hyphens between letters that are real in the language (not line breaks).
REAL_HYPHENS = {"Some-vaikuttaminen", "Pop up-tillställningar", "Co-development", "Pop-up events", "easy-to-use", "self-organised"}


def test_no_hard_hyphen_inside_a_title_word_unless_it_is_real(decks):
    for (deck_id, lang), deck in decks.items():
        for card in deck.cards:
            for word in re.findall(r"\S*\w-\w\S*", plain(card.title)):
                assert any(word in real for real in REAL_HYPHENS), (deck_id, lang, card.title)


def test_the_swedish_kommunikation_card_is_complete(decks):
    card = next(c for c in decks["kunta", "sv"].cards if c.id == "viestinta")
    assert card.description.endswith("med hjälp av media, elektronisk kommunikation och till exempel verktyg på offentliga platser.")


def _strings(node):
    if isinstance(node, dict):
        for v in node.values():
            yield from _strings(v)
    elif isinstance(node, list):
        for v in node:
            yield from _strings(v)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("path", sorted(CONTENT.rglob("*.yaml")), ids=lambda p: str(p.relative_to(CONTENT)))
def test_content_files_have_no_stray_spaces(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for s in _strings(data):
        for line in s.split("\n"):
            assert line == line.strip(), f"{path.name}: leading or trailing space in {s!r}"
            assert "  " not in line, f"{path.name}: doubled space in {s!r}"
        assert "\t" not in s


def test_descriptions_end_as_sentences(decks):
    for (deck_id, lang), deck in decks.items():
        for card in deck.cards:
            if card.description:
                assert card.description[-1] in ".)", (deck_id, lang, card.id, card.description[-20:])


# Machado et al. (2009) full-severity simulation matrices, linear RGB.
CVD = {
    "normal": [[1, 0, 0], [0, 1, 0], [0, 0, 1]],
    "protan": [[0.152286, 1.052583, -0.204868], [0.114503, 0.786281, 0.099216], [-0.003882, -0.048116, 1.051998]],
    "deutan": [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]],
    "tritan": [[1.255528, -0.076749, -0.178779], [-0.078411, 0.930809, 0.147602], [0.004733, 0.691367, 0.303900]],
}
HDS = {"#0072C6", "#008741", "#FD4F00", "#0000BF", "#00D7A7", "#F5A3C7", "#FFC61E", "#BD2719", "#FFE977"}


def _lab(rgb, matrix):
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    r, g, b = (min(1, max(0, sum(matrix[i][j] * lin[j] for j in range(3)))) for i in range(3))
    x, y, z = (
        (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047,
        0.2126 * r + 0.7152 * g + 0.0722 * b,
        (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883,
    )
    f = lambda t: t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116  # noqa: E731
    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def test_theme_colours_come_from_the_palette_and_stay_apart_for_colour_blind_players(decks):
    themes = decks["helsinki", "fi"].themes
    assert {t.colour.hex for t in themes} <= HDS
    for kind, matrix in CVD.items():
        for a, b in itertools.combinations(themes, 2):
            distance = math.dist(_lab(a.colour.rgb, matrix), _lab(b.colour.rgb, matrix))
            assert distance > 25, f"{a.id} and {b.id} are only {distance:.1f} apart ({kind})"
    assert len({t.shape for t in themes}) == len(themes), "each theme needs its own shape"


def test_board_has_the_seven_steps_in_order_with_every_seed_question(decks):
    deck = decks["helsinki", "fi"]
    steps = deck.board.steps
    assert [s.title for s in steps] == [
        "Rajaus",
        "Miksi osallistamme?",
        "Mitä osallistaminen tarkoittaa meille?",
        "Osallisuuden teemat",
        "Nykyiset keinot",
        "Kehityskohdat",
        "Uudet keinot",
    ]
    questions = {q for s in steps for q in s.questions} | {q for s in steps for c in s.columns for q in c.questions}
    for q in [
        "Mitä organisaation osaa, hanketta tai palvelua tarkastelemme?",
        "Mitä muuta hyötyä osallisuudesta on meille?",
        "Miten osallistaminen on tähän mennessä näkynyt toiminnassamme?",
        "Mitkä alussa määritellyistä osallisuuden hyödyistä eivät nyt toteudu hyvin?",
        "Miten uusi menetelmä vastaa tunnistamiimme osallisuuden kehittämistarpeisiin?",
        "Kuka vastaa?",
        "Miten resursoidaan?",
        "Mikä on aikataulu?",
        "Miten mitataan?",
    ]:
        assert q in questions
    assert deck.board.columns == ("Teemme jo hyvin", "Olemme kokeilleet", "Kannattaa kokeilla")
    assert deck.board.deck_place == "Menetelmäkorttipakka tähän pelin alussa"
    assert [t.short for t in deck.themes] == [
        "Käyttäjien osallistuminen",
        "Alueyhteistyö",
        "Kansalaistoiminnan tukeminen",
        "Asiakaskokemus",
        "Kaupungin toimintatavat",
    ]
    assert deck.themes[-1].measures == (
        "Avoimuutta lisäävät toimenpiteet",
        "Yhdenvertaisuutta lisäävät toimenpiteet",
        "Monipuolisuutta lisäävät toimenpiteet",
    )


def test_the_municipal_board_speaks_of_the_municipality(decks):
    for lang, city, municipality in (("fi", "kaupun", "kun"), ("sv", "stad", "kommun")):
        texts = [t for where, t in all_texts(decks["kunta", lang]) if where.startswith("step")]
        assert not any(city in t.lower() for t in texts), lang
        assert any(municipality in t.lower() for t in texts), lang


def test_swedish_board_uses_the_decks_swedish_names(decks):
    sv = decks["helsinki", "sv"]
    assert sv.name == "Delaktighetsspelet"
    assert sv.board.title == "Delaktighetsspelet"
    assert sv.board.steps[0].title == "Avgränsning"


def test_built_in_deck_folders_are_the_ones_shipped():
    assert sorted(p.name for p in BUILTIN_DECKS.iterdir()) == sorted(DECKS)


SEEDS = Path(__file__).parent / "seeds"  # the published games' texts as extracted, the content's origin (seeds/README.md)


def test_the_seed_documents_are_in_the_repository():
    """Every clone runs the seed tests: none of them may skip for want of the files."""
    assert sorted(p.name for p in SEEDS.glob("*.txt")) == [
        "000_0b7c190357e44eca.txt",
        "001_55395126512aa083.txt",
        "002_06719350b147ee70.txt",
        "003_2d749ef3f633ccf7.txt",
        "004_01d27423382e826f.txt",
    ]


@pytest.mark.parametrize("pattern", SEED_DEFECTS)
def test_each_defect_pattern_is_really_in_the_seeds(pattern):
    """Proves the defect table tests something: every pattern matches the raw seeds."""
    text = " ".join(re.sub(r"[ \t]*\n[ \t]*", " ", p.read_text(encoding="utf-8").replace("**", "")) for p in SEEDS.glob("*.txt"))
    assert re.search(pattern, text)


def test_the_bundled_fonts_cover_finnish_swedish_and_sami_letters():
    from osallisuuspeli import fonts

    letters = "äöåÄÖÅšžčđŋŧŠŽČĐŊŦáÁ–—’“”…€\u00a0"
    for face in fonts.FACES:
        assert fonts.missing_glyphs(letters, face) == [], face
    assert (fonts.FONT_DIR / "LICENSE.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE Version 1.1") >= 1
