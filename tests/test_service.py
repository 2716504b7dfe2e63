"""The documentation and follow-up service with Flask's test client: a
workshop planned, its kit built with the team link in the board's QR code,
the team's form (drafts, submit, edit, lock), follow-up links, the
coordinator's report; links limited to what they open; many teams at once."""

from __future__ import annotations

import io
import re
import threading

import openpyxl
import pytest

from osallisuuspeli.register.actions import actions
from osallisuuspeli.register.service import links_of, planned_list
from osallisuuspeli.results.season import workshop_of

from .registers import database, postgres  # noqa: F401  (fixtures)
from .service import app_on, coordinator, csrf, registered, sentence
from .workshops import team as fill_sheet

HYPERLINK = '=HYPERLINK("http://example.invalid","x")'


def csrf_in(text: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', text).group(1)


def plan(client, **fields) -> tuple[str, str]:
    """A new workshop: its page's path and its team link's path."""
    data = {"deck": "kunta", "language": "fi", "date": "2.12.2026", "organisation": "Kulttuuri", "leader": "Maija", **fields}
    made = client.post("/c/workshops", data={"csrf_token": csrf(client, "/c/workshops/new"), **data})
    assert made.status_code == 303, sentence(made)
    page = made.headers["Location"].split("?")[0]
    found = re.search(r'<a href="http://localhost(/t/[^"]+)" class="link-team">', client.get(page).get_data(as_text=True))
    assert found
    return page, found.group(1)


def card_ids(team_client, link: str) -> list[str]:
    return re.findall(r'name="card\.([^"]+)" value=""', team_client.get(link).get_data(as_text=True))


def results(ids: list[str], **more) -> dict[str, str]:
    """A team's answers: three cards in each column, tokens, an own method, two actions."""
    data = {"date": "2.12.2026", "organisation": "Kulttuuri", "leader": "Maija", "participants": "7", "target_group": "Asukkaat"}
    for i, column in enumerate(("done_well", "tried", "worth_trying")):
        for k in range(3):
            data[f"card.{ids[i * 3 + k]}"] = column
    data |= {f"token.{ids[0]}.keep": "on", f"token.{ids[4]}.drop": "on"}
    data |= {"own.1.name": "Kävelykokous", "own.1.description": HYPERLINK}
    data |= {"action.1.goal": "Nuoret mukaan", "action.1.responsible": "Pekka", "action.1.timetable": "31.5.2027"}
    data |= {"action.2.goal": "Avoin data", "action.2.method": "Kokeilu", "action.2.timetable": "kevät 2027"}
    return data | more


def send(team_client, link: str, data: dict[str, str], do: str = "submit"):
    return team_client.post(link, data={"csrf_token": csrf(team_client, link), "do": do, **data})


@pytest.fixture
def service(tmp_path):
    db = str(tmp_path / "r.sqlite")
    app = app_on(db, tmp_path)
    return app, db, coordinator(app, db)


def test_a_team_submits_and_the_register_holds_what_its_pdf_would_give(service, build_kit, tmp_path):
    app, db, boss = service
    _page, link = plan(boss)
    team = app.test_client()
    team.environ_base["HTTP_ACCEPT_LANGUAGE"] = "fi"  # the team fills the form in Finnish, as the sheet it is compared with
    ids = card_ids(team, link)
    assert len(ids) == 40
    answers = results(ids)
    done = send(team, link, answers)
    assert done.status_code == 303 and done.headers["Location"].startswith(f"{link}/summary")
    [stored] = registered(db).workshops()
    w = stored.workshop
    assert [c for c, _ in w.placed] == ids[:9]
    assert [col for _, col in w.placed] == ["done_well"] * 3 + ["tried"] * 3 + ["worth_trying"] * 3
    assert w.tokens == ((ids[0], "keep"), (ids[4], "drop"))
    assert (w.date, w.organisation, w.participants, w.target_group) == ("2026-12-02", "Kulttuuri", 7, "Asukkaat")
    assert [(a.goal, a.responsible, a.due) for a in w.actions] == [("Nuoret mukaan", "Pekka", "2027-05-31"), ("Avoin data", "", "")]
    assert w.own == (("Kävelykokous", HYPERLINK),)
    # the same answers on the kit's fillable results sheet, read by the PDF reader
    sheet = build_kit("--deck", "kunta") / "fi" / "results-sheet.pdf"
    filled = tmp_path / "filled.pdf"
    details = {k: answers[k] for k in ("date", "organisation", "leader", "participants", "target_group")}
    placed = {answers_id: answers[f"card.{answers_id}"] for answers_id in ids[:9]}
    rows = [
        {"goal": "Nuoret mukaan", "responsible": "Pekka", "timetable": "31.5.2027"},
        {"goal": "Avoin data", "method": "Kokeilu", "timetable": "kevät 2027"},
    ]
    fill_sheet(sheet, filled, details, placed, {ids[0]: "keep", ids[4]: "drop"}, rows, [("Kävelykokous", HYPERLINK)])
    from_pdf = workshop_of(filled, "filled.pdf").workshop
    assert w._replace(files=()) == from_pdf._replace(files=())
    summary = team.get(done.headers["Location"]).get_data(as_text=True)
    assert "Kiitos: tulokset on tallennettu rekisteriin." in summary and "Nuoret mukaan" in summary
    pdf = team.get(f"{link}/summary.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF-") and pdf.headers["Cache-Control"] == "no-store"


def test_a_draft_is_kept_and_comes_back_with_the_link_on_another_device(service):
    app, db, boss = service
    _page, link = plan(boss)
    first = app.test_client()
    ids = card_ids(first, link)
    saved = send(first, link, {f"card.{ids[5]}": "tried", "own.1.name": "Oma <b>keino</b>"}, do="save")
    assert saved.status_code == 303 and "saved=1" in saved.headers["Location"]
    assert registered(db).workshops() == []  # a draft is not a result yet
    other = app.test_client()
    form = other.get(link).get_data(as_text=True)
    assert f'id="card-{ids[5]}-tried" name="card.{ids[5]}" value="tried" checked' in form
    assert 'value="Oma &lt;b&gt;keino&lt;/b&gt;"' in form and "<b>keino</b>" not in form
    more = send(other, link, {"own.1.name": "Oma"}, do="more_own")
    assert "own=3" in more.headers["Location"]
    assert 'name="own.3.name"' in other.get(more.headers["Location"]).get_data(as_text=True)


def test_editing_after_submitting_keeps_the_actions_ids_and_their_follow_up(service):
    app, db, boss = service
    _page, link = plan(boss)
    team = app.test_client()
    ids = card_ids(team, link)
    send(team, link, results(ids))
    reg = registered(db)
    [first, second] = actions(reg)
    boss.post(f"/c/actions/{first.id}/status", data={"csrf_token": csrf(boss, "/c/actions"), "status": "under_way", "note": "alussa"})
    send(team, link, results(ids, **{"action.1.goal": "Nuoret ja vanhemmat mukaan", f"card.{ids[9]}": "tried"}))
    [again] = registered(db).workshops()
    assert len(registered(db).workshops()) == 1 and (ids[9], "tried") in again.workshop.placed
    [first2, second2] = actions(reg)
    assert (first2.id, first2.goal, first2.status) == (first.id, "Nuoret ja vanhemmat mukaan", "under_way")
    assert second2.id == second.id


def test_a_locked_workshop_cannot_be_changed_by_its_link(service):
    app, db, boss = service
    page, link = plan(boss)
    team = app.test_client()
    ids = card_ids(team, link)
    send(team, link, results(ids))
    token = csrf(team, link)
    boss.post(f"{page}/lock", data={"csrf_token": csrf(boss, page), "locked": "1"})
    shown = team.get(link).get_data(as_text=True)
    assert "The coordinator has locked this workshop" in shown and 'name="do"' not in shown
    refused = team.post(link, data={"csrf_token": token, "do": "submit", **results(ids, organisation="Muu")})
    assert refused.status_code == 409
    assert registered(db).workshops()[0].workshop.organisation == "Kulttuuri"
    boss.post(f"{page}/lock", data={"csrf_token": csrf(boss, page), "locked": "0"})
    assert send(team, link, results(ids, organisation="Muu")).status_code == 303


def test_a_team_link_opens_its_own_workshop_only_and_can_be_revoked(service):
    app, db, boss = service
    page_a, link_a = plan(boss, organisation="A")
    _page_b, link_b = plan(boss, organisation="B")
    team = app.test_client()
    ids = card_ids(team, link_a)
    send(team, link_b, results(ids, organisation="B"))
    send(team, link_a, results(ids, organisation="A"))
    by_unit = {p.organisation: p.number for p in planned_list(registered(db))}
    stored = {s.number: s.workshop.organisation for s in registered(db).workshops()}
    assert stored == {by_unit["A"]: "A", by_unit["B"]: "B"}
    assert team.get(link_a + "x").status_code == 404
    assert team.get("/t/" + "A" * 24).status_code == 404
    boss.post(f"{page_a}/links", data={"csrf_token": csrf(boss, page_a), "kind": "team"})
    gone = team.get(link_a)
    assert gone.status_code == 404 and sentence(gone).startswith("This link opens no workshop's form")
    token = next(lk.token for lk in links_of(registered(db), pid=page_a.rsplit("/", 1)[1]) if not lk.revoked)
    assert len(token) >= 22 and team.get(f"/t/{token}").status_code == 200  # 144 bits, URL-safe


def test_follow_up_links_open_their_actions_only(service):
    app, db, boss = service
    page_a, link_a = plan(boss, organisation="A")
    _page_b, link_b = plan(boss, organisation="B")
    team = app.test_client()
    ids = card_ids(team, link_a)
    send(team, link_a, results(ids, organisation="A"))
    send(team, link_b, results(ids, organisation="B"))
    reg = registered(db)
    a_actions = [v for v in actions(reg) if v.organisation == "A"]
    b_actions = [v for v in actions(reg) if v.organisation == "B"]
    boss.post(f"{page_a}/links", data={"csrf_token": csrf(boss, page_a), "kind": "action_followup", "action": a_actions[0].id})
    shown = boss.get(page_a).get_data(as_text=True)
    [owner_link] = re.findall(r'<a href="http://localhost(/f/[^"]+)" class="link-action_followup">', shown)
    owner = app.test_client()
    form = owner.get(owner_link).get_data(as_text=True)
    assert f"Action {a_actions[0].id}" in form and f"Action {a_actions[1].id}" not in form
    token = csrf(owner, owner_link)
    for other in (a_actions[1].id, b_actions[0].id):
        refused = owner.post(owner_link, data={"csrf_token": token, "action": other, "status": "done"})
        assert refused.status_code == 403
    done = owner.post(
        owner_link, data={"csrf_token": token, "action": a_actions[0].id, "status": "done", "date": "15.3.2027", "note": "Valmis"}
    )
    assert done.status_code == 303
    after = {v.id: (v.status, v.last.date if v.last else "", v.last.note if v.last else "") for v in actions(reg)}
    assert after[a_actions[0].id] == ("done", "2027-03-15", "Valmis")
    assert after[a_actions[1].id][0] == after[b_actions[0].id][0] == "not_started"
    bad = owner.post(owner_link, data={"csrf_token": token, "action": a_actions[0].id, "status": "done", "date": "huomenna"})
    assert bad.status_code == 400 and sentence(bad) == "Write the date as 31.12.2026 (day, month, year)."
    assert owner.get(owner_link.replace("/f/", "/t/")).status_code == 404  # a follow-up token opens no form
    assert owner.get(link_a.replace("/t/", "/f/")).status_code == 404  # nor a team token a follow-up


def test_the_coordinators_report_counts_and_neutralises_formulas(service):
    app, _db, boss = service
    _page, link = plan(boss)
    team = app.test_client()
    ids = card_ids(team, link)
    send(team, link, results(ids))
    report = boss.get("/c/report?lang=en").get_data(as_text=True)
    assert "1 workshop · 7 participants · 2 actions agreed" in report
    assert 'role="img" aria-labelledby="chart-1-title"' in report
    book = openpyxl.load_workbook(io.BytesIO(boss.get("/c/report.xlsx").data))
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)
    assert boss.get("/c/report.pdf").data.startswith(b"%PDF-")
    listed = boss.get("/c/actions").get_data(as_text=True)
    assert listed.index("Nuoret mukaan") < listed.index("Avoin data")  # due first
    export = boss.get("/c/export.json")
    assert export.status_code == 200 and b"Nuoret mukaan" in export.data


