"""Hyphenation at compound seams: the built-in kits break no word wrongly and
none inside a part where its seam would have fitted; Voikko, where installed,
is the judge for Finnish, and the reviewed lexicons for Swedish and English."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from osallisuuspeli import fonts
from osallisuuspeli.deck.faces import face
from osallisuuspeli.draw import hyphenate
from osallisuuspeli.draw.hyphenate import SEAM, SYLLABLE, lexicon, marked, parse, voikko_marks
from osallisuuspeli.draw.text import wrap
from osallisuuspeli.kit.leaders import leader_deck
from osallisuuspeli.model import SOFT_HYPHEN, plain
from osallisuuspeli.units import CARD_SIZES

from .conftest import DECKS, LANGUAGES, run_cli
from .lexicon import segments, words

VOIKKO = hyphenate.voikko() is not None
needs_voikko = pytest.mark.skipif(
    not VOIKKO, reason="Voikko is not installed (apt-get install libvoikko1 voikko-fi; pip install libvoikko)"
)
PUNCTUATION = "()[]{}.,;:!?\"'”“’«»…"


def test_a_lexicon_entry_marks_seams_and_syllables_as_offsets():
    assert parse("van-hem-pain=yh-dis-tyk-set") == (
        "vanhempainyhdistykset",
        ((3, SYLLABLE), (6, SYLLABLE), (10, SEAM), (12, SYLLABLE), (15, SYLLABLE), (18, SYLLABLE)),
    )


def test_a_listed_word_breaks_only_at_its_marks_and_punctuation_keeps_its_place():
    assert marked("(Esikaupunkimessut).", "en") == ((4, SEAM), (7, SYLLABLE), (10, SYLLABLE), (12, SEAM), (15, SYLLABLE))
    assert marked("Kommuninvånare", "sv") == ((3, SYLLABLE), (6, SEAM), (8, SYLLABLE), (10, SYLLABLE), (12, SYLLABLE))


def test_a_compound_breaks_at_its_seam_when_the_seam_fits():
    """palvelu|kokemuksen: with room for "palvelukoke-" the line still ends at the seam."""
    size = 10.0
    room = fonts.width("Sana palvelukoke-", fonts.REGULAR, size) + 0.1
    lines = wrap("Sana palvelukokemuksen", fonts.REGULAR, size, room, "fi", fill=0.7)
    assert lines == ("Sana palvelu-", "kokemuksen")


def soft_hyphens(word: str, texts: list[str]) -> set[int]:
    """Where the content marks `word` with soft hyphens (the designers' breaks)."""
    for text in texts:
        for raw in re.split(r"[\s/-]+", text):
            core = raw.strip(PUNCTUATION)
            if plain(core) == word:
                offsets, at = set(), 0
                for ch in core:
                    if ch == SOFT_HYPHEN:
                        offsets.add(at)
                    else:
                        at += 1
                return offsets
    return set()


def hyphenated(lines: list[str]) -> list[tuple[str, list[int]]]:
    """Each word that ends a line with a hyphen, as one word, and the offsets
    of its line ends (a word may run over three lines)."""
    words, word, cuts = [], "", []
    for line in lines:
        tokens = line.split(" ")
        if cuts:  # the line goes on with the word broken above
            word += tokens[0]
            if len(tokens) > 1 or not tokens[0].endswith("-"):
                words.append((word, cuts))
                word, cuts = "", []
                tokens = tokens[1:]
            else:
                word = word[:-1]
                cuts.append(len(word))
                continue
        if tokens and tokens[-1].endswith("-") and len(tokens[-1]) > 1:
            word, cuts = tokens[-1][:-1], [len(tokens[-1]) - 1]
    return words


def breaks_in(deck, size: str = "poker"):
    """(word, offset, the content's soft hyphens in it) of every line break
    that the cards of `deck` hyphenate at card size `size`; breaks after a
    hard hyphen are not."""
    texts = [t for c in deck.cards for t in (c.title, c.description) if t]
    plains = [plain(t) for t in texts]
    for card in deck.cards:
        for side in ("title", "detail"):
            lines = [t.text for t in face(card, deck, side, CARD_SIZES[size]).texts]
            for printed, cuts in hyphenated(lines):
                for cut in cuts:
                    if (
                        any(printed[:cut] + "-" + printed[cut:] in p or printed[:cut] + "- " in p for p in plains)
                        or not printed[cut - 1 : cut + 1].isalpha()
                    ):
                        continue  # a hard hyphen kept at the line's end, or a break after a slash
                    start = max((i + 1 for i, ch in enumerate(printed[:cut]) if not ch.isalpha()), default=0)
                    end = next((i for i in range(cut, len(printed)) if not printed[i].isalpha()), len(printed))
                    word = printed[start:end]
                    yield word, cut - start, soft_hyphens(word, texts)


def judge(word: str, at: int, softs: set[int], language: str) -> str:
    """ "ok", "wrong" (not a place the word may break) or "poor" (inside a part
    while a seam before it would have fitted)."""
    listed = lexicon(language).get(word.lower())
    if language == "fi":
        oracle = voikko_marks(word) or tuple(
            (i, SYLLABLE) for i, ch in enumerate(hyphenate.voikko().getHyphenationPattern(word)) if ch != " "
        )
        legal = {p for p, _ in oracle}
        seams = {p for p, r in (listed or oracle) if r == SEAM}
    else:
        legal = {p for p, _ in listed or ()}
        seams = {p for p, r in listed or () if r == SEAM}
    legal |= softs
    seams |= softs
    if at not in legal:
        return "wrong"
    if at not in seams and any(s < at for s in seams):
        return "poor"
    return "ok"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_built_in_cards_break_no_word_wrongly_or_poorly(decks, lang):
    if lang == "fi" and not VOIKKO:
        pytest.skip("Voikko judges the Finnish breaks: apt-get install libvoikko1 voikko-fi; pip install libvoikko")
    verdicts: dict[str, list[str]] = {"ok": [], "wrong": [], "poor": []}
    for name in DECKS:
        for deck in (decks[name, lang], leader_deck(decks[name, lang])):
            for word, at, softs in breaks_in(deck):
                verdicts[judge(word, at, softs, lang)].append(f"{word[:at]}-{word[at:]}")
    assert (verdicts["wrong"], verdicts["poor"]) == ([], [])
    assert verdicts["ok"]  # the cards do break words: the test looks at real breaks


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_card_size_breaks_a_built_in_word_wrongly_or_inside_a_part_where_a_seam_fits(decks, lang):
    """Every size, not only poker: the small ones (mini, bridge) break the most
    words, and each Swedish or English word they break must be in the reviewed
    lexicon, seams marked (fosterfa-miljer was one)."""
    if lang == "fi" and not VOIKKO:
        pytest.skip("Voikko judges the Finnish breaks: apt-get install libvoikko1 voikko-fi; pip install libvoikko")
    verdicts: dict[str, list[str]] = {"ok": [], "wrong": [], "poor": []}
    for size in CARD_SIZES:
        for name in DECKS:
            for deck in (decks[name, lang], leader_deck(decks[name, lang])):
                for word, at, softs in breaks_in(deck, size):
                    verdicts[judge(word, at, softs, lang)].append(f"{size}: {word[:at]}-{word[at:]}")
    assert (verdicts["wrong"], verdicts["poor"]) == ([], [])
    assert len({v.split(":")[0] for v in verdicts["ok"]}) >= 3  # real breaks, at several sizes


@pytest.mark.parametrize(
    ("word", "head", "tail"),
    [
        ("fosterfamiljer", "foster-", "familjer"),
        ("jämställdhetskommitté", "jämställdhets-", "kommitté"),
        ("serviceleverantörens", "service-", "leverantörens"),
        ("missbrukarmottagning", "missbrukar-", "mottagning"),
        ("tjänsteinnehavare", "tjänste-", "innehavare"),
    ],
)
def test_a_swedish_compound_breaks_at_its_seam_when_the_seam_fits(word, head, tail):
    """With room for more than the first part (and a hyphen), the line still ends at the seam."""
    size = 10.0
    room = fonts.width(f"{word[: len(head) + 2]}-", fonts.REGULAR, size) + 0.1
    assert wrap(word, fonts.REGULAR, size, max(room, fonts.width(tail, fonts.REGULAR, size) + 0.1), "sv") == (head, tail)


@needs_voikko
def test_every_finnish_lexicon_mark_is_a_break_voikko_allows():
    for word, marks in lexicon("fi").items():
        oracle = voikko_marks(word)
        assert oracle is not None and {p for p, _ in marks} <= {p for p, _ in oracle}, word


@needs_voikko
def test_the_finnish_lexicon_has_every_built_in_word_where_voikko_knows_better_than_the_rules():
    missing = []
    for word in sorted(words("fi")):
        oracle = voikko_marks(word)
        if (
            oracle is not None
            and word not in lexicon("fi")
            and (any(r == SEAM for _, r in oracle) or {p for p, _ in oracle} != set(hyphenate.finnish(word)))
        ):
            missing.append(word)
    assert missing == [], "run: python -m tests.lexicon"


@needs_voikko
def test_a_users_own_finnish_compound_breaks_at_its_seam_by_voikko():
    word = "kirjastokokemuksemme"  # in no built-in text
    assert word not in lexicon("fi") and not any(word in w for w in words("fi"))
    assert (8, SEAM) in marked(word, "fi")
    room = max(fonts.width("kirjastokoke-", fonts.REGULAR, 10), fonts.width("kokemuksemme", fonts.REGULAR, 10)) + 0.1
    assert wrap(word, fonts.REGULAR, 10, room, "fi") == ("kirjasto-", "kokemuksemme")


@needs_voikko
def test_the_built_in_kit_is_the_same_with_and_without_voikko(tmp_path):
    without = "import sys\nsys.modules['libvoikko'] = None\n"
    for folder, patch in (("with", ""), ("without", without)):
        result = run_cli(["build", "--deck", "kunta", "-q", "--out", str(tmp_path / folder)], patch=patch)
        assert result.returncode == 0, result.stderr
    for name in ("cards.pdf", "leader-cards.pdf", "board.pdf"):
        assert (tmp_path / "with" / "fi" / name).read_bytes() == (tmp_path / "without" / "fi" / name).read_bytes(), name


def test_words_are_the_content_split_as_the_line_breaker_splits_them():
    assert list(segments("Esim. 2: Oppilaskunnat ja tasa-arvo\u00adtoimikunta (kunnan/maakunnan) {credit}")) == [
        "Esim",
        "Oppilaskunnat",
        "ja",
        "tasa",
        "arvo",
        "toimikunta",
        "kunnan",
        "maakunnan",
    ]


# Voikko's Python binding installed but its C library absent (a Windows user who
# skipped Voikko's installer; a machine without Debian's libvoikko1): loading
# the library fails as ctypes fails when it finds no such file.
NO_VOIKKO_LIBRARY = """
import ctypes
real = ctypes.CDLL.__init__
def init(self, name, *args, **kwargs):
    if name and "voikko" in str(name).lower():
        raise OSError(f"{name}: cannot open shared object file: No such file or directory")
    return real(self, name, *args, **kwargs)
ctypes.CDLL.__init__ = init
"""


def test_the_binding_without_its_library_falls_back_silently(tmp_path):
    pytest.importorskip("libvoikko", reason="the libvoikko binding is not installed (pip install libvoikko)")
    result = run_cli(["build", "--deck", "kunta", "-q", "--out", str(tmp_path)], patch=NO_VOIKKO_LIBRARY)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""  # no "Exception ignored in: <function Voikko.__del__ ...>"
    probe = "from osallisuuspeli.draw import hyphenate as h\nw = 'kirjastokokemuksemme'\nprint(h.voikko(), h.marked(w, 'fi') == tuple((p, h.SYLLABLE) for p in h.finnish(w)))\n"
    seen = subprocess.run([sys.executable, "-c", NO_VOIKKO_LIBRARY + probe], capture_output=True, text=True, timeout=60)
    assert (seen.stdout, seen.stderr) == ("None True\n", "")  # the syllable rules, and not a word on stderr
