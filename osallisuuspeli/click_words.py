"""Click's own words (usage, option errors, "Show this message and exit.")
in the command line's language: click asks the stdlib's gettext for them, so
the command line binds gettext's domain to this package's catalogues
(`speak_click`), and these are click's message ids, listed here for the
extractor. They are click 8's wordings; one that a click version words
differently stays English there."""

from __future__ import annotations

import gettext
import os

from .i18n import DOMAIN, LOCALE_DIR, N_, ngettext

WORDS = (
    N_("Usage:"),
    N_("Options"),
    N_("Commands"),
    N_("Positional arguments"),
    N_("Show this message and exit."),
    N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"),
    N_("default: {default}"),
    N_("required"),
    N_("Aborted!"),
    N_("Error: {message}"),
    N_("Try '{command} {option}' for help."),
    N_("Missing command."),
    N_("Invalid value: {message}"),
    N_("Invalid value for {param_hint}: {message}"),
    N_("Missing argument"),
    N_("Missing option"),
    N_("Missing parameter"),
    N_("Missing {param_type}"),
    N_("Missing parameter: {param_name}"),
    N_("No such option {name!r}."),
    N_("No such option: {name}"),
    N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("{value!r} is not a valid {number_type}."),
    N_("{value} is not in the range {range}."),
    N_("file"),
    N_("directory"),
    N_("path"),
    N_("{name} {filename!r} does not exist."),
    N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."),
    N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."),
)


def _plurals(n: int) -> None:  # never called: the extractor reads click's counted messages here
    ngettext("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)", n)
    ngettext("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})", n)
    ngettext("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments.", n)
    ngettext("{value!r} is not {choice}.", "{value!r} is not one of {choices}.", n)


def speak_click(language: str) -> None:
    """Click's words in `language` from now on in this process: gettext's
    domain is ours, and its language (which gettext reads from LANGUAGE) this one."""
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = language
