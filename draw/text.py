"""Setting text in a box with the bundled fonts' real metrics.

Words wrap at spaces; a word that must break breaks after a hard hyphen or
slash, or at a compound's seam (the content's soft hyphens, the designers'
chosen breaks, and the seams the hyphenator knows), and only where none of
those fits at a syllable. Text shrinks step by
step down to a floor; what still does not fit is reported, never clipped.
Fitted blocks are cached, so that the drawing reuses the preflight's work.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

from osallisuuspeli import fonts
from osallisuuspeli.errors import FitError, GlyphError
from osallisuuspeli.i18n import _

from . import hyphenate

SOFT = "\u00ad"
STEP = 0.5  # points between tried sizes


class Block(NamedTuple):
    """Text fitted into a box: its lines (plain, hyphens added) and size."""

    lines: tuple[str, ...]
    face: str
    size: float
    leading: float

    @property
    def height(self) -> float:
        """From the top of the first line's accents to the last line's descenders."""
        return block_height(len(self.lines), self.size, self.leading)

    @property
    def ascent(self) -> float:
        return fonts.ASCENT * self.size

    @property
    def width(self) -> float:
        return max((fonts.width(line, self.face, self.size) for line in self.lines), default=0.0)


def block_height(lines: int, size: float, leading: float) -> float:
    return (lines - 1) * leading + (fonts.ASCENT + fonts.DESCENT) * size if lines else 0.0


class _Break(NamedTuple):
    at: int  # offset in the plain word
    hyphen: bool  # whether a hyphen is added at the line end
    rank: int  # 0 hard hyphen or slash, 1 compound seam (soft hyphen, lexicon, Voikko), 2 syllable


@lru_cache(maxsize=8192)  # words: a deck's vocabulary, not its size
def _word_breaks(word: str, language: str) -> tuple[str, tuple[_Break, ...]]:
    """The plain word (soft hyphens removed) and every place it may break."""
    plain = word.replace(SOFT, "")
    found: dict[int, _Break] = {}
    pos = 0
    segments: list[tuple[int, str]] = []
    seg_start = 0
    for ch in word:
        if ch == SOFT:
            if 0 < pos < len(plain):
                found[pos] = _Break(pos, True, 1)
            segments.append((seg_start, plain[seg_start:pos]))
            seg_start = pos
            continue
        pos += 1
        if ch in "-/" and 1 < pos < len(plain) - 1:
            found.setdefault(pos, _Break(pos, False, 0))
            segments.append((seg_start, plain[seg_start:pos]))
            seg_start = pos
    segments.append((seg_start, plain[seg_start:]))
    for start, segment in segments:
        lead = len(segment) - len(segment.lstrip("-/"))
        for p, rank in hyphenate.marked(segment.strip("-/"), language):
            found.setdefault(start + lead + p, _Break(start + lead + p, True, rank))
    return plain, tuple(sorted(found.values(), key=lambda b: b.at))


def _split(word: str, language: str, room: float, face: str, size: float) -> tuple[str, str] | None:
    """Split `word` so that its head (with any hyphen) fits in `room`.

    The rightmost hard-hyphen or marked compound break that fits wins; a
    syllable break is used only when none of those fits.
    """
    plain, points = _word_breaks(word, language)
    fitting = [b for b in points if fonts.width(plain[: b.at] + ("-" if b.hyphen else ""), face, size) <= room]
    if not fitting:
        return None
    preferred = [b for b in fitting if b.rank < 2] or fitting
    best = max(preferred, key=lambda b: b.at)
    return plain[: best.at] + ("-" if best.hyphen else ""), _rest(word, best.at)


def _rest(word: str, at: int) -> str:
    """The part of `word` (soft hyphens kept) after plain offset `at`."""
    count = 0
    for i, ch in enumerate(word):
        if count == at:
            return word[i:].lstrip(SOFT)
        if ch != SOFT:
            count += 1
    return ""


def wrap(text: str, face: str, size: float, width: float, language: str, fill: float = 0.0) -> tuple[str, ...] | None:
    """Lines of `text` no wider than `width`, or None if a word cannot fit.

    `fill`: a word that would fit whole on the next line is still hyphenated
    into the current one when that line is less than this fraction full
    (0 never, for titles; about 0.7 for running text).
    """
    space = fonts.width(" ", face, size)
    lines: list[str] = []
    for paragraph in text.split("\n"):
        current = ""
        for word in paragraph.split(" "):
            if not word:
                continue
            plain = word.replace(SOFT, "")
            joined = f"{current} {plain}" if current else plain
            if fonts.width(joined, face, size) <= width:
                current = joined
                continue
            rest = word
            while True:
                rest_plain = rest.replace(SOFT, "")
                whole = fonts.width(rest_plain, face, size)
                if not current and whole <= width:
                    current = rest_plain
                    break
                used = fonts.width(current, face, size) + space if current else 0.0
                if current and whole <= width and used / width >= fill:
                    lines.append(current)
                    current = ""
                    continue
                split = _split(rest, language, width - used, face, size)
                if split is None:
                    if not current:
                        return None
                    lines.append(current)
                    current = ""
                    continue
                head, rest = split
                lines.append(f"{current} {head}" if current else head)
                current = ""
        if current:
            lines.append(current)
    return tuple(lines)


def joined(lines: tuple[str, ...], text: str) -> tuple[tuple[int, int, str], ...]:
    """Where a line of `text` ends in a hyphen: for each run of lines so joined,
    (its first line, how many lines, what they read as). A hyphen the wrapping
    added is left out ("Yhteis-" / "kehittäminen"); the text's own is kept,
    inside a word ("Co-" / "development") or before a space ("sosiaali-" / "ja").
    Text extraction (PDFium, pdf.js) otherwise drops or keeps such hyphens by guess."""
    plain = " ".join(text.replace(SOFT, "").split())

    def join(line: str, after: str) -> str | None:
        if not line.endswith("-") or not after:
            return None
        tail, head = line.rsplit(" ", 1)[-1], after.split(" ", 1)[0]
        if " " not in after and head.endswith("-"):
            head = head[:-1]  # the next line ends in a hyphen of its own: the run goes on
        for glue, keep in (("", False), ("", True), (" ", True)):
            if (tail if keep else tail[:-1]) + glue + head in plain:
                return (line if keep else line[:-1]) + glue + after
        return None

    runs = []
    i = 0
    while i < len(lines):
        j, reading = i, lines[i]
        while j + 1 < len(lines):
            longer = join(reading, lines[j + 1])
            if longer is None:
                break
            reading, j = longer, j + 1
        if j > i:
            runs.append((i, j - i + 1, reading))
        i = j + 1
    return tuple(runs)


def fit(
    text: str,
    face: str,
    width: float,
    height: float,
    largest: float,
    smallest: float,
    language: str,
    *,
    what: str,
    hint: str = " - shorten it",
    leading: float = 1.2,
    fill: float = 0.0,
    max_lines: int = 0,
    syllables_last: bool = False,
) -> Block:
    """The largest size (from `largest` down to `smallest`) at which `text` fits
    the box; FitError naming `what` (the part and the text's key) when it fits
    at none. `leading` is line pitch as a multiple of the size.

    `syllables_last`: first try every size breaking words only where the
    content marks it, and hyphenate syllables only if that fails (titles read
    better smaller than hyphenated)."""
    block = _fitted(text, face, width, height, largest, smallest, language, leading, fill, max_lines, syllables_last)
    if block is None:
        raise FitError(
            _('%(where)s: the text does not fit even at %(size)s pt: "%(text)s"%(hint)s')
            % {"where": what, "size": f"{smallest:g}", "text": text.replace(SOFT, "")[:80], "hint": hint},
            text=text,
        )
    return block


@lru_cache(maxsize=4096)  # a 66-card kit in three languages fits ~800 texts: the drawing reuses the preflight's
def _fitted(
    text: str,
    face: str,
    width: float,
    height: float,
    largest: float,
    smallest: float,
    language: str,
    leading: float,
    fill: float,
    max_lines: int,
    syllables_last: bool,
) -> Block | None:
    missing = fonts.missing_glyphs(text, face)
    if missing:
        shown = ", ".join(f"'{ch}' (U+{ord(ch):04X})" for ch in missing)
        raise GlyphError(_('the font has no glyph for %(chars)s in "%(text)s"') % {"chars": shown, "text": text[:60]}, text=text)
    passes = ("", language) if syllables_last else (language,)
    for lang in passes:  # "" breaks only at marked compounds and hyphens
        size = largest
        while size >= smallest - 1e-9:
            lines = wrap(text, face, size, width, lang, fill)
            if (
                lines is not None
                and block_height(len(lines), size, size * leading) <= height + 1e-6
                and (not max_lines or len(lines) <= max_lines)
            ):
                return Block(lines, face, size, size * leading)
            size = round(size - STEP, 2)
    return None
