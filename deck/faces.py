"""The two designed sides of a card, laid out as frozen records (no drawing).

Title side: what players see on the board - the theme band (colour, shape with
number, short name), the title large and centred, the deck's name and the
card's number. Detail side: the theme's long name, the title, the description.
Coordinates are relative to the card's trim box (0, 0 is its lower left);
backgrounds reach `bleed` beyond it, and all text stays inside the safe zone.

A face is split into its *frame* - what every card of the same theme and side
shares (band, badge, theme name, deck name), drawn once per document as a
reusable form - and the card's own items (title, description, number).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import lru_cache, wraps
from typing import NamedTuple, Protocol

from osallisuuspeli import fonts
from osallisuuspeli.draw.painter import CornerGuide, Fill, Image, Item, TextLine, badge
from osallisuuspeli.draw.shapes import Rect
from osallisuuspeli.draw.text import Block, fit, joined
from osallisuuspeli.errors import FitError, GlyphError
from osallisuuspeli.i18n import _
from osallisuuspeli.model import INK, MUTED, WHITE, Card, Colour, Deck, Theme, plain
from osallisuuspeli.units import MM

SAFE = 3 * MM  # no text closer than this to the trim line
TITLE_MIN = 12.0
BODY_MIN = 7.0
LABEL_MIN = 5.5  # the theme name in the band
STRIP = 1.5 * MM  # the colour strip along the bottom edge


def card_name(card: Card) -> str:
    """How messages name a card: number, title (shortened) and id."""
    title = plain(card.title)
    return _("card %(number)d '%(title)s' (%(id)s)") % {
        "number": card.number,
        "title": title if len(title) <= 50 else title[:49] + "…",
        "id": card.id,
    }


def hint() -> str:
    return _(" - shorten it or choose a larger --card-size")


def side_name(card: Card, side: str) -> str:
    """A card's side in a message: "card 3 'Kyselyt' (kyselyt), title side"."""
    text = _("%(card)s, title side") if side == "title" else _("%(card)s, detail side")
    return text % {"card": card_name(card)}


def fit_error(card: Card, side: str, text: str, size: float) -> FitError:
    return FitError(
        _('%(where)s: the text does not fit even at %(size)s pt: "%(text)s"%(hint)s')
        % {"where": side_name(card, side), "size": f"{size:g}", "text": plain(text)[:80], "hint": hint()},
        text=text,
    )


class Fitted(NamedTuple):
    """The size a text got, for the fit report."""

    role: str
    size: float
    largest: float
    smallest: float
    text: str = ""  # the band's label (a theme's name): the card's own texts are known by role


Key = tuple[str, str, tuple[float, float], float, float]  # side, theme, card size, bleed, corners


class Face(NamedTuple):
    side: str  # "title" or "detail"
    frame_key: Key  # equal keys, equal frames
    frame: tuple[Item, ...]  # items shared by every card of the theme, on this side
    items: tuple[Item, ...]  # this card's own items
    fitted: tuple[Fitted, ...] = ()

    @property
    def texts(self) -> tuple[TextLine, ...]:
        return tuple(i for i in self.frame + self.items if isinstance(i, TextLine))


class Style(NamedTuple):
    """Sizes that scale with the card, in points."""

    band: float
    badge_r: float
    label: float
    title_max: float
    detail_title_max: float
    body_max: float
    footer: float

    @staticmethod
    @lru_cache(maxsize=64)
    def for_card(w: float, h: float) -> Style:
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


def _lines(block: Block, x: float, top: float, colour: Colour, align: str, text: str = "") -> list[TextLine]:
    """The block's lines; `text`, what it was fitted from: lines joined by a hyphen the wrapping added read as one."""
    first = top - block.ascent
    lines = [TextLine(x, first - i * block.leading, line, block.face, block.size, colour, align) for i, line in enumerate(block.lines)]
    for start, count, reading in joined(block.lines, text) if text else ():
        lines[start] = lines[start]._replace(actual=reading, span=count)
    return lines


class _Frame(NamedTuple):
    items: tuple[Item, ...]
    band_bottom: float
    footer_top: float
    fitted: tuple[Fitted, ...]


def _frame(card: Card, deck: Deck, w: float, h: float, bleed: float, style: Style, label: str, side: str, corners: float) -> _Frame:
    try:
        return _frame_of(
            card.theme,
            deck.colour_of(card),
            deck.name,
            deck.edition,
            deck.language,
            len(deck.cards),
            w,
            h,
            bleed,
            style,
            label,
            side,
            corners,
        )
    except FitError:
        raise fit_error(card, side, label, LABEL_MIN) from None


