"""Building the print pack of one deck, per language, into a folder.

Everything is written first into a temporary folder beside the target;
only when all of it exists does the folder replace the previous kit (a
rename), so an interrupted or failed build leaves the old kit whole.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, as_completed
from contextlib import ExitStack
from itertools import chain
from pathlib import Path
from typing import NamedTuple

from osallisuuspeli.boards.layout import board_layout
from osallisuuspeli.boards.render import board_pdf
from osallisuuspeli.deck.calibrate import calibration
from osallisuuspeli.deck.faces import detail_side, side_name, title_side
from osallisuuspeli.deck.geometry import SheetSpec, default_bleed, impose
from osallisuuspeli.deck.render import calibration_pdf, cards_pdf
from osallisuuspeli.draw.finish import finish
from osallisuuspeli.draw.press import Condition, fogra39, from_profile
from osallisuuspeli.errors import FitError, GlyphError
from osallisuuspeli.i18n import N_, _, carried
from osallisuuspeli.load import place, place_of_text
from osallisuuspeli.model import Card, Deck, Theme, plain
from osallisuuspeli.options import DEFAULT
from osallisuuspeli.units import PAPERS, BoardPaper

from .assemble import Part, combined, manifest, page_count, zipped
from .checklist import Print, checklist_pdf, plan
from .files import atomic_file, staging
from .guide import BoardPrint, guide_pdf, guide_story
from .leaders import guide_of, leader_deck
from .results_sheet import results_sheet_pdf, sheet_layout
from .tokens import token_sheet, tokens_pdf


class Options(NamedTuple):
    spec: SheetSpec
    corners: float = DEFAULT["corners"]
    press: Condition | None = None  # a print shop's kit: separated for this condition, PDF/X
    board_paper: BoardPaper = BoardPaper(DEFAULT["board_paper"])
    fillable: bool = DEFAULT["fillable"]
    png: bool = DEFAULT["png"]
    zip: bool = DEFAULT["zip"]

    @property
    def cmyk(self) -> bool:
        return self.press is not None

    @property
    def office_paper(self) -> tuple[float, float]:
        """The guide's and the token sheet's: Letter when the cards are on Letter, else A4."""
        return PAPERS["letter"] if self.spec.paper == PAPERS["letter"] else PAPERS["a4"]

    @property
    def board_sheet(self) -> tuple[float, float]:
        """A3, or for Letter its own large sheet, Tabloid: two office pages side by side."""
        return PAPERS["tabloid"] if self.office_paper == PAPERS["letter"] else PAPERS["a3"]

    @property
    def board_tile(self) -> tuple[float, float] | None:
        return self.office_paper if self.board_paper == BoardPaper.a4 else None

    def board_of(self, deck: Deck) -> BoardPrint:
        """How many sheets of which paper the printed board takes."""
        sheets = len(board_layout(deck, self.spec.card, self.board_sheet))
        if self.board_tile:
            return BoardPrint(2 * sheets, paper_name(self.board_tile))
        return BoardPrint(sheets, paper_name(self.board_sheet))

    @property
    def calibration_paper(self) -> tuple[float, float]:
        return self.spec.paper if self.spec.mode != "single" else self.office_paper


def paper_name(paper: tuple[float, float]) -> str:
    """A3, A4, Letter, Tabloid: as printer dialogs name them."""
    return next(name for name, size in PAPERS.items() if size == paper).title()


def options(
    paper: str,
    card: tuple[float, float],
    *,
    mode: str = DEFAULT["mode"],
    flip: str = DEFAULT["flip"],
    back_offset: tuple[float, float] = DEFAULT["back_offset"],
    bleed: float | None = DEFAULT["bleed"],
    gap: float = DEFAULT["gap"],
    marks: str = DEFAULT["marks"],
    board_paper: str = DEFAULT["board_paper"],
    fillable: bool = DEFAULT["fillable"],
    cmyk: bool = DEFAULT["cmyk"],
    press_profile: Path | None = DEFAULT["press_profile"],
    corners: float = DEFAULT["corners"],
    png: bool = DEFAULT["png"],
    zip: bool = DEFAULT["zip"],
) -> Options:
    """The build's options from the choices a person makes, on the command
    line or the web page; ValueError saying what cannot be. `cmyk`: for a
    print shop, separated for Coated FOGRA39 or `press_profile`'s condition."""
    if fillable and board_paper != BoardPaper.a3:
        raise ValueError(_("--fillable needs --board-paper a3: a form field cannot be cut across two A4 pages"))
    spec = SheetSpec(
        PAPERS[paper],
        card,
        mode=mode,
        flip=flip,
        back_offset=back_offset,
        bleed=default_bleed(mode) if bleed is None else bleed,
        gap=gap,
        marks=marks,
    )
    impose(spec)
    condition = from_profile(press_profile) if press_profile else fogra39() if cmyk else None
    return Options(spec, corners, condition, BoardPaper(board_paper), fillable, png, zip)


