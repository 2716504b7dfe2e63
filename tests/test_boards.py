"""The A3 boards: geometry as numbers, tiling onto A4, and the fillable results."""

from __future__ import annotations

import itertools

import pypdf
import pytest

from osallisuuspeli.boards.layout import board_layout
from osallisuuspeli.boards.tiles import OVERLAP, TILE_MARGIN, tiles
from osallisuuspeli.cli import main
from osallisuuspeli.draw.shapes import Rect
from osallisuuspeli.model import SheetPlan
from osallisuuspeli.units import CARD_SIZES, MM, PAPERS

from .conftest import DECKS, LANGUAGES
from .pdfcheck import fonts_of

TOL = 0.01 * MM

# Cards each step-4 column holds side by side and one under another, without
# overlap, as the README states.
COLUMN_CAPACITY = {("helsinki", "poker"): 2, ("kunta", "poker"): 4, ("helsinki", "mini"): 2, ("kunta", "mini"): 6, ("helsinki", "a6"): 1}


def everything(sheet):
    """Every rectangle the sheet draws something in."""
    for p in sheet.panels:
        yield "panel", p.rect
        for a in p.areas:
            yield a.name, a.rect
            for s in a.slots:
                yield a.name + " slot", s
        for q in p.codes:
            yield "qr", q.rect
    for t in sheet.texts:
        yield "text", t.bounds


@pytest.mark.parametrize("deck,lang,size", list(itertools.product(DECKS, LANGUAGES, CARD_SIZES)))
def test_everything_lies_inside_the_10mm_margin_and_nothing_collides(decks, deck, lang, size):
    sheets = board_layout(decks[deck, lang], CARD_SIZES[size])
    for sheet in sheets:
        assert sheet.page.inset(10 * MM).contains(sheet.printable, TOL)
        for what, r in everything(sheet):
            assert sheet.printable.contains(r, TOL), (sheet.number, what, r)
        fields = [a for a in sheet.areas if a.field is not None]
        for a, b in itertools.combinations(fields, 2):
            assert not a.field.overlaps(b.field, TOL), (a.name, b.name)
        for a, b in itertools.combinations(sheet.panels, 2):
            assert not a.rect.overlaps(b.rect, TOL)
        texts = sheet.texts
        for a, b in itertools.combinations(texts, 2):
            assert not a.bounds.overlaps(b.bounds, TOL), (a.block.lines[0], b.block.lines[0])


@pytest.mark.parametrize("deck,lang", list(itertools.product(DECKS, LANGUAGES)))
def test_steps_come_in_order_each_numbered_and_titled(decks, deck, lang):
    d = decks[deck, lang]
    sheets = board_layout(d, CARD_SIZES["poker"])
    shown = [n for s in sheets for n in s.steps]
    assert sorted(set(shown)) == list(range(1, 8))
    assert shown == sorted(shown)
    assert sheets[0].steps == (1, 2, 3)
    assert sheets[-1].steps == (7,)
    postit_fields = {a.name for s in sheets for a in s.areas if a.kind == "postit"}
    assert {"step1.notes", "step2.notes", "step3.notes", "step5.notes", "step6.notes"} <= postit_fields


@pytest.mark.parametrize("deck,size", list(COLUMN_CAPACITY))
def test_each_theme_column_holds_the_cards_the_readme_states(decks, deck, size):
    w, h = CARD_SIZES[size]
    sheets = board_layout(decks[deck, "fi"], (w, h))
    columns = [a for s in sheets for a in s.areas if a.kind == "cards"]
    expected_fields = 5 if deck == "helsinki" else 1
    assert len(columns) == 3 * expected_fields
    for col in columns:
        assert len(col.slots) >= COLUMN_CAPACITY[deck, size]
        for slot in col.slots:
            assert (slot.w, slot.h) == pytest.approx((w, h))
            assert col.rect.contains(slot, TOL)
        for a, b in itertools.combinations(col.slots, 2):
            assert not a.overlaps(b, TOL)


