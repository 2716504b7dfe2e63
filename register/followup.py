"""Filled follow-up sheets (kit/followup_sheet.py), PDF or workbook, read
back into status entries. The fields are named by action id and status
code, never by a word, so a sheet adds back whatever language it was
printed and filled in; a workbook's status may be typed in any of them."""

from __future__ import annotations

import datetime
import json
import logging
import re
from pathlib import Path
from typing import Any, NamedTuple

from osallisuuspeli.i18n import LANGUAGES, _
from osallisuuspeli.kit.followup_sheet import FORM, KEY, RECORD_SHEET, STATUSES, words
from osallisuuspeli.record import dotted, followup_field

from .actions import Entered


class Filled(NamedTuple):
    file: str
    register: str  # the register it was made from
    entries: tuple[Entered, ...]
    problems: tuple[str, ...]  # one sentence per action that could not be read


class NotFollowup(ValueError):
    """Not a follow-up sheet at all: the file is for the workshop reader."""


_DMY = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{2}|\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")


def read_date(value: object) -> str:
    """A status's date as typed ('31.12.2026', '31.12.26', '2026-12-31', a
    spreadsheet's date) as ISO; ValueError when it is none of these."""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = " ".join(str(value).split()).rstrip(".")
    if m := _ISO.match(text):
        return datetime.date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    if m := _DMY.match(text):
        year = int(m[3]) + (2000 if len(m[3]) == 2 else 0)
        return datetime.date(year, int(m[2]), int(m[1])).isoformat()
    raise ValueError(text)


def _status_words() -> dict[str, str]:
    """Every language's word for each status, and the codes, casefolded."""
    table = {code.casefold(): code for code in STATUSES}
    for language in LANGUAGES:
        table |= {words(language)[code].casefold(): code for code in STATUSES}
    return table


def _record(text: object, name: str) -> dict[str, Any]:
    try:
        doc = json.loads(str(text))
        if not isinstance(doc, dict) or doc.get("form") != FORM or not isinstance(doc.get("actions"), list):
            raise ValueError
    except (ValueError, AttributeError):
        raise ValueError(f"{name}: its follow-up record is damaged; not added") from None
    return doc


def _entry(file: str, action: str, codes: list[str], date: object, note: str, today: str) -> Entered | str | None:
    """One action's status, a sentence saying why not, or None when nothing was marked."""
    note = " ".join(note.split())
    typed = "" if date is None else str(date).strip()
    if not codes:
        return (
            _("%(file)s: action %(action)s: a date or note but no status ticked; not added") % {"file": file, "action": action}
            if typed or note
            else None
        )
    if len(codes) > 1:
        return _("%(file)s: action %(action)s: more than one status ticked (%(codes)s); not added") % {
            "file": file,
            "action": action,
            "codes": ", ".join(codes),
        }
    try:
        iso = read_date(date) if typed else today
    except ValueError:
        return _("%(file)s: action %(action)s: the date %(date)s cannot be read (write it as 31.12.2026); not added") % {
            "file": file,
            "action": action,
            "date": repr(typed),
        }
    return Entered(action, codes[0], iso, note)


def read_pdf(path: Path, today: str) -> Filled:
    import pypdf
    from pypdf.errors import PdfReadError

    quiet = logging.getLogger("pypdf")
    level, quiet.level = quiet.level, logging.CRITICAL
    try:
        reader = pypdf.PdfReader(path)
        info = dict(reader.metadata or {})
        if KEY not in info:
            raise NotFollowup(path.name)
        fields = reader.get_fields() or {}
    except (PdfReadError, OSError, KeyError, TypeError):
        raise NotFollowup(path.name) from None
    finally:
        quiet.setLevel(level)
    doc = _record(info[KEY], path.name)
    values = {name: f.get("/V") for name, f in fields.items()}

    def ticked(name: str) -> bool:
        v = values.get(name)
        return v is not None and str(v) not in ("", "/Off", "Off")

    entries, problems = [], []
    for action in doc["actions"]:
        codes = [c for c in STATUSES if ticked(dotted(followup_field(action, c)))]
        date = values.get(dotted(followup_field(action, "date")))
        note = values.get(dotted(followup_field(action, "note")))
        got = _entry(path.name, action, codes, date if date else None, str(note or ""), today)
        if isinstance(got, Entered):
            entries.append(got)
        elif got:
            problems.append(got)
    return Filled(path.name, str(doc.get("register", "")), tuple(entries), tuple(problems))


def read_xlsx(path: Path, today: str) -> Filled:
    import zipfile

    import openpyxl  # type: ignore[import-untyped]

    try:
        book = openpyxl.load_workbook(path, data_only=True)
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        raise NotFollowup(path.name) from None
    if RECORD_SHEET not in book.sheetnames:
        raise NotFollowup(path.name)
    doc = _record(book[RECORD_SHEET]["A1"].value, path.name)
    sheet = book.worksheets[0]
    known = _status_words()
    wanted = set(doc["actions"])
    entries, problems = [], []
    for row in sheet.iter_rows(min_row=2, values_only=True):
        if not row or row[0] is None:
            continue
        action = str(row[0]).lstrip("'")
        if action not in wanted:
            problems.append(
                _("%(file)s: action %(action)s was not on the sheet as it was made; not added") % {"file": path.name, "action": action}
            )
            continue
        status, date, note = (list(row[7:10]) + [None, None, None])[:3]
        typed = "" if status is None else " ".join(str(status).split()).casefold()
        if typed and typed not in known:
            problems.append(
                _("%(file)s: action %(action)s: %(status)s is not a status (%(statuses)s); not added")
                % {
                    "file": path.name,
                    "action": action,
                    "status": repr(str(status)),
                    "statuses": ", ".join(words("en")[c] for c in STATUSES),
                }
            )
            continue
        got = _entry(path.name, action, [known[typed]] if typed else [], date, "" if note is None else str(note), today)
        if isinstance(got, Entered):
            entries.append(got)
        elif got:
            problems.append(got)
    return Filled(path.name, str(doc.get("register", "")), tuple(entries), tuple(problems))


def read_filled(path: Path, today: str) -> Filled:
    """A filled follow-up sheet; NotFollowup when the file is not one."""
    if path.suffix.lower() == ".xlsx":
        return read_xlsx(path, today)
    if path.suffix.lower() == ".pdf":
        return read_pdf(path, today)
    raise NotFollowup(path.name)
