"""`osallisuuspeli register ...`: the register of workshops and the follow-up
of their actions, on the command line. The engines are in register/ and
kit/followup_sheet.py; this only parses options and says what happened."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import LANGUAGES, N_, _, day, ngettext

if TYPE_CHECKING:  # imported where used: `register --help` needs none of the engines
    from osallisuuspeli.register.actions import ActionView, Entered
    from osallisuuspeli.register.data import Added, Register
    from osallisuuspeli.register.followup import Filled
    from osallisuuspeli.results.season import Skipped


def _default() -> str:
    try:
        from osallisuuspeli.register.home import default_path

        return str(default_path())
    except ImportError:  # platformdirs missing: the help still shows
        return _("register.sqlite in your data folder")


def _workshops(n: int) -> str:
    return ngettext("%(num)d workshop", "%(num)d workshops", n) % {"num": n}


database_option = click.option(
    "--database",
    default=None,
    metavar="URL|FILE",
    help=N_("The register: an SQLite file, or postgresql://user@host/name (default: OSALLISUUSPELI_DATABASE, else the file named above)."),
)


def _open(database: str | None) -> Register:
    from osallisuuspeli.register.data import Register
    from osallisuuspeli.register.store import open_register

    return Register(open_register(database))


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is None:
        return None
    from osallisuuspeli.register.followup import read_date

    try:
        return read_date(value)
    except ValueError:
        raise click.BadParameter(_("%(value)s is not a date (write it as 31.12.2026 or 2026-12-31)") % {"value": repr(value)}) from None


HELP = N_("""Keep workshops and their agreed actions in a register, and follow the actions up.

