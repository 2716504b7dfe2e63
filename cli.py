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
from osallisuuspeli.units import CARD_SIZES, PAPERS, size as parse_size


def _fail(message: str) -> None:
    for line in str(message).splitlines():
        click.echo(f"osallisuuspeli: {line}", err=True)
    sys.exit(2)


class _Group(click.Group):
    """Turns every UserError into lines on stderr and exit 2, without a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UserError as e:
            _fail(str(e))


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


@main.command()
@click.option("--deck", "deck_name", default="helsinki", show_default=True, help="A built-in deck (helsinki, kunta) or a deck folder.")
@click.option("--lang", "language", default="fi", show_default=True, help="The language to build.")
@click.option("--out", "out", default="osallisuuspeli-print", show_default=True, type=click.Path(file_okay=False, path_type=Path), help="Folder to write the kit into (one sub-folder per language).")
@click.option("--paper", type=click.Choice(sorted(PAPERS)), default="a4", show_default=True, help="Paper for the card sheets.")
@click.option("--card-size", default="poker", show_default=True, callback=_card_size, help=f"{', '.join(CARD_SIZES)} or WxH such as 70x100mm.")
def build(deck_name: str, language: str, out: Path, paper: str, card_size: tuple[float, float]) -> None:
    """Build the print kit: the method cards and the A3 board, as PDFs.

    \b
    Example:
      osallisuuspeli build --deck kunta --lang sv --out kit
    """
    from boards.render import board_pdf
    from deck.geometry import SheetSpec
    from deck.render import cards_pdf

    deck = load_deck(deck_name, language)
    try:
        cards = cards_pdf(deck, SheetSpec(PAPERS[paper], card_size))
    except ValueError as e:
        raise click.BadParameter(str(e), param_hint="--card-size") from None
    board = board_pdf(deck, card_size)
    folder = out / language
    written = [(folder / "cards.pdf", cards), (folder / "board.pdf", board)]
    for path, data in written:
        write_atomic(path, data)
    click.echo(f"Wrote {len(written)} files to {folder}/: " + ", ".join(p.name for p, _ in written))


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
