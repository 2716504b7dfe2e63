"""The two designed sides of a card, laid out as frozen records (no drawing).

Title side: what players see on the board - the theme band (colour, shape with
number, short name), the title large and centred, the deck's name and the
card's number. Detail side: the theme's long name, the title, the description.
Coordinates are relative to the card's trim box (0, 0 is its lower left);
backgrounds reach `bleed` beyond it, and all text stays inside the safe zone.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fonts
from osallisuuspeli.errors import FitError as _FitError
from osallisuuspeli.errors import GlyphError
from osallisuuspeli.model import Card, Colour, Deck, plain
from osallisuuspeli.units import MM

from .geometry import Rect
from .text import Block, fit

SAFE = 3 * MM  # no text closer than this to the trim line
TITLE_MIN = 12.0
BODY_MIN = 7.0
INK = Colour("#1A1A1A")
MUTED = Colour("#5C5C5C")
WHITE = Colour("#FFFFFF")


class FitError(_FitError):
    """A text that does not fit its box even at the smallest allowed size."""

    def __init__(self, card: Card, side: str, text: str, size: float):
        self.card, self.side, self.text = card, side, text
        super().__init__(
            f"card {card.number} '{plain(card.title)}' ({card.id}), {side} side: "
            f"the text does not fit even at {size:g} pt: \"{plain(text)[:80]}\""
            " - shorten it or choose a larger --card-size"
        )


@dataclass(frozen=True)
class Fill:
    rect: Rect
    colour: Colour


@dataclass(frozen=True)
class TextLine:
    x: float  # left, centre or right of the line, by `align`
    y: float  # baseline
    text: str
    face: str
    size: float
    colour: Colour
    align: str = "left"

    @property
    def bounds(self) -> Rect:
        """The ink box the line may cover (accents and descenders included)."""
        w = fonts.width(self.text, self.face, self.size)
        x = {"left": self.x, "centre": self.x - w / 2, "right": self.x - w}[self.align]
        return Rect(x, self.y - fonts.DESCENT * self.size, w, (fonts.ASCENT + fonts.DESCENT) * self.size)


@dataclass(frozen=True)
class Badge:
    """The theme's shape with its number, so themes differ without colour."""

    shape: str
    cx: float
    cy: float
    r: float
    fill: Colour
    number: int
    number_colour: Colour


@dataclass(frozen=True)
class Image:
    path: Path
    rect: Rect


@dataclass(frozen=True)
class Face:
    side: str  # "title" or "detail"
    items: tuple

    @property
    def texts(self) -> tuple[TextLine, ...]:
        return tuple(i for i in self.items if isinstance(i, TextLine))


@dataclass(frozen=True)
class Style:
    """Sizes that scale with the card, in points."""

    band: float
    badge_r: float
    label: float
    title_max: float
    detail_title_max: float
    body_max: float
    footer: float

    @staticmethod
    def for_card(w: float, h: float) -> "Style":
        k = min(w / (63 * MM), h / (88 * MM))
        return Style(
            band=max(9 * MM, 12 * MM * k),
            badge_r=max(2.6 * MM, 3.2 * MM * k),
            label=max(6.5, 8.0 * k),
            title_max=max(TITLE_MIN, 22.0 * k),
            detail_title_max=max(TITLE_MIN, 14.0 * k),
            body_max=max(BODY_MIN, 9.5 * k),
            footer=max(5.5, 6.5 * k),
        )


def _lines(block: Block, x: float, top: float, colour: Colour, align: str) -> list[TextLine]:
    first = top - block.ascent
    return [TextLine(x, first - i * block.leading, line, block.face, block.size, colour, align) for i, line in enumerate(block.lines)]


