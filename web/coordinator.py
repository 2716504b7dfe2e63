"""The coordinator's pages (signed in): workshops planned and recorded, with
filters by period, unit and deck; a workshop's kit whose board opens its
team form; its links to send on; the report on screen and as files; the
actions by status, overdue first; export, upload of filled PDFs, deletion.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from flask import Blueprint, Response, redirect, request, url_for
from flask.typing import ResponseReturnValue

from osallisuuspeli.i18n import LANGUAGES, _, ngettext

from .pages import Refused, admitted, language, page, room, run, save_uploads, state
from .service import register, service_page, signed_in

if TYPE_CHECKING:
    from osallisuuspeli.register.actions import ActionView
    from osallisuuspeli.register.service import Planned
    from osallisuuspeli.results.counts import Count
    from osallisuuspeli.results.season import Season

bp = Blueprint("coordinator", __name__, url_prefix="/c")

DECKS = ("helsinki", "kunta")


def _date(field: str, value: str) -> str:
    """A date as the form sends it (2026-12-02 or 2.12.2026) as ISO; "" when empty."""
    from osallisuuspeli.results.dates import read_date

    value = value.strip()
    if not value:
        return ""
    try:
        return read_date(value, datetime.date.today().year)
    except ValueError:
        raise Refused(400, _("%(field)s: write the date as 2.12.2026 or 2026-12-02.") % {"field": value[:40]}) from None


def filters() -> dict[str, str | None]:
    args = request.args
    deck = args.get("deck") or None
    if deck is not None and deck not in DECKS:
        deck = None
    return {
        "since": _date("since", args.get("since", "")) or None,
        "until": _date("until", args.get("until", "")) or None,
        "unit": (args.get("unit") or "").strip() or None,
        "deck": deck,
    }


def _planned_in(planned: Iterable[Planned], chosen: Mapping[str, str | None]) -> list[Planned]:
    from osallisuuspeli.register.data import unit_key

    out = []
    for p in planned:
        if chosen["deck"] and p.deck != chosen["deck"]:
            continue
        if chosen["unit"] and unit_key(p.organisation) != unit_key(chosen["unit"]):
            continue
        if (chosen["since"] or chosen["until"]) and not p.date:
            continue
        if chosen["since"] and p.date < chosen["since"]:
            continue
        if chosen["until"] and p.date > chosen["until"]:
            continue
        out.append(p)
    return out


def link_url(kind: str, token: str) -> str:
    endpoint = {"team": "teams.form", "generic": "teams.generic"}.get(kind, "followups.form")
    return url_for(endpoint, token=token, _external=True)


@bp.get("/")
@signed_in
def home() -> tuple[str, int]:
    from osallisuuspeli.register.service import generic_links, planned_list

    reg = register()
    chosen = filters()
    planned = _planned_in(planned_list(reg), chosen)
    numbers = {p.number for p in planned if p.number is not None}
    entries = reg.entries(**chosen)
    return service_page(
        "coordinator_home.html",
        chosen=chosen,
        planned=planned,
        recorded=[e for e in entries if e.number not in numbers],
        numbers=numbers,
        decks=DECKS,
        query={k: v for k, v in chosen.items() if v},
        generic=[(link, link_url("generic", link.token)) for link in generic_links(reg) if not link.revoked],
    )


@bp.post("/generic")
@signed_in
def generic() -> ResponseReturnValue:
    """One address for a deck: each team that opens it starts a workshop form of its own and types the details."""
    from osallisuuspeli.register.service import new_link

    deck, lang = request.form.get("deck", ""), request.form.get("language", "")
    if deck not in DECKS or lang not in LANGUAGES:
        raise Refused(400, _("Choose the deck and the language of the workshop's kit."))
    new_link(register(), "generic", deck=deck, language=lang)
    return redirect(url_for("coordinator.home", lang=language()) + "#generic", 303)


@bp.post("/generic/<token>/kit")
@signed_in
def generic_kit(token: str) -> tuple[str, int]:
    from osallisuuspeli.register.service import opened

    link = opened(register(), token, ("generic",))
    if link is None:
        raise Refused(404, _("There is no such link: it may have been revoked."))
    return _kit(link.deck, link.language, link_url("generic", token))


@bp.get("/workshops/new")
@signed_in
def new() -> tuple[str, int]:
    return service_page("coordinator_new.html", decks=DECKS, form={})


@bp.post("/workshops")
@signed_in
def create() -> ResponseReturnValue:
    from osallisuuspeli.register.service import plan

    f = request.form
    deck = f.get("deck", "")
    lang = f.get("language", "")
    if deck not in DECKS or lang not in LANGUAGES:
        return service_page(
            "coordinator_new.html", 400, decks=DECKS, form=f, error=_("Choose the deck and the language of the workshop's kit.")
        )
    try:
        day = _date("date", f.get("date", ""))
    except Refused as e:
        return service_page("coordinator_new.html", 400, decks=DECKS, form=f, error=str(e))
    one, _token = plan(
        register(),
        deck=deck,
        language=lang,
        date=day,
        organisation=f.get("organisation", "")[:500],
        leader=f.get("leader", "")[:500],
        target_group=f.get("target_group", "")[:500],
    )
    return redirect(url_for("coordinator.workshop", pid=one.id, lang=language()), 303)


def _one(pid: str) -> Planned:
    from osallisuuspeli.register.service import planned_one

    one = planned_one(register(), pid)
    if one is None:
        raise Refused(404, _("There is no such workshop: it may have been deleted."))
    return one


def _actions_of(number: int | None) -> list[ActionView]:
    from osallisuuspeli.register.actions import actions

    if number is None:
        return []
    return [a for a in actions(register()) if a.workshop == number]


@bp.get("/workshops/<pid>")
@signed_in
def workshop(pid: str) -> tuple[str, int]:
    from osallisuuspeli.register.service import links_of

    reg = register()
    one = _one(pid)
    links = list(
        {
            link.token: link for link in links_of(reg, pid=pid) + (links_of(reg, workshop=one.number) if one.number is not None else [])
        }.values()
    )
    return service_page(
        "coordinator_workshop.html",
        one=one,
        links=[(link, link_url(link.kind, link.token)) for link in links],
        actions=_actions_of(one.number),
        today=datetime.date.today().isoformat(),
    )


@bp.post("/workshops/<pid>/kit")
@signed_in
def kit(pid: str) -> tuple[str, int]:
    from osallisuuspeli.register.service import links_of

    one = _one(pid)
    team = [link for link in links_of(register(), pid=pid) if link.kind == "team" and not link.revoked]
    if not team:
        raise Refused(409, _("The workshop has no team link: make one first, then build its kit."))
    return _kit(one.deck, one.language, link_url("team", team[-1].token))


def _kit(deck: str, lang: str, results_url: str) -> tuple[str, int]:
    """A kit whose board's address and QR code are `results_url`, built in the pool."""
    from .building import DEFAULTS
    from .work import build_kit

    board = request.form.get("board_paper", "a3")
    options: dict[str, object] = {**DEFAULTS, "fillable": False, "back_offset": (0.0, 0.0)}
    options["board_paper"] = board if board in ("a3", "a4") else "a3"
    options["results_url"] = results_url
    room()
    with admitted(), state().folders.held() as folder:
        answer = run(build_kit, folder.path, deck, [lang], options)
        if "error" in answer:
            raise Refused(422, answer["error"])
        folder.keep = True
    return page(
        "result.html",
        token=folder.path.name,
        answer=answer,
        built_languages=lang,
        minutes=round(state().folders.expiry / 60),
    )


