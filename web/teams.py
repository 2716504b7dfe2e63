"""The team's results form, opened by the link (and QR code) printed on its
board: no account, the token is the key. A draft is kept in the register
with every save, so the team comes back to it on any device with the link;
submitting writes the workshop record the PDF reader would make. The form
stays editable by its link until the coordinator locks the workshop.
Plain forms only: radio buttons, checkboxes and buttons, no script."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Blueprint, Response, redirect, request, url_for
from flask.typing import ResponseReturnValue

from osallisuuspeli.i18n import _

from . import teamform
from .pages import Refused, language
from .service import EXPIRED, register, service_page

if TYPE_CHECKING:
    from osallisuuspeli.model import Card, Deck, Theme
    from osallisuuspeli.register.data import Register
    from osallisuuspeli.register.service import Link, Planned
    from osallisuuspeli.results.workshop import Workshop

bp = Blueprint("teams", __name__)


def _team(token: str) -> tuple[Register, Planned]:
    from osallisuuspeli.register.service import opened, planned_one

    reg = register()
    link = opened(reg, token, ("team",))
    one = planned_one(reg, link.planned) if link else None
    if one is None:
        raise Refused(404, _("This link opens no workshop's form: it may have been revoked. Ask the workshop's coordinator for a new one."))
    return reg, one


def _deck(one: Planned) -> Deck:
    """The deck in the page's language where it has one, else in the workshop's."""
    from osallisuuspeli.load import languages

    lang = language()
    return teamform.deck(one.deck, lang if lang in languages(one.deck) else one.language)


def _details(one: Planned) -> dict[str, str]:
    return {"date": _day(one.date), "organisation": one.organisation, "leader": one.leader, "target_group": one.target_group}


def _day(iso: str) -> str:
    return f"{int(iso[8:10])}.{int(iso[5:7])}.{iso[:4]}" if iso else ""


def _rows(n: str | None, have: int, start: int) -> int:
    try:
        asked = int(n or 0)
    except ValueError:
        asked = 0
    return max(min(asked, teamform.MAX_ROWS), have + 1 if have else start, start)


def form_page(token: str, one: Planned, draft: dict[str, Any], status: int = 200, **values: Any) -> tuple[str, int]:
    d = _deck(one)
    groups: list[tuple[Theme | None, list[Card]]] = []
    if d.themes:
        for theme in d.themes:
            groups.append((theme, [c for c in d.cards if c.theme and c.theme.id == theme.id]))
    else:
        groups.append((None, list(d.cards)))
    return service_page(
        "team_form.html",
        status,
        token=token,
        one=one,
        deck=d,
        groups=groups,
        draft=draft,
        tokens=dict.fromkeys(map(tuple, draft["tokens"]), True),
        own_rows=_rows(request.args.get("own"), len(draft["own"]), teamform.START_OWN),
        action_rows=_rows(request.args.get("actions"), len(draft["actions"]), teamform.START_ACTIONS),
        saved=request.args.get("saved") == "1",
        started=request.args.get("started") == "1",
        **values,
    )


@bp.get("/t/<token>")
def form(token: str) -> tuple[str, int]:
    _reg, one = _team(token)
    if one.locked:
        return summary(token)
    return form_page(token, one, one.draft or teamform.blank(_details(one)))


@bp.post("/t/<token>")
def save(token: str) -> ResponseReturnValue:
    from osallisuuspeli.record import record_of
    from osallisuuspeli.register.service import save_draft, submit

    reg, one = _team(token)
    d = _deck(one)
    ids = tuple(c.id for c in d.cards)
    draft = teamform.draft_of(request.form, ids)
    if one.locked:
        raise Refused(409, _("The coordinator has locked this workshop: its results can no longer be changed."))
    do = request.form.get("do", "save")
    if do != "submit":
        if not save_draft(reg, one.id, draft):
            raise Refused(409, _("The coordinator has locked this workshop: its results can no longer be changed."))
        own = len(draft["own"]) + (2 if do == "more_own" else 1)
        acts = len(draft["actions"]) + (2 if do == "more_actions" else 1)
        anchor = {"more_own": "own", "more_actions": "actions"}.get(do, "saved")
        return redirect(url_for("teams.form", token=token, saved=1, lang=language(), own=own, actions=acts) + f"#{anchor}", 303)
    wrong = teamform.problems(draft)
    if wrong:
        save_draft(reg, one.id, draft)
        return form_page(token, one, draft, 422, errors=wrong)
    record = record_of(d, "results-sheet")
    workshop = teamform.workshop_of(draft, d.id, d.language, record.version, ids)
    if submit(reg, one.id, workshop, record, draft) is None:
        raise Refused(409, _("The coordinator has locked this workshop: its results can no longer be changed."))
    return redirect(url_for("teams.summary", token=token, lang=language()), 303)


def stored(reg: Register, one: Planned) -> Workshop | None:
    """The workshop record the register holds for this planned workshop, or None."""
    if one.number is None:
        return None
    found = reg.workshops(numbers=[one.number])
    return found[0].workshop if found else None


def expired(token: str) -> tuple[str, int]:
    """The team's form as it was sent, after its CSRF token was refused (a session
    lost or expired): nothing saved, everything typed shown again to send once more."""
    _reg, one = _team(token)
    draft = teamform.draft_of(request.form, tuple(c.id for c in _deck(one).cards))
    message = _("Your form had expired, so nothing was saved yet. Everything you typed is below: press the button again.")
    return form_page(token, one, draft, 400, expired=message)


EXPIRED["teams.save"] = expired


@bp.get("/t/<token>/summary")
def summary(token: str) -> tuple[str, int]:
    reg, one = _team(token)
    w = stored(reg, one)
    return service_page("team_summary.html", token=token, one=one, w=w, deck=_deck(one), day=_day)


@bp.get("/t/<token>/summary.pdf")
def summary_pdf(token: str) -> Response:
    from osallisuuspeli.record import record_of
    from osallisuuspeli.results.report import report_pdf
    from osallisuuspeli.results.season import Read, season_of

    reg, one = _team(token)
    w = stored(reg, one)
    if w is None:
        raise Refused(404, _("Nothing has been submitted yet: send the form first, then download its summary."))
    d = _deck(one)
    season = season_of([Read(w, record_of(d, "results-sheet"))], deck=one.deck, language=d.language)
    return Response(
        report_pdf(season),
        mimetype="application/pdf",
        headers={"Content-Disposition": 'attachment; filename="results.pdf"'},
    )


def _generic(token: str) -> Link:
    from osallisuuspeli.register.service import opened

    link = opened(register(), token, ("generic",))
    if link is None:
        raise Refused(404, _("This link opens no workshop's form: it may have been revoked. Ask the workshop's coordinator for a new one."))
    return link


@bp.get("/g/<token>")
def generic(token: str) -> tuple[str, int]:
    """A deck's one address: each team starts a form of its own here (a POST: opening the address makes nothing)."""
    link = _generic(token)
    return service_page("team_start.html", token=token, deck=teamform.deck(link.deck, link.language))


@bp.post("/g/<token>")
def start(token: str) -> ResponseReturnValue:
    from osallisuuspeli.register.service import plan

    link = _generic(token)
    _one, team = plan(register(), deck=link.deck, language=link.language)
    return redirect(url_for("teams.form", token=team, lang=language(), started=1), 303)


@bp.get("/deck-colours/<deck>.css")
def colours(deck: str) -> Response:
    """The themes' colours as a style sheet (the page's CSP allows no inline style)."""
    from osallisuuspeli.load import builtin_decks, languages

    if deck not in builtin_decks():
        raise Refused(404, _("There is no such page. Check the address."))
    d = teamform.deck(deck, languages(deck)[0])
    rules = [f"fieldset.deck-colour {{ border-left-color: {d.colour.hex}; }}"]
    rules += [f"fieldset.theme-{t.id} {{ border-left-color: {t.colour.hex}; }}" for t in d.themes]
    return Response("\n".join(rules) + "\n", mimetype="text/css", headers={"Cache-Control": "max-age=3600"})
