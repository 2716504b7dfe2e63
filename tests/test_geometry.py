"""Card-sheet geometry, as numbers, over every size preset x paper x mode x flip."""

from __future__ import annotations

import itertools
import math

import pytest

from osallisuuspeli.deck.geometry import Imposition, Mode, SheetSpec, default_bleed, impose
from osallisuuspeli.draw.painter import badge
from osallisuuspeli.draw.shapes import Rect
from osallisuuspeli.model import SHAPES, Colour
from osallisuuspeli.units import CARD_SIZES, MM, PAPERS

TOL = 0.01 * MM
CASES = list(itertools.product(CARD_SIZES, PAPERS, list(Mode), ("long", "short")))


def spec_for(size, paper, mode, flip, **kw) -> SheetSpec:
    return SheetSpec(PAPERS[paper], CARD_SIZES[size], mode=mode, flip=flip, bleed=default_bleed(mode), **kw)


def physical_back(r: Rect, page_w: float, page_h: float, flip: str) -> Rect:
    """Where a rectangle on the backs page ends up, seen from the front, after the
    paper is turned over its long or short edge (computed here, independently)."""
    long_edge_vertical = page_h >= page_w
    turn_about_vertical_axis = long_edge_vertical if flip == "long" else not long_edge_vertical
    if turn_about_vertical_axis:
        return Rect(page_w - r.x - r.w, r.y, r.w, r.h)
    return Rect(r.x, page_h - r.y - r.h, r.w, r.h)


def close(a: Rect, b: Rect) -> bool:
    return all(abs(p - q) <= TOL for p, q in zip((a.x, a.y, a.w, a.h), (b.x, b.y, b.w, b.h)))


@pytest.mark.parametrize("size,paper,mode,flip", CASES)
def test_all_ink_inside_the_printable_area_and_no_cards_overlap(size, paper, mode, flip):
    imp = impose(spec_for(size, paper, mode, flip))
    for page in imp.pages:
        page_rect = Rect(0, 0, *page.size)
        inks = [imp.ink(p) for p in page.placements]
        for ink in inks:
            assert imp.printable.contains(ink, TOL)
            assert page_rect.contains(ink, TOL)
        for a, b in itertools.combinations(inks, 2):
            assert not a.overlaps(b, TOL)
        for m in page.marks + page.folds:
            assert imp.printable.contains(m.bounds, TOL)


@pytest.mark.parametrize("size,paper,mode,flip", CASES)
def test_marks_stay_outside_every_card_and_its_bleed(size, paper, mode, flip):
    imp = impose(spec_for(size, paper, mode, flip))
    for page in imp.pages:
        assert page.marks, "every mode draws cut marks by default"
        for m in page.marks:
            for p in page.placements:
                assert not m.bounds.overlaps(imp.ink(p).inset(-0.5 * MM), 0), (m, p)


@pytest.mark.parametrize("size,paper,flip", list(itertools.product(CARD_SIZES, PAPERS, ("long", "short"))))
def test_after_the_flip_every_back_lies_exactly_behind_its_front(size, paper, flip):
    imp = impose(spec_for(size, paper, "duplex", flip))
    fronts, backs = imp.pages
    assert [p.side for p in fronts.placements] == ["title"] * imp.per_sheet
    assert [p.side for p in backs.placements] == ["detail"] * imp.per_sheet
    w, h = fronts.size
    for f, b in zip(fronts.placements, backs.placements):
        assert f.slot == b.slot
        assert close(physical_back(b.trim, w, h, flip), f.trim), (f, b)
    # the backs' cut marks fall on the fronts' marks too
    for mb, mf in zip(backs.marks, fronts.marks):
        assert close(physical_back(mb.bounds, w, h, flip), mf.bounds)


@pytest.mark.parametrize("size,paper,flip", list(itertools.product(CARD_SIZES, PAPERS, ("long", "short"))))
def test_back_offset_moves_the_backs_and_nothing_else(size, paper, flip):
    plain = impose(spec_for(size, paper, "duplex", flip))
    dx, dy = 1.2 * MM, -0.7 * MM
    shifted = impose(spec_for(size, paper, "duplex", flip, back_offset=(dx, dy)))
    assert shifted.pages[0] == plain.pages[0]
    for a, b in zip(plain.pages[1].placements, shifted.pages[1].placements):
        assert close(b.trim, a.trim.moved(dx, dy))
    for a, b in zip(plain.pages[1].marks, shifted.pages[1].marks):
        assert close(b.bounds, a.bounds.moved(dx, dy))


@pytest.mark.parametrize("size", CARD_SIZES)
def test_single_mode_has_trim_and_bleed_boxes_3mm_apart_and_marks_outside_the_bleed(size):
    imp = impose(spec_for(size, "a4", "single", "long"))
    assert imp.per_sheet == 1
    assert [p.placements[0].side for p in imp.pages] == ["title", "detail"]
    for page in imp.pages:
        t, b = page.trim_box, page.bleed_box
        assert (t.x - b.x, t.y - b.y, b.right - t.right, b.top - t.top) == pytest.approx((3 * MM,) * 4)
        assert (t.w, t.h) == pytest.approx(CARD_SIZES[size])
        assert page.placements[0].trim == t
        for m in page.marks:
            assert not m.bounds.overlaps(b, 0)
            assert Rect(0, 0, *page.size).contains(m.bounds, TOL)


