"""The `osallisuuspeli` command: parse options, call the engines, report.

Every error a person can fix ends in one line on stderr and exit status 2.
"""

from __future__ import annotations

import io
import os
import signal
import sys
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar

import click

from osallisuuspeli import __version__, i18n
from osallisuuspeli.click_words import speak_click
from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import N_, _, day, ngettext
from osallisuuspeli.options import BUILD, DECKS, DEFAULT, OPTIONS, Option
from osallisuuspeli.units import PAPERS, Paper
from osallisuuspeli.units import length as parse_length
from osallisuuspeli.units import pair as parse_pair
from osallisuuspeli.units import size as parse_size

if TYPE_CHECKING:
    from osallisuuspeli.kit.build import Built
    from osallisuuspeli.kit.build import Options as KitOptions
    from osallisuuspeli.model import Deck
    from osallisuuspeli.register.data import Register
    from osallisuuspeli.results.season import Season

FC = TypeVar("FC", bound=Callable[..., Any])
OPTIONS_BY_PARAMETER = {o.parameter: o.name for o in BUILD}  # the command's parameter -> the kit's keyword
MAX_LINES = 20  # problems shown; the rest are counted


def _fail(message: str) -> None:
    lines = str(message).splitlines()
    for line in lines[:MAX_LINES]:
        click.echo(f"osallisuuspeli: {line}", err=True)
    if len(lines) > MAX_LINES:
        more = len(lines) - MAX_LINES
        click.echo(
            "osallisuuspeli: " + ngettext("... and %(num)d more problem", "... and %(num)d more problems", more) % {"num": more}, err=True
        )
    sys.exit(2)


def _warn(warnings: list[str]) -> None:
    """What prints but was probably not meant so: said, and the command still succeeds."""
    for warning in warnings:
        click.echo("osallisuuspeli: " + _("warning: %(warning)s") % {"warning": warning}, err=True)


def _escape_what_the_console_cannot_show() -> None:
    """A legacy console code page (cp1252 on many Windows machines) lacks
    letters such as ŋ or č: print them escaped (\\u014b) rather than fail."""
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")


_ENGLISH: dict[tuple[int, str], str | None] = {}  # (id of a command or option, attribute): its help as written, in English


def _helps(command: click.Command) -> Iterator[tuple[object, str]]:
    """Every help text of a command and its subcommands: (object, attribute)."""
    for attribute in ("help", "short_help", "epilog"):
        yield command, attribute
    for param in command.params:
        yield param, "help"
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            yield from _helps(sub)


def speak(language: str) -> None:
    """The command line's messages, click's own words and every --help text in
    `language` from now on (help texts are written with N_() and translated here)."""
    i18n.use(language)
    speak_click(language)
    for owner, attribute in _helps(main):
        key = (id(owner), attribute)
        if key not in _ENGLISH:
            _ENGLISH[key] = getattr(owner, attribute, None)
        english = _ENGLISH[key]
        if english:
            setattr(owner, attribute, _filled(_(english)))


def _filled(text: str) -> str:
    """A help text with its placeholders (the register's default file) filled."""
    from osallisuuspeli.register_cli import HELP_VALUES

    for name, value in HELP_VALUES.items():
        if f"%({name})s" in text:
            text = text.replace(f"%({name})s", value())
    return text