class Built(NamedTuple):
    folder: Path
    files: tuple[str, ...]  # names, relative to the folder
    prints: tuple[Print, ...]  # how to print each part


def preflight(deck: Deck, o: Options) -> list[str]:
    """Lay out every part of the kit - guide, method and game-leader cards,
    board, token sheet, calibration sheet - so that a text that does not fit
    or a missing glyph stops the build here, before anything is written.
    Text layouts are cached for the real run. Returns the warnings: the
    deck's own, and every card text that fits only at its smallest size."""
    try:
        guide_story(deck, board=o.board_of(deck))
    except (FitError, GlyphError) as e:
        raise _located(e, place_of_text(deck, e.text)) from None
    warnings = list(deck.warnings)
    bands: set[tuple[bool, Theme | None, str]] = set()  # (the deck's own card, theme, side) already warned of
    for d in (deck, leader_deck(deck)):
        for c in d.cards:
            warnings += _card_warnings(deck, d, c, o, bands)
    try:
        board_layout(deck, o.spec.card, o.board_sheet)
        token_sheet(deck, o.office_paper)
        sheet_layout(deck, o.office_paper)
        calibration(o.calibration_paper, deck.strings, deck.language)
    except (FitError, GlyphError) as e:
        raise _located(e, place_of_text(deck, e.text, ("board",))) from None
    return warnings


def _located(e: FitError | GlyphError, where: str | None) -> FitError | GlyphError:
    """The error with the place of its text in the deck's files in front."""
    return type(e)(f"{where}: {e}" if where else str(e), text=e.text)


def _card_warnings(deck: Deck, d: Deck, c: Card, o: Options, bands: set[tuple[bool, Theme | None, str]]) -> list[str]:
    """Card `c` of `d` (the deck, or the game leader's) laid out: the texts that
    fit only at their smallest size; one that does not fit at all stops here."""
    try:
        faces = (("title", title_side(c, d, o.spec.card)), ("detail", detail_side(c, d, o.spec.card)))
    except (FitError, GlyphError) as e:
        field = _field(c, e)
        theme = ("themes", c.theme.id) if c.theme else ()
        where = (place(deck, c.id, field) if field else place_of_text(deck, e.text, theme)) if d is deck else None
        raise _located(e, where) from None
    warnings = []
    for side, face in faces:
        for f in face.fitted:
            if not f.size <= f.smallest + 1e-9 < f.largest:
                continue
            if f.role == "band":  # the theme's (or deck's) own text: said once, not on each of its cards
                if (d is deck, c.theme, side) not in bands:
                    bands.add((d is deck, c.theme, side))
                    warnings.append(_band_warning(deck, d, c, side, f.text, f.size))
                continue
            where = place(deck, c.id, "description" if f.role == "body" else "title") if d is deck else None
            warnings.append(
                (f"{where}: " if where else "")
                + _("%(where)s: %(what)s fits only at %(size)s pt, the smallest size; shorten it or choose a larger --card-size")
                % {"where": side_name(c, side), "what": _(ROLES[f.role]), "size": f"{f.size:g}"}
            )
    return warnings