def test_actions_overdue_come_first():
    from osallisuuspeli.register.actions import ActionView, Status
    from osallisuuspeli.web.coordinator import by_status

    def view(i, due, status=None):
        history = (Status(status, "2027-01-01", "", ""),) if status else ()
        return ActionView(f"1-{i}", 1, "2026-12-02", "A", "a", "g", "", "", "", "", "", "", due, history)

    views = [view(1, "2027-09-01"), view(2, "2026-12-31", "done"), view(3, "2027-01-31"), view(4, ""), view(5, "2026-11-30", "dropped")]
    assert [v.id for v in by_status(views, "2027-02-15")] == ["1-3", "1-1", "1-4", "1-2", "1-5"]


def test_deleting_a_workshop_takes_its_results_and_links(service):
    app, db, boss = service
    page, link = plan(boss)
    team = app.test_client()
    send(team, link, results(card_ids(team, link)))
    refused = boss.post(f"{page}/delete", data={"csrf_token": csrf(boss, page)})
    assert refused.status_code == 400 and "Tick the box" in sentence(refused)
    assert boss.post(f"{page}/delete", data={"csrf_token": csrf(boss, page), "confirm": "yes"}).status_code == 303
    reg = registered(db)
    assert reg.workshops() == [] and planned_list(reg) == [] and actions(reg) == []
    assert team.get(link).status_code == 404