def _ui(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value:
        speak(value)


class _Interrupted(Exception):
    """Ctrl-C or SIGTERM, after every `finally` on the way has cleaned up."""


class _Group(click.Group):
    """Every error a person can fix - bad content or a bad option - becomes
    one line on stderr and exit status 2, without usage text or traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # before click's own handler prints a stray blank line
            raise _Interrupted() from None

    def main(self, *args: Any, **kwargs: Any) -> NoReturn:
        kwargs["standalone_mode"] = False
        _escape_what_the_console_cannot_show()
        language = os.environ.get("LANGUAGE")
        speak(i18n.ui_language())
        terminated: list[int] = []

        def on_sigterm(signum: int, frame: FrameType | None) -> NoReturn:  # like Ctrl-C, so that every `finally` cleans up
            terminated.append(signum)
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGTERM, on_sigterm)
        try:
            code = super().main(*args, **kwargs)
        except UserError as e:
            _fail(str(e))
        except click.exceptions.NoArgsIsHelpError as e:
            click.echo(e.ctx.get_help())
            sys.exit(0)
        except (_Interrupted, click.exceptions.Abort, KeyboardInterrupt):
            click.echo("osallisuuspeli: " + _("interrupted; no half-written files were left"), err=True)
            sys.exit(143 if terminated else 130)
        except click.ClickException as e:
            _fail(e.format_message())
        except Exception as e:  # a bug, not the user's mistake: still one line, and nothing half-written
            if os.environ.get("OSALLISUUSPELI_DEBUG"):
                raise
            click.echo(
                "osallisuuspeli: "
                + _("internal error: %(error)s (please report it; OSALLISUUSPELI_DEBUG=1 shows where)")
                % {"error": f"{type(e).__name__}: {e}"},
                err=True,
            )
            sys.exit(1)
        finally:
            signal.signal(signal.SIGTERM, previous)
            if language is None:  # gettext read click's language from LANGUAGE: the caller's environment as it was
                os.environ.pop("LANGUAGE", None)
            else:
                os.environ["LANGUAGE"] = language
        sys.exit(code if isinstance(code, int) else 0)


def _card_size(ctx: click.Context, param: click.Parameter, value: str) -> tuple[float, float]:
    try:
        return parse_size(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


@click.group(
    name="osallisuuspeli",
    cls=_Group,
    context_settings={"help_option_names": ["-h", "--help"]},
    help=N_(
        """Print kits of the participation game (Osallisuuspeli / Delaktighetsspelet).

\b
Example:
  osallisuuspeli build --lang sv --out kit"""
    ),
)
@click.version_option(__version__, prog_name="osallisuuspeli")
@click.option(
    "--ui",
    type=click.Choice(i18n.LANGUAGES),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_ui,
    help=N_("The language of the messages and help (default: OSALLISUUSPELI_UI, else your locale, else English)."),
)
def main() -> None:
    pass


def _length(ctx: click.Context, param: click.Parameter, value: str | None) -> float | None:
    if value is None:
        return None
    try:
        return parse_length(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _offset(ctx: click.Context, param: click.Parameter, value: str) -> tuple[float, float]:
    try:
        return parse_pair(value)
    except ValueError as e:
        raise click.BadParameter(str(e)) from None


def _click_option(option: Option) -> Callable[[FC], FC]:
    """The command line's form of a build option of the table."""
    names = [option.option, option.parameter, *([option.short] if option.short else [])]
    if option.kind == "flag":
        return click.option(*names, is_flag=True, default=option.default, help=option.help)
    kinds: dict[str, dict[str, Any]] = {
        "choice": {"type": click.Choice(option.allowed())},
        "size": {"callback": _card_size},
        "length": {"callback": _length},
        "offset": {"callback": _offset},
        "folder": {"type": click.Path(file_okay=False, path_type=Path)},
        "file": {"type": click.Path(exists=True, dir_okay=False, path_type=Path)},
    }
    shown = option.default is not None
    return click.option(*names, default=option.default, show_default=shown, help=option.help, **kinds.get(option.kind, {}))


def build_options(command: FC) -> FC:
    """Every option of the build's table, in its order, on `command`."""
    for option in reversed(BUILD):
        command = _click_option(option)(command)
    return command


@main.command(
    help=N_(
        """Build the print kit: facilitator's guide, method cards, game-leader
cards, board, token sheet and calibration sheet, one combined kit PDF and
a manifest, in one folder per language.

\b
Example:
  osallisuuspeli build --lang all --zip
  osallisuuspeli build --deck kunta --lang sv --board-paper a4
  osallisuuspeli build --mode single --cmyk        # for a print shop"""
    )
)
@build_options
def build(deck_name: str, language: str, out: Path, fit_report: bool, quiet: bool, strict: bool, **chosen: Any) -> None:
    from osallisuuspeli.kit.build import build as build_kits
    from osallisuuspeli.kit.files import check_writable

    options = _kit_options(chosen)
    decks = _decks(deck_name, language)  # every language checked before anything is written
    warnings = _preflight(decks, options, strict)
    check_writable(out)
    if fit_report:
        _fit_report(decks, chosen["card_size"])
    quietly = quiet or not sys.stderr.isatty()
    built = build_kits(decks, out, options) if quietly else _build_with_progress(decks, out, options)
    if not quiet:
        _say_how_to_print(built)
    _warn(warnings)


def _kit_options(chosen: dict[str, Any]) -> KitOptions:
    """The kit's options from the command line's; a combination that cannot be is a usage error."""
    from osallisuuspeli.kit.build import options as kit_options

    try:
        rest = {OPTIONS_BY_PARAMETER[k]: v for k, v in chosen.items() if k not in ("paper", "card_size")}
        return kit_options(chosen["paper"], chosen["card_size"], **rest)
    except ValueError as e:
        raise click.UsageError(str(e)) from None


def _preflight(decks: list[Deck], options: KitOptions, strict: bool) -> list[str]:
    """Every deck's warnings, a deck's own once for all languages; with --strict, they stop the build."""
    from osallisuuspeli.kit.build import preflight

    warnings = list(dict.fromkeys(w for deck in decks for w in preflight(deck, options)))
    if strict and warnings:
        raise UserError("\n".join(_("%(warning)s (--strict)") % {"warning": w} for w in warnings))
    return warnings


def _fit_report(decks: list[Deck], card_size: tuple[float, float]) -> None:
    from osallisuuspeli.deck.report import fit_report as report

    for deck in decks:
        click.echo("\n".join(report(deck, card_size)))


def _build_with_progress(decks: list[Deck], out: Path, options: KitOptions) -> list[Built]:
    from osallisuuspeli.kit.build import build as build_kits
    from osallisuuspeli.kit.build import steps

    label = f"{decks[0].id} ({', '.join(d.language for d in decks)})"
    length = steps(decks[0], options) if len(decks) == 1 else len(decks)
    with click.progressbar(length=length, label=label, file=sys.stderr, show_eta=False) as bar:
        return list(build_kits(decks, out, options, lambda step: bar.update(1)))


def _say_how_to_print(built: Iterable[Built]) -> None:
    from osallisuuspeli.kit.checklist import describe

    for b in built:
        click.echo(
            ngettext(
                "Kit ready in %(folder)s/: %(num)d file. Print it as follows (checklist.pdf says the same):",
                "Kit ready in %(folder)s/: %(num)d files. Print them one by one, in this order (checklist.pdf says the same):",
                len(b.files),
            )
            % {"folder": b.folder, "num": len(b.files)}
        )
        click.echo("\n".join(f"  {i}. {describe(row)}" for i, row in enumerate(b.prints, 1)))


SHOWN_PROBLEMS = 5  # of an incomplete language, when the others are complete


def _decks(deck_name: str, language: str) -> list[Deck]:
    """The deck in each language asked for: one code, several (fi,sv), any
    case (FI), or all. With `all`, a language that is not complete is named
    with its first problems, and the command that builds the others is given."""
    from osallisuuspeli.errors import ContentError
    from osallisuuspeli.load import find_deck, languages, load_deck

    have = languages(deck_name)
    asked = [part.strip() for part in language.split(",") if part.strip()]
    if not asked:
        raise click.UsageError(_("--lang needs a language code, e.g. fi, or several (fi,sv), or all"))
    if [a.lower() for a in asked] != ["all"]:
        by_code = {h.lower(): h for h in have}
        return [load_deck(deck_name, by_code.get(a.lower(), a)) for a in dict.fromkeys(asked)]
    decks, failed = [], {}
    for lang in have:
        try:
            decks.append(load_deck(deck_name, lang))
        except ContentError as e:
            failed[lang] = e.problems
    if not failed:
        return decks
    if not decks:
        raise ContentError(list(dict.fromkeys(p for problems in failed.values() for p in problems)))  # the deck's own, once
    lines = []
    cells = _("fill the cells above") if find_deck(deck_name).is_file() else _("complete the texts above")
    for lang, problems in failed.items():
        lines += [str(p) for p in problems[:SHOWN_PROBLEMS]]
        if len(problems) > SHOWN_PROBLEMS:
            lines.append(
                _("the language '%(language)s' is not complete (%(num)d problems in all): %(todo)s")
                % {"language": lang, "num": len(problems), "todo": cells}
            )
        else:
            lines.append(_("the language '%(language)s' is not complete: %(todo)s") % {"language": lang, "todo": cells})
    deck_arg = f'"{deck_name}"' if " " in deck_name else deck_name
    command = f"osallisuuspeli build --deck {deck_arg} --lang {','.join(d.language for d in decks)}"
    lines.append(_("to build the complete ones now: %(command)s") % {"command": command})
    raise UserError("\n".join(lines))


@main.command(
    help=N_(
        """Render PNG pages and a contact sheet of a PDF, or of a built kit, into
a preview/ folder beside it, to look before printing.

\b
Example:
  osallisuuspeli preview --lang fi
  osallisuuspeli preview osallisuuspeli-print/fi/cards.pdf"""
    )
)
@click.argument("pdf", required=False, type=click.Path(dir_okay=False, path_type=Path))
@click.option("--lang", "language", default=None, help=N_("Preview every PDF of this language's kit (e.g. fi)."))
@click.option(
    "--out",
    default=OPTIONS["out"].default,  # the folder `build` writes into
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help=N_("The kit folder, with --lang."),
)
def preview(pdf: Path | None, language: str | None, out: Path) -> None:
    from osallisuuspeli.kit.images import preview as render_preview

    if (pdf is None) == (language is None):
        raise click.UsageError(_("give either a PDF or --lang"))
    if pdf is not None:
        if not pdf.is_file():
            raise UserError(_("%(file)s: no such file") % {"file": pdf})
        targets = [pdf]
    else:
        folder = out / str(language)
        targets = sorted(p for p in folder.glob("*.pdf") if p.name != "kit.pdf") if folder.is_dir() else []
        if not targets:
            raise UserError(
                _("%(folder)s: no kit there; build it first with: %(command)s")
                % {"folder": folder, "command": f"osallisuuspeli build --lang {language} --out {out}"}
            )
    written = []
    for target in targets:
        try:
            written += render_preview(target, target.parent / "preview")
        except Exception as e:  # pdfium reports an unreadable file as a generic error
            raise UserError(_("%(file)s: cannot be rendered (%(error)s)") % {"file": target, "error": e}) from None
    click.echo(
        ngettext("Wrote %(num)d image to %(folder)s/", "Wrote %(num)d images to %(folder)s/", len(written))
        % {"num": len(written), "folder": targets[0].parent / "preview"}
    )


@main.command(
    help=N_(
        """Copy a built-in deck into FOLDER as the start of your own deck.

\b
Example:
  osallisuuspeli init oma-pakka --from kunta --format xlsx
  osallisuuspeli validate oma-pakka/deck.xlsx && osallisuuspeli build --deck oma-pakka/deck.xlsx"""
    )
)
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--from",
    "source",
    type=click.Choice(DECKS),
    default=OPTIONS["deck"].default,
    show_default=True,
    help=N_("The built-in deck to start from."),
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "xlsx"]),
    default="yaml",
    show_default=True,
    help=N_("xlsx: the whole deck as one workbook (FOLDER/deck.xlsx) to edit in Excel or LibreOffice; yaml: a folder of YAML files."),
)
def init(folder: Path, source: str, fmt: str) -> None:
    import shutil

    from osallisuuspeli.kit.files import write_atomic
    from osallisuuspeli.places import BUILTIN_DECKS, CONTENT
    from osallisuuspeli.workbook_writer import workbook

    if folder.exists() and any(folder.iterdir()):
        raise UserError(_("%(folder)s: the folder exists and is not empty; choose a new folder") % {"folder": folder})
    if fmt == "xlsx":
        book = folder / "deck.xlsx"
        try:
            write_atomic(book, workbook(BUILTIN_DECKS / source))
        except OSError as e:
            raise UserError(
                _("%(folder)s: cannot create the deck there (%(error)s)") % {"folder": folder, "error": e.strerror or e}
            ) from None
        click.echo(
            _("Created %(file)s from the %(deck)s deck. Edit it in Excel or LibreOffice (its first sheet says how), then:")
            % {"file": book, "deck": source}
        )
        click.echo(f"  osallisuuspeli validate {book} && osallisuuspeli build --deck {book}")
        return
    try:
        shutil.copytree(BUILTIN_DECKS / source, folder, dirs_exist_ok=True)
        (folder / "README.md").write_text(
            (CONTENT / "deck-readme.md").read_text(encoding="utf-8").format(folder=folder, source=source), encoding="utf-8"
        )
    except OSError as e:
        raise UserError(_("%(folder)s: cannot create the deck there (%(error)s)") % {"folder": folder, "error": e.strerror or e}) from None
    click.echo(
        _("Created %(folder)s/ from the %(deck)s deck. Edit its YAML files (see %(folder)s/README.md), then:")
        % {"folder": folder, "deck": source}
    )
    click.echo(f"  osallisuuspeli validate {folder} && osallisuuspeli build --deck {folder}")


