"""Where a word may break at the end of a line.

Finnish has no pyphen dictionary, so it gets a syllable-rule hyphenator here;
Swedish and English use pyphen's dictionaries. Break points are offsets into
the word; the line breaker adds the hyphen.
"""

from __future__ import annotations

from functools import cache, lru_cache

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
    Compound boundaries are not known to these rules: the content marks them
    with soft hyphens, and the line breaker prefers those.
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
def _pyphen(language: str):
    import pyphen  # only when a language needs its dictionary

    code = pyphen.language_fallback(language)
    if code is None:
        return None
    return pyphen.Pyphen(lang=code, left=MIN_LEFT, right=MIN_RIGHT)


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