@bp.post("/workshops/<pid>/lock")
@signed_in
def lock(pid: str) -> ResponseReturnValue:
    from osallisuuspeli.register.service import lock as set_lock

    _one(pid)
    set_lock(register(), pid, request.form.get("locked") == "1")
    return redirect(url_for("coordinator.workshop", pid=pid, lang=language()), 303)


@bp.post("/workshops/<pid>/links")
@signed_in
def new_link(pid: str) -> ResponseReturnValue:
    """A new team link (the old ones revoked), or a follow-up link for the workshop's actions or one of them."""
    from osallisuuspeli.register.service import links_of, new_link, revoke

    reg = register()
    one = _one(pid)
    kind = request.form.get("kind", "")
    if kind == "team":
        for link in links_of(reg, pid=pid):
            if link.kind == "team":
                revoke(reg, link.token)
        new_link(reg, "team", pid=pid)
    elif kind in ("workshop_followup", "action_followup") and one.number is not None:
        action = request.form.get("action", "") if kind == "action_followup" else ""
        if kind == "action_followup" and action not in {a.id for a in _actions_of(one.number)}:
            raise Refused(400, _("There is no such action in this workshop."))
        new_link(reg, kind, pid=pid, workshop=one.number, action=action)
    else:
        raise Refused(400, _("There is no such kind of link."))
    return redirect(url_for("coordinator.workshop", pid=pid, lang=language()) + "#links", 303)


