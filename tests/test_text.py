"""Text that always fits: wrapping, hyphenation, shrinking, and the fitting error."""

from __future__ import annotations

import pytest

from osallisuuspeli import fonts
from osallisuuspeli.cli import main
from osallisuuspeli.deck.faces import BODY_MIN, SAFE, TITLE_MIN, detail_side, title_side
from osallisuuspeli.draw.hyphenate import breaks
from osallisuuspeli.draw.text import fit, wrap
from osallisuuspeli.errors import FitError
from osallisuuspeli.model import plain
from osallisuuspeli.units import CARD_SIZES, MM

from .conftest import DECKS, LANGUAGES


def hyphenated(word: str, language: str = "fi") -> str:
    out, last = [], 0
    for p in breaks(word, language):
        out.append(word[last:p])
        last = p
    return "-".join(out + [word[last:]])


# As a Finnish reader expects them: before a consonant that precedes a vowel,
# between vowels that are neither long nor a diphthong, never leaving a single
# letter alone, never splitting a diphthong (ie, uo, yö, ai, ...) or long vowel.
FINNISH = [
    ("kehittäminen", "ke-hit-tä-mi-nen"),
    ("osallisuuspeli", "osal-li-suus-pe-li"),
    ("vuorovaikutus", "vuo-ro-vai-ku-tus"),
    ("kansalaistoiminnan", "kan-sa-lais-toi-min-nan"),
    ("päätöksenteko", "pää-tök-sen-te-ko"),
    ("yhteisöllisyyden", "yh-tei-söl-li-syy-den"),
    ("luottamushenkilöitä", "luot-ta-mus-hen-ki-löi-tä"),
    ("maankäyttö", "maan-käyt-tö"),
    ("ilmoitustaulut", "il-moi-tus-tau-lut"),
    ("tiedon", "tie-don"),
    ("luonnos", "luon-nos"),
    ("työpaja", "työ-pa-ja"),
    ("raueta", "rau-e-ta"),
    ("kauan", "kau-an"),
    ("strategia", "stra-te-gia"),
    ("talo", "ta-lo"),
    ("kissa", "kis-sa"),
    ("purkaa", "pur-kaa"),
    ("aloitteet", "aloit-teet"),  # no single letter left at the start
    ("asukas", "asu-kas"),
    ("Käyttäjien", "Käyt-tä-jien"),
    ("Facebookissa", "Facebookissa"),  # a loan word: left alone
    ("5G-verkko", "5G-verk-ko"),
]


@pytest.mark.parametrize("word,expected", FINNISH)
def test_the_finnish_hyphenator_splits_words_as_a_finnish_reader_expects(word, expected):
    assert hyphenated(word) == expected


def test_swedish_and_english_use_pyphen_dictionaries():
    assert "-" in hyphenated("sammanslutningar", "sv")
    assert hyphenated("sammanslutningar", "sv").replace("-", "") == "sammanslutningar"
    assert "-" in hyphenated("participation", "en")
    assert hyphenated("participation", "xx") == "participation"  # no dictionary: no breaks


def test_soft_hyphens_are_the_preferred_breaks_and_vanish_when_unbroken():
    word = "Yhteis\u00adkehittäminen"
    assert wrap(word, fonts.BOLD, 22, 57 * MM, "fi") == ("Yhteis-", "kehittäminen")
    assert wrap(word, fonts.BOLD, 10, 57 * MM, "fi") == ("Yhteiskehittäminen",)


def test_a_line_never_exceeds_its_width():
    text = next(
        c.description
        for c in __import__("osallisuuspeli.load", fromlist=["x"]).load_deck("kunta", "fi").cards
        if c.id == "kumppanuuspoydat"
    )
    for width in (30 * MM, 45 * MM, 57 * MM):
        lines = wrap(text, fonts.REGULAR, 8, width, "fi", 0.7)
        assert lines
        assert max(fonts.width(line, fonts.REGULAR, 8) for line in lines) <= width
        assert "".join(lines).replace("-", "").replace(" ", "") == text.replace("-", "").replace(" ", "")


def test_fit_shrinks_until_it_fits_and_then_gives_up():
    text = "Muutoksen\u00adhaut, kantelut, muistutukset ja valitukset"
    roomy = fit(text, fonts.BOLD, 57 * MM, 60 * MM, 22, 12, "fi", what="roomy")
    tight = fit(text, fonts.BOLD, 57 * MM, 14 * MM, 22, 12, "fi", what="tight")
    assert roomy.size == 22
    assert 12 <= tight.size < 22
    with pytest.raises(FitError) as low:
        fit(text, fonts.BOLD, 57 * MM, 5 * MM, 22, 12, "fi", what="a test box")
    assert (
        str(low.value)
        == 'a test box: the text does not fit even at 12 pt: "Muutoksenhaut, kantelut, muistutukset ja valitukset" - shorten it'
    )
    with pytest.raises(FitError, match=r'^long word: the text does not fit even at 12 pt: "x{80}" - shorten it$'):
        fit("x" * 300, fonts.BOLD, 57 * MM, 80 * MM, 22, 12, "fi", what="long word")


