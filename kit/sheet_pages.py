"""Pages filled from the top, as records: the results sheet's and the
follow-up sheet's (a form on paper that also fills in a PDF reader)."""

from __future__ import annotations

from typing import NamedTuple

from osallisuuspeli.draw.forms import Field
from osallisuuspeli.draw.painter import Item, TextLine
from osallisuuspeli.draw.shapes import Line
from osallisuuspeli.draw.tags import Element, Piece
from osallisuuspeli.units import MM


class Page(NamedTuple):
    items: tuple[Item, ...]  # TextLine and Fill records
    rules: tuple[Line, ...]
    fields: tuple[Field, ...]
    content: tuple[Piece, ...] = ()  # the text lines and fields in reading order, each with its structure element


class Pages:
    """Fills pages from the top, `margin` all round; a block that does not fit starts a new page."""

    def __init__(self, paper: tuple[float, float], margin: float):
        self.paper = paper
        self.margin = margin
        self.pages: list[Page] = []
        self.items: list[Item] = []
        self.rules: list[Line] = []
        self.fields: list[Field] = []
        self.content: list[Piece] = []
        self.y = paper[1] - margin

    def text(self, element: Element | None, *lines: TextLine) -> None:
        """Text lines of `element` (None: an artifact), in reading order."""
        self.items.extend(lines)
        self.content.extend(Piece(element, line) for line in lines)

    def field(self, element: Element, field: Field, label: TextLine | None = None) -> None:
        """A form field, its Form element holding its label too."""
        form = Element("Form", element) if element.role != "Form" else element
        if label is not None:
            self.text(form, label)
        self.fields.append(field)
        self.content.append(Piece(form, field))

    def room(self, h: float) -> None:
        """A new page unless `h` fits above the bottom margin and the page number."""
        if self.y - h < self.margin + 6 * MM:
            self.turn()

    def turn(self) -> None:
        self.pages.append(Page(tuple(self.items), tuple(self.rules), tuple(self.fields), tuple(self.content)))
        self.items, self.rules, self.fields, self.content = [], [], [], []
        self.y = self.paper[1] - self.margin

    @property
    def page(self) -> int:
        return len(self.pages)

    def done(self) -> list[Page]:
        self.turn()
        return self.pages
