"""Card-sheet geometry: a sheet spec in, rectangles and lines in points out.

Nothing here draws. Coordinates are PDF points with the origin at the page's
lower left, as reportlab and every PDF reader use them.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from osallisuuspeli.draw.shapes import EPS, Line, Rect
from osallisuuspeli.i18n import _
from osallisuuspeli.options import DEFAULT
from osallisuuspeli.options import Flip as Flip  # the sheet's choices, declared with the build's other options
from osallisuuspeli.options import Marks as Marks
from osallisuuspeli.options import Mode as Mode
from osallisuuspeli.options import default_bleed as default_bleed
from osallisuuspeli.units import MM


def _grid(avail: float, cell: float, gap: float) -> int:
    """How many cells of `cell` with `gap` between them fit in `avail`."""
    return max(0, math.floor((avail + gap + EPS) / (cell + gap)))


class _Spec(NamedTuple):
    paper: tuple[float, float]
    card: tuple[float, float]
    mode: str = DEFAULT["mode"]
    margin: float = 5 * MM  # the printer cannot print closer to the paper's edge
    gap: float = DEFAULT["gap"]  # between neighbouring cards' bleed edges (0: bleeds touch)
    bleed: float = default_bleed(DEFAULT["mode"])  # background drawn beyond the trim line, hiding small cutting and duplex errors
    flip: str = DEFAULT["flip"]  # how the printer turns the paper for the back side
    back_offset: tuple[float, float] = DEFAULT["back_offset"]  # printer misregistration fix
    marks: str = DEFAULT["marks"]  # one of Marks
    mark_gap: float = 1.5 * MM  # space between the cards (or bleed) and a mark


class SheetSpec(_Spec):
    """How cards go onto paper. All lengths in points. Checked when made."""

    __slots__ = ()

    def __new__(cls, *args: Any, **kwargs: Any) -> SheetSpec:
        self = super().__new__(cls, *args, **kwargs)
        for name, value, kind in (("mode", self.mode, Mode), ("flip", self.flip, Flip), ("marks", self.marks, Marks)):
            if value not in {m.value for m in kind}:
                raise ValueError(
                    _("%(name)s must be one of %(choices)s, not '%(value)s'") % {"name": name, "choices": ", ".join(kind), "value": value}
                )
        if min(self.card) <= 0 or self.bleed < 0 or self.gap < 0 or self.margin < 0:
            raise ValueError(_("card sizes must be positive and bleed, gap and margin not negative"))
        return self


class Placement(NamedTuple):
    """One card side on a page: which card of the sheet, which side, where."""

    slot: int  # index of the card within its sheet
    side: str  # "title" or "detail"
    trim: Rect
    clip: Rect | None = None  # where its background may reach, when less than the bleed all round


class Page(NamedTuple):
    size: tuple[float, float]
    placements: tuple[Placement, ...]
    marks: tuple[Line, ...] = ()
    folds: tuple[Line, ...] = ()  # gutterfold: where to fold, drawn dashed
    trim_box: Rect | None = None  # single: the finished card
    bleed_box: Rect | None = None

    @property
    def rect(self) -> Rect:
        return Rect(0, 0, *self.size)


class Imposition(NamedTuple):
    """How one sheet's worth of cards lands on paper: its pages in print order."""

    spec: SheetSpec
    per_sheet: int
    pages: tuple[Page, ...]
    printable: Rect
    bleed: float

    def ink(self, placement: Placement) -> Rect:
        """Everything a card side may cover: its trim box grown by the bleed (or its clip)."""
        return placement.clip or placement.trim.inset(-self.bleed)


def impose(spec: SheetSpec) -> Imposition:
    """The page layout for `spec.mode`."""
    if spec.mode == "single":
        return _single(spec)
    if spec.mode == "gutterfold":
        return _gutterfold(spec)
    return _duplex(spec)


def _orient(spec: SheetSpec, unit: tuple[float, float]) -> tuple[float, float]:
    """Portrait paper, or landscape when that holds more units."""
    portrait = _fit(spec, spec.paper, unit)
    landscape = _fit(spec, (spec.paper[1], spec.paper[0]), unit)
    if portrait[0] * portrait[1] >= landscape[0] * landscape[1]:
        return spec.paper
    return spec.paper[1], spec.paper[0]


def _fit(spec: SheetSpec, paper: tuple[float, float], unit: tuple[float, float]) -> tuple[int, int]:
    avail_w = paper[0] - 2 * spec.margin
    avail_h = paper[1] - 2 * spec.margin
    return _grid(avail_w, unit[0] + 2 * spec.bleed, spec.gap), _grid(avail_h, unit[1] + 2 * spec.bleed, spec.gap)


def _cells(spec: SheetSpec, unit: tuple[float, float]) -> tuple[Rect, Rect, tuple[Rect, ...]]:
    """Page, printable area and the trim boxes of a centred grid of `unit`s, row by row from the top."""
    pw, ph = _orient(spec, unit)
    cols, rows = _fit(spec, (pw, ph), unit)
    if cols * rows == 0:
        raise ValueError(
            _("the card does not fit on the paper inside the printer margin; choose a smaller --card-size or a larger --paper")
        )
    page = Rect(0, 0, pw, ph)
    uw, uh = unit
    pitch_x, pitch_y = uw + 2 * spec.bleed + spec.gap, uh + 2 * spec.bleed + spec.gap
    x0 = (pw - (cols * pitch_x - spec.gap)) / 2 + spec.bleed
    y0 = (ph - (rows * pitch_y - spec.gap)) / 2 + spec.bleed
    cells = tuple(Rect(x0 + c * pitch_x, y0 + (rows - 1 - r) * pitch_y, uw, uh) for r in range(rows) for c in range(cols))
    return page, page.inset(spec.margin), cells