@lru_cache(maxsize=1024)
def _frame_of(
    theme: Theme | None,
    colour: Colour,
    name: str,
    edition: str,
    language: str,
    count: int,
    w: float,
    h: float,
    bleed: float,
    style: Style,
    label: str,
    side: str,
    corners: float,
) -> _Frame:
    """The coloured band at the top (badge and label), the bottom strip and the
    deck's name: the same for every card of a theme, so computed once. The
    band grows when its label needs a third line (long theme names on small cards)."""
    on = WHITE if colour.is_dark else INK
    text_x = SAFE + (2 * style.badge_r + 1.5 * MM if theme is not None else 0)
    box_w = w - SAFE - text_x
    for lines in (2, 3):  # a third line only when two will not do: then the band grows
        try:
            box_h = max(style.band - 2 * MM, lines * style.label * 1.1 + 1.5 * MM)
            block = fit(label, fonts.BOLD, box_w, box_h, style.label, LABEL_MIN, language, what="label", leading=1.1, max_lines=lines)
            break
        except FitError:
            if lines == 3:
                raise
    band = max(style.band, block.height + SAFE + 1.5 * MM)  # grows only as far as the label needs
    band_mid = h - band / 2
    label_top = min(band_mid + block.height / 2, h - SAFE)  # centred, but never above the safe zone
    items: list[Item] = [
        Fill(Rect(-bleed, h - band, w + 2 * bleed, band + bleed), colour),
        Fill(Rect(-bleed, -bleed, w + 2 * bleed, STRIP + bleed), colour),
    ]
    if theme is not None:
        items.append(badge(theme.shape, SAFE + style.badge_r, band_mid, style.badge_r, on, theme.number, colour))
    items += _lines(block, text_x, label_top, on, "left")
    base = max(STRIP + 1.8 * MM, SAFE) + fonts.DESCENT * style.footer
    number_room = fonts.width(f"{count}/{count}", fonts.BOLD, style.footer)
    room = w - 2 * SAFE - number_room - 2 * MM
    for deck_name in (f"{name} · {edition}" if edition else name, name):
        try:
            name_block = fit(deck_name, fonts.REGULAR, room, style.footer * 1.3, style.footer, 4.5, language, what="deck name", max_lines=1)
        except FitError:
            continue  # without the edition, or (the name too long) no name at all
        items.append(TextLine(SAFE, base, name_block.lines[0], fonts.REGULAR, name_block.size, MUTED, "left"))
        break
    if corners and side == "title":
        items.append(CornerGuide(Rect(0, 0, w, h), corners))
    return _Frame(tuple(items), h - band, base + fonts.ASCENT * style.footer, (Fitted("band", block.size, style.label, LABEL_MIN, label),))


RULE = MUTED.tint(0.45)


def blank(theme: Theme | None, i: int) -> Card:
    """A card for a team's own method: the theme's band, lines to write on."""
    return Card(f"blank-{theme.id if theme else 'deck'}-{i}", 0, "", "", theme)


def is_blank(card: Card) -> bool:
    return card.number == 0


def _rules(x: float, w: float, ys: Iterable[float]) -> tuple[Fill, ...]:
    return tuple(Fill(Rect(x, y, w, 0.4), RULE) for y in ys)


def _number(card: Card, deck: Deck, w: float, style: Style) -> TextLine:
    base = max(STRIP + 1.8 * MM, SAFE) + fonts.DESCENT * style.footer
    return TextLine(w - SAFE, base, f"{card.number}/{len(deck.cards)}", fonts.BOLD, style.footer, MUTED, "right")


class Layout(Protocol):
    """A side's layout."""

    def __call__(self, card: Card, deck: Deck, size: tuple[float, float], bleed: float = 0.0, corners: float = 0.0) -> Face: ...


def _naming_card(side: str) -> Callable[[Layout], Layout]:
    """Re-raise a missing glyph with the card and side it is on."""

    def wrap(layout: Layout) -> Layout:
        @wraps(layout)
        def run(card: Card, deck: Deck, size: tuple[float, float], bleed: float = 0.0, corners: float = 0.0) -> Face:
            try:
                return layout(card, deck, size, bleed, corners)
            except GlyphError as e:
                raise GlyphError(f"{side_name(card, side)}: {e}", text=e.text) from None

        return run

    return wrap


def _key(card: Card, side: str, size: tuple[float, float], bleed: float, corners: float) -> Key:
    return (side, card.theme.id if card.theme else "", size, bleed, corners)


