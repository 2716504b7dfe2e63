"""Building the print pack of one deck, per language, into a folder.

Everything is rendered first, in memory and into a temporary folder beside
the target; only when all of it exists does the folder replace the previous
kit (a rename), so an interrupted or failed build leaves the old kit whole.
"""
from __future__ import annotations

import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from boards.render import board_pdf
from deck.geometry import SheetSpec, impose
from deck.render import calibration_pdf, cards_pdf
from osallisuuspeli.errors import UserError
from osallisuuspeli.model import Deck, plain
from osallisuuspeli.pdfdoc import write_atomic
from osallisuuspeli.units import PAPERS

from .assemble import Part, combined, manifest, zipped
from .guide import guide_pdf
from .leaders import leader_deck
from .tokens import tokens_pdf


@dataclass(frozen=True)
class Options:
    spec: SheetSpec
    corners: float = 0.0
    cmyk: bool = False
    board_paper: str = "a3"
    fillable: bool = False
    png: bool = False
    zip: bool = False


@dataclass(frozen=True)
class Built:
    folder: Path
    files: int
    pages: int


def _a4_or_letter(spec: SheetSpec) -> tuple[float, float]:
    """Guide and token sheet: letter when the cards are on letter, else A4."""
    return PAPERS["letter"] if spec.paper == PAPERS["letter"] else PAPERS["a4"]


def preflight(deck: Deck, card: tuple[float, float]) -> None:
    """Lay out every card side (method and game-leader cards) and every board
    sheet: a text that does not fit or a missing glyph stops the build here,
    before anything is written. The layouts are cached for the real run."""
    from boards.layout import board_layout
    from deck.faces import detail_side, title_side

    for d in (deck, leader_deck(deck)) if deck.guide else (deck,):
        for c in d.cards:
            title_side(c, d, card)
            detail_side(c, d, card)
    board_layout(deck, card)


def parts(deck: Deck, o: Options) -> Iterator[tuple[str, Callable[[], Part]]]:
    """The kit's files in print order, each made when asked for (for progress)."""
    paper = _a4_or_letter(o.spec)
    g = deck.guide
    yield "guide", lambda: Part("guide.pdf", f"{g.subtitle}", guide_pdf(deck, paper))
    yield "cards", lambda: Part("cards.pdf", deck.string("cards"), cards_pdf(deck, o.spec, corners=o.corners, cmyk=o.cmyk))
    leaders = leader_deck(deck)
    yield "leader cards", lambda: Part("leader-cards.pdf", leaders.name, cards_pdf(leaders, o.spec, corners=o.corners, cmyk=o.cmyk))
    yield "board", lambda: Part("board.pdf", deck.string("board"), board_pdf(deck, o.spec.card, cmyk=o.cmyk, paper=o.board_paper, fillable=o.fillable))
    yield "tokens", lambda: Part("tokens.pdf", g.labels["tokens.title"], tokens_pdf(deck, paper, cmyk=o.cmyk))
    yield "calibration", lambda: Part("calibrate.pdf", deck.string("calibrate_title"), calibration_pdf(o.spec.paper if o.spec.mode != "single" else paper, deck.strings, deck.language))


def png_files(deck: Deck, o: Options, board: bytes) -> list[tuple[str, bytes]]:
    """One PNG per card side (300 dpi) and per board sheet, for online whiteboards."""
    from .images import board_images, card_images, slug

    spec = o.spec._replace(mode="single", bleed=0.0, marks="none", back_offset=(0.0, 0.0))
    trim = impose(spec).pages[0].trim_box
    names = [f"cards/{c.number:03d}-{slug(plain(c.title))}-{side}.png" for c in deck.cards for side in ("title", "detail")]
    files = card_images(cards_pdf(deck, spec), names, trim.x)
    return files + [(f"board/{name}", data) for name, data in board_images(board)]


def build_language(deck: Deck, out: Path, o: Options, step: Callable[[str], None] = lambda _: None) -> Built:
    """Every file of one language's kit, then the folder swapped into place."""
    made: list[Part] = []
    for label, make in parts(deck, o):
        made.append(make())
        step(label)
    kit_title = f"{deck.name}: {deck.edition}" if deck.edition else deck.name
    kit = Part("kit.pdf", kit_title, combined(made, kit_title, deck.language))
    step("kit")
    listed = made + [kit]
    if o.png:
        board = next(p for p in made if p.name == "board.pdf")
        listed += [Part(f"png/{name}", name, data) for name, data in png_files(deck, o, board.data)]
        step("png")
    files = [(p.name, p.data) for p in listed] + [("manifest.json", manifest(listed, deck.id, deck.language))]
    folder = out / deck.language
    _replace_folder(folder, files)
    if o.zip:
        write_atomic(out / f"osallisuuspeli-{deck.id}-{deck.language}.zip", zipped([(f"{deck.language}/{name}", data) for name, data in files]))
    return Built(folder, len(files), sum(p.pages for p in made))


def check_writable(out: Path) -> None:
    """Fail at once, in one line, when the output folder cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as e:
        raise UserError(f"{out}: cannot write the kit there ({e.strerror or e})") from None


@contextmanager
def _locked(directory: Path):
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _replace_folder(folder: Path, files: list[tuple[str, bytes]]) -> None:
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=folder.parent))
    old = None
    try:
        for name, data in files:
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
            os.chmod(path, 0o644)
        os.chmod(staging, 0o755)
        with _locked(folder.parent):  # two builds into one folder take turns to swap
            if folder.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
                os.replace(folder, old / folder.name)
            os.replace(staging, folder)
    except BaseException:
        if old is not None and not folder.exists():
            os.replace(old / folder.name, folder)  # put the previous kit back
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
