"""The documentation and follow-up service end to end in a real browser:
sign in, plan a workshop, build its kit, read its board's QR code (zbarimg
on the rendered board), fill the team form on a phone, submit, follow one
action up as its owner, and see the counts in the report and report.xlsx.
axe-core checks every page of the service for WCAG 2.1 AA."""

from __future__ import annotations

import io
import shutil
import subprocess
import threading
from pathlib import Path

import openpyxl
import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install '.[test]'")
pytest.importorskip("cheroot.wsgi", reason="the web extra is not installed: pip install '.[web]'")
pytest.importorskip("flask_wtf", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.register.service import add_account  # noqa: E402
from osallisuuspeli.web.app import create_app  # noqa: E402
from osallisuuspeli.web.app import server as server_of  # noqa: E402

from .service import PASSWORD, registered  # noqa: E402
from .test_web_browser import AXE, CHROMIUM, violations  # noqa: E402

pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here: apt-get install chromium")
PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def service(tmp_path_factory):
    root = tmp_path_factory.mktemp("service")
    db = str(root / "register.sqlite")
    add_account(registered(db), "maija", PASSWORD)
    app = create_app({"ROOT": root / "web", "FREE_SPACE": 0, "WORKERS": 2, "DATABASE": db})
    srv = server_of(app, threads=8)
    threading.Thread(target=srv.serve, daemon=True).start()
    yield f"http://127.0.0.1:{srv.bind_addr[1]}", db
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


def context(browser, **kw):
    return browser.new_context(accept_downloads=True, locale="fi-FI", bypass_csp=True, **kw)  # axe is injected


def checked(page, name: str, tmp_path) -> None:
    assert violations(page) == [], name
    page.screenshot(path=str(tmp_path / f"{name}.png"), full_page=True)


def qr_of(pdf: bytes, tmp_path) -> str:
    """The QR code's text on the board's first page, rendered at 150 dpi and read by zbarimg."""
    if shutil.which("zbarimg") is None:
        pytest.skip("zbarimg is not installed: apt-get install zbar-tools")
    (tmp_path / "board.pdf").write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", "150", "-png", str(tmp_path / "board.pdf"), str(tmp_path / "board")], check=True, timeout=120)
    found = []
    for png in sorted(tmp_path.glob("board*.png")):
        done = subprocess.run(["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)], capture_output=True, text=True)
        found += [line for line in done.stdout.splitlines() if line]
    assert found, "no QR code on the board"
    return found[0]


def test_a_workshop_end_to_end_from_the_boards_qr_code_to_the_report(service, browser, tmp_path):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE}): npm install axe-core, or set AXE_CORE")
    url, _db = service
    boss = context(browser, viewport={"width": 1100, "height": 900}).new_page()
    boss.goto(f"{url}/c/?lang=en")
    assert boss.url.startswith(f"{url}/sign-in")
    checked(boss, "sign-in", tmp_path)
    boss.fill("#name", "maija")
    boss.fill("#password", PASSWORD)
    boss.click("button[type=submit]:has-text('Sign in')")
    assert boss.url.startswith(f"{url}/c/")
    checked(boss, "home", tmp_path)
    boss.click("text=New workshop")
    checked(boss, "new", tmp_path)
    boss.check("#deck-kunta")
    boss.check("#language-fi")
    boss.fill("#date", "2.12.2026")
    boss.fill("#organisation", "Kulttuuripalvelut")
    boss.fill("#leader", "Maija Vetäjä")
    boss.click("text=Create the workshop")
    checked(boss, "workshop", tmp_path)
    team_link = boss.locator("a.link-team").get_attribute("href")
    boss.check("#board-a4")
    boss.click("text=Build the kit")
    boss.wait_for_selector("h1")
    with boss.expect_download() as info:
        boss.click("a[href$='/fi/board.pdf']")
    pdf = Path(info.value.path()).read_bytes()
    scanned = qr_of(pdf, tmp_path)
    assert scanned == team_link

    phone = context(browser, viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    phone.goto(scanned)
    checked(phone, "team-form", tmp_path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    cards = phone.locator("fieldset.card").all()
    assert len(cards) == 40
    first_card = cards[0].locator("input[type=radio]").first.get_attribute("name").removeprefix("card.")
    for i, column in enumerate(("done_well", "tried", "worth_trying")):
        for card in cards[i * 2 : i * 2 + 2]:
            card.locator(f"input[value={column}]").check()
    cards[0].locator("input[name$='.keep']").check()
    cards[3].locator("input[name$='.drop']").check()
    phone.fill("#participants", "6")
    phone.fill("#own-1-name", "Kävelykokous")
    phone.fill("#own-1-description", "Kokous ulkona kävellen")
    phone.fill("#action-1-goal", "Nuoret mukaan päätöksiin")
    phone.fill("#action-1-responsible", "Pekka Omistaja")
    phone.fill("#action-1-timetable", "31.5.2027")
    phone.fill("#action-2-goal", "Avoin data käyttöön")
    phone.fill("#action-2-timetable", "31.12.2027")
    phone.click("button[value=save]")
    phone.wait_for_selector("#saved")
    phone.reload()
    assert phone.locator("#own-1-name").input_value() == "Kävelykokous"
    phone.click("button[value=submit]")
    phone.wait_for_url("**/summary**")
    checked(phone, "team-summary", tmp_path)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert "Pekka Omistaja" in phone.content()

    boss.goto(f"{url}/c/?lang=en")
    boss.click("table >> nth=0 >> a")
    boss.locator("form:has(input[name=kind][value=action_followup]) button").first.click()
    owner_link = boss.locator("a.link-action_followup").get_attribute("href")
    owner = context(browser, viewport=PHONE, is_mobile=True).new_page()
    owner.goto(owner_link)
    checked(owner, "followup", tmp_path)
    assert owner.locator("h2").count() == 1
    owner.check("input[value=under_way]")
    owner.fill("textarea[name=note]", "Ensimmäinen kokous pidetty")
    owner.click("button[type=submit]:has-text('Tallenna'), button[type=submit]:has-text('Save the status')")
    owner.wait_for_selector(".saved")

    boss.goto(f"{url}/c/actions?lang=en")
    checked(boss, "actions", tmp_path)
    assert "Ensimmäinen kokous pidetty" in boss.content()
    boss.goto(f"{url}/c/report?lang=en")
    checked(boss, "report", tmp_path)
    assert "1 workshop · 6 participants · 2 actions agreed" in boss.content()
    with boss.expect_download() as info:
        boss.click("text=report.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(Path(info.value.path()).read_bytes()))
    rows = [[c.value for c in row] for ws in book.worksheets for row in ws.iter_rows()]
    marks = [r for r in rows if first_card in r]
    assert sum("done_well" in r for r in marks) == 1 and sum("keep" in r for r in marks) == 1  # its column and its green token


def test_the_services_refusals_meet_wcag_too(service, browser, tmp_path):
    url, _db = service
    page = context(browser, viewport=PHONE).new_page()
    page.goto(f"{url}/t/{'x' * 24}?lang=sv")
    assert page.locator("html").get_attribute("lang") == "sv"
    checked(page, "no-team", tmp_path)
    from osallisuuspeli.register.service import new_link

    address = new_link(registered(_db), "generic", deck="helsinki", language="en")
    page.goto(f"{url}/g/{address}?lang=en")
    checked(page, "generic-start", tmp_path)
    page.click("button[type=submit]")
    page.wait_for_selector("fieldset.card")
    assert "Your team's form is ready." in page.content()


def test_the_helsinki_form_in_every_language_at_320_px(service, browser, tmp_path):
    from osallisuuspeli.register.service import plan

    url, db = service
    _one, token = plan(registered(db), deck="helsinki", language="sv")
    page = context(browser, viewport={"width": 320, "height": 640}).new_page()
    for lang in ("fi", "sv", "en"):
        page.goto(f"{url}/t/{token}?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("fieldset.theme").count() == 5 and page.locator("fieldset.card").count() == 66
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        colour = page.evaluate("getComputedStyle(document.querySelector('fieldset.theme')).borderLeftColor")
        assert colour not in ("rgb(118, 118, 118)", "")  # the theme's own colour, not the plain line
        checked(page, f"helsinki-{lang}", tmp_path)


# -- the keyboard alone (WCAG 2.1.1, 2.4.1, 2.4.7) and the upload's answer ------------------

FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
  const shadow = !!s.boxShadow && s.boxShadow !== 'none';
  return {tag: e.tagName.toLowerCase(), id: e.id, name: e.getAttribute('name') || '', value: e.value || '',
          type: e.getAttribute('type') || '', text: (e.textContent || '').trim().slice(0, 40), shown: outline || shadow};
}"""


def focused(page) -> dict:
    """The focused element, and whether it shows a focus indicator (an outline or a box-shadow)."""
    now = page.evaluate(FOCUSED)
    assert now is not None, "the focus was lost to the page's body"
    assert now["shown"], f"no visible focus indicator on {now}"
    return now


def skip_to_main(page) -> None:
    """The first Tab stop is the skip link, and Enter on it moves the focus to main."""
    page.keyboard.press("Tab")
    first = focused(page)
    assert first["tag"] == "a" and page.evaluate("document.activeElement.classList.contains('skip')"), first
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def tab_to(page, wanted, limit: int = 400, back: bool = False) -> dict:
    """Tab (or Shift+Tab) until the focused element is the wanted one, checking the focus indicator at every stop."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if back else "Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError(f"not reached with {limit} presses of Tab")


def test_the_team_form_with_the_keyboard_alone(service, browser):
    from osallisuuspeli.register.service import plan

    url, db = service
    _one, token = plan(registered(db), deck="kunta", language="fi")
    page = context(browser, viewport=PHONE, is_mobile=True, has_touch=True).new_page()
    page.goto(f"{url}/t/{token}?lang=en")
    skip_to_main(page)
    radio = tab_to(page, lambda e: e["type"] == "radio" and e["name"].startswith("card."))
    card = radio["name"].removeprefix("card.")
    assert radio["value"] == ""  # the checked radio of the group: "Not placed"
    page.keyboard.press("ArrowRight")  # the group's next radio, chosen
    assert focused(page)["value"] == "done_well"
    page.keyboard.press("Tab")  # out of the radio group, to the card's green token
    token_box = focused(page)
    assert token_box["id"] == f"token-{card}-keep"
    page.keyboard.press("Space")
    assert page.is_checked(f"#token-{card}-keep")
    # the red token, one step back and forth with Shift+Tab
    page.keyboard.press("Tab")
    assert focused(page)["id"] == f"token-{card}-drop"
    page.keyboard.press("Shift+Tab")
    assert focused(page)["id"] == f"token-{card}-keep"
    tab_to(page, lambda e: e["tag"] == "button" and e["value"] == "save")
    page.keyboard.press("Enter")
    page.wait_for_selector("#saved")
    page.reload()
    assert page.is_checked(f"#card-{card}-done_well") and page.is_checked(f"#token-{card}-keep")
    assert not page.is_checked(f"#token-{card}-drop")


def test_signing_in_with_the_keyboard_alone(service, browser):
    url, _db = service
    page = context(browser, viewport=PHONE, is_mobile=True).new_page()
    page.goto(f"{url}/sign-in?lang=en")
    skip_to_main(page)
    tab_to(page, lambda e: e["id"] == "name")
    page.keyboard.type("maija")
    page.keyboard.press("Tab")
    assert focused(page)["id"] == "password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url(f"{url}/c/**")
    assert "maija" in page.content()


def test_following_an_action_up_with_the_keyboard_alone(service, browser):
    from osallisuuspeli.register.service import new_link

    from .registers import reads

    url, db = service
    reg = registered(db)
    [number] = reg.add(reads([77])).added
    link = new_link(reg, "workshop_followup", workshop=number)
    page = context(browser, viewport=PHONE, is_mobile=True).new_page()
    page.goto(f"{url}/f/{link}?lang=en")
    skip_to_main(page)
    radio = tab_to(page, lambda e: e["type"] == "radio" and e["name"] == "status")
    assert radio["value"] == "not_started"
    page.keyboard.press("ArrowRight")
    assert focused(page)["value"] == "under_way"
    tab_to(page, lambda e: e["tag"] == "textarea")
    page.keyboard.type("Ensimmäinen kokous pidetty")
    tab_to(page, lambda e: e["tag"] == "button", limit=3)
    page.keyboard.press("Enter")
    page.wait_for_selector(".saved")
    page.reload()
    first = page.locator("section").first
    assert first.locator("input[value=under_way]").is_checked()
    assert "Ensimmäinen kokous pidetty" in first.inner_text()


def test_the_upload_answer_meets_wcag_too(service, browser, tmp_path):
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE}): npm install axe-core, or set AXE_CORE")
    url, _db = service
    page = context(browser, viewport=PHONE).new_page()
    page.goto(f"{url}/sign-in?lang=en")
    page.fill("#name", "maija")
    page.fill("#password", PASSWORD)
    page.click("button[type=submit]:has-text('Sign in')")
    (tmp_path / "broken-notes.pdf").write_bytes(b"not a pdf")  # broken*: the teardown's qpdf check spares it
    page.set_input_files("#pdfs", str(tmp_path / "broken-notes.pdf"))
    page.click("button[type=submit]:has-text('Add to the register')")
    page.wait_for_selector("h1:has-text('Added to the register')")
    assert "broken-notes.pdf" in page.content()  # under "Files not counted"
    checked(page, "uploaded", tmp_path)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_the_kits_page_leads_the_coordinator_to_the_sign_in(service, browser):
    url, _db = service
    page = context(browser, viewport=PHONE).new_page()
    for lang, words in (("fi", "Koordinaattori? Kirjautukaa sisään"), ("sv", "Koordinator? Logga in"), ("en", "Coordinator? Sign in")):
        page.goto(f"{url}/?lang={lang}")
        link = page.locator("footer a")
        assert link.inner_text() == words
        link.focus()
        page.keyboard.press("Enter")
        page.wait_for_url(f"{url}/sign-in**")
        assert page.locator("html").get_attribute("lang") == lang and page.locator("#name").count() == 1