@main.command(
    help=N_(
        """Write a deck (a built-in one by name, or a folder of YAML files) as one
workbook, to edit in Excel or LibreOffice and build from.

\b
Example:
  osallisuuspeli export kunta kunta.xlsx
  osallisuuspeli build --deck kunta.xlsx"""
    )
)
@click.argument("deck")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
def export(deck: str, out: Path) -> None:
    from osallisuuspeli.kit.files import write_atomic
    from osallisuuspeli.load import find_deck
    from osallisuuspeli.workbook_writer import workbook

    folder = find_deck(deck)
    if folder.is_file():
        raise UserError(_("%(deck)s: this deck is a workbook already") % {"deck": folder})
    if out.suffix.lower() != ".xlsx":
        raise UserError(_("%(file)s: name the workbook .xlsx") % {"file": out})
    write_atomic(out, workbook(folder))
    click.echo(_("Wrote %(file)s. Edit it, then: %(command)s") % {"file": out, "command": f"osallisuuspeli build --deck {out}"})


@main.command(
    help=N_(
        """Write a two-sided test sheet that shows your printer's back offset.

Print it two-sided on plain paper with the settings you use for the
cards, hold it against a window and read where the front's lines cross
the scales on the back: those numbers are your --back-offset X,Y.

\b
Example:
  osallisuuspeli calibrate && osallisuuspeli build --back-offset 1,-0.5"""
    )
)
@click.option("--paper", type=click.Choice(Paper), default=Paper.a4, show_default=True)
@click.option("--lang", "language", default="fi", show_default=True, help=N_("Language of the instructions on the sheet."))
@click.option("--out", default="calibrate.pdf", show_default=True, type=click.Path(dir_okay=False, path_type=Path))
def calibrate(paper: str, language: str, out: Path) -> None:
    from osallisuuspeli.deck.render import calibration_pdf
    from osallisuuspeli.kit.files import write_atomic
    from osallisuuspeli.load import strings
    from osallisuuspeli.places import STRINGS

    have = sorted(p.stem for p in STRINGS.glob("*.yaml"))
    if language not in have:
        raise UserError(
            _("--lang %(language)s: the calibration sheet is written in %(have)s; choose one of them")
            % {"language": language, "have": ", ".join(have)}
        )
    write_atomic(out, calibration_pdf(PAPERS[paper], strings(language), language))
    click.echo(_("Wrote %(file)s. Print it two-sided (actual size, flip on the long edge), hold it against the light,") % {"file": out})
    click.echo(_("and read the X and Y scales where the front's lines cross them; then build with --back-offset X,Y."))


