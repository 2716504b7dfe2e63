"""The bundled Source Sans Pro fonts (SIL OFL 1.1, see LICENSE.txt).

Registered once with reportlab; every PDF embeds them as subsets, because
reportlab embeds only the glyphs a document uses.
"""

from __future__ import annotations

from functools import cache, lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]
from reportlab.pdfbase.ttfonts import TTFont  # type: ignore[import-untyped]

FONT_DIR = Path(__file__).parent
REGULAR = "SourceSansPro-Regular"
BOLD = "SourceSansPro-Bold"
FACES = (REGULAR, BOLD)

# Ink extents of the letters the content uses, as a fraction of the size
# (measured: Å reaches 0.88 em, É in bold 0.89; g descends 0.22 em). Text boxes
# are measured with these, so no accent pokes out of a safe zone.
ASCENT = 0.90
DESCENT = 0.25

# Characters that are never drawn as glyphs: soft hyphens become a hyphen or
# nothing, line breaks become new lines.
INVISIBLE = {"\u00ad", "\n"}


@cache
def register() -> tuple[str, ...]:
    """Register the bundled faces with reportlab (idempotent) and return their names."""
    for name in FACES:
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))
    return FACES


@cache
def _charset(face: str) -> frozenset[int]:
    register()
    return frozenset(pdfmetrics.getFont(face).face.charToGlyph)


def missing_glyphs(text: str, face: str = REGULAR) -> list[str]:
    """The characters of `text` that `face` cannot draw, in order of appearance."""
    charset = _charset(face)
    seen: list[str] = []
    for ch in text:
        if ch not in INVISIBLE and ord(ch) not in charset and ch not in seen:
            seen.append(ch)
    return seen


@lru_cache(maxsize=8192)  # a 66-card kit in three languages measures ~5,500 strings; bounded, so 10,000 cards take no more
def width(text: str, face: str, size: float) -> float:
    """Advance width of `text` in points; cached, since cards repeat their words."""
    register()
    advance: float = pdfmetrics.stringWidth(text, face, size)
    return advance