@pytest.mark.parametrize("deck", DECKS)
@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_built_in_card_fits_above_the_floors_and_inside_the_safe_zone(decks, deck, lang):
    w, h = CARD_SIZES["poker"]
    safe = __import__("osallisuuspeli.deck.geometry", fromlist=["Rect"]).Rect(0, 0, w, h).inset(SAFE)
    d = decks[deck, lang]
    for card in d.cards:
        for face in (title_side(card, d, (w, h)), detail_side(card, d, (w, h))):
            sizes = {f.role: f.size for f in face.fitted}
            assert sizes["title"] >= TITLE_MIN
            assert sizes.get("body", BODY_MIN) >= BODY_MIN
            for line in face.texts:
                assert safe.contains(line.bounds, 1e-6), (card.id, face.side, line.text)
            drawn = "".join(t.text for t in face.items if hasattr(t, "text"))
            assert plain(card.title).replace(" ", "").replace("-", "") in drawn.replace(" ", "").replace("-", "")


@pytest.mark.parametrize("size", CARD_SIZES)
def test_every_built_in_card_fits_every_preset(decks, size):
    for d in decks.values():
        for card in d.cards:
            title_side(card, d, CARD_SIZES[size])
            detail_side(card, d, CARD_SIZES[size])


def test_an_impossible_text_fails_naming_the_card_the_side_and_the_text(decks):
    d = decks["helsinki", "fi"]
    card = d.cards[6]._replace(description="Pitkä kuvaus. " * 120)
    with pytest.raises(FitError) as e:
        detail_side(card, d, CARD_SIZES["poker"])
    assert str(e.value) == (
        "card 7 'Kokeilut' (kokeilut), detail side: the text does not fit even at 7 pt: "
        '"Pitkä kuvaus. Pitkä kuvaus. Pitkä kuvaus. Pitkä kuvaus. Pitkä kuvaus. Pitkä kuva"'  # the first 80 characters'
        " - shorten it or choose a larger --card-size"
    )
    word = d.cards[6]._replace(title="Kokeilu" + "x" * 300)
    with pytest.raises(
        FitError, match=r"^card 7 'Kokeilux{42}…' \(kokeilut\), title side: the text does not fit even at 12 pt"
    ):  # titles shortened to 50
        title_side(word, d, CARD_SIZES["poker"])


def test_the_build_fails_with_that_message_and_writes_nothing(runner, deck_copy, tmp_path):
    from .conftest import replace_in

    replace_in(deck_copy / "fi.yaml", "    title: Kokeilut", "    title: Kokeilut\n    description: " + "Hyvin pitkä kuvaus. " * 60)
    result = runner.invoke(main, ["build", "--deck", str(deck_copy), "--out", str(tmp_path / "kit")])
    assert result.exit_code == 2
    assert result.stderr.startswith("osallisuuspeli: card 7 'Kokeilut' (kokeilut), detail side: the text does not fit even at 7 pt")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "kit").exists()


def test_fit_report_lists_every_card_and_flags_the_tight_ones(runner, tmp_path):
    result = runner.invoke(main, ["build", "--fit-report", "--card-size", "bridge", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Fitted sizes in points (helsinki, fi)")
    rows = lines[1:67]
    assert [int(r[1:6]) for r in rows] == list(range(1, 67))
    assert "title side: title" in rows[0] and "detail side: title" in rows[0]
    flagged = [r for r in rows if r.startswith("!")]
    assert lines[67] == f"{len(flagged)} of 66 cards near the limit"
    for row in flagged:
        assert "!" in row[1:]


def test_corner_guides_are_drawn_on_the_title_side_only(decks):
    from osallisuuspeli.draw.painter import CornerGuide

    d = decks["helsinki", "fi"]
    w, h = CARD_SIZES["poker"]
    title = title_side(d.cards[0], d, (w, h), corners=3 * MM)
    (guide,) = [i for i in title.frame if isinstance(i, CornerGuide)]
    assert guide.radius == 3 * MM and (guide.rect.w, guide.rect.h) == (w, h)
    assert not [i for i in detail_side(d.cards[0], d, (w, h), corners=3 * MM).frame if isinstance(i, CornerGuide)]
    assert not [i for i in title_side(d.cards[0], d, (w, h)).frame if isinstance(i, CornerGuide)]