def test_post_it_areas_hold_standard_76mm_notes(decks):
    sheets = board_layout(decks["helsinki", "fi"], CARD_SIZES["poker"])
    for area in (a for s in sheets for a in s.areas if a.kind == "postit"):
        assert area.slots, area.name
        for slot in area.slots:
            assert (slot.w, slot.h) == pytest.approx((76 * MM, 76 * MM))
            assert area.rect.contains(slot, TOL)


def test_step_7_has_three_numbered_rows_with_a_card_slot_for_the_method(decks):
    sheets = board_layout(decks["helsinki", "fi"], CARD_SIZES["poker"])
    cells = {a.name: a for a in sheets[-1].areas}
    for row in (1, 2, 3):
        for col in ("goal", "method", "implementation"):
            assert f"step7.row{row}.{col}" in cells
        (slot,) = cells[f"step7.row{row}.method"].slots
        assert (slot.w, slot.h) == pytest.approx((88 * MM, 63 * MM))  # the poker card, sideways


def test_the_municipal_board_has_a_single_step_4_field(decks):
    sheets = board_layout(decks["kunta", "fi"], CARD_SIZES["poker"])
    step4 = [s for s in sheets if 4 in s.steps]
    assert len(step4) == 1
    assert [a.name for a in step4[0].areas] == ["step4.methods.done_well", "step4.methods.tried", "step4.methods.worth_trying"]


def test_the_results_box_carries_a_qr_code_to_the_decks_address(decks):
    sheet = board_layout(decks["helsinki", "fi"], CARD_SIZES["poker"])[0]
    (code,) = [q for p in sheet.panels for q in p.codes]
    assert code.data == "https://bit.ly/ospe-kirjaaminen"
    assert code.rect.w >= 16 * MM
    module = code.rect.w / 29  # version 3 at level M: 29 modules a side
    assert {round(m.w, 6) for m in code.modules} == {round(module, 6)}
    assert all(code.rect.contains(m) for m in code.modules)
    finders = [(x, y) for x in (0, 22) for y in (0, 22) if (x, y) != (22, 22)]  # 7 x 7 corner squares, dark rims
    dark = {(round((m.x - code.rect.x) / module), round((code.rect.top - m.top) / module)) for m in code.modules}
    for x0, y0 in finders:
        assert all((x0 + i, y0) in dark and (x0 + i, y0 + 6) in dark and (x0, y0 + i) in dark for i in range(7))
        assert (x0 + 1, y0 + 1) not in dark and (x0 + 3, y0 + 3) in dark


def _results_box(deck):
    sheet = board_layout(deck, CARD_SIZES["poker"])[0]
    texts = [" ".join(t.block.lines) for p in sheet.panels if p.number is None for t in p.texts]
    return texts, [q.data for p in sheet.panels for q in p.codes]


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_the_printed_link_and_the_qr_code_name_the_same_address(decks, lang):
    texts, codes = _results_box(decks["helsinki", lang])
    assert codes == ["https://bit.ly/ospe-kirjaaminen"]
    assert sum("bit.ly/ospe-kirjaaminen" in t for t in texts) == 1
    assert not any("osallisuusmalli" in t for t in texts[:-1])  # only the credit's link names the model


def test_a_deck_without_a_results_address_asks_for_the_photos_and_has_no_code(decks):
    texts, codes = _results_box(decks["kunta", "fi"])
    assert codes == []
    assert "Täyttäkää tulostaulukko ja antakaa se pelin järjestäjälle." in texts


def test_a_users_own_results_address_replaces_helsinkis_everywhere(decks):
    own = decks["helsinki", "fi"]._replace(results_url="https://www.example.fi/tulokset/")
    texts, codes = _results_box(own)
    assert codes == ["https://www.example.fi/tulokset/"]
    assert "Osallisuuspelin tulosten dokumentointi: www.example.fi/tulokset" in texts
    assert not any("bit.ly" in t for t in texts)


