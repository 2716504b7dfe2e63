"""The papers' and the page's words as an editor reads them: the register
(te-form, ni), one verb for one act, numbers that keep their units, titles
named alike, and a guide a first-time game leader can run the game from."""

from __future__ import annotations

import re

import pypdf
import pytest

from osallisuuspeli import fonts
from osallisuuspeli.draw.text import wrap
from osallisuuspeli.i18n import _, speaking
from osallisuuspeli.kit.guide import A3_BOARD, facts, guide_story
from osallisuuspeli.kit.leaders import leader_deck
from osallisuuspeli.load import strings
from osallisuuspeli.places import CONTENT

from . import catalogues
from .conftest import DECKS, LANGUAGES
from .pdfcheck import squeeze, text_of

NBSP = "\u00a0"

# The guide's sections a game leader who has never seen the game needs, by language.
NEW_HEADINGS = {
    "fi": [
        "Monta tiimiä yhtä aikaa",
        "Valmistelu",
        "Mitä aloituksessa kerrotaan",
        "Askel 4 ajassa",
        "Merkit ja tulostaulukko",
        "Toimenpidekenttä",
    ],
    "sv": [
        "Flera grupper samtidigt",
        "Förberedelser",
        "Vad spelledaren säger i början",
        "Steg 4 i tid",
        "Brickorna och resultattabellen",
        "Åtgärdsfältet",
    ],
    "en": [
        "Several teams at once",
        "Preparing",
        "What to say in the opening",
        "Step 4 in time",
        "The tokens and the results sheet",
        "The field of measures",
    ],
}


def guide_text(deck) -> str:
    """The guide's words as its paragraphs hold them, braces filled."""
    return "\n".join(p.getPlainText() for p in _paragraphs(guide_story(deck)))


def _paragraphs(flowables):
    for f in flowables:
        if hasattr(f, "getPlainText"):
            yield f
        for attr in ("_content", "_flowables"):
            inner = getattr(f, attr, None)
            if isinstance(inner, list):
                yield from _paragraphs(inner)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_has_the_sections_a_first_time_game_leader_needs(kit, lang):
    out, _ = kit
    flat = squeeze(text_of(out / lang / "guide.pdf"))
    for heading in NEW_HEADINGS[lang]:
        assert squeeze(heading) in flat, heading
    assert len(pypdf.PdfReader(out / lang / "guide.pdf").pages) == 4  # three pages before: one A4 page more at most


def test_the_guide_answers_the_questions_a_game_leader_asks(decks):
    fi = guide_text(decks["helsinki", "fi"])
    assert "ehdotamme kolme vihreää ja kolme punaista merkkiä pelaajaa kohden" in fi
    assert "jos kortissa on molempia, merkitkää molemmat" in fi
    assert (
        "Askeleessa 4 on 66 korttia ja 35\u00a0minuuttia (25\u00a0minuuttia lyhyemmässä versiossa), eli noin 30\u00a0sekuntia korttia kohden."
        in fi
    )
    assert "Kullakin tiimillä on oma pelilauta, oma menetelmäkorttipakka, omat merkit ja oma tulostaulukko" in fi
    assert "Tehkää sitten molemmat" in fi and "yksi lomake tiimiä kohden" in fi
    assert "Pelilaudan pyyntö ”auttakaa meitä mittaamaan” tulee osoitteen ylläpitäjältä" in fi
    assert "Pelin järjestäjä, esimerkiksi yksikön esihenkilö tai osallisuudesta vastaava työntekijä" in fi
    assert "Aloituksessa (10\u00a0min, lyhyemmässä versiossa 5\u00a0min) pelinjohtaja kertoo tiimille:" in fi
    assert (
        "Teemalla 5 (Kaupungin toimintatavat) on pelilaudalla korttien sarakkeiden lisäksi toinen kenttä, jossa on otsikot"
        " ”Avoimuutta lisäävät toimenpiteet”, ”Yhdenvertaisuutta lisäävät toimenpiteet” ja ”Monipuolisuutta lisäävät toimenpiteet”."
    ) in fi
    assert "Pelilaudan kehotukset ovat tässä paketissa te-muodossa kuten sen muutkin ohjeet" in fi
    sv = guide_text(decks["helsinki", "sv"])
    assert "upphovspersonernas egen beskrivning" in sv and "upphovsmän" not in sv
    en = guide_text(decks["helsinki", "en"])
    assert "What is part of the game, and what is only suggested" in en
    assert "No online form is needed" not in en and "Then do both" in en


