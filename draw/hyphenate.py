"""Where a word may break at the end of a line, and which breaks are better.

A break is an offset into the word and a rank: 1 at a compound's seam
(palvelu=kokemuksen), 2 at a syllable inside a part. The line breaker takes a
seam that fits before any syllable, so a compound breaks where readers see
its parts. Breaks come, in this order, from:

- the lexicon (content/hyphenation/<language>.txt): the built-in content's
  words, marked once and reviewed, so the shipped kit is the same on every
  machine;
- Voikko, Finnish's own analyser, when it is installed (Debian's libvoikko1
  and voikko-fi, and the `libvoikko` binding): seams and syllables of any
  Finnish word, a user's own text included;
- Finnish syllable rules written here (Finnish has no pyphen dictionary), or
  pyphen's dictionaries for other languages: syllables only.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import osallisuuspeli

LEXICON = Path(osallisuuspeli.__file__).parent / "content" / "hyphenation"
SEAM, SYLLABLE = 1, 2

VOWELS = frozenset("aeiouyäöåéü")
# Long vowels (aa, ee, ...) and diphthongs are never split. ie, uo and yö are
# diphthongs only in a word's first syllable, but splitting them elsewhere is
# rarely needed and often wrong in compounds, so they are kept whole too.
DIPHTHONGS = frozenset(["ai", "ei", "oi", "ui", "yi", "äi", "öi", "au", "eu", "iu", "ou", "ey", "iy", "äy", "öy", "ie", "uo", "yö"])
MIN_LEFT = 2  # letters kept before a break
MIN_RIGHT = 2  # letters carried to the next line


LOAN_LETTERS = frozenset("cqwxz")  # not in native Finnish words: Facebookissa, workshop


def finnish(word: str) -> list[int]:
    """Syllable breaks by the Finnish rules.

    A break falls before a consonant that precedes a vowel (ta-lo, kis-sa,
    pur-kaa), and between two vowels that are neither a long vowel nor a
    diphthong (lu-en, pi-an, rau-e-ta). A syllable needs a vowel, so
    loan words keep their initial consonant clusters (stra-te-gia).
    Compound boundaries are not known to these rules: the lexicon, Voikko or
    the content's soft hyphens mark them.
    """
    w = word.lower()
    if LOAN_LETTERS & set(w):
        return []  # a loan word's syllables are not Finnish ones; it breaks only where marked
    points: list[int] = []
    start = 0
    for i in range(1, len(w)):
        a, b = w[i - 1], w[i]
        if not (a.isalpha() and b.isalpha()):
            start = i
            continue
        nxt = w[i + 1] if i + 1 < len(w) else ""
        if b not in VOWELS and nxt in VOWELS:
            if any(ch in VOWELS for ch in w[start:i]):
                points.append(i)
                start = i
        elif a in VOWELS and b in VOWELS and a != b and a + b not in DIPHTHONGS:
            # the vowel before must not close a diphthong or long vowel we keep whole
            points.append(i)
            start = i
    return [p for p in points if MIN_LEFT <= p <= len(w) - MIN_RIGHT and _letters_ok(w, p)]


def _letters_ok(w: str, p: int) -> bool:
    """Both sides of a break must be letters: never split at digits or punctuation."""
    return w[p - 1].isalpha() and w[p].isalpha()


@cache
def _pyphen(language: str) -> Any:  # a pyphen.Pyphen or None (pyphen ships no types)
    import pyphen  # type: ignore[import-untyped]  # only when a language needs its dictionary

    code = pyphen.language_fallback(language)
    if code is None:
        return None
    return pyphen.Pyphen(lang=code, left=MIN_LEFT, right=MIN_RIGHT)


def parse(entry: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    """A lexicon entry, "van-hem-pain=yh-dis-tyk-set": the word and its marked breaks."""
    word, marks = "", []
    for ch in entry:
        if ch in "-=":
            marks.append((len(word), SEAM if ch == "=" else SYLLABLE))
        else:
            word += ch
    return word, tuple(marks)


@cache
def lexicon(language: str) -> dict[str, tuple[tuple[int, int], ...]]:
    """The language's marked words, by their lower-case letters."""
    file = LEXICON / f"{language}.txt"
    if not language or not file.is_file():
        return {}
    entries = (line.split("#")[0].strip() for line in file.read_text(encoding="utf-8").splitlines())
    return dict(parse(entry.lower()) for entry in entries if entry)


@cache
def voikko() -> Any:  # a libvoikko.Voikko or None (libvoikko ships no types)
    """Voikko's Finnish analyser, or None where it is not installed."""
    try:
        import libvoikko  # type: ignore[import-untyped]
    except (ImportError, OSError):  # no binding, or the binding without its C library
        return None
    try:
        # Ask the library first, without an instance: a Voikko whose C library
        # fails to load is half made, and its __del__ then prints "Exception
        # ignored ..." on every build (the binding without Voikko's installer).
        if not any(d.language == "fi" for d in libvoikko.Voikko.listDicts()):
            return None
        return libvoikko.Voikko("fi")
    except (OSError, AttributeError, libvoikko.VoikkoException):  # no library, an old one, or no Finnish dictionary
        return None


def voikko_marks(word: str) -> tuple[tuple[int, int], ...] | None:
    """Voikko's breaks of a Finnish word it knows: its syllables, and seams
    where every analysis of the word agrees; None when Voikko is not installed
    or does not know the word (the syllable rules guess as well as it would)."""
    v = voikko()
    analyses = v.analyze(word) if v is not None else []
    if not analyses:
        return None
    pattern = v.getHyphenationPattern(word)
    syllables = {i for i, ch in enumerate(pattern) if ch in "-=" and i > 0}
    seams: set[int] | None = None
    for analysis in analyses:
        found, pos = set(), 0
        for ch in analysis.get("STRUCTURE", ""):
            if ch == "=":
                if pos > 0 and word[pos - 1].isalpha():
                    found.add(pos)
            else:
                pos += 1
        seams = found if seams is None else seams & found
    points = {p: SYLLABLE for p in syllables} | {p: SEAM for p in seams or ()}
    return tuple(sorted((p, r) for p, r in points.items() if MIN_LEFT <= p <= len(word) - MIN_RIGHT))


@lru_cache(maxsize=8192)  # words: a deck's vocabulary, not its size
def marked(word: str, language: str) -> tuple[tuple[int, int], ...]:
    """Every (offset, rank) where `word` may break, by the lexicon, Voikko or the rules."""
    core = word.strip("()[]{}.,;:!?\"'”“’«»…")
    lead = word.index(core) if core else 0
    known = lexicon(language).get(core.lower())
    if known is None and language == "fi" and core.isalpha():
        known = voikko_marks(core)
    if known is not None:
        return tuple((lead + p, r) for p, r in known)
    return tuple((p, SYLLABLE) for p in breaks(word, language))


@lru_cache(maxsize=8192)  # words: a deck's vocabulary, not its size
def breaks(word: str, language: str) -> tuple[int, ...]:
    """Syllable break offsets of a word without soft hyphens, for `language`."""
    if not language or len(word) < MIN_LEFT + MIN_RIGHT:  # "": break only where the content marks it
        return ()
    if language in ("fi", "se", "smn", "sms"):  # Finnish rules serve the Sámi languages better than none
        return tuple(finnish(word))
    dic = _pyphen(language)
    if dic is None:
        return ()
    return tuple(p for p in dic.positions(word) if _letters_ok(word, p))
