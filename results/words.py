"""The report's counted phrases, dates and periods in the reader's language.

Words come from content/strings/<language>.yaml, so a translator changes
them without code: a counted phrase has a `_one` and an `_other` key (fi,
sv and en say "one" for exactly 1), a date a pattern, the months a list.
"""

from __future__ import annotations

from collections.abc import Mapping

Words = Mapping[str, str]  # the strings table of a language (osallisuuspeli.load.strings): key -> text


def counted(s: Words, key: str, n: int) -> str:
    """ "1 työpaja", "5 työpajaa": `key`_one for n == 1, `key`_other otherwise."""
    return s[f"{key}_{'one' if n == 1 else 'other'}"].format(n=n)


def _month_name(s: Words, month: int) -> str:
    return s["report_month_names"].split()[month - 1]


def day(s: Words, iso: str) -> str:
    """An ISO date as the language writes it: 2.12.2026, 2 December 2026."""
    year, month, d = (int(x) for x in iso.split("-"))
    return s["report_date"].format(day=d, month=month, name=_month_name(s, month), year=year)


def period_name(s: Words, code: str) -> str:
    """ "2026-Q4" or "2026-11" as the language says it; "" is no date."""
    if not code:
        return s["report_no_date"]
    year, rest = code.split("-")
    if rest.startswith("Q"):
        return s["report_quarter"].format(quarter=int(rest[1:]), year=int(year))
    return s["report_month"].format(name=_month_name(s, int(rest)), year=int(year))
