"""The web page in a real browser: Debian's Chromium driven by Playwright
(no browser download), checked with axe-core for WCAG 2.1 AA.

Needs: apt-get install chromium; npm install axe-core (AXE_CORE names its
axe.min.js, else node_modules/ beside the repository is looked in)."""

from __future__ import annotations

import os
import shutil
import threading
import zipfile
from pathlib import Path

import openpyxl
import pytest

playwright = pytest.importorskip("playwright.sync_api", reason="playwright is not installed: pip install '.[test]'")
pytest.importorskip("cheroot.wsgi", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.web.app import create_app  # noqa: E402
from osallisuuspeli.web.app import server as server_of  # noqa: E402

from .workshops import team  # noqa: E402

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
AXE = Path(os.environ.get("AXE_CORE") or Path(__file__).parent.parent / "node_modules" / "axe-core" / "axe.min.js")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium here: apt-get install chromium")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    app = create_app({"ROOT": tmp_path_factory.mktemp("web"), "FREE_SPACE": 0, "WORKERS": 2, "WAITING": 4, "JOB_TIMEOUT": 120})
    srv = server_of(app, threads=8)
    threading.Thread(target=srv.serve, daemon=True).start()
    yield f"http://127.0.0.1:{srv.bind_addr[1]}"
    srv.stop()


@pytest.fixture(scope="module")
def browser():
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        yield b
        b.close()


@pytest.fixture
def page(browser, tmp_path):
    context = browser.new_context(
        accept_downloads=True, locale="fi-FI", viewport={"width": 1100, "height": 900}, bypass_csp=True
    )  # axe is injected
    yield context.new_page()
    context.close()


def violations(page) -> list[str]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is."""
    if not AXE.is_file():
        pytest.skip(f"axe-core is not installed ({AXE}): npm install axe-core, or set AXE_CORE")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, {runOnly: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']})).violations")
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])})" for v in found]


def test_the_page_meets_wcag_21_aa_in_every_language_and_works_by_keyboard(server, page, tmp_path):
    for lang in ("fi", "sv", "en"):
        page.goto(f"{server}/?lang={lang}")
        assert page.locator("html").get_attribute("lang") == lang
        assert violations(page) == []
        page.screenshot(path=str(tmp_path / f"index-{lang}.png"), full_page=True)
    page.goto(f"{server}/?lang=fi")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")  # then the first radio of the deck choice
    assert page.evaluate("document.activeElement.id") == "deck-helsinki"


def test_a_kit_is_built_previewed_and_downloaded_in_the_browser(server, page, tmp_path):
    page.goto(f"{server}/?lang=fi")
    page.get_by_label("Kuntaversio (40 korttia)").check()
    page.get_by_label("svenska").check()
    page.get_by_label("Täytettävä pelilauta").check()
    page.get_by_role("button", name="Tee paketti").click()
    page.get_by_role("heading", name="Paketti on valmis").wait_for()
    assert page.locator(".previews img").count() == 2 * (12 + 4)  # every card sheet and board sheet, fi and sv
    images = page.locator("details[open] .previews img")  # the first language's, open
    assert images.count() == 12 + 4
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
        assert page.evaluate("img => img.complete && img.naturalWidth > 0", images.nth(i).element_handle())
    assert violations(page) == []
    page.screenshot(path=str(tmp_path / "result.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Koko paketti (ruotsi, zip)").click()
    path = info.value.path()
    with zipfile.ZipFile(path) as z:
        assert {"sv/cards.pdf", "sv/results-sheet.pdf", "sv/checklist.pdf"} <= set(z.namelist())


def test_an_uploaded_workbook_with_an_error_then_a_good_one(server, page, tmp_path):
    page.goto(f"{server}/?lang=en")
    with page.expect_download() as info:
        page.get_by_role("link", name="The municipal edition (.xlsx)").click()
    good = tmp_path / "my deck.xlsx"
    shutil.copy(info.value.path(), good)
    book = openpyxl.load_workbook(good)
    header = [c.value for c in book["Cards"][1]]
    book["Cards"].cell(row=3, column=header.index("title_en") + 1).value = None  # the page builds English: its title emptied
    bad = tmp_path / "my deck (broken).xlsx"
    book.save(bad)
    page.get_by_label("Your own deck").check()
    page.get_by_label("Your deck's file").set_input_files(str(bad))
    page.get_by_role("button", name="Make the kit").click()
    alert = page.locator(".upload [role=alert]")
    alert.wait_for()
    assert alert.inner_text().startswith("my deck (broken).xlsx, sheet Cards, row 3, column title_en:")
    assert page.get_by_label("Your deck's file").get_attribute("aria-invalid") == "true"
    assert violations(page) == []
    page.screenshot(path=str(tmp_path / "error.png"), full_page=True)
    page.get_by_label("Your deck's file").set_input_files(str(good))
    page.get_by_role("button", name="Make the kit").click()
    page.get_by_role("heading", name="The kit is ready").wait_for()


def test_a_report_from_five_filled_sheets_in_the_browser(server, page, tmp_path):
    page.goto(f"{server}/?lang=fi")
    page.get_by_role("button", name="Tee paketti").click()
    page.get_by_role("heading", name="Paketti on valmis").wait_for()
    with page.expect_download() as info:
        page.get_by_role("link", name="fi/results-sheet.pdf").click()
    sheet = tmp_path / "sheet.pdf"
    shutil.copy(info.value.path(), sheet)
    files = []
    for i in range(5):
        files.append(tmp_path / f"tiimi{i + 1}.pdf")
        team(
            sheet,
            files[-1],
            {"date": f"2026-11-0{i + 1}", "organisation": f"yksikkö {i + 1}", "participants": "6"},
            {"kokeilut": "worth_trying"},
        )
    (tmp_path / "broken-muistio.pdf").write_text("muistiinpanoja")
    page.goto(f"{server}/?lang=fi")
    page.get_by_label("Täytetyt PDF-tiedostot").set_input_files([str(f) for f in files] + [str(tmp_path / "broken-muistio.pdf")])
    page.get_by_role("button", name="Tee raportti").click()
    page.get_by_role("heading", name="Raportti on valmis").wait_for()
    assert "Luettu 5 työpajaa." in page.inner_text("main")
    assert "broken-muistio.pdf: ei ole PDF-tiedosto; ohitettiin" in page.inner_text("main")
    assert violations(page) == []
    with page.expect_download() as info:
        page.get_by_role("link", name="report.xlsx").click()
    report = tmp_path / "report.xlsx"
    shutil.copy(info.value.path(), report)
    book = openpyxl.load_workbook(report)
    summary = list(book.worksheets[0].iter_rows(values_only=True))
    assert summary[7][:6] == (7, "Kokeilut", "Käyttäjien osallisuus palveluiden kehittämisessä", 0, 0, 5)
    page.screenshot(path=str(tmp_path / "report.png"), full_page=True)


def test_no_sideways_scrolling_at_320_px_and_buttons_work_by_touch(server, browser, tmp_path):
    context = browser.new_context(viewport={"width": 320, "height": 640}, is_mobile=True, has_touch=True, locale="fi-FI", bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(f"{server}/?lang=fi")
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        page.screenshot(path=str(tmp_path / "index-320.png"), full_page=True)
        page.get_by_label("Kuntaversio (40 korttia)").tap()
        page.get_by_role("button", name="Tee paketti").tap()
        page.get_by_role("heading", name="Paketti on valmis").wait_for()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
        assert violations(page) == []
        page.screenshot(path=str(tmp_path / "result-320.png"), full_page=True)
    finally:
        context.close()
