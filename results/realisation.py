"""The report's realisation: what became of the agreed actions, in the
reader's language, from the register's follow-up (a Followup, which
register/actions.py makes: counts per unit and quarter, each action's last status).

Rows of words and numbers only; results/report.py lays them out. Files alone
hold no status, so the report then says so in one line instead of counting.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import NamedTuple

from .tables import Table
from .words import Words, counted, day, period_name

STATUSES = ("not_started", "under_way", "done", "dropped")  # register/schema.py's, in the order the report shows them
COUNTS = ("agreed", *STATUSES, "overdue")  # the counted columns of a row of realisation


class Realised(NamedTuple):
    """A row of the report's realisation: a unit's actions of one quarter."""

    unit: str  # as first typed
    quarter: str  # "2026-Q4", "" for workshops without a date
    agreed: int
    not_started: int
    under_way: int
    done: int
    dropped: int
    overdue: int  # due before `on` and neither done nor dropped


class LastStatus(NamedTuple):
    """A row of the report's list of actions: each with its last status."""

    action: str
    workshop: int
    unit: str
    quarter: str
    goal: str
    responsible: str
    timetable: str
    due: str
    status: str
    status_date: str  # "" when none was recorded
    note: str
    overdue: bool


class Followup(NamedTuple):
    """What the report prints of the follow-up: as of which date (ISO), the
    counts per unit and quarter, and every action with its last status."""

    on: str
    rows: tuple[Realised, ...]
    actions: tuple[LastStatus, ...]


def count_head(s: Words) -> list[str]:
    return [s["report_col_agreed"], *(s[f"report_{k}"] for k in STATUSES), s["report_overdue"]]


def summary(followup: Followup, s: Words, actions_in_season: int) -> list[str]:
    """The sentences above the table: how many actions, as of which day; and
    how many of the season's actions the register does not hold (read from files only)."""
    agreed = sum(r.agreed for r in followup.rows)
    key = f"report_followup_agreed_{'one' if agreed == 1 else 'other'}"
    lines = [s[key].format(n=agreed, date=day(s, followup.on))]
    outside = actions_in_season - agreed
    if outside > 0:
        lines.append(counted(s, "report_followup_outside", outside))
    return lines


def count_rows(followup: Followup, s: Words) -> list[list[object]]:
    """A row per unit and quarter (the unit named on its first row only), then the total."""
    rows: list[list[object]] = []
    previous = None
    for r in followup.rows:
        label = r.unit or s["report_no_unit"]
        rows.append([label if label != previous else "", period_name(s, r.quarter), *(getattr(r, k) for k in COUNTS)])
        previous = label
    totals = [sum(getattr(r, k) for r in followup.rows) for k in COUNTS]
    return [*rows, [s["report_total"], "", *totals]]


def status_word(s: Words, status: str, overdue: bool) -> str:
    word = s[f"report_{status}"]
    return s["report_status_overdue"].format(status=word) if overdue else word


def status_rows(followup: Followup, s: Words) -> tuple[list[str], list[list[str]]]:
    """Each action with its last status and that status's date, for the PDF."""
    head = [
        s["report_col_action"],
        s["workshop_organisation"],
        s["action_goal"],
        s["action_responsible"],
        s["action_timetable"],
        s["report_col_status"],
        s["report_col_status_date"],
    ]
    rows = [
        [
            a.action,
            a.unit or s["report_no_unit"],
            a.goal,
            a.responsible,
            a.timetable,
            status_word(s, a.status, a.overdue),
            day(s, a.status_date) if a.status_date else "",
        ]
        for a in followup.actions
    ]
    return head, rows


def _date(iso: str) -> datetime.date | None:
    return datetime.date.fromisoformat(iso) if iso else None


def tables(followup: Followup, s: Words) -> list[Table]:
    """The realisation per unit and quarter, and every action's last status,
    as sheets of report.xlsx: codes beside the words, dates as dates."""
    counts = Table(
        "realisation",
        s["report_sheet_realisation"],
        ("unit", "quarter_name", "quarter", *COUNTS),
        (s["workshop_organisation"], s["report_col_quarter"], s["report_col_code"], *count_head(s)),
        [(r.unit, period_name(s, r.quarter), r.quarter, *(getattr(r, k) for k in COUNTS)) for r in followup.rows],
    )
    keys: Sequence[str] = (
        "action",
        "unit",
        "quarter",
        "goal",
        "responsible",
        "timetable",
        "due",
        "status_name",
        "status",
        "status_date",
        "note",
        "overdue",
    )
    statuses = Table(
        "statuses",
        s["report_sheet_statuses"],
        tuple(keys),
        (
            s["report_col_action"],
            s["workshop_organisation"],
            s["report_col_quarter"],
            s["action_goal"],
            s["action_responsible"],
            s["action_timetable"],
            s["table_due"],
            s["report_col_status"],
            s["report_col_code"],
            s["report_col_status_date"],
            s["report_col_note"],
            s["report_overdue"],
        ),
        [
            (
                a.action,
                a.unit,
                a.quarter,
                a.goal,
                a.responsible,
                a.timetable,
                _date(a.due),
                s[f"report_{a.status}"],
                a.status,
                _date(a.status_date),
                a.note,
                s["table_yes"] if a.overdue else "",
            )
            for a in followup.actions
        ],
    )
    return [counts, statuses]