def test_a_municipal_guide_speaks_of_its_own_deck(decks):
    """40 cards, no themes: no field of measures, a slower pace a card, no form."""
    fi = guide_text(decks["kunta", "fi"])
    assert "Toimenpidekenttä" not in fi and "{measures" not in fi
    assert "eli noin 50\u00a0sekuntia korttia kohden" in fi
    assert "Verkkolomaketta ei tarvita: tulostaulukko riittää." in fi
    assert facts(decks["kunta", "fi"], A3_BOARD)["measures"] == ""


@pytest.mark.parametrize("deck", DECKS)
def test_the_finnish_guide_says_tiimi_never_ryhma(decks, deck):
    text = guide_text(decks[deck, "fi"]) + "\n".join(c.description for c in leader_deck(decks[deck, "fi"]).cards)
    assert re.findall(r"\bryhmä\w*", text, flags=re.IGNORECASE) == []
    assert "tiimi keskustelee lyhyesti" in text


@pytest.mark.parametrize("lang", LANGUAGES)
def test_leader_card_3_asks_the_question_as_the_board_does(decks, lang):
    board = next(s for s in decks["helsinki", lang].board.steps if s.id == "merkitys")
    card = next(c for c in leader_deck(decks["helsinki", lang]).cards if c.id == "leader-merkitys")
    assert card.description.split("\n")[1].split(": ", 1)[1] == board.questions[0]


@pytest.mark.parametrize(
    ("lang", "title"),
    [
        ("fi", "Osallisuuspeli: Pelinjohtajan kortit"),
        ("sv", "Delaktighetsspelet: Spelledarens kort"),
        ("en", "Participation Game: Game leader’s cards"),
    ],
)
def test_the_leader_cards_file_is_titled_like_the_method_cards(kit, lang, title):
    out, _ = kit
    assert pypdf.PdfReader(out / lang / "leader-cards.pdf").metadata.title == title
    reader = pypdf.PdfReader(out / lang / "kit.pdf")
    assert title.split(": ")[1] in [o.title for o in reader.outline if not isinstance(o, list)]  # the bookmark is the cards' name


UNIT = re.compile(
    r"(\d|%\(\w+\)[sd]) ([×]|%(?!\())|(\d|%\(\w+\)[sd]) (mm|min|minuuttia|minuutin|minuter|minutes|tuntia|timmar|hours|g/m²|sekuntia|sekunder|seconds|MB|Mt)\b"
)  # a number, or a placeholder of one in the catalogues


def _content_texts():
    for folder in ("strings", "guide"):
        for path in sorted((CONTENT / folder).glob("*.yaml")):
            for line_number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if not line.lstrip().startswith("#"):
                    yield f"{path.parent.name}/{path.name}:{line_number}", line
    for lang in ("fi", "sv"):  # the messages and the web page, from the catalogues
        for message in catalogues.read(lang):
            for text in message.string if isinstance(message.string, tuple) else (message.string,):
                if message.id and text:
                    yield f"{lang}.po: {message.id!r}", text


def test_a_number_and_its_unit_never_part_at_a_line_end():
    """A no-break space between them in every printed text of the kit."""
    assert [where for where, line in _content_texts() if UNIT.search(line)] == []


def test_the_text_wrapper_keeps_a_no_break_space_whole():
    size = 10.0
    room = fonts.width("leikkuuvara 3", fonts.REGULAR, size) + 0.5  # "3" would fit, "3 mm" would not
    assert wrap(f"leikkuuvara 3{NBSP}mm", fonts.REGULAR, size, room, "fi") == ("leikkuuvara", f"3{NBSP}mm")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_checklist_prints_numbers_with_their_units(kit, lang):
    out, _ = kit
    text = text_of(out / lang / "checklist.pdf")
    assert not re.search(r"\d\s*\r?\n\s*(mm|%|g/m²|×)", text)


