"""The game-leader cards: one per step, in the method cards' format.

Made as a deck of their own from the guide's texts, so the card engine lays
them out, fits their text and prints them exactly like the method cards; their
one deck colour tells them apart from every theme.
"""

from __future__ import annotations

from osallisuuspeli.errors import ContentError, Problem
from osallisuuspeli.i18n import _
from osallisuuspeli.model import SHAPES, Card, Colour, Deck, Guide, Theme

LEADER_COLOUR = Colour("#F5A3C7")  # Helsinki Design System "suomenlinna": no theme uses it


def guide_of(deck: Deck) -> Guide:
    """The deck's guide texts, which every kit needs: a language the tool does
    not ship must bring its own."""
    if deck.guide is None:
        file = str(deck.source) if deck.source and deck.source.is_file() else f"{deck.source or '.'}/{deck.language}.yaml"
        message = _("no facilitator's guide text for language '%(language)s': add a 'guide:' section (see README, Adding a language)") % {
            "language": deck.language
        }
        raise ContentError([Problem(file, None, message)])
    return deck.guide


def leader_deck(deck: Deck) -> Deck:
    guide = guide_of(deck)
    labels = guide.labels
    # the game's phases play the part of themes: each card's band names its phase
    phases = {sid: Theme(p.id, i, LEADER_COLOUR, SHAPES[i - 1], p.title, p.title) for i, p in enumerate(guide.phases, 1) for sid in p.steps}
    cards = []
    for step in deck.board.steps:
        description = "\n".join(guide.leader_lines(step))
        cards.append(Card(f"leader-{step.id}", step.number, f"{step.number} {step.title}", description, phases.get(step.id)))
    # the game's name stays the deck's, so the file is titled like the method
    # cards' ("Osallisuuspeli: Pelinjohtajan kortit") and each card's footer
    # reads "Osallisuuspeli · Pelinjohtajalle"
    return deck._replace(
        id=f"{deck.id}-leader",
        edition=labels["leader.edition"],
        strings={**deck.strings, "cards": labels["leader.name"]},
        colour=LEADER_COLOUR,
        themes=tuple(dict.fromkeys(c.theme for c in cards if c.theme)),
        cards=tuple(cards),
        logo=None,
    )
