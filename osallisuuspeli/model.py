"""The game's content as immutable values: what every renderer needs, nothing else.

NamedTuples rather than dataclasses: they are as immutable, and much cheaper
to create at import time, which a command-line tool pays on every run.

The loader (load.py) builds these from YAML; layout and drawing only read them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import NamedTuple

SOFT_HYPHEN = "\u00ad"


class Colour(NamedTuple):
    """An sRGB colour, written once per theme; converted where it is drawn (CMYK: draw/press.py)."""

    hex: str  # "#RRGGBB", upper case

    @property
    def rgb(self) -> tuple[float, float, float]:
        return tuple(int(self.hex[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]

    @property
    def luminance(self) -> float:
        """WCAG relative luminance, to choose black or white text on the colour."""

        def lin(c: float) -> float:
            return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

        r, g, b = (lin(c) for c in self.rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    @property
    def is_dark(self) -> bool:
        """True when white text reads better on it than black text."""
        lum = self.luminance
        return (1.05) / (lum + 0.05) > (lum + 0.05) / 0.05

    def tint(self, amount: float) -> Colour:
        """This colour mixed with white: `amount` 0 is white, 1 the colour itself."""
        r, g, b = (1 - amount + amount * c for c in self.rgb)
        return Colour("#" + "".join(f"{round(v * 255):02X}" for v in (r, g, b)))


# The kit's palette: every part's text, secondary text and hairlines.
INK = Colour("#1A1A1A")
MUTED = Colour("#5C5C5C")
WHITE = Colour("#FFFFFF")
BLACK = Colour("#000000")  # cut marks
GUIDE = Colour("#A0A0A0")  # guides that are not for cutting: folds, rounded corners

# A theme's badge: its shape and number tell themes apart without colour.
SHAPES = ("circle", "square", "triangle", "diamond", "hexagon", "star")


class Theme(NamedTuple):
    id: str
    number: int  # 1-based, printed with the shape so themes differ without colour
    colour: Colour
    shape: str
    name: str  # long name, as on the cards
    short: str  # short name, as on the board
    question: str = ""  # the board's guiding question
    measures: tuple[str, ...] = ()  # kinds of measures listed on its board field


class Card(NamedTuple):
    id: str
    number: int  # 1-based position in the deck
    title: str  # may hold soft hyphens at the designers' break points
    description: str = ""  # may hold "\n" between paragraphs
    theme: Theme | None = None


class PlanColumn(NamedTuple):
    id: str
    title: str
    questions: tuple[str, ...] = ()


class Step(NamedTuple):
    id: str
    number: int
    kind: str  # "notes", "themes" or "plan"
    title: str
    questions: tuple[str, ...] = ()
    columns: tuple[PlanColumn, ...] = ()  # for "plan"
    rows: int = 0  # for "plan"
    minutes: tuple[int, int] = (0, 0)  # in a 2-hour workshop, in a 90-minute one


class SheetPlan(NamedTuple):
    """Which steps one board sheet shows, side by side."""

    steps: tuple[str, ...]  # step ids
    side: float = 0.0  # the deck's place and the results box as a last column this wide (points); 0: none
    details: float = 0.0  # the workshop's details as a last column this wide (points); 0: none


class Phase(NamedTuple):
    id: str
    title: str
    steps: tuple[str, ...]  # step ids


class LeaderStep(NamedTuple):
    """A game-leader card: what the step is for, what to ask, how to play it."""

    goal: str
    question: str
    play: str


class Section(NamedTuple):
    """A section of the facilitator's guide: text, a list, or a generated part."""

    heading: str
    text: str = ""
    items: tuple[str, ...] = ()
    schedule: bool = False  # the timing table
    steps: bool = False  # how to play each step
    when: str = ""  # shown only for a deck with ("results_url") or without ("no_results_url") a results address

    def shown_for(self, deck_results_url: str) -> bool:
        return self.when != ("no_results_url" if deck_results_url else "results_url")


class Guide(NamedTuple):
    title: str
    subtitle: str
    phases: tuple[Phase, ...]
    opening: tuple[int, int]
    closing: tuple[int, int]
    labels: dict[str, str]  # schedule and leader-card words
    leader: dict[str, LeaderStep]  # by step id
    sections: tuple[Section, ...] = ()

    def label(self, key: str, **values: object) -> str:
        return self.labels[key].format(**values)

    def leader_lines(self, step: Step) -> tuple[str, str, str]:
        """A step's goal, question and time, as its leader card and the guide print them."""
        leader = self.leader[step.id]
        return (
            f"{self.labels['leader.goal']} {leader.goal}",
            f"{self.labels['leader.ask']} {leader.question}",
            self.label("leader.time", a=step.minutes[0], b=step.minutes[1]),
        )


class Board(NamedTuple):
    title: str
    postit: str
    columns: tuple[str, str, str]  # Teemme jo hyvin / Olemme kokeilleet / Kannattaa kokeilla
    deck_place: str
    results_title: str
    results_text: str  # with the deck's address as {results_url}
    credit: str
    links: tuple[str, ...]
    steps: tuple[Step, ...]
    sheets: tuple[SheetPlan, ...] = ()
    results_offline: str = ""  # in place of results_text when the deck has no address


class Deck(NamedTuple):
    """One deck in one language, with its board and interface strings."""

    id: str
    language: str
    name: str
    edition: str
    colour: Colour  # the deck colour; used where a card has no theme
    themes: tuple[Theme, ...]
    cards: tuple[Card, ...]  # in order
    board: Board
    strings: dict[str, str]
    guide: Guide | None = None
    results_url: str = ""
    logo: Path | None = None
    source: Path | None = None
    warnings: tuple[str, ...] = ()  # what its files say that prints but was probably not meant so
    organisation: str = ""  # who publishes the deck: its files' author

    @property
    def author(self) -> str:
        """The files' author: the deck's organisation, else its name."""
        return self.organisation or self.name

    def colour_of(self, card: Card) -> Colour:
        return card.theme.colour if card.theme else self.colour

    def string(self, key: str, **values: object) -> str:
        return self.strings[key].format(**values)


def display_url(url: str) -> str:
    """An address as people type it: without the scheme or a trailing slash."""
    return re.sub(r"^https?://", "", url).rstrip("/")


def filled(text: str, values: dict[str, str]) -> str:
    """`text` with each known {name} replaced; other braces stay as written."""
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), m.group(0)), text)


def plain(text: str) -> str:
    """Text as a reader sees it unbroken: soft hyphens removed."""
    return text.replace(SOFT_HYPHEN, "")