@pytest.mark.parametrize("deck", DECKS)
def test_two_a4_tiles_cover_the_whole_sheet_with_the_stated_overlap(decks, deck):
    for sheet in board_layout(decks[deck, "fi"], CARD_SIZES["poker"]):
        left, right = tiles((sheet.page.w, sheet.page.h), sheet.printable)
        content = sheet.printable
        # together the printed parts cover the content exactly, left to right
        assert left.shows.x == pytest.approx(content.x)
        assert left.shows.right == pytest.approx(right.shows.x)
        assert right.shows.right == pytest.approx(content.right)
        assert left.shows.y == right.shows.y == content.y and left.shows.h == right.shows.h == content.h
        # the right page's glue strip lies under the left page's last 6 mm
        glue_on_sheet = right.glue.moved(right.dx, 0)
        assert glue_on_sheet.w == pytest.approx(OVERLAP) == pytest.approx(6 * MM)
        assert glue_on_sheet.right == pytest.approx(left.shows.right)
        assert left.shows.contains(Rect(glue_on_sheet.x, content.y, glue_on_sheet.w, content.h), TOL)
        # each page prints inside an office printer's 5 mm margin on A4
        a4 = Rect(0, 0, *PAPERS["a4"]).inset(TILE_MARGIN)
        for tile in (left, right):
            assert a4.contains(tile.shows.moved(-tile.dx, 0), TOL)
            for m in tile.marks:
                assert a4.contains(m.bounds, TOL)
        # the left page is cut where the right page's strip ends
        assert left.cut.x1 + left.dx == pytest.approx(left.shows.right)


def test_board_paper_a4_writes_two_a4_pages_a_sheet(build_kit):
    tmp_path = build_kit("--board-paper", "a4")
    reader = pypdf.PdfReader(tmp_path / "fi" / "board.pdf")
    assert len(reader.pages) == 2 * 6
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(595, 842)}
    assert "Liimatkaa tähän" in reader.pages[1].extract_text()
    assert all(fonts_of(tmp_path / "fi" / "board.pdf").values())


def test_fillable_needs_a_whole_a3_sheet(runner, tmp_path):
    result = runner.invoke(main, ["build", "--fillable", "--board-paper", "a4", "--out", str(tmp_path / "kit")])
    assert result.exit_code == 2
    assert result.stderr == "osallisuuspeli: --fillable needs --board-paper a3: a form field cannot be cut across two A4 pages\n"
    assert not (tmp_path / "kit").exists()


def test_the_board_is_byte_identical_for_the_same_input(decks):
    from osallisuuspeli.boards.render import board_pdf

    d = decks["helsinki", "sv"]
    for kwargs in ({}, {"tile_paper": PAPERS["a4"]}, {"fillable": True}):
        assert board_pdf(d, CARD_SIZES["poker"], **kwargs) == board_pdf(d, CARD_SIZES["poker"], **kwargs)


def test_the_sheets_follow_the_plan_in_the_content(decks):
    """Which steps share a sheet is data (board.yaml's `sheets`), not code."""
    d = decks["kunta", "sv"]
    assert [p.steps for p in d.board.sheets] == [("rajaus", "miksi", "merkitys"), ("teemat",), ("nykyiset", "kehityskohdat"), ("uudet",)]
    plan = (
        SheetPlan(("rajaus", "miksi")),
        SheetPlan(("merkitys", "nykyiset", "kehityskohdat"), 60 * MM),
        SheetPlan(("teemat",)),
        SheetPlan(("uudet",)),
    )
    sheets = board_layout(d._replace(board=d.board._replace(sheets=plan)), CARD_SIZES["poker"])
    assert [s.steps for s in sheets] == [(1, 2), (3, 5, 6), (4,), (7,)]
    side = sheets[1].panels[-1]
    assert side.number is None and abs(side.rect.w - 60 * MM) < 1e-6  # the deck's place and results, as wide as planned