The register is an SQLite file on this computer, by default
%(default_register)s
(or the database --database or OSALLISUUSPELI_DATABASE names, e.g. a
PostgreSQL server: postgresql://user@host/name). Nothing is sent anywhere.

It holds what the sheets hold, names of game leaders and units among it. To
answer a data-subject request: `register export everything.xlsx` (or .json)
shows all of it; `register delete N` deletes workshop N (the number `register
list` shows) with its actions; `register delete --all --yes` deletes everything.

\b
Example:
  osallisuuspeli register add tulokset/
  osallisuuspeli register followup --unit Kulttuuri --since 2026-01-01 --out seuranta
""")


HELP_VALUES = {"default_register": _default}  # placeholders of the help, filled where it is shown (cli.speak)


@click.group(name="register", help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
def register() -> None:
    pass


def _workbooks(paths: tuple[Path, ...]) -> list[Path]:
    """The workbooks under `paths`, folders read recursively: follow-up sheets filled in Excel."""
    books = []
    for path in paths:
        found = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        books += [p for p in found if p.suffix.lower() == ".xlsx"]
    return books


@register.command(
    help=N_(
        """Add filled boards, results sheets and follow-up sheets (files or folders, read recursively).

A workshop already in the register is not added again; a board added
after its results sheet (or the other way round) joins that workshop.

\b
Example:
  osallisuuspeli register add tulokset/ seuranta/followup-sheet-filled.pdf"""
    )
)
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--date", "date", callback=_date, help=N_("The date of a follow-up status filled in without one (default: today)."))
@database_option
def add(paths: tuple[Path, ...], date: str | None, database: str | None) -> None:
    from osallisuuspeli.results import season  # the reader of filled sheets

    _must_exist(paths)
    reg = _open(database)
    reads, skipped = season.read_files(list(paths))
    filled, lines = _followups(skipped, _workbooks(paths), date or datetime.date.today().isoformat())
    entries, refused = _entries(reg, filled)
    lines += refused
    if not reads and not filled:
        _tell(lines)
        raise UserError(_("no filled board, results sheet or follow-up sheet among the files: nothing was added"))
    done = reg.add(reads)
    recorded, again, gone = _record_known(reg, entries)
    already = [
        _("%(file)s: already in the register as workshop %(number)s; nothing changed") % {"file": file, "number": number}
        for file, number in done.already
    ]
    _tell(already + lines + gone)
    click.echo(_summary(reg, done, bool(filled), recorded, again))


def _must_exist(paths: tuple[Path, ...]) -> None:
    """Stop at the first name that is not there, before the register is opened (or made) for nothing."""
    missing = [p for p in paths if not p.exists()]
    if missing:
        raise UserError(_("%(file)s: no such file or folder") % {"file": missing[0]})


def _followups(skipped: Iterable[Skipped], books: list[Path], today: str) -> tuple[list[Filled], list[str]]:
    """The follow-up sheets: among the files the workshop reader skipped (read
    from where it opened them, a folder a unit or not), and the workbooks; with
    a line for each file that is neither kind of sheet, or cannot be read."""
    outcomes: list[Filled | str] = []
    for s in skipped:
        path = Path(s.path) if s.path else None
        if path in books:
            continue  # a workbook named itself: read below as a follow-up sheet, not also called "not a PDF file"
        outcomes.append(_followup(path, today, f"{s.file}: {s.reason}"))
    for book in books:
        outcomes.append(_followup(book, today, _("%(file)s: not a follow-up sheet of osallisuuspeli; skipped") % {"file": book.name}))
    return [o for o in outcomes if not isinstance(o, str)], [o for o in outcomes if isinstance(o, str)]


def _followup(path: Path | None, today: str, otherwise: str) -> Filled | str:
    """A follow-up sheet read, or the line to say instead: `otherwise` when the
    file is none (or unknown), the reader's problem when it is one gone wrong."""
    from osallisuuspeli.register.followup import NotFollowup, read_filled

    if path is None:
        return otherwise
    try:
        return read_filled(path, today)
    except NotFollowup:
        return otherwise
    except ValueError as e:
        return str(e)


def _entries(reg: Register, filled: Iterable[Filled]) -> tuple[list[Entered], list[str]]:
    """The statuses of the sheets made from this register, with the problems of
    their actions; a sheet of another register is refused whole (its action
    ids would name other actions here)."""
    entries: list[Entered] = []
    lines: list[str] = []
    for f in filled:
        if f.register != reg.id:
            lines.append(
                _("%(file)s: made from another register (%(other)s), not this one (%(this)s); add it there with --database; skipped")
                % {"file": f.file, "other": f.register, "this": reg.id}
            )
            continue
        lines += f.problems
        entries += f.entries
    return entries, lines


def _record_known(reg: Register, entries: list[Entered]) -> tuple[int, int, list[str]]:
    """The statuses recorded and already there, and a line for each one whose
    action is gone: `record` would refuse them all for one deleted workshop."""
    from osallisuuspeli.register.actions import record

    known = {a.id for a in _actions(reg, [e.action for e in entries])}
    lines = [
        _("action %(action)s is no longer in the register (its workshop was deleted); its status was not added") % {"action": e.action}
        for e in entries
        if e.action not in known
    ]
    recorded, again = record(reg, [e for e in entries if e.action in known]) if entries else (0, 0)
    return recorded, again, lines


def _tell(lines: Iterable[str]) -> None:
    """Each line on stderr, marked as the program's as its errors are: stdout keeps only the summary."""
    for line in lines:
        click.echo(f"osallisuuspeli: {line}", err=True)


def _summary(reg: Register, done: Added, followups: bool, recorded: int, again: int) -> str:
    """The one sentence on stdout: what the register gained (the statuses only when follow-up sheets were among the files)."""
    parts = [ngettext("added %(num)d workshop", "added %(num)d workshops", len(done.added)) % {"num": len(done.added)}]
    if done.merged:
        parts.append(
            ngettext("%(num)d workshop joined by its other sheet", "%(num)d workshops joined by their other sheet", len(done.merged))
            % {"num": len(done.merged)}
        )
    if done.already:
        parts.append(
            ngettext("%(num)d was there already (nothing changed)", "%(num)d were there already (nothing changed)", len(done.already))
            % {"num": len(done.already)}
        )
    if followups:
        statuses = ngettext("recorded %(num)d status of follow-up sheets", "recorded %(num)d statuses of follow-up sheets", recorded) % {
            "num": recorded
        }
        parts.append(statuses + (" " + _("(%(num)d there already)") % {"num": again} if again else ""))
    return _("Register %(where)s: %(done)s.") % {"where": reg.where, "done": ", ".join(parts)}


def _actions(reg: Register, ids: Iterable[str]) -> list[ActionView]:
    from osallisuuspeli.register.actions import actions

    return actions(reg, ids=ids)


@register.command(
    name="list",
    help=N_(
        """Show the workshops: number, date, organisation and unit, game leader, deck, cards placed, actions.

\b
Example:
  osallisuuspeli register list --since 2026-01-01 --unit Kulttuuri"""
    ),
)
@click.option("--since", callback=_date, help=N_("Workshops on or after this date."))
@click.option("--until", callback=_date, help=N_("Workshops on or before this date."))
@click.option("--unit", help=N_("One organisation or unit (case and spacing do not matter)."))
@click.option("--deck", help=N_("One deck's workshops (its id, e.g. helsinki)."))
@database_option
def list_(since: str | None, until: str | None, unit: str | None, deck: str | None, database: str | None) -> None:
    reg = _open(database)
    entries = reg.entries(since=since, until=until, unit=unit, deck=deck)
    if not entries:
        if since or until or unit or deck:
            click.echo(_("The register %(where)s holds no such workshops.") % {"where": reg.where})
        else:
            click.echo(_("The register %(where)s holds no such workshops yet (register add FILES adds some).") % {"where": reg.where})
        return
    head = (_("No."), _("Date"), _("Organisation and unit"), _("Game leader"), _("Deck"), _("Cards placed"), _("Actions"))
    rows = [
        (str(e.number), day(e.date) if e.date else "-", e.organisation or "-", e.leader or "-", e.deck, str(e.placed), str(e.actions))
        for e in entries
    ]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        click.echo("  ".join(v.ljust(w) if i < 5 else v.rjust(w) for i, (v, w) in enumerate(zip(r, widths))).rstrip())
    click.echo(_workshops(len(entries)))


@register.command(
    help=N_(
        """Delete workshops by the number `register list` shows, with their actions and statuses.

\b
Example:
  osallisuuspeli register delete 12
  osallisuuspeli register delete --all --yes"""
    )
)
@click.argument("workshops", nargs=-1, type=int)
@click.option("--all", "everything", is_flag=True, help=N_("Delete every workshop and everything of theirs."))
@click.option("--yes", is_flag=True, help=N_("Confirm --all."))
@database_option
def delete(workshops: tuple[int, ...], everything: bool, yes: bool, database: str | None) -> None:
    if everything and workshops:
        raise UserError(_("delete either numbered workshops or --all, not both"))
    if not everything and not workshops:
        raise UserError(_("name the workshops to delete by their numbers (register list shows them), or --all --yes for everything"))
    if everything and not yes:
        raise UserError(_("--all deletes every workshop in the register: add --yes to confirm"))
    reg = _open(database)
    if everything:
        gone = reg.delete(None)
        click.echo(
            _("Deleted everything in the register %(where)s: %(workshops)s with their actions.")
            % {"where": reg.where, "workshops": _workshops(gone)}
        )
        return
    held = {e.number for e in reg.entries()}
    missing = [n for n in workshops if n not in held]
    if missing:
        raise UserError(
            _("no workshop %(number)s in the register %(where)s (register list shows the numbers); nothing was deleted")
            % {"number": missing[0], "where": reg.where}
        )
    numbers = sorted(set(workshops))
    reg.delete(numbers)
    if len(numbers) == 1:
        click.echo(
            _("Deleted workshop %(number)s and its actions from the register %(where)s.") % {"number": numbers[0], "where": reg.where}
        )
    else:
        click.echo(
            _("Deleted workshops %(numbers)s and their actions from the register %(where)s.")
            % {"numbers": ", ".join(map(str, numbers)), "where": reg.where}
        )


@register.command(
    help=N_(
        """Write everything in the register to FILE.xlsx (to read) or FILE.json (to import again).

\b
Example:
  osallisuuspeli register export rekisteri.xlsx"""
    )
)
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@database_option
def export(file: Path, database: str | None) -> None:
    from osallisuuspeli.kit.files import write_atomic
    from osallisuuspeli.register.exported import xlsx_bytes

    kind = file.suffix.lower()
    if kind not in (".xlsx", ".json"):
        raise UserError(_("%(file)s: export to .xlsx or .json (the name's ending says which)") % {"file": file})
    reg = _open(database)
    data = reg.export_json() if kind == ".json" else xlsx_bytes(reg.dump())
    try:
        write_atomic(file, data)
    except OSError as e:
        raise UserError(_("%(file)s: cannot be written (%(error)s)") % {"file": file, "error": e.strerror or e}) from None
    click.echo(
        _("Wrote %(file)s: %(workshops)s of the register %(where)s.")
        % {"file": file, "workshops": _workshops(reg.count()), "where": reg.where}
    )


@register.command(
    name="import",
    help=N_(
        """Read an export (FILE.json) into an empty register.

\b
Example:
  osallisuuspeli register import rekisteri.json --database postgresql://palvelin/osallisuus"""
    ),
)
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@database_option
def import_(file: Path, database: str | None) -> None:
    reg = _open(database)
    n = reg.import_json(file.read_bytes(), file.name)
    click.echo(_("Imported %(workshops)s into the register %(where)s.") % {"workshops": _workshops(n), "where": reg.where})


@register.command(help=N_("""Print where the register is (its file, or its database without the password)."""))
@database_option
def where(database: str | None) -> None:
    from osallisuuspeli.register.store import url_of
    from osallisuuspeli.register.store import where as place

    click.echo(place(url_of(database)))


@register.command(
    help=N_(
        """Write a follow-up sheet of the open actions: followup-sheet.pdf (fillable) and followup.xlsx.

Owners tick what became of each action (not started, under way, done,
dropped) with a date and a note; `register add` reads the filled copies
back, whatever language they were filled in.

\b
Example:
  osallisuuspeli register followup --unit Kulttuuri --since 2026-01-01 --out seuranta"""
    )
)
@click.option("--unit", help=N_("The actions of one organisation or unit."))
@click.option("--since", callback=_date, help=N_("Of workshops on or after this date."))
@click.option("--until", callback=_date, help=N_("Of workshops on or before this date."))
@click.option("--lang", "language", default=LANGUAGES[0], show_default=True, type=click.Choice(LANGUAGES), help=N_("The sheet's language."))
@click.option("--paper", default="a4", show_default=True, type=click.Choice(["a4", "letter"]), help=N_("Paper size."))
@click.option(
    "--out", default=Path("."), show_default=True, type=click.Path(file_okay=False, path_type=Path), help=N_("The folder to write to.")
)
@database_option
def followup(unit: str | None, since: str | None, until: str | None, language: str, paper: str, out: Path, database: str | None) -> None:
    from osallisuuspeli.kit.files import write_atomic
    from osallisuuspeli.kit.followup_sheet import Item, followup_pdf, followup_xlsx
    from osallisuuspeli.register.actions import OPEN, actions
    from osallisuuspeli.units import PAPERS

    reg = _open(database)
    chosen = [a for a in actions(reg, since=since, until=until, unit=unit) if a.status in OPEN]
    if not chosen:
        raise UserError(_("no open actions in the register for these choices: nothing to follow up"))
    items = [Item(a.id, a.date, a.organisation, a.goal, a.method, a.responsible, a.timetable) for a in chosen]
    pdf = followup_pdf(items, language, PAPERS[paper], reg.id)
    book = followup_xlsx(items, language, reg.id)
    try:
        out.mkdir(parents=True, exist_ok=True)
        write_atomic(out / "followup-sheet.pdf", pdf)
        write_atomic(out / "followup.xlsx", book)
    except OSError as e:
        raise UserError(_("%(folder)s: cannot write there (%(error)s)") % {"folder": out, "error": e.strerror or e}) from None
    click.echo(
        ngettext("Wrote %(pdf)s and %(xlsx)s: %(num)d open action.", "Wrote %(pdf)s and %(xlsx)s: %(num)d open actions.", len(items))
        % {"pdf": out / "followup-sheet.pdf", "xlsx": out / "followup.xlsx", "num": len(items)}
    )


@register.command(
    help=N_(
        """Record what became of an action (its id, e.g. 12-1, is on the follow-up sheet).

\b
Example:
  osallisuuspeli register status 12-1 done --date 2027-03-31 --note "Kokeiltu kahdesti"
"""
    )
)
@click.argument("action")
@click.argument("status", type=click.Choice(["not_started", "under_way", "done", "dropped"]))
@click.option("--date", "date", callback=_date, help=N_("When it was so (default: today)."))
@click.option("--note", default="", help=N_("A note to keep with it."))
@database_option
def status(action: str, status: str, date: str | None, note: str, database: str | None) -> None:
    from osallisuuspeli.register.actions import Entered, record

    reg = _open(database)
    when = date or datetime.date.today().isoformat()
    recorded, _again = record(reg, [Entered(action, status, when, note)])
    words = {"not_started": _("not started"), "under_way": _("under way"), "done": _("done"), "dropped": _("dropped")}
    if recorded:
        click.echo(
            _("Action %(action)s: %(status)s on %(date)s, recorded.") % {"action": action, "status": words[status], "date": day(when)}
        )
    else:
        click.echo(
            _("Action %(action)s: %(status)s on %(date)s, already recorded; nothing changed.")
            % {"action": action, "status": words[status], "date": day(when)}
        )