def test_twenty_teams_submitting_at_once_lose_nothing(database, tmp_path):  # noqa: F811
    app = app_on(database, tmp_path)
    boss = coordinator(app, database)
    links = [plan(boss, organisation=f"Yksikkö {i}")[1] for i in range(20)]
    ids = card_ids(app.test_client(), links[0])
    ready = []
    for i, link in enumerate(links):
        client = app.test_client()
        ready.append((client, link, {"csrf_token": csrf(client, link), "do": "submit", **results(ids, organisation=f"Yksikkö {i}")}))
    answers: list[int] = []
    start = threading.Barrier(len(ready))

    def go(client, link, data):
        start.wait()
        answers.append(client.post(link, data=data).status_code)

    threads = [threading.Thread(target=go, args=item) for item in ready]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert answers == [303] * 20
    stored = registered(database).workshops()
    assert sorted(s.workshop.organisation for s in stored) == sorted(f"Yksikkö {i}" for i in range(20))
    assert sorted(s.number for s in stored) == list(range(1, 21))
    assert len(actions(registered(database))) == 40


def test_two_servers_on_one_postgresql_share_the_register(postgres, tmp_path):  # noqa: F811
    url = postgres.database()
    one, two = app_on(url, tmp_path / "1"), app_on(url, tmp_path / "2")
    boss = coordinator(one, url)
    _page, link = plan(boss)
    team = two.test_client()  # the team's phone reaches the other server
    send(team, link, results(card_ids(team, link)))
    other_boss = two.test_client()
    other_boss.set_cookie("osallisuuspeli", boss.get_cookie("osallisuuspeli").value)
    report = other_boss.get("/c/report?lang=en").get_data(as_text=True)
    assert "1 workshop · 7 participants · 2 actions agreed" in report