def _band_and_footer(card: Card, deck: Deck, w: float, h: float, bleed: float, style: Style, label: str, side: str):
    """The coloured band at the top, with badge and label, and the footer line."""
    colour = deck.colour_of(card)
    on = WHITE if colour.is_dark else INK
    items: list = [Fill(Rect(-bleed, h - style.band, w + 2 * bleed, style.band + bleed), colour)]
    items.append(Fill(Rect(-bleed, -bleed, w + 2 * bleed, 1.5 * MM + bleed), colour))
    band_mid = h - style.band / 2
    text_x = SAFE
    if card.theme is not None:
        r = style.badge_r
        items.append(Badge(card.theme.shape, SAFE + r, band_mid, r, on, card.theme.number, colour))
        text_x = SAFE + 2 * r + 1.5 * MM
    box_w = w - SAFE - text_x
    box_h = style.band - 2 * MM
    block = fit(label, fonts.SEMIBOLD, box_w, box_h, style.label, 5.5, deck.language, leading=1.1, max_lines=2)
    if block is None:
        raise FitError(card, side, label, 5.5)
    items += _lines(block, text_x, band_mid + block.height / 2, on, "left")
    # footer: deck name left, number right, above the bottom strip
    base = 1.5 * MM + 1.8 * MM + fonts.DESCENT * style.footer
    base = max(base, SAFE + fonts.DESCENT * style.footer)
    number = f"{card.number}/{len(deck.cards)}"
    items.append(TextLine(w - SAFE, base, number, fonts.SEMIBOLD, style.footer, MUTED, "right"))
    name = f"{deck.name} · {deck.edition}" if deck.edition else deck.name
    room = w - 2 * SAFE - fonts.width(number, fonts.SEMIBOLD, style.footer) - 2 * MM
    name_block = fit(name, fonts.REGULAR, room, style.footer * 1.3, style.footer, 4.5, deck.language, max_lines=1)
    if name_block is not None:
        items.append(TextLine(SAFE, base, name_block.lines[0], fonts.REGULAR, name_block.size, MUTED, "left"))
    footer_top = base + fonts.ASCENT * style.footer
    return items, footer_top


def _naming_card(side: str):
    """Re-raise a missing glyph with the card and side it is on."""

    def wrap(layout):
        def run(card: Card, deck: Deck, size: tuple[float, float], bleed: float = 0.0) -> Face:
            try:
                return layout(card, deck, size, bleed)
            except GlyphError as e:
                raise GlyphError(f"card {card.number} '{plain(card.title)}' ({card.id}), {side} side: {e}") from None

        run.__doc__ = layout.__doc__
        return run

    return wrap


@_naming_card("title")
def title_side(card: Card, deck: Deck, size: tuple[float, float], bleed: float = 0.0) -> Face:
    w, h = size
    style = Style.for_card(w, h)
    label = card.theme.short if card.theme else deck.edition or deck.name
    items, footer_top = _band_and_footer(card, deck, w, h, bleed, style, label, "title")
    box = Rect(SAFE, footer_top + 2 * MM, w - 2 * SAFE, h - style.band - 3 * MM - footer_top - 2 * MM)
    if deck.logo is not None:
        logo_h = min(8 * MM, box.h * 0.18)
        items.append(Image(deck.logo, Rect(SAFE, box.y, box.w, logo_h)))
        box = Rect(box.x, box.y + logo_h + 2 * MM, box.w, box.h - logo_h - 2 * MM)
    block = fit(card.title, fonts.BOLD, box.w, box.h, style.title_max, TITLE_MIN, deck.language, leading=1.12, syllables_last=True)
    if block is None:
        raise FitError(card, "title", card.title, TITLE_MIN)
    top = box.y + (box.h + block.height) / 2
    items += _lines(block, w / 2, top, INK, "centre")
    return Face("title", tuple(items))


@_naming_card("detail")
def detail_side(card: Card, deck: Deck, size: tuple[float, float], bleed: float = 0.0) -> Face:
    w, h = size
    style = Style.for_card(w, h)
    label = card.theme.name if card.theme else deck.edition or deck.name
    items, footer_top = _band_and_footer(card, deck, w, h, bleed, style, label, "detail")
    box = Rect(SAFE, footer_top + 2 * MM, w - 2 * SAFE, h - style.band - 3 * MM - footer_top - 2 * MM)
    gap = 2 * MM
    size_ = style.detail_title_max
    while size_ >= TITLE_MIN:
        title = fit(card.title, fonts.BOLD, box.w, box.h, size_, size_, deck.language, leading=1.1)
        if title is None:
            size_ -= 0.5
            continue
        if not card.description:
            items += _lines(title, SAFE, box.top, INK, "left")
            return Face("detail", tuple(items))
        room = box.h - title.height - gap
        body = fit(card.description, fonts.REGULAR, box.w, room, style.body_max, BODY_MIN, deck.language, leading=1.25, fill=0.7) if room > 0 else None
        if body is not None:
            items += _lines(title, SAFE, box.top, INK, "left")
            items += _lines(body, SAFE, box.top - title.height - gap, INK, "left")
            return Face("detail", tuple(items))
        size_ -= 0.5
    raise FitError(card, "detail", card.description or card.title, BODY_MIN)