def test_the_checklist_words():
    fi, sv, en = (strings(lang) for lang in LANGUAGES)
    assert fi["check_load"] == "Paperi"
    assert "vänd så som er skrivare kräver" in sv["check_manual_duplex"]
    assert fi["check_then_calibrate"] == (
        "Pitäkää arkkia valoa vasten ja lukekaa takapuolen ohje. Jos etupuolen viivat eivät osu asteikoilla nollaan, kirjatkaa luvut X ja Y"
        " takapuolelle ja rakentakaa paketti uudelleen näillä luvuilla takapuolen siirroksi ennen korttien tulostamista."
    )
    assert sv["check_then_calibrate"].endswith(
        "skriv upp talen X och Y på baksidan och gör paketet på nytt med dem som förskjutning av baksidan innan ni skriver ut korten."
    )
    assert en["check_then_calibrate"].endswith(
        "write the numbers X and Y on its back and build the kit again with them as the back offset before you print the cards."
    )


# One verb for joining the A4 tiles of a board sheet: glue, as the glue strip says.
JOIN = {"fi": ("liimat", "teipat"), "sv": ("limma", "tejpa"), "en": ("glue", "tape")}


@pytest.mark.parametrize("lang", LANGUAGES)
def test_one_verb_joins_the_a4_tiles_in_each_language(lang):
    chosen, other = JOIN[lang]
    s = strings(lang)
    with speaking(lang):
        board_a4 = _("A4 sheets glued together")
    tile_texts = [s["glue_here"], s["tile"], s["check_then_tiles"], board_a4]
    assert all(chosen in t.lower() for t in tile_texts), tile_texts
    assert not any(other in t.lower() for t in tile_texts)


WEB = {  # the page's texts, by the names its YAML tables had
    "intro": "Make a print kit of the Participation Game from a built-in or your own deck, preview it and download it. Put filled results sheets together into a report. Nothing is stored permanently on the server.",
    "workbook_intro": "Download a built-in deck as an Excel workbook, edit the cards, and upload it above as your own deck.",
    "report_intro": "Choose filled results sheets or boards (PDF files, or a zip file of them). You get the report as a PDF and as an Excel workbook.",
    "print_heading": "How to print",
}


def _web(lang: str) -> dict[str, str]:
    with speaking(lang):
        return {key: _(english) for key, english in WEB.items()}


def test_the_web_page_speaks_in_the_plural_of_politeness():
    fi, sv, en = (_web(lang) for lang in LANGUAGES)
    every_sv = [m.string for m in catalogues.read("sv") if m.id]
    assert fi["intro"].startswith(
        "Tehkää Osallisuuspelin tulostuspaketti valmiista tai omasta pakasta, esikatselkaa se ja ladatkaa se koneellenne."
    )
    assert (
        fi["workbook_intro"]
        == "Ladatkaa valmis pakka Excel-työkirjana koneellenne, muokatkaa kortteja ja lähettäkää työkirja yllä omana pakkana."
    )
    assert (
        fi["report_intro"]
        == "Valitkaa täytetyt tulostaulukot tai pelilaudat (PDF-tiedostoja tai zip-tiedosto, jossa niitä on). Saatte raportin PDF:nä ja Excel-työkirjana."
    )
    assert fi["print_heading"] == "Näin tulostatte"
    assert sv["print_heading"] == "Så skriver ni ut" and sv["report_intro"].endswith("Ni får rapporten som PDF och som Excel-arbetsbok.")
    assert en["intro"].endswith("Nothing is stored permanently on the server.")
    assert not re.search(r"\b(du|din|ditt|dina|dig)\b", " ".join(map(str, every_sv)))


@pytest.mark.parametrize("deck", DECKS)
def test_the_board_speaks_in_the_kits_te_form(decks, deck):
    board = decks[deck, "fi"].board
    assert board.postit == "Kiinnittäkää post-it-lappu tähän!"
    assert board.results_title.startswith("Dokumentoikaa pelitulokset")


def test_only_a_board_with_a_results_address_asks_to_help_us(decks):
    """The city's form is the city's "us"; a municipal board without one names nobody."""
    assert decks["helsinki", "fi"].board.results_title == "Dokumentoikaa pelitulokset ja auttakaa meitä mittaamaan pelin vaikuttavuutta"
    assert [decks["kunta", lang].board.results_title for lang in LANGUAGES] == [
        "Dokumentoikaa pelitulokset, jotta pelin vaikuttavuutta voidaan mitata",
        "Dokumentera spelresultaten så att spelets genomslag kan mätas",
        "Document the game’s results so that its impact can be measured",
    ]
