"""Dates and counts as people write them on a sheet, read into ISO dates and
integers; what cannot be read is kept as written and said."""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Mapping
from typing import Any

_DMY = re.compile(r"^(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{2}|\d{4})?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_SLASH = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})$")
# somewhere in a timetable: 31.5.2027, 2027-05-31, 5/2027, 5.2027
_ANY_DMY = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(\d{1,2})\.\s?(\d{4}|\d{2})(?![\d.])")
_ANY_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{1,2})-(\d{1,2})(?!\d)")
_ANY_MONTH = re.compile(r"(?<![\d./])(\d{1,2})[./](\d{4})(?![\d./])")


def _year(text: str, century: int = 2000) -> int:
    return int(text) + century if len(text) == 2 else int(text)


def _iso(year: int, month: int, day: int) -> str:
    return datetime.date(year, month, day).isoformat()  # ValueError when there is no such day


def read_date(text: str, year: int) -> str:
    """'2.12.2026', '2.12.26', '2026-12-02', '2.12.' (in `year`) as '2026-12-02';
    ValueError when `text` is none of these."""
    text = " ".join(text.split()).rstrip(",;")
    if m := _ISO.match(text):
        return _iso(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY.match(text):
        return _iso(_year(m[3]) if m[3] else year, int(m[2]), int(m[1]))
    if m := _SLASH.match(text):
        return _iso(_year(m[3]), int(m[2]), int(m[1]))
    raise ValueError(text)


def due_date(timetable: str) -> str:
    """The date a timetable names, as ISO; a month ('5/2027') is its last day;
    '' when it names none ('kevät 2027')."""
    for pattern, parts in ((_ANY_ISO, (1, 2, 3)), (_ANY_DMY, (3, 2, 1))):
        if m := pattern.search(timetable):
            y, mo, d = (m[i] for i in parts)
            try:
                return _iso(_year(y), int(mo), int(d))
            except ValueError:
                pass
    if m := _ANY_MONTH.search(timetable):
        month, year = int(m[1]), int(m[2])
        if 1 <= month <= 12:
            return _iso(year, month, calendar.monthrange(year, month)[1])
    return ""


def read_count(text: str) -> int | None:
    """The one whole number written ('12', 'n. 12', '12 henkilöä'); None when
    there is none or more than one ('5-7')."""
    numbers = re.findall(r"\d+", text)
    return int(numbers[0]) if len(numbers) == 1 and len(numbers[0]) <= 6 else None


def read_details(typed: Mapping[str, str], year: int) -> dict[str, Any]:
    """A workshop's details as typed (a sheet's, the web form's) and as read:
    the Workshop fields from date to scope. A date that cannot be read leaves
    the workshop undated (season_of says so), a count in words uncounted."""
    try:
        date = read_date(typed["date"], year) if typed["date"] else ""
    except ValueError:
        date = ""
    return {
        "date": date,
        "date_typed": typed["date"],
        "organisation": " ".join(typed["organisation"].split()),
        "leader": typed["leader"],
        "participants": read_count(typed["participants"]),
        "participants_typed": typed["participants"],
        "target_group": typed["target_group"],
        "scope": typed["scope"],
    }
