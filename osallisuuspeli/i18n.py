"""Every word around the papers in the reader's language: gettext catalogues
managed with Babel (`osallisuuspeli/locale/<lang>/LC_MESSAGES/osallisuuspeli.po`,
compiled to .mo beside it), for Finnish, Swedish and English.

The printed papers keep their own content files (a municipality edits them);
this is for what a person reads around them: messages, warnings, the web page.
The language is chosen once per process on the command line (`ui_language()`)
and per request on the web page (`speaking(language)` around the handler).
Messages are written in English in the code, with named placeholders:

    _("%(file)s is not a PDF file; skipped") % {"file": name}
    ngettext("%(num)d workshop", "%(num)d workshops", n) % {"num": n}
"""

from __future__ import annotations

import locale
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from gettext import NullTranslations
from pathlib import Path

from babel.support import Translations

LANGUAGES = ("fi", "sv", "en")
DOMAIN = "osallisuuspeli"
LOCALE_DIR = Path(__file__).parent / "locale"

_current: ContextVar[str] = ContextVar("osallisuuspeli_ui_language", default="en")


@cache
def catalogue(language: str) -> NullTranslations:
    """The compiled catalogue of a language; English is the code's own words."""
    if language not in LANGUAGES or language == "en":
        return NullTranslations()
    return Translations.load(LOCALE_DIR, [language], domain=DOMAIN)


def current() -> str:
    return _current.get()


def use(language: str) -> None:
    """Speak this language from now on in this context (the command line, once)."""
    _current.set(language if language in LANGUAGES else "en")


@contextmanager
def speaking(language: str) -> Iterator[None]:
    """Speak this language inside the block only (a web request, a worker's job)."""
    token = _current.set(language if language in LANGUAGES else "en")
    try:
        yield
    finally:
        _current.reset(token)


def _(message: str) -> str:
    return catalogue(_current.get()).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return catalogue(_current.get()).ngettext(singular, plural, n)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; translated where it is shown."""
    return message


def ui_language(environ: Mapping[str, str] = os.environ) -> str:
    """The command line's language: OSALLISUUSPELI_UI, else the locale
    (LANGUAGE, LC_ALL, LC_MESSAGES, LANG; on Windows the user's own), else English."""
    for name in ("OSALLISUUSPELI_UI", "LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for value in environ.get(name, "").split(":"):
            code = value.strip().lower()[:2]
            if code in LANGUAGES:
                return code
            if name == "OSALLISUUSPELI_UI" and value:
                break
    if os.name == "nt":  # pragma: no cover - Windows sets no LANG; its locale names the user's language
        code = (locale.getlocale()[0] or "").lower()
        for language, names in (("fi", ("fi", "finnish")), ("sv", ("sv", "swedish"))):
            if code.startswith(names):
                return language
    return "en"