@_naming_card("title")
def title_side(card: Card, deck: Deck, size: tuple[float, float], bleed: float = 0.0, corners: float = 0.0) -> Face:
    """Title large and centred between the band and the footer (the logo, if any, above the footer)."""
    w, h = size
    style = Style.for_card(w, h)
    frame = _frame(card, deck, w, h, bleed, style, card.theme.short if card.theme else deck.edition or deck.name, "title", corners)
    box = Rect(SAFE, frame.footer_top + 2 * MM, w - 2 * SAFE, frame.band_bottom - 3 * MM - frame.footer_top - 2 * MM)
    if is_blank(card):  # lines to write the team's own method's name on
        mid = box.y + box.h / 2
        return Face(
            "title",
            _key(card, "title", size, bleed, corners),
            frame.items,
            _rules(box.x, box.w, (mid + 5 * MM, mid - 3 * MM)),
            frame.fitted,
        )
    items: list[Item] = [_number(card, deck, w, style)]
    if deck.logo is not None:
        logo_h = min(8 * MM, box.h * 0.18)
        items.append(Image(deck.logo, Rect(SAFE, box.y, box.w, logo_h)))
        box = Rect(box.x, box.y + logo_h + 2 * MM, box.w, box.h - logo_h - 2 * MM)
    block = fit(
        card.title,
        fonts.BOLD,
        box.w,
        box.h,
        style.title_max,
        TITLE_MIN,
        deck.language,
        what=side_name(card, "title"),
        hint=hint(),
        leading=1.12,
        syllables_last=True,
    )
    items += _lines(block, w / 2, box.y + (box.h + block.height) / 2, INK, "centre", card.title)
    fitted = frame.fitted + (Fitted("title", block.size, style.title_max, TITLE_MIN),)
    return Face("title", _key(card, "title", size, bleed, corners), frame.items, tuple(items), fitted)


@_naming_card("detail")
def detail_side(card: Card, deck: Deck, size: tuple[float, float], bleed: float = 0.0, corners: float = 0.0) -> Face:
    """Title, then the description below it; both shrink together, the title first."""
    w, h = size
    style = Style.for_card(w, h)
    frame = _frame(card, deck, w, h, bleed, style, card.theme.name if card.theme else deck.edition or deck.name, "detail", corners)
    box = Rect(SAFE, frame.footer_top + 1.5 * MM, w - 2 * SAFE, frame.band_bottom - 2.5 * MM - frame.footer_top - 1.5 * MM)
    key = _key(card, "detail", size, bleed, corners)
    if is_blank(card):  # a line for the name, then lines for the description
        first = box.top - 8 * MM
        count = int((first - box.y) // (6 * MM)) + 1
        return Face("detail", key, frame.items, _rules(box.x, box.w, [first - i * 6 * MM for i in range(count)]), frame.fitted)
    number = _number(card, deck, w, style)
    for leading, gap, title_leading in (
        (1.25, 2 * MM, 1.1),
        (1.15, 1.5 * MM, 1.1),
        (1.1, 1 * MM, 1.0),
    ):  # tighter only when the text needs it
        size_ = style.detail_title_max
        while size_ >= TITLE_MIN:
            try:
                title = fit(card.title, fonts.BOLD, box.w, box.h, size_, size_, deck.language, what="title", leading=title_leading)
                fitted = frame.fitted + (Fitted("title", title.size, style.detail_title_max, TITLE_MIN),)
                if not card.description:
                    return Face("detail", key, frame.items, (number, *_lines(title, SAFE, box.top, INK, "left", card.title)), fitted)
                room = box.h - title.height - gap
                if room > 0:
                    body = fit(
                        card.description,
                        fonts.REGULAR,
                        box.w,
                        room,
                        style.body_max,
                        BODY_MIN,
                        deck.language,
                        what="description",
                        leading=leading,
                        fill=0.7,
                    )
                    items = (
                        number,
                        *_lines(title, SAFE, box.top, INK, "left", card.title),
                        *_lines(body, SAFE, box.top - title.height - gap, INK, "left", card.description),
                    )
                    return Face("detail", key, frame.items, items, fitted + (Fitted("body", body.size, style.body_max, BODY_MIN),))
            except FitError:
                pass
            size_ -= 0.5
    raise fit_error(card, "detail", card.description or card.title, BODY_MIN)


def face(card: Card, deck: Deck, side: str, size: tuple[float, float], bleed: float = 0.0, corners: float = 0.0) -> Face:
    return (title_side if side == "title" else detail_side)(card, deck, size, bleed, corners)
