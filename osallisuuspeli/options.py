"""The build's options, each written once: its name, kind, choices, default,
unit, help text and the page's label. The command line's `build` options
(cli.py), the page's form and its checks (web/building.py), kit/build.py's
keyword defaults and the sheet spec's defaults (deck/geometry.py) are all
made from this table, so that a default or a list of choices cannot differ
between them. As Squib's argument classes do: declared, not repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from enum import StrEnum
from typing import Any, NamedTuple

from osallisuuspeli import i18n
from osallisuuspeli.i18n import N_, _
from osallisuuspeli.units import CARD_SIZES, BoardPaper, Paper
from osallisuuspeli.units import length as parse_length
from osallisuuspeli.units import pair as parse_pair
from osallisuuspeli.units import size as parse_size


class Mode(StrEnum):
    duplex = "duplex"  # each fronts page, then its backs page placed for the flip
    gutterfold = "gutterfold"  # both sides side by side, to fold
    single = "single"  # one card side a page, with bleed, for a print shop


class Flip(StrEnum):
    long = "long"
    short = "short"


class Marks(StrEnum):
    none = "none"
    corners = "corners"
    lines = "lines"


Choices = Sequence[str] | Callable[[], Sequence[str]]


class Option(NamedTuple):
    """One option of the build. `kind` says how its text is read: choice (one
    of `choices`), size (a card size's name, or WxH on the command line),
    length, offset (X,Y), flag, text, folder, file, languages, deck."""

    name: str  # the keyword: kit.build.options' and the form's field
    kind: str
    default: str | bool | None  # as a person writes it; None: none, or as `help` says
    help: str  # the command line's --help, N_() for the catalogues
    choices: Choices = ()
    unit: str = ""  # of a bare number
    flag: str = ""  # on the command line, when not --name-with-dashes
    keyword: str = ""  # the command's parameter, when not `name`
    short: str = ""  # the command line's one-letter form
    label: str = ""  # the page's label, N_(); empty: not a field of the page's form

    @property
    def option(self) -> str:
        return self.flag or "--" + self.name.replace("_", "-")

    @property
    def parameter(self) -> str:
        return self.keyword or self.name

    def allowed(self) -> tuple[str, ...]:
        """The choices now (the built-in decks and the catalogues' languages are listed when asked)."""
        return tuple(self.choices() if callable(self.choices) else self.choices)


class Listed(Sequence[str]):
    """Choices listed when first asked, not at import: the built-in decks are the loader's folders."""

    def __init__(self, lister: Callable[[], Sequence[str]]) -> None:
        self._lister = lister
        self._items: tuple[str, ...] | None = None

    def _all(self) -> tuple[str, ...]:
        if self._items is None:
            self._items = tuple(self._lister())
        return self._items

    def __getitem__(self, index: Any) -> Any:
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())


def _decks() -> tuple[str, ...]:
    from osallisuuspeli.load import builtin_decks

    return tuple(builtin_decks())


def _languages() -> tuple[str, ...]:
    return i18n.LANGUAGES


def _values(kind: type[StrEnum]) -> tuple[str, ...]:
    return tuple(member.value for member in kind)


UPLOAD = "upload"  # the page's deck choice for a file of one's own
SHEET_BLEED = "1.5mm"  # background beyond the cut line on card sheets
SINGLE_BLEED = "3mm"  # and in single mode, for a print shop

BUILD = (
    Option(
        "deck", "deck", "helsinki", N_("A built-in deck (helsinki, kunta) or a deck folder."), _decks, keyword="deck_name", label=N_("Deck")
    ),
    Option(
        "lang",
        "languages",
        "fi",
        N_("The language to build, several (fi,sv), or 'all'."),
        _languages,
        keyword="language",
        label=N_("Languages"),
    ),
    Option("out", "folder", "osallisuuspeli-print", N_("Folder to write the kit into (one sub-folder per language).")),
    Option(
        "paper",
        "choice",
        Paper.a4.value,
        N_("Paper for the card sheets (the guide and tokens use A4, or Letter with letter)."),
        _values(Paper),
        label=N_("Paper"),
    ),
    Option(
        "card_size",
        "size",
        "poker",
        N_("poker, bridge, mini, tarot, a7, a6 or WxH such as 70x100mm or 2.5x3.5in."),
        tuple(CARD_SIZES),
        label=N_("Card size"),
    ),
    Option(
        "mode",
        "choice",
        Mode.duplex.value,
        N_(
            "duplex: fronts page then backs page; gutterfold: both sides side by side to fold; single: one card side a page with bleed, for a print shop."
        ),
        _values(Mode),
        label=N_("How you print"),
    ),
    Option("flip", "choice", Flip.long.value, N_("How your printer turns the paper for the back side."), _values(Flip), label=N_("Flip")),
    Option(
        "back_offset",
        "offset",
        "0,0",
        N_("X,Y in mm: shift every backs page to correct the printer (see `osallisuuspeli calibrate`)."),
        unit="mm",
        label=N_("Back offset (X,Y in millimetres)"),
    ),
    Option("bleed", "length", None, N_("Background beyond the cut line [default: 1.5mm on sheets, 3mm in single mode]."), unit="mm"),
    Option("gap", "length", "0mm", N_("Space between neighbouring cards' bleed."), unit="mm"),
    Option("marks", "choice", Marks.lines.value, N_("Cut marks outside the cards."), _values(Marks)),
    Option("corners", "length", "0mm", N_("Radius of rounded-corner cut guides, e.g. 3mm (0: none)."), unit="mm"),
    Option("cmyk", "flag", False, N_("For a print shop: colours separated for Coated FOGRA39 (or --press-profile), PDF/X-4 files.")),
    Option("press_profile", "file", None, N_("The print shop's own CMYK press profile (.icc) instead of Coated FOGRA39; implies --cmyk.")),
    Option(
        "board_paper",
        "choice",
        BoardPaper.a3.value,
        N_(
            "a3: each board sheet on one large page (Tabloid with --paper letter); a4: tiled onto two A4 pages at 100 %, to tape together (Letter pages with --paper letter)."
        ),
        _values(BoardPaper),
        label=N_("The board's paper"),
    ),
    Option(
        "fillable",
        "flag",
        False,
        N_("Add form fields to the board so a team can type its results in any PDF reader (read them back with `results`)."),
        label=N_("Fillable board (fields in a PDF reader)"),
    ),
    Option("png", "flag", False, N_("Also write one PNG per card side (300 dpi) and per board sheet, for online whiteboards.")),
    Option("zip", "flag", False, N_("Also write one zip of each language's kit."), keyword="make_zip"),
    Option("fit_report", "flag", False, N_("Also list each card's fitted text sizes, flagging those near the smallest allowed size.")),
    Option("quiet", "flag", False, N_("No progress and no summary; errors and warnings still go to stderr."), short="-q"),
    Option(
        "strict", "flag", False, N_("Treat warnings (text at its smallest size, text cut by #, quotes that will print) as errors: exit 2.")
    ),
)
OPTIONS: Mapping[str, Option] = {o.name: o for o in BUILD}
DECKS = Listed(_decks)  # the built-in decks, as the loader lists them
FORM = tuple(o for o in BUILD if o.label)  # the page's fields, in the table's order


def value(option: Option, text: str | bool | None) -> Any:
    """An option's text as the engines take it: lengths in points, a card size
    as (width, height) in points; ValueError saying what is wrong."""
    if text is None or isinstance(text, bool):
        return text
    if option.kind == "length":
        return parse_length(text, option.unit or "mm")
    if option.kind == "offset":
        return parse_pair(text)
    if option.kind == "size":
        return parse_size(text)
    return text


DEFAULT: Mapping[str, Any] = {o.name: value(o, o.default) for o in BUILD}  # as the engines take them


def default_bleed(mode: str) -> float:
    """The bleed when none is given: more in single mode, where a print shop cuts."""
    return float(parse_length(SINGLE_BLEED if mode == Mode.single else SHEET_BLEED))


def refusal(option: Option, text: str, extra: Sequence[str] = ()) -> str | None:
    """The page's sentence for a value that is not one of an option's choices; None if it is one."""
    choices = (*option.allowed(), *extra)
    if text in choices:
        return None
    return _("%(field)s = %(value)s is not a choice; the choices: %(choices)s.") % {
        "field": option.name,
        "value": text[:40],
        "choices": ", ".join(choices),
    }