def test_a_workshops_kit_carries_its_team_link(service):
    _app, _db, boss = service
    page, link = plan(boss)
    built = boss.post(f"{page}/kit", data={"csrf_token": csrf(boss, page), "board_paper": "a4"})
    assert built.status_code == 200, sentence(built)
    text = built.get_data(as_text=True)
    board = re.search(r'href="(/files/[^"]+/fi/board\.pdf)"', text).group(1)
    import pypdf

    pdf = pypdf.PdfReader(io.BytesIO(boss.get(board).data))
    words = "".join(p.extract_text() for p in pdf.pages).replace("\n", "")
    assert link.split("/")[-1] in words


def test_an_expired_form_comes_back_filled_and_nothing_typed_is_lost(service):
    app, db, boss = service
    _page, link = plan(boss)
    team = app.test_client()
    ids = card_ids(team, link)
    lost_session = app.test_client()  # no cookie: as after the session was lost
    answer = lost_session.post(link, data={"csrf_token": "old", "do": "submit", **results(ids)})
    assert answer.status_code == 400
    assert sentence(answer).startswith("Your form had expired, so nothing was saved yet.")
    text = answer.get_data(as_text=True)
    assert 'value="Nuoret mukaan"' in text and f'name="card.{ids[0]}" value="done_well" checked' in text
    assert registered(db).workshops() == []
    again = csrf_in(text)
    assert lost_session.post(link, data={"csrf_token": again, "do": "submit", **results(ids)}).status_code == 303
    assert len(registered(db).workshops()) == 1


