"""The `osallisuuspeli` command: parse options, call the engines, report.

Every error a person can fix ends in one line on stderr and exit status 2.
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

from osallisuuspeli import __version__
from osallisuuspeli.errors import UserError
from osallisuuspeli.load import builtin_decks, find_deck, languages, load_all, load_deck
from osallisuuspeli.pdfdoc import write_atomic
from deck.geometry import FLIPS, MARKS, MODES
from osallisuuspeli.units import CARD_SIZES, PAPERS
from osallisuuspeli.units import length as parse_length
from osallisuuspeli.units import pair as parse_pair
from osallisuuspeli.units import size as parse_size


MAX_LINES = 20  # problems shown; the rest are counted


def _fail(message: str) -> None:
    lines = str(message).splitlines()
    for line in lines[:MAX_LINES]:
        click.echo(f"osallisuuspeli: {line}", err=True)
    if len(lines) > MAX_LINES:
        click.echo(f"osallisuuspeli: ... and {len(lines) - MAX_LINES} more problems", err=True)
    sys.exit(2)


class _Group(click.Group):
    """Every error a person can fix - bad content or a bad option - becomes
    one line on stderr and exit status 2, without usage text or traceback."""

    def main(self, *args, **kwargs):
        kwargs["standalone_mode"] = False
        try:
            code = super().main(*args, **kwargs)
        except UserError as e:
            _fail(str(e))
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help())
            sys.exit(0)
        except click.exceptions.Abort:
            click.echo("osallisuuspeli: interrupted", err=True)
            sys.exit(130)
        except click.ClickException as e:
            _fail(e.format_message())
        sys.exit(code if isinstance(code, int) else 0)


def _card_size(ctx, param, value):
    try:
        return parse_size(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="osallisuuspeli")
def main() -> None:
    """Print kits of the participation game (Osallisuuspeli / Delaktighetsspelet).

    \b
    Example:
      osallisuuspeli build --lang sv --out kit
    """


def _length(ctx, param, value):
    if value is None:
        return None
    try:
        return parse_length(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _offset(ctx, param, value):
    try:
        return parse_pair(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@main.command()
@click.option("--deck", "deck_name", default="helsinki", show_default=True, help="A built-in deck (helsinki, kunta) or a deck folder.")
@click.option("--lang", "language", default="fi", show_default=True, help="The language to build.")
@click.option("--out", "out", default="osallisuuspeli-print", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write the kit into (one sub-folder per language).")
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="a4", show_default=True, help="Paper for the card sheets.")
@click.option("--card-size", default="poker", show_default=True, callback=_card_size, help=f"{', '.join(CARD_SIZES)} or WxH such as 70x100mm or 2.5x3.5in.")
@click.option("--mode", type=click.Choice(MODES), default="duplex", show_default=True, help="duplex: fronts page then backs page; gutterfold: both sides side by side to fold; single: one card side a page with bleed, for a print shop.")
@click.option("--flip", type=click.Choice(FLIPS), default="long", show_default=True, help="How your printer turns the paper for the back side.")
@click.option("--back-offset", default="0,0", show_default=True, callback=_offset, help="X,Y in mm: shift every backs page to correct the printer (see `osallisuuspeli calibrate`).")
@click.option("--bleed", default=None, callback=_length, help="Background beyond the cut line [default: 1.5mm on sheets, 3mm in single mode].")
@click.option("--gap", default="0mm", show_default=True, callback=_length, help="Space between neighbouring cards' bleed.")
@click.option("--marks", type=click.Choice(MARKS), default="lines", show_default=True, help="Cut marks outside the cards.")
@click.option("--corners", default="0mm", show_default=True, callback=_length, help="Radius of rounded-corner cut guides, e.g. 3mm (0: none).")
@click.option("--cmyk", is_flag=True, help="Write colours as CMYK (for a print shop).")
@click.option("--fit-report", is_flag=True, help="Also list each card's fitted text sizes, flagging those near the smallest allowed size.")
@click.option("--board-paper", type=click.Choice(["a3", "a4"]), default="a3", show_default=True, help="a4 tiles each A3 board sheet onto two A4 pages at 100 %, to tape together.")
@click.option("--fillable", is_flag=True, help="Add form fields to the board so a team can type its results in any PDF reader (read them back with `results`).")
def build(deck_name: str, language: str, out: Path, paper: str, card_size: tuple[float, float], mode: str, flip: str, back_offset, bleed, gap, marks, corners, cmyk: bool, fit_report: bool, board_paper: str, fillable: bool) -> None:
    """Build the print kit: the method cards and the A3 board, as PDFs.

    \b
    Example:
      osallisuuspeli build --deck kunta --lang sv --out kit
      osallisuuspeli build --mode single --cmyk        # for a print shop
    """
    from boards.render import board_pdf
    from deck.geometry import SheetSpec, default_bleed
    from deck.render import cards_pdf
    from deck.report import fit_report as report

    deck = load_deck(deck_name, language)
    try:
        spec = SheetSpec(PAPERS[paper], card_size, mode=mode, flip=flip, back_offset=back_offset, bleed=default_bleed(mode) if bleed is None else bleed, gap=gap, marks=marks)
        cards = cards_pdf(deck, spec, corners=corners, cmyk=cmyk)
        board = board_pdf(deck, card_size, cmyk=cmyk, paper=board_paper, fillable=fillable)
    except ValueError as e:
        raise click.UsageError(str(e)) from None
    if fit_report:
        click.echo("\n".join(report(deck, card_size)))
    folder = out / language
    written = [(folder / "cards.pdf", cards), (folder / "board.pdf", board)]
    for path, data in written:
        write_atomic(path, data)
    click.echo(f"Wrote {len(written)} files to {folder}/: " + ", ".join(p.name for p, _ in written))


@main.command()
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="a4", show_default=True)
@click.option("--lang", "language", default="fi", show_default=True, help="Language of the instructions on the sheet.")
@click.option("--out", default="calibrate.pdf", show_default=True, type=click.Path(dir_okay=False, path_type=Path))
def calibrate(paper: str, language: str, out: Path) -> None:
    """Write a two-sided test sheet that shows your printer's back offset.

    Print it two-sided on plain paper with the settings you use for the
    cards, hold it against a window and read where the front's lines cross
    the scales on the back: those numbers are your --back-offset X,Y.

    \b
    Example:
      osallisuuspeli calibrate && osallisuuspeli build --back-offset 1,-0.5
    """
    from deck.render import calibration_pdf
    from osallisuuspeli.load import strings

    write_atomic(out, calibration_pdf(PAPERS[paper], strings(language), language))
    click.echo(f"Wrote {out}. Print it two-sided (actual size, flip on the long edge), hold it against the light,")
    click.echo("and read the X and Y scales where the front's lines cross them; then build with --back-offset X,Y.")


@main.command()
@click.argument("board", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["yaml", "csv", "json"]), default="yaml", show_default=True)
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), help="Write to this file instead of the screen.")
def results(board: Path, fmt: str, out: Path | None) -> None:
    """Read a filled board's fields back, in step order.

    \b
    Example:
      osallisuuspeli build --fillable
      osallisuuspeli results osallisuuspeli-print/fi/board.pdf --format csv
    """
    from boards.results import format_results, read_fields

    text = format_results(read_fields(board), fmt)
    if out is None:
        click.echo(text, nl=False)
    else:
        write_atomic(out, text.encode("utf-8"))
        click.echo(f"Wrote {out}")


@main.command()
@click.argument("deck", required=False)
def validate(deck: str | None) -> None:
    """Check a deck (a built-in one by name, or a folder): every language's
    texts, and that every card and board text fits with the bundled font.

    \b
    Example:
      osallisuuspeli validate my-deck/
    """
    from boards.layout import board_layout
    from deck.faces import detail_side, title_side

    size = CARD_SIZES["poker"]
    for name in [deck] if deck else builtin_decks():
        decks = load_all(name)
        for d in decks:
            for card in d.cards:
                title_side(card, d, size)
                detail_side(card, d, size)
            board_layout(d, size)
        d = decks[0]
        themes = f", {len(d.themes)} themes" if d.themes else ""
        click.echo(f"ok: {name}: {len(d.cards)} cards{themes}, {len(d.board.steps)} board steps, languages {', '.join(x.language for x in decks)}")


@main.command(name="list")
def list_decks() -> None:
    """Show the built-in decks, their languages and card counts."""
    for name in builtin_decks():
        langs = languages(name)
        deck = load_deck(name, langs[0])
        click.echo(f"{name}: {len(deck.cards)} cards, languages: {', '.join(langs)} ({find_deck(name)})")


if __name__ == "__main__":
    main()