def _day(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """--since and --until as ISO dates, written as on the sheets."""
    import datetime

    from osallisuuspeli.results.dates import read_date

    if value is None:
        return None
    try:
        return read_date(value, datetime.date.today().year)
    except ValueError:
        raise click.BadParameter(_("%(value)s: not a date; write it as 2.12.2026 or 2026-12-02") % {"value": value}) from None


def season_options(f: FC) -> FC:
    """The options every command that counts a season takes: which deck, which language, which period and units."""
    for option in reversed(
        [
            click.option(
                "--deck",
                default=None,
                help=N_(
                    "Count the sheets of this deck (an id, or a deck folder or workbook for its words); default: the deck most files belong to."
                ),
            ),
            click.option(
                "--lang",
                "language",
                default=None,
                type=click.Choice(i18n.LANGUAGES),
                help=N_("The language of every word written (default: the one most sheets were filled in)."),
            ),
            click.option("--since", default=None, callback=_day, help=N_("Count workshops on or after this date (2.12.2026).")),
            click.option("--until", default=None, callback=_day, help=N_("Count workshops on or before this date.")),
            click.option(
                "--unit", "units", multiple=True, help=N_("Count only this organisation or unit (as on the sheets; repeat for more).")
            ),
        ]
    ):
        f = option(f)
    return f


def register_options(f: FC) -> FC:
    """--register and --database: count the register's workshops too (register/reads.py)."""
    f = click.option(
        "--database",
        default=None,
        metavar="URL|FILE",
        help=N_("Count the workshops of this register (an SQLite file, or postgresql://user@host/name); implies --register."),
    )(f)
    return click.option(
        "--register",
        "use_register",
        is_flag=True,
        help=N_(
            "Count the workshops in the register as well (`register where` names it; OSALLISUUSPELI_DATABASE another); "
            "a workshop both in the register and among the files counts once."
        ),
    )(f)


def _register(use_register: bool, database: str | None) -> Register | None:
    """The register `--register` or `--database` names, or None. Reading
    never makes one: a register file that is not there is a sentence."""
    if not use_register and database is None:
        return None
    from osallisuuspeli.register.data import Register
    from osallisuuspeli.register.store import open_register, url_of, where

    url = url_of(database)
    if url.get_backend_name() == "sqlite" and url.database and not Path(url.database).exists():
        raise UserError(
            _("%(register)s: no register there yet (register add FILES makes one): nothing to count") % {"register": where(url)}
        )
    return Register(open_register(database))


def _season(
    files: tuple[Path, ...],
    deck: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    units: tuple[str, ...],
    quiet: bool = False,
    register: Register | None = None,
) -> Season:
    """A season of the files (and of the register, when one is given), with
    every file not counted and everything else worth knowing said in a
    line; none counted at all is an error."""
    from osallisuuspeli.results.season import pdf_files, read_season

    missing = [f for f in files if not f.exists()]
    if missing:
        raise UserError(_("%(file)s: no such file or folder") % {"file": missing[0]})
    if not files and register is None:
        raise UserError(_("name the filled sheets to count (files or folders), or --register to count the register's workshops"))
    total = len(pdf_files(files))
    if total == 0 and register is None:
        raise UserError(_("no PDF files among the files and folders given: nothing to count"))
    shown = sys.stderr.isatty() and not quiet and total > 20
    chosen: dict[str, Any] = {"deck": deck, "language": language, "since": since, "until": until, "units": units}
    with click.progressbar(length=total, label=_("Reading"), file=sys.stderr) if shown else _nothing() as bar:
        progress = bar.update if shown else None
        if register is None:
            season = read_season(files, **chosen, progress=progress)
        else:
            from osallisuuspeli.register.reads import season as register_season

            season = register_season(register, files, **chosen, progress=progress)
    for s in season.skipped:
        click.echo(f"osallisuuspeli: {s.file}: {s.reason}", err=True)
    for note in season.notes:
        click.echo(f"osallisuuspeli: {note}", err=True)
    if not season.workshops and register is not None:
        raise UserError(
            _("no workshop of the deck in the register %(register)s or among the files for these choices: nothing to count")
            % {"register": register.where}
        )
    if not season.workshops:
        raise UserError(_("no filled board or results sheet of the deck among the files: nothing to count"))
    if language is None:
        other = _(" or ").join(f"--lang {x}" for x in i18n.LANGUAGES if x != season.language)
        click.echo(
            "osallisuuspeli: "
            + _("written in %(language)s, the language most sheets were filled in; %(other)s for another")
            % {"language": i18n.language_name(season.language), "other": other},
            err=True,
        )
    return season


class _nothing:
    """No progress bar, when none is shown: what the `with` needs."""

    def __enter__(self) -> _nothing:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, steps: int) -> None:
        pass