def _band_warning(deck: Deck, d: Deck, c: Card, side: str, text: str, size: float) -> str:
    """A theme's or the deck's name that fits its cards' band only at the smallest size."""
    where = place_of_text(deck, text, ("themes", c.theme.id) if c.theme else ()) if d is deck else None
    # TRANSLATORS: the side of the cards a name is on
    values = {"label": plain(text), "size": f"{size:g}", "side": _("title") if side == "title" else _("detail")}
    if c.theme:
        said = _(
            "the theme's name '%(label)s' fits only at %(size)s pt on the %(side)s side of its cards, the smallest size; shorten it or choose a larger --card-size"
        )
    else:
        said = _(
            "the deck's name '%(label)s' fits only at %(size)s pt on the %(side)s side of its cards, the smallest size; shorten it or choose a larger --card-size"
        )
    return (f"{where}: " if where else "") + said % values


def _field(card: Card, e: Exception) -> str | None:
    """Which of a card's own texts a fitting or glyph message is about; None
    for another text on the card (its theme's name, the deck's name)."""
    text = getattr(e, "text", None)
    if text is not None:
        return next((field for field in ("title", "description") if text and plain(text) == plain(getattr(card, field) or "")), None)
    message = str(e)
    if card.description and (plain(card.description)[:50] in message or card.description[:50] in message):
        return "description"
    return "title"


ROLES = {"title": N_("the title"), "body": N_("the description"), "band": N_("the theme's name")}


def parts(deck: Deck, o: Options) -> Iterator[tuple[str, str, Callable[[], bytes]]]:
    """(file name, title, how to render it) of every part of the kit, in print order."""
    g = guide_of(deck)
    leaders = leader_deck(deck)
    yield "guide.pdf", g.subtitle, lambda: guide_pdf(deck, o.office_paper, board=o.board_of(deck))
    yield "cards.pdf", deck.string("cards"), lambda: cards_pdf(deck, o.spec, corners=o.corners, blanks=True)
    yield "leader-cards.pdf", g.labels["leader.name"], lambda: cards_pdf(leaders, o.spec, corners=o.corners)
    yield (
        "board.pdf",
        deck.string("board"),
        lambda: board_pdf(deck, o.spec.card, sheet_paper=o.board_sheet, tile_paper=o.board_tile, fillable=o.fillable),
    )
    yield "tokens.pdf", g.labels["tokens.title"], lambda: tokens_pdf(deck, o.office_paper)
    yield "results-sheet.pdf", deck.string("sheet_title"), lambda: results_sheet_pdf(deck, o.office_paper)
    if o.spec.mode == "duplex":  # folded cards and a print shop's need no alignment test
        yield (
            "calibrate.pdf",
            deck.string("calibrate_title"),
            lambda: calibration_pdf(o.calibration_paper, deck.strings, deck.language, flip=o.spec.flip),
        )


def printing(o: Options, made: list[Part]) -> tuple[Print, ...]:
    """How to print each part, from the parts as built."""
    papers = {name: paper_name(o.office_paper) for name in ("guide.pdf", "tokens.pdf", "results-sheet.pdf", "calibrate.pdf")}
    papers |= {"cards.pdf": paper_name(o.spec.paper), "leader-cards.pdf": paper_name(o.spec.paper)}
    papers["board.pdf"] = paper_name(o.board_tile or o.board_sheet)
    return plan(o.spec.mode, o.spec.flip, {p.name: p.pages for p in made}, papers, o.board_tile is not None)