def test_the_retention_setting_deletes_only_what_is_older(tmp_path):
    from osallisuuspeli.register.service import cutoff, expire, plan
    from osallisuuspeli.register.service import planned_list as plans

    from .registers import reads

    assert cutoff("2027-03-31", 3) == "2026-12-28" and cutoff("2027-01-15", 13) == "2025-12-15"
    reg = registered(str(tmp_path / "r.sqlite"))
    reg.add(reads([1], date="2026-01-10") + reads([2], date="2026-11-20"), added="2026-12-01T00:00:00+00:00")
    plan(reg, deck="kunta", language="fi", date="2026-02-01")
    plan(reg, deck="kunta", language="fi", date="2026-12-01")
    assert expire(reg, 6, "2026-12-02") == 2
    assert [s.workshop.date for s in reg.workshops()] == ["2026-11-20"]
    assert [p.date for p in plans(reg)] == ["2026-12-01"]


def test_filled_pdfs_uploaded_go_into_the_register(service, build_kit, tmp_path):
    _app, db, boss = service
    sheet = build_kit("--deck", "kunta") / "fi" / "results-sheet.pdf"
    filled = tmp_path / "filled.pdf"
    fill_sheet(sheet, filled, {"date": "3.12.2026", "organisation": "Liikenne"}, {"avoin-valmistelu": "tried"})
    token = csrf(boss, "/c/")
    files = [(io.BytesIO(filled.read_bytes()), "tiimi 1.pdf"), (io.BytesIO(b"not a pdf"), "muistio.pdf")]
    answer = boss.post("/c/upload", data={"csrf_token": token, "pdfs": files}, content_type="multipart/form-data")
    text = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "1 workshop added to the register." in text and "muistio.pdf" in text
    [stored] = registered(db).workshops()
    assert (stored.workshop.organisation, stored.workshop.placed) == ("Liikenne", (("avoin-valmistelu", "tried"),))
    again = boss.post("/c/upload", data={"csrf_token": token, "pdfs": [(io.BytesIO(filled.read_bytes()), "tiimi 1.pdf")]})
    assert "0 workshops added to the register." in again.get_data(as_text=True)
    assert "tiimi 1.pdf: already in the register as workshop 1; nothing changed" in again.get_data(as_text=True)
    assert "Liikenne" in boss.get("/c/").get_data(as_text=True)


def test_one_address_for_a_deck_starts_a_form_for_each_team(service):
    app, db, boss = service
    boss.post("/c/generic", data={"csrf_token": csrf(boss, "/c/"), "deck": "kunta", "language": "sv"})
    [address] = re.findall(r'<a href="http://localhost(/g/[^"]+)" class="link-generic">', boss.get("/c/").get_data(as_text=True))
    first, second = app.test_client(), app.test_client()
    assert first.get(address).status_code == 200 and planned_list(registered(db)) == []  # opening it makes nothing
    links = []
    for team, unit in ((first, "A"), (second, "B")):
        started = team.post(address, data={"csrf_token": csrf(team, address)})
        link = started.headers["Location"].split("?")[0]
        links.append(link)
        send(team, link, results(card_ids(team, link), organisation=unit))
    assert links[0] != links[1]
    assert sorted(s.workshop.organisation for s in registered(db).workshops()) == ["A", "B"]
    assert {p.language for p in planned_list(registered(db))} == {"sv"}
    page = boss.get("/c/")
    token = re.search(r'action="/c/generic/([^/]+)/kit', page.get_data(as_text=True)).group(1)
    built = boss.post(f"/c/generic/{token}/kit", data={"csrf_token": csrf(boss, "/c/"), "board_paper": "a4"})
    assert built.status_code == 200, sentence(built)