def _counted(season: Season) -> str:
    n = len(season.workshops)
    dates = sorted(w.date for w in season.workshops if w.date)
    counted = ngettext("Read %(num)d workshop", "Read %(num)d workshops", n) % {"num": n}
    return counted + (f" ({day(dates[0])} – {day(dates[-1])})" if dates else "")


def _too_few(season: Season) -> None:
    """Fewer than half of the files counted: the outputs are written, and the exit status says to look."""
    used = sum(len(w.files) for w in season.workshops)
    if used * 2 < season.files:
        click.echo(
            "osallisuuspeli: "
            + ngettext(
                "only %(used)d of %(num)d file counted; the lines above say why",
                "only %(used)d of %(num)d files counted; the lines above say why",
                season.files,
            )
            % {"used": used, "num": season.files},
            err=True,
        )
        sys.exit(1)


@main.command(
    help=N_(
        """Read filled boards and results sheets (files or folders, with their subfolders) into tables.

The workshops, every mark a team made on a card (a row a mark: where it
placed the card, its tokens), the agreed actions, the teams' own methods
and their notes, in one language, with the codes beside the words. A .csv
opens in Excel as it is (UTF-8 with BOM, semicolons); it comes with
NAME-workshops.csv, NAME-actions.csv, NAME-own_methods.csv and NAME-notes.csv.

\b
Example:
  osallisuuspeli results tulokset/ --out tulokset.xlsx --since 1.1.2026
  osallisuuspeli results --register --unit Kulttuuri"""
    )
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out", default="results.xlsx", show_default=True, help=N_("The file to write: .xlsx, .csv or .json; - for JSON on the screen.")
)
@season_options
@register_options
@click.option("--comma", is_flag=True, help=N_("In a .csv, separate fields with commas instead of semicolons."))
def results(
    files: tuple[Path, ...],
    out: str,
    deck: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    units: tuple[str, ...],
    use_register: bool,
    database: str | None,
    comma: bool,
) -> None:
    from osallisuuspeli.kit.files import write_atomic
    from osallisuuspeli.results.tables import csv_files, tables, to_csv, to_json, xlsx

    target = Path(out)
    kind = target.suffix.lower()
    if out != "-" and kind not in (".xlsx", ".csv", ".json"):
        raise UserError(_("%(file)s: write .xlsx, .csv or .json (the name's ending says which)") % {"file": target})
    season = _season(files, deck, language, since, until, units, quiet=out == "-", register=_register(use_register, database))
    sheets = tables(season)
    if out == "-":
        click.echo(to_json(sheets), nl=False)
        _too_few(season)
        return
    made = []
    if kind == ".json":
        write_atomic(target, to_json(sheets).encode("utf-8"))
        made.append(target)
    elif kind == ".xlsx":
        write_atomic(target, xlsx(sheets))
        made.append(target)
    else:
        for name, t in csv_files(sheets, target.stem):
            path = target.with_name(name)
            write_atomic(path, to_csv(t, "," if comma else ";"))
            made.append(path)
    click.echo(_("%(counted)s; wrote %(files)s") % {"counted": _counted(season), "files": ", ".join(str(m) for m in made)})
    _too_few(season)


