"""Follow-up links: an action's owner (no account) opens the link the
coordinator sent and sets what became of the action - not started, under
way, done or dropped - with a date and a note, at any time. A link opens
one action, or every action of one workshop, and nothing else."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

from flask import Blueprint, redirect, request, url_for
from flask.typing import ResponseReturnValue

from osallisuuspeli.i18n import _

from .pages import Refused, language
from .service import register, service_page

if TYPE_CHECKING:
    from osallisuuspeli.register.actions import ActionView
    from osallisuuspeli.register.service import Link

bp = Blueprint("followups", __name__)

STATUSES = ("not_started", "under_way", "done", "dropped")
MAX_NOTE = 2000


def status_names() -> dict[str, str]:
    return {"not_started": _("Not started"), "under_way": _("Under way"), "done": _("Done"), "dropped": _("Dropped")}


def record_status(action: str, form: Mapping[str, str]) -> None:
    """One status from a form (status, date, note) into the action's history."""
    from osallisuuspeli.register.actions import Entered, record
    from osallisuuspeli.register.followup import read_date

    status = form.get("status", "")
    if status not in STATUSES:
        raise Refused(400, _("Choose what became of the action: not started, under way, done or dropped."))
    typed = (form.get("date") or "").strip()
    try:
        day = read_date(typed) if typed else datetime.date.today().isoformat()
    except ValueError:
        raise Refused(400, _("Write the date as 31.12.2026 (day, month, year).")) from None
    note = " ".join((form.get("note") or "").split())[:MAX_NOTE]
    record(register(), [Entered(action, status, day, note)])


def _link(token: str) -> Link:
    from osallisuuspeli.register.service import opened

    link = opened(register(), token, ("workshop_followup", "action_followup"))
    if link is None:
        raise Refused(404, _("This follow-up link opens nothing: it may have been revoked. Ask the workshop's coordinator for a new one."))
    return link


def _views(link: Link) -> list[ActionView]:
    from osallisuuspeli.register.actions import actions

    return [a for a in actions(register()) if a.workshop == link.workshop and (not link.action or a.id == link.action)]


@bp.get("/f/<token>")
def form(token: str) -> tuple[str, int]:
    link = _link(token)
    return service_page(
        "followup.html",
        token=token,
        views=_views(link),
        names=status_names(),
        statuses=STATUSES,
        today=datetime.date.today().isoformat(),
        saved=request.args.get("saved", ""),
    )


@bp.post("/f/<token>")
def save(token: str) -> ResponseReturnValue:
    link = _link(token)
    action = request.form.get("action", "")
    if action not in {v.id for v in _views(link)}:
        raise Refused(403, _("This link does not open that action."))
    record_status(action, request.form)
    return redirect(url_for("followups.form", token=token, saved=action, lang=language()) + f"#action-{action}", 303)