def png_files(deck: Deck, o: Options, board: Path, folder: Path) -> list[Part]:
    """One PNG per card side (300 dpi) and per board sheet, for online whiteboards,
    written into `folder/png/` one at a time."""
    from .images import board_images, card_images, slug

    spec = o.spec._replace(mode="single", bleed=0.0, marks="none", back_offset=(0.0, 0.0))
    trim = impose(spec).pages[0].trim_box
    assert trim is not None  # single mode always sets it
    (folder / "png" / "cards").mkdir(parents=True)
    (folder / "png" / "board").mkdir()
    names = (f"cards/{c.number:03d}-{slug(plain(c.title))}-{side}.png" for c in deck.cards for side in ("title", "detail"))
    made = []
    images = chain(zip(names, card_images(cards_pdf(deck, spec), trim.x)), ((f"board/{name}", data) for name, data in board_images(board)))
    for name, data in images:  # one at a time: a card side at 300 dpi is 2 MB before it is a PNG
        (folder / "png" / name).write_bytes(data)
        made.append(Part(f"png/{name}", name, folder / "png" / name))
    return made


def fill(deck: Deck, o: Options, into: Path, step: Callable[[str], None] = lambda _: None) -> Built:
    """Write every file of one language's kit into the folder `into`."""
    made: list[Part] = []
    for name, title, render in parts(deck, o):
        data = finish(render(), author=deck.author, press=o.press)
        (into / name).write_bytes(data)
        made.append(Part(name, title, into / name, page_count(data), forms=name != "results-sheet.pdf"))
        step(name)
    prints = printing(o, made)
    (into / "checklist.pdf").write_bytes(finish(checklist_pdf(deck, prints, o.office_paper), author=deck.author, press=o.press))
    made.insert(0, Part("checklist.pdf", deck.string("check_title"), into / "checklist.pdf", 1))
    kit_title = f"{deck.name}: {deck.edition}" if deck.edition else deck.name
    kit = finish(combined(made, kit_title, deck.language), author=deck.author, press=o.press)
    (into / "kit.pdf").write_bytes(kit)
    listed = made + [Part("kit.pdf", kit_title, into / "kit.pdf", sum(p.pages for p in made))]  # every part's pages, in order
    step("kit.pdf")
    if o.png:
        board = next(p for p in made if p.name == "board.pdf")
        listed += png_files(deck, o, board.path, into)
        step("png")
    (into / "manifest.json").write_bytes(manifest(listed, deck.id, deck.language))
    return Built(into, tuple(p.name for p in listed) + ("manifest.json",), prints)


def steps(deck: Deck, o: Options) -> int:
    """How often `fill` calls `step`: once a part, once for kit.pdf, once for the PNG images."""
    return len(list(parts(deck, o))) + 1 + o.png


def build(decks: list[Deck], out: Path, o: Options, step: Callable[[str], None] = lambda _: None) -> list[Built]:
    """Every language's kit, each written into a folder beside its target and
    swapped into place when all are whole. Languages are built side by side,
    a process a core (`step` then comes once a language, with its code)."""
    with ExitStack() as stack:
        folders = [stack.enter_context(staging(out / deck.language)) for deck in decks]
        workers = min(len(decks), os.cpu_count() or 1)
        if workers > 1:
            with ProcessPoolExecutor(workers) as pool:
                futures = {
                    pool.submit(carried(fill), deck, o, into): deck for deck, into in zip(decks, folders)
                }  # in the caller's language
                for future in as_completed(futures):
                    step(futures[future].language)
                built = [future.result() for future in futures]
        else:
            built = [fill(deck, o, into, step) for deck, into in zip(decks, folders)]
        if o.zip:  # from this build's own files, before the folders are swapped in (another build may follow)
            for deck, b in zip(decks, built):
                with atomic_file(out / f"osallisuuspeli-{deck.id}-{deck.language}.zip") as f:
                    zipped([(f"{deck.language}/{name}", b.folder / name) for name in b.files], f)
    return [b._replace(folder=out / deck.language) for deck, b in zip(decks, built)]