@main.command(
    help=N_(
        """Sum up filled boards and results sheets (files or folders, with their subfolders) for a manager.

Writes report.pdf - the period and the units, a table per unit, a trend
by quarter, a chart per theme of where the teams placed the cards, the
methods most often worth trying and already done well, every agreed
action, then a page per workshop - and report.xlsx with the same counts,
charts and the tables of `results`, every word in one language. With
--register, also what became of the actions (register followup): per unit
and quarter, how many are under way, done, dropped and overdue, and each
one's last status.

\b
Example:
  osallisuuspeli report tulokset/ --lang fi --since 1.1.2026 --until 31.3.2026
  osallisuuspeli report --register --since 1.1.2026 --out raportti"""
    )
)
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help=N_("The folder for report.pdf and report.xlsx."),
)
@season_options
@register_options
def report(
    files: tuple[Path, ...],
    out: Path,
    deck: str | None,
    language: str | None,
    since: str | None,
    until: str | None,
    units: tuple[str, ...],
    use_register: bool,
    database: str | None,
) -> None:
    import datetime

    from osallisuuspeli.kit.files import write_atomic
    from osallisuuspeli.results.report import report_files

    register = _register(use_register, database)
    season = _season(files, deck, language, since, until, units, register=register)
    followup = None
    if register is not None:
        from osallisuuspeli.register.actions import followup as followed

        on = datetime.date.today().isoformat()
        followup = followed(register, on, since=since, until=until, units=units, deck=season.texts.deck)
    out.mkdir(parents=True, exist_ok=True)
    pdf, workbook = report_files(season, followup)
    write_atomic(out / "report.pdf", pdf)
    write_atomic(out / "report.xlsx", workbook)
    click.echo(
        _("%(counted)s; wrote %(files)s")
        % {"counted": _counted(season), "files": _("%(one)s and %(other)s") % {"one": out / "report.pdf", "other": out / "report.xlsx"}}
    )
    _too_few(season)


