"""The fit report: each card's fitted text sizes, flagging those near the floor."""

from __future__ import annotations

from osallisuuspeli.model import Deck, plain

from .faces import detail_side, title_side

NEAR = 1.0  # points above the smallest size that count as "near the limit"


def fit_report(deck: Deck, size: tuple[float, float]) -> list[str]:
    rows = []
    near = 0
    for card in deck.cards:
        cells = []
        flagged = False
        for side, f in (("title side", title_side(card, deck, size)), ("detail side", detail_side(card, deck, size))):
            parts = []
            for fitted in f.fitted:
                if fitted.role == "band":
                    continue
                mark = "!" if fitted.size - fitted.smallest < NEAR and fitted.largest > fitted.smallest else ""
                flagged |= bool(mark)
                parts.append(f"{fitted.role} {fitted.size:4.1f}{mark}")
            cells.append(f"{side}: {', '.join(parts)}")
        near += flagged
        title = plain(card.title)
        title = title if len(title) <= 34 else title[:33] + "…"
        rows.append(f"{'!' if flagged else ' '} {card.number:3d}  {title:<34}  {'   '.join(cells)}")
    head = f"Fitted sizes in points ({deck.id}, {deck.language}); '!' = within {NEAR:g} pt of the smallest allowed size"
    tail = f"{near} of {len(deck.cards)} cards near the limit"
    return [head, *rows, tail]
