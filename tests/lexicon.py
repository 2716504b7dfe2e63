"""The built-in content's words, and the Finnish lexicon Voikko marks for them.

    python -m tests.lexicon     # rewrite content/hyphenation/fi.txt (needs Voikko)

Voikko marks every Finnish word of the built-in decks, board, guide and
strings once; a word goes into the lexicon where Voikko knows better than the
syllable rules (a compound's seams, or other syllables), so the shipped kit
breaks words as Voikko would on machines without it. Entries after the line
`# reviewed` are kept as written: a person chose them over Voikko's reading.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from osallisuuspeli.draw.hyphenate import LEXICON, SEAM, finnish, lexicon, parse, voikko, voikko_marks
from osallisuuspeli.load import load_deck, strings
from osallisuuspeli.model import SOFT_HYPHEN, Deck

from .test_content import all_texts

REVIEWED = "# reviewed"


def guide_texts(deck: Deck) -> Iterator[str]:
    g = deck.guide
    assert g is not None
    yield from (g.title, g.subtitle, *(p.title for p in g.phases), *g.labels.values())
    for step in g.leader.values():
        yield from step
    for section in g.sections:
        yield from (section.heading, section.text, *section.items)


def segments(text: str) -> Iterator[str]:
    """The pieces the line breaker hyphenates: words split at spaces, hard
    hyphens, slashes and soft hyphens, without punctuation."""
    text = re.sub(r"\{\w+\}", " ", text)  # a guide's {placeholders} are not words
    for piece in re.split(r"[\s\-/\u2013\u2014" + SOFT_HYPHEN + "]+", text):
        core = piece.strip("()[]{}.,;:!?\"'”“’«»…")
        if core.isalpha():
            yield core


def words(language: str) -> set[str]:
    """Every word of the built-in content in `language`, lower case."""
    found: set[str] = set()
    for name in ("helsinki", "kunta"):
        deck = load_deck(name, language)
        texts = [t for _, t in all_texts(deck)] + list(guide_texts(deck)) + list(strings(language).values())
        found |= {w.lower() for t in texts for w in segments(t)}
    return found


def entry(word: str, marks: tuple[tuple[int, int], ...]) -> str:
    out, at = "", dict(marks)
    for i, ch in enumerate(word):
        if i in at:
            out += "=" if at[i] == SEAM else "-"
        out += ch
    return out


def write_finnish() -> int:
    """Rewrite fi.txt from Voikko, keeping the reviewed entries; the number of entries."""
    file = LEXICON / "fi.txt"
    text = file.read_text(encoding="utf-8") if file.is_file() else ""
    reviewed = text.split(REVIEWED, 1)[1] if REVIEWED in text else "\n"
    kept = {parse(line.split("#")[0].strip().lower())[0] for line in reviewed.splitlines() if line.split("#")[0].strip()}
    entries = []
    for word in sorted(words("fi") - kept):
        assert voikko() is not None, "Voikko is not installed: apt-get install libvoikko1 voikko-fi; pip install libvoikko"
        marks = voikko_marks(word)
        if marks is not None and (any(r == SEAM for _, r in marks) or {p for p, _ in marks} != set(finnish(word))):
            entries.append(entry(word, marks))
    head = (
        "# Finnish words of the built-in content, marked by Voikko: = a compound's seam, - a syllable.\n"
        "# Made by `python -m tests.lexicon`; entries after the reviewed line are a person's choice.\n"
    )
    file.write_text(head + "\n".join(entries) + f"\n{REVIEWED}{reviewed}", encoding="utf-8")
    lexicon.cache_clear()
    return len(entries) + len(kept)


if __name__ == "__main__":
    print(f"{LEXICON / 'fi.txt'}: {write_finnish()} words")