@main.command(
    help=N_(
        """Serve the web page: build kits, preview and download them, and make reports, in a browser.

Needs the web extra: pip install 'osallisuuspeli[web]'.

It is also the workshops' results service: coordinators (`user add`)
sign in at /sign-in, plan workshops and build their kits, whose boards'
QR codes open each workshop's results form.

\b
Example:
  osallisuuspeli serve
  osallisuuspeli serve --port 8080 --no-browser --behind-proxy   # on a server, behind the organisation's HTTPS proxy"""
    )
)
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help=N_("The address to listen on. Keep 127.0.0.1 and put the organisation's HTTPS proxy in front (results can name people)."),
)
@click.option("--port", default=0, show_default=True, type=click.IntRange(0, 65535), help=N_("The port; 0 picks a free one."))
@click.option("--no-browser", is_flag=True, help=N_("Do not open the page in a browser."))
@click.option(
    "--behind-proxy", is_flag=True, help=N_("Trust one reverse proxy's X-Forwarded-* headers (host, scheme, a plain path prefix).")
)
@click.option(
    "--threads",
    default=16,
    show_default=True,
    type=click.IntRange(2, 256),
    help=N_("Requests served at once (builds run in their own pool)."),
)
@click.option(
    "--database",
    default=None,
    metavar="URL|FILE",
    help=N_("The register the results service keeps workshops in: an SQLite file or postgresql://... (default: as `register`)."),
)
@click.option(
    "--trust-user-header",
    default=None,
    metavar="HEADER",
    help=N_("With --behind-proxy: the header in which the proxy's single sign-on names the coordinator (e.g. X-Remote-User)."),
)
@click.option(
    "--retention-months",
    default=None,
    type=click.IntRange(1, 1200),
    help=N_("Delete workshops (their results, actions and links) older than this many months, hourly. Off by default."),
)
def serve(
    host: str,
    port: int,
    no_browser: bool,
    behind_proxy: bool,
    threads: int,
    database: str | None,
    trust_user_header: str | None,
    retention_months: int | None,
) -> None:
    try:
        from osallisuuspeli.web.app import close, create_app
        from osallisuuspeli.web.app import server as web_server
    except ImportError:
        raise UserError(_("the web page needs its extra: pip install 'osallisuuspeli[web]'")) from None
    import webbrowser

    if trust_user_header and not behind_proxy:
        raise UserError(_("--trust-user-header needs --behind-proxy: only the organisation's proxy may say who is signed in"))
    app = create_app(
        {"BEHIND_PROXY": behind_proxy, "DATABASE": database, "TRUST_USER_HEADER": trust_user_header, "RETENTION_MONTHS": retention_months}
    )
    try:
        server = web_server(app, host, port, threads)
    except OSError as e:
        close(app)
        raise UserError(
            _("cannot listen on %(address)s (%(error)s); choose another --port") % {"address": f"{host}:{port}", "error": e.strerror or e}
        ) from None
    url = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{server.bind_addr[1]}/"
    click.echo(_("Serving on %(url)s - press Ctrl+C to stop") % {"url": url})
    if not no_browser:
        webbrowser.open(url)
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()
        close(app)  # nothing is kept


