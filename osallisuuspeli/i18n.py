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

Jobs in other processes (the build's workers, the web page's pool) speak the
caller's language when their function is wrapped in `carried(fn)`.
The catalogues are made with Babel (see babel.cfg and `python -m tests.catalogues`).
"""

from __future__ import annotations

import locale
import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date
from functools import cache
from gettext import NullTranslations
from pathlib import Path
from typing import Generic, ParamSpec, TypeVar

from babel.dates import format_date
from babel.numbers import format_decimal
from babel.support import Translations

LANGUAGES = ("fi", "sv", "en")
DOMAIN = "osallisuuspeli"
LOCALE_DIR = Path(__file__).parent / "locale"

DATE_PATTERNS = {"fi": "d.M.y", "sv": "d.M.y", "en": "d MMMM y"}  # as the kit's papers write dates (sv's CLDR short form is ISO)

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


def day(value: date | str) -> str:
    """A date as the reader writes it: 2.12.2026 in fi and sv, 2 December 2026 in en.
    A text that is not an ISO date is shown as it is."""
    if isinstance(value, str):
        try:
            when = date.fromisoformat(value)
        except ValueError:
            return value
    else:
        when = value
    language = _current.get()
    return format_date(when, DATE_PATTERNS[language], locale=language)


def number(value: float) -> str:
    """A number with the reader's separators (fi/sv 1 234,5 with a no-break space; en 1,234.5)."""
    return format_decimal(value, locale=_current.get())


def language_name(code: str) -> str:
    """A language's name in the reader's language ("ruotsi", "finska", "Swedish")."""
    names = {"fi": N_("Finnish"), "sv": N_("Swedish"), "en": N_("English")}
    return _(names[code]) if code in names else code


P = ParamSpec("P")
R = TypeVar("R")


class carried(Generic[P, R]):
    """`fn` run in another process (a pool's worker) speaking the language of
    the caller at the time it was wrapped; picklable when `fn` is."""

    def __init__(self, fn: Callable[P, R], language: str | None = None):
        self.fn = fn
        self.language = language or current()

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R:
        with speaking(self.language):
            return self.fn(*args, **kwargs)


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
    if os.name == "nt":  # pragma: no cover - Windows sets no LANG: its display language, else its locale
        for code in (_windows_ui_language(), (locale.getlocale()[0] or "").lower()):
            for language, names in (("fi", ("fi", "finnish")), ("sv", ("sv", "swedish"))):
                if code.startswith(names):
                    return language
    return "en"


def _windows_ui_language() -> str:  # pragma: no cover - Windows only
    """The language Windows shows its own menus in ("fi_fi"), from its LANGID."""
    try:
        import ctypes

        langid = ctypes.windll.kernel32.GetUserDefaultUILanguage()  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return ""
    return locale.windows_locale.get(langid, "").lower()