@bp.post("/links/<token>/revoke")
@signed_in
def revoke_link(token: str) -> ResponseReturnValue:
    from osallisuuspeli.register.service import revoke

    revoke(register(), token)
    back = request.form.get("pid", "")
    if back:
        return redirect(url_for("coordinator.workshop", pid=back, lang=language()) + "#links", 303)
    return redirect(url_for("coordinator.home", lang=language()), 303)


@bp.post("/workshops/<pid>/delete")
@signed_in
def delete(pid: str) -> ResponseReturnValue:
    from osallisuuspeli.register.service import forget

    _one(pid)
    if request.form.get("confirm") != "yes":
        raise Refused(400, _("Tick the box that confirms the deletion, then press the button again."))
    forget(register(), pid)
    return redirect(url_for("coordinator.home", lang=language(), deleted=1), 303)


@bp.post("/delete-everything")
@signed_in
def delete_everything() -> ResponseReturnValue:
    from osallisuuspeli.register.service import forget_all

    if request.form.get("confirm") != "yes":
        raise Refused(400, _("Tick the box that confirms the deletion, then press the button again."))
    forget_all(register())
    return redirect(url_for("coordinator.home", lang=language(), deleted=1), 303)


# -- actions -------------------------------------------------------------------


def by_status(views: Iterable[ActionView], today: str) -> list[ActionView]:
    """Open actions first (overdue ones before the others, soonest due first), then done and dropped."""
    rank = {"not_started": 1, "under_way": 1, "done": 2, "dropped": 3}
    return sorted(views, key=lambda v: (0 if v.overdue(today) else rank[v.status], v.due or "9999", v.id))


@bp.get("/actions")
@signed_in
def actions_page() -> tuple[str, int]:
    from osallisuuspeli.register.actions import actions

    today = datetime.date.today().isoformat()
    chosen = filters()
    views = by_status(actions(register(), since=chosen["since"], until=chosen["until"], unit=chosen["unit"], deck=chosen["deck"]), today)
    return service_page("coordinator_actions.html", views=views, today=today, chosen=chosen, decks=DECKS)


@bp.post("/actions/<action>/status")
@signed_in
def set_status(action: str) -> ResponseReturnValue:
    from .followups import record_status

    record_status(action, request.form)
    back = request.form.get("pid", "")
    if back:
        return redirect(url_for("coordinator.workshop", pid=back, lang=language()) + "#actions", 303)
    return redirect(url_for("coordinator.actions_page", lang=language()), 303)


# -- the report ----------------------------------------------------------------