@main.command(
    help=N_(
        """Check a deck (a built-in one by name, or a folder): every language's
texts, and that every card and board text fits with the bundled font.

\b
Example:
  osallisuuspeli validate my-deck/
  osallisuuspeli validate helsinki --lang en     # a translator's check"""
    )
)
@click.argument("deck", required=False)
@click.option(
    "--lang",
    "language",
    default=None,
    help=N_("Also list the keys this language's files lack or add, compared with the deck's reference language."),
)
@click.option(
    "--strict",
    is_flag=True,
    help=N_("Treat warnings (text at its smallest size, text cut by #, quotes that will print) as errors: exit 2."),
)
def validate(deck: str | None, language: str | None, strict: bool) -> None:
    from osallisuuspeli.kit.build import options as kit_options
    from osallisuuspeli.kit.build import preflight
    from osallisuuspeli.load import builtin_decks, load_all
    from osallisuuspeli.translation import check_language

    if language is not None:
        name = deck or str(OPTIONS["deck"].default)
        problems = check_language(name, language)
        if problems:
            raise UserError("\n".join(map(str, problems)))

    options = kit_options(DEFAULT["paper"], DEFAULT["card_size"])  # what `build` makes without options
    for name in [deck] if deck else builtin_decks():
        decks = load_all(name)
        warnings = list(dict.fromkeys(w for d in decks for w in preflight(d, options)))
        if strict and warnings:
            raise UserError("\n".join(_("%(warning)s (--strict)") % {"warning": w} for w in warnings))
        d = decks[0]
        counts = [ngettext("%(num)d card", "%(num)d cards", len(d.cards)) % {"num": len(d.cards)}]
        if d.themes:
            counts.append(ngettext("%(num)d theme", "%(num)d themes", len(d.themes)) % {"num": len(d.themes)})
        counts.append(ngettext("%(num)d board step", "%(num)d board steps", len(d.board.steps)) % {"num": len(d.board.steps)})
        click.echo(
            _("ok: %(deck)s: %(counts)s, languages %(languages)s")
            % {"deck": name, "counts": ", ".join(counts), "languages": ", ".join(x.language for x in decks)}
        )
        _warn(warnings)


@main.command(
    name="list",
    help=N_(
        """Show the built-in decks, their languages and card counts.

\b
Example:
  osallisuuspeli list"""
    ),
)
def list_decks() -> None:
    from osallisuuspeli.load import builtin_decks, languages, load_deck

    for name in builtin_decks():
        langs = languages(name)
        deck = load_deck(name, langs[0])
        cards = ngettext("%(num)d card", "%(num)d cards", len(deck.cards)) % {"num": len(deck.cards)}
        click.echo(_("%(deck)s: %(cards)s, languages: %(languages)s") % {"deck": name, "cards": cards, "languages": ", ".join(langs)})


from osallisuuspeli.register_cli import register  # noqa: E402  (the register's commands live in their own module)

main.add_command(register)

from osallisuuspeli.user_cli import user  # noqa: E402  (the web service's accounts)

main.add_command(user)


def _with_help_options(command: click.Command) -> None:
    """-h/--help as an option of each command's own, so that `speak` translates
    its help like the others' (click makes its own once and keeps it)."""
    click.help_option("-h", "--help", help=N_("Show this message and exit."))(command)
    if isinstance(command, click.Group):
        for sub in command.commands.values():
            _with_help_options(sub)


_with_help_options(main)

if __name__ == "__main__":
    main()