def _duplex(spec: SheetSpec) -> Imposition:
    """Fronts page, then the backs page where the printer's flip puts each back."""
    page, printable, fronts = _cells(spec, spec.card)
    dx, dy = spec.back_offset
    backs = tuple(flip_rect(f, page, spec.flip).moved(dx, dy) for f in fronts)
    front_marks = cut_marks(fronts, spec, printable)
    back_marks = tuple(_flip_line(m, page, spec.flip, dx, dy) for m in front_marks)
    size = (page.w, page.h)
    return Imposition(
        spec,
        len(fronts),
        (
            Page(size, tuple(Placement(i, "title", r) for i, r in enumerate(fronts)), front_marks),
            Page(size, tuple(Placement(i, "detail", r) for i, r in enumerate(backs)), back_marks),
        ),
        printable,
        spec.bleed,
    )


def _gutterfold(spec: SheetSpec) -> Imposition:
    """Each card's title side and detail side next to each other, sharing a fold line.

    Folded along that line (printed sides out), the detail side lies exactly
    behind the title side and reads upright when the card is turned over
    sideways. No bleed is needed at the fold: nothing is cut there.
    """
    cw, ch = spec.card
    page, printable, pairs = _cells(spec, (2 * cw, ch))
    placements, folds = [], []
    for i, pair in enumerate(pairs):
        b = spec.bleed  # bleed on the three cut edges; none across the fold
        placements.append(Placement(i, "title", Rect(pair.x, pair.y, cw, ch), Rect(pair.x - b, pair.y - b, cw + b, ch + 2 * b)))
        placements.append(Placement(i, "detail", Rect(pair.x + cw, pair.y, cw, ch), Rect(pair.x + cw, pair.y - b, cw + b, ch + 2 * b)))
        folds.append(Line(pair.x + cw, pair.y, pair.x + cw, pair.top))
    marks = cut_marks(pairs, spec, printable)
    return Imposition(spec, len(pairs), (Page((page.w, page.h), tuple(placements), marks, tuple(folds)),), printable, spec.bleed)


SINGLE_SLUG = 12 * MM  # room for crop marks outside the bleed


def _single(spec: SheetSpec) -> Imposition:
    """One card side a page, the print shop's file: trim and bleed boxes set,
    crop marks outside the bleed, page = bleed box plus a slug for the marks."""
    cw, ch = spec.card
    pad = spec.bleed + SINGLE_SLUG
    size = (cw + 2 * pad, ch + 2 * pad)
    trim = Rect(pad, pad, cw, ch)
    bleed_box = trim.inset(-spec.bleed)
    page = Rect(0, 0, *size)
    marks = cut_marks((trim,), spec._replace(mark_gap=max(spec.mark_gap, 2 * MM)), page)
    pages = tuple(Page(size, (Placement(0, side, trim),), marks, (), trim, bleed_box) for side in ("title", "detail"))
    return Imposition(spec, 1, pages, page, spec.bleed)


def mirrors_x(page: Rect, flip: str) -> bool:
    """Whether the backs page mirrors x (else y): the flip axis in page terms."""
    long_axis_vertical = page.h >= page.w
    return long_axis_vertical == (flip == "long")


def flip_rect(r: Rect, page: Rect, flip: str) -> Rect:
    """Where the back of `r` lies on the backs page after the paper is turned."""
    if mirrors_x(page, flip):
        return Rect(page.w - r.right, r.y, r.w, r.h)
    return Rect(r.x, page.h - r.top, r.w, r.h)


def _flip_line(m: Line, page: Rect, flip: str, dx: float, dy: float) -> Line:
    if mirrors_x(page, flip):
        return Line(page.w - m.x1 + dx, m.y1 + dy, page.w - m.x2 + dx, m.y2 + dy)
    return Line(m.x1 + dx, page.h - m.y1 + dy, m.x2 + dx, page.h - m.y2 + dy)


def cut_marks(slots: tuple[Rect, ...], spec: SheetSpec, printable: Rect) -> tuple[Line, ...]:
    """Cut marks along every trim line, outside the area the cards (and bleed) cover.

    "lines" runs each mark from the card area out to the printable edge;
    "corners" draws only short ticks (3 mm) next to the card area.
    """
    if spec.marks == "none" or not slots:
        return ()
    left_x = min(s.x for s in slots) - spec.bleed
    bottom_y = min(s.y for s in slots) - spec.bleed
    area = Rect(left_x, bottom_y, max(s.right for s in slots) + spec.bleed - left_x, max(s.top for s in slots) + spec.bleed - bottom_y)
    xs = sorted({round(v, 6) for s in slots for v in (s.x, s.right)})
    ys = sorted({round(v, 6) for s in slots for v in (s.y, s.top)})
    tick = 3 * MM if spec.marks == "corners" else float("inf")
    out: list[Line] = []
    for x in xs:
        lo, hi = printable.y, area.y - spec.mark_gap  # below the cards
        if hi - lo > 0.5 * MM:
            out.append(Line(x, max(lo, hi - tick), x, hi))
        lo, hi = area.top + spec.mark_gap, printable.top  # above
        if hi - lo > 0.5 * MM:
            out.append(Line(x, lo, x, min(hi, lo + tick)))
    for y in ys:
        lo, hi = printable.x, area.x - spec.mark_gap  # left
        if hi - lo > 0.5 * MM:
            out.append(Line(max(lo, hi - tick), y, hi, y))
        lo, hi = area.right + spec.mark_gap, printable.right  # right
        if hi - lo > 0.5 * MM:
            out.append(Line(lo, y, min(hi, lo + tick), y))
    return tuple(out)