def season_of_register(chosen: dict[str, str | None], lang: str) -> Season | None:
    """The register's workshops chosen, as the season the report counts (words in `lang`)."""
    from .work import register_season

    season: Season | None = register_season(register(), chosen, lang)
    return season


@bp.get("/report")
@signed_in
def report() -> tuple[str, int]:
    from osallisuuspeli.results.counts import card_counts, total

    chosen = filters()
    lang = language()
    season = season_of_register(chosen, lang)
    if season is None:
        return service_page("coordinator_report.html", season=None, chosen=chosen, decks=DECKS, query={})
    texts = season.texts
    counts = card_counts(season.workshops, texts.cards)
    groups: list[tuple[str, str, list[tuple[str, str, Count]]]] = []
    for theme in texts.themes or ("",):
        cards = [(c, texts.title(c, lang), counts[c]) for c in texts.cards_of(theme)]
        groups.append((texts.theme_name(theme, lang), texts.colours.get(theme) or texts.colours.get("", "#1A5276"), cards))
    columns = [texts.column(code, lang) for code in ("done_well", "tried", "worth_trying")]
    return service_page(
        "coordinator_report.html",
        season=season,
        totals=total(season.workshops),
        groups=groups,
        columns=columns,
        chosen=chosen,
        decks=DECKS,
        query={k: v for k, v in chosen.items() if v},
        bars=bars,
    )


def bars(count: Count, width: float = 240.0) -> list[tuple[str, float, float, int]]:
    """A card's three columns as bars of an SVG chart: (class, x, width, value); scaled to the workshops in play."""
    most = max(count.in_play, 1)
    out: list[tuple[str, float, float, int]] = []
    x = 0.0
    for code in ("done_well", "tried", "worth_trying"):
        value = getattr(count, code)
        w = width * value / most
        out.append((code, x, w, value))
        x += w
    return out


def _report_file(kind: str) -> Response:
    """report.pdf or report.xlsx of the workshops chosen, made in the worker pool (a season can take a minute)."""
    from .work import register_report

    room()
    with admitted(), state().folders.held() as folder:
        answer = run(register_report, folder.path, _database(), filters(), language(), kind)
        if "empty" in answer:
            raise Refused(404, _("The register holds no such workshops yet: nothing to report."))
        data = (folder.path / "out" / f"report.{kind}").read_bytes()
    mimetype = "application/pdf" if kind == "pdf" else "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="report.{kind}"'})


@bp.get("/report.pdf")
@signed_in
def report_pdf_file() -> Response:
    return _report_file("pdf")


@bp.get("/report.xlsx")
@signed_in
def report_xlsx_file() -> Response:
    return _report_file("xlsx")


# -- export and upload -----------------------------------------------------------


@bp.get("/export.<kind>")
@signed_in
def export(kind: str) -> Response:
    from osallisuuspeli.register.exported import xlsx_bytes

    reg = register()
    if kind == "json":
        data, mimetype = reg.export_json(), "application/json"
    elif kind == "xlsx":
        data, mimetype = xlsx_bytes(reg.dump()), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        raise Refused(404, _("There is no such page. Check the address."))
    return Response(data, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="register.{kind}"'})


@bp.post("/upload")
@signed_in
def upload() -> tuple[str, int]:
    from .work import add_to_register

    uploads = [f for f in request.files.getlist("pdfs") if f.filename]
    if not uploads:
        raise Refused(400, _("Choose the filled PDF files first."))
    room()
    with admitted(), state().folders.held() as folder:
        save_uploads(uploads, folder.path, zips=False)
        answer = run(add_to_register, folder.path, _database())
    added = ngettext("%(num)d workshop added to the register.", "%(num)d workshops added to the register.", answer["added"]) % {
        "num": answer["added"]
    }
    return service_page("coordinator_uploaded.html", added=added, answer=answer)


def _database() -> str:
    """The register's URL as the worker process opens it (with its password: it never leaves the machine)."""
    return register().engine.url.render_as_string(hide_password=False)