@pytest.mark.parametrize("size,paper", list(itertools.product(CARD_SIZES, PAPERS)))
def test_gutterfold_puts_each_back_beside_its_front_across_a_fold(size, paper):
    imp = impose(spec_for(size, paper, "gutterfold", "long"))
    (page,) = imp.pages
    by_slot = {}
    for p in page.placements:
        by_slot.setdefault(p.slot, {})[p.side] = p
    assert len(page.folds) == len(by_slot) == imp.per_sheet
    for fold, pair in zip(page.folds, by_slot.values()):
        title, detail = pair["title"].trim, pair["detail"].trim
        assert fold.x1 == fold.x2 == pytest.approx(title.right) == pytest.approx(detail.x)
        # folding about the line maps the detail side exactly onto the title side
        assert close(Rect(2 * fold.x1 - detail.right, detail.y, detail.w, detail.h), title)


@pytest.mark.parametrize(
    "paper,size,count",
    [
        ("a4", "poker", 9),
        ("a4", "bridge", 9),
        ("a4", "mini", 18),
        ("a4", "tarot", 4),
        ("a3", "poker", 18),
        ("letter", "poker", 8),
        ("a4", "a6", 2),
    ],
)
def test_as_many_cards_as_fit_inside_the_5mm_margin(paper, size, count):
    assert impose(spec_for(size, paper, "duplex", "long")).per_sheet == count


def test_nine_poker_cards_on_a4_sit_centred_with_touching_bleeds():
    imp = impose(spec_for("poker", "a4", "duplex", "long"))
    fronts = imp.pages[0].placements
    xs = sorted({round(p.trim.x / MM, 3) for p in fronts})
    assert xs == pytest.approx([7.5, 73.5, 139.5])  # (210 - 3 x 66) / 2 = 6 mm, + 1.5 bleed; then every 63 + 3 mm
    top = max(p.trim.top for p in fronts)
    bottom = min(p.trim.y for p in fronts)
    assert (297 * MM - top) == pytest.approx(bottom)  # centred vertically


def test_a_card_larger_than_the_paper_is_refused():
    with pytest.raises(ValueError, match="does not fit"):
        impose(SheetSpec(PAPERS["a4"], (300 * MM, 400 * MM)))


def test_bad_spec_values_are_refused():
    with pytest.raises(ValueError, match="mode must be one of"):
        SheetSpec(PAPERS["a4"], CARD_SIZES["poker"], mode="booklet")
    with pytest.raises(ValueError, match="not negative"):
        SheetSpec(PAPERS["a4"], CARD_SIZES["poker"], gap=-1)


def test_marks_none_and_corners():
    none = impose(spec_for("poker", "a4", "duplex", "long", marks="none"))
    assert none.pages[0].marks == ()
    corners = impose(spec_for("poker", "a4", "duplex", "long", marks="corners"))
    assert corners.pages[0].marks
    assert max(max(m.bounds.w, m.bounds.h) for m in corners.pages[0].marks) == pytest.approx(3 * MM)


def test_imposition_is_a_value():
    a = impose(spec_for("poker", "a4", "duplex", "long"))
    b = impose(spec_for("poker", "a4", "duplex", "long"))
    assert a == b and isinstance(a, Imposition)


@pytest.mark.parametrize("shape", SHAPES)
def test_a_badge_is_its_shape_around_its_centre_with_the_number_inside(shape):
    b = badge(shape, 50.0, 40.0, 10.0, Colour("#0072C6"), 7, Colour("#FFFFFF"))
    corners = {"circle": 0, "square": 4, "triangle": 3, "diamond": 4, "hexagon": 6, "star": 10}[shape]
    assert len(b.outline) == corners
    reach = [math.hypot(x - 50, y - 40) for x, y in b.outline]
    assert all(r <= 12.5 + 1e-9 for r in reach)  # polygons are drawn a little larger, to look as large as the circle
    assert (b.number.x, b.number.align, b.number.text) == (50.0, "centre", "7")
    ink = b.number.bounds
    assert math.hypot(ink.w / 2, max(ink.top - 40, 40 - ink.y)) < 12.5  # the number stays inside
    if shape == "triangle":
        assert b.number.y < badge("circle", 50.0, 40.0, 10.0, Colour("#0072C6"), 7, Colour("#FFFFFF")).number.y


def test_a_board_panel_badge_sits_in_its_top_left_corner(decks):
    from osallisuuspeli.boards.layout import BADGE_R, PAD, board_layout

    for sheet in board_layout(decks["helsinki", "fi"], CARD_SIZES["poker"]):
        for panel in sheet.panels:
            if panel.badge is None:
                assert panel.number is None
                continue
            top = panel.header.top if panel.header is not None else panel.rect.top
            assert (panel.badge.cx, panel.badge.cy) == (panel.rect.x + PAD + BADGE_R, top - PAD - BADGE_R)
            assert panel.badge.number.text == str(panel.number)
