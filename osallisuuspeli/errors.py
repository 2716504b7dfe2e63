"""Errors a person fixes: each says, in one line, where and what is wrong.

The CLI prints their messages, exits with status 2 and shows no traceback.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from .i18n import _

_CONTENT = Path(__file__).resolve().parent / "content"


def shown(path: Path | str) -> str:
    """A file or folder as a message names it: the tool's own content by what
    it is ("the built-in deck 'helsinki'"), never by where pip put it."""
    try:
        inside = Path(path).resolve().relative_to(_CONTENT)
    except ValueError:
        return str(path)
    if inside.parts[:1] == ("decks",) and len(inside.parts) >= 2:
        rest = "/".join(inside.parts[2:])
        deck = _("the built-in deck '%(deck)s'") % {"deck": inside.parts[1]}
        return deck + (f" ({rest})" if rest else "")
    return _("the built-in file %(file)s") % {"file": inside.as_posix()}


class UserError(Exception):
    """Bad content or options: the message is for the person running the tool.
    `text` is the content's own text the message is about, where there is one:
    a workbook deck's message then names the cell it is typed in."""

    def __init__(self, message: str = "", text: str | None = None):
        super().__init__(message)
        self.text = text


class Problem(NamedTuple):
    """One thing wrong with the content, said in one line."""

    file: str
    line: int | str | None  # a line of a YAML file, or a workbook's "sheet Cards, row 14, column title_sv"
    message: str

    def __str__(self) -> str:
        if isinstance(self.line, str):
            return f"{self.file}, {self.line}: {self.message}"
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}"


class ContentError(UserError):
    """Content that must not reach print; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


class FitError(UserError):
    """Text that does not fit its place even at the smallest allowed size."""


class GlyphError(UserError):
    """A character the bundled font cannot draw (it would print as a blank box)."""
