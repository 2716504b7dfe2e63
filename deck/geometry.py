"""Card-sheet geometry: a sheet spec in, rectangles and lines in points out.

Nothing here draws. Coordinates are PDF points with the origin at the page's
lower left, as reportlab and every PDF reader use them.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, replace

from osallisuuspeli.units import MM

EPS = 1e-6


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def inset(self, d: float) -> "Rect":
        """Shrunk by `d` on every side (grown when `d` is negative)."""
        return Rect(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def moved(self, dx: float, dy: float) -> "Rect":
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def contains(self, other: "Rect", tol: float = EPS) -> bool:
        return (
            other.x >= self.x - tol
            and other.y >= self.y - tol
            and other.right <= self.right + tol
            and other.top <= self.top + tol
        )

    def overlaps(self, other: "Rect", tol: float = EPS) -> bool:
        return (
            self.x < other.right - tol
            and other.x < self.right - tol
            and self.y < other.top - tol
            and other.y < self.top - tol
        )


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def bounds(self) -> Rect:
        return Rect(min(self.x1, self.x2), min(self.y1, self.y2), abs(self.x2 - self.x1), abs(self.y2 - self.y1))


@dataclass(frozen=True)
class SheetSpec:
    """How cards go onto paper. All lengths in points."""

    paper: tuple[float, float]
    card: tuple[float, float]
    margin: float = 5 * MM  # the printer cannot print closer to the paper's edge
    gap: float = 0.0  # between neighbouring cards' bleed edges (0: bleeds touch)
    bleed: float = 1.5 * MM  # background drawn beyond the trim line, hiding small cutting and duplex errors
    flip: str = "long"  # how the printer turns the paper for the back side
    back_offset: tuple[float, float] = (0.0, 0.0)  # printer misregistration fix
    marks: str = "lines"  # "none", "corners" or "lines"
    mark_gap: float = 1.5 * MM  # space between the cards (or bleed) and a mark


@dataclass(frozen=True)
class Sheet:
    """One fronts page and its backs page."""

    page: Rect
    printable: Rect
    fronts: tuple[Rect, ...]  # trim box of each card slot on the fronts page
    backs: tuple[Rect, ...]  # trim box of the same slot's back on the backs page
    front_marks: tuple[Line, ...]
    back_marks: tuple[Line, ...]
    bleed: float

    @property
    def per_page(self) -> int:
        return len(self.fronts)


def _grid(avail: float, cell: float, gap: float) -> int:
    return max(0, math.floor((avail + gap + EPS) / (cell + gap)))


def sheet_layout(spec: SheetSpec) -> Sheet:
    """Place as many cards as fit inside the printable area, centred.

    Paper is turned to landscape only when that holds more cards. The back of
    each slot is where the printer's flip puts it: a long-edge flip mirrors
    across the paper's long axis, a short-edge flip across its short axis.
    """
    portrait = _fit(spec, spec.paper)
    landscape = _fit(spec, (spec.paper[1], spec.paper[0]))
    pw, ph = spec.paper if portrait[0] * portrait[1] >= landscape[0] * landscape[1] else (spec.paper[1], spec.paper[0])
    cols, rows = _fit(spec, (pw, ph))
    if cols * rows == 0:
        raise ValueError("the card does not fit on the paper inside the printer margin")
    page = Rect(0, 0, pw, ph)
    printable = page.inset(spec.margin)
    cw, ch = spec.card
    pitch_x, pitch_y = cw + spec.gap + 2 * spec.bleed, ch + spec.gap + 2 * spec.bleed
    grid_w = cols * pitch_x - spec.gap
    grid_h = rows * pitch_y - spec.gap
    x0 = (pw - grid_w) / 2 + spec.bleed
    y0 = (ph - grid_h) / 2 + spec.bleed
    fronts = tuple(
        Rect(x0 + c * pitch_x, y0 + (rows - 1 - r) * pitch_y, cw, ch) for r in range(rows) for c in range(cols)
    )
    dx, dy = spec.back_offset
    backs = tuple(flip_rect(f, page, spec.flip).moved(dx, dy) for f in fronts)
    front_marks = cut_marks(fronts, spec, printable)
    back_marks = tuple(_flip_line(m, page, spec.flip, dx, dy) for m in front_marks)
    return Sheet(page, printable, fronts, backs, front_marks, back_marks, spec.bleed)


def _fit(spec: SheetSpec, paper: tuple[float, float]) -> tuple[int, int]:
    avail_w = paper[0] - 2 * spec.margin
    avail_h = paper[1] - 2 * spec.margin
    cw, ch = spec.card[0] + 2 * spec.bleed, spec.card[1] + 2 * spec.bleed
    return _grid(avail_w, cw, spec.gap), _grid(avail_h, ch, spec.gap)


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
    area = Rect(
        min(s.x for s in slots) - spec.bleed,
        min(s.y for s in slots) - spec.bleed,
        0,
        0,
    )
    area = replace(area, w=max(s.right for s in slots) + spec.bleed - area.x, h=max(s.top for s in slots) + spec.bleed - area.y)
    xs = sorted({round(v, 6) for s in slots for v in (s.x, s.right)})
    ys = sorted({round(v, 6) for s in slots for v in (s.y, s.top)})
    tick = 3 * MM if spec.marks == "corners" else float("inf")
    out: list[Line] = []
    below = (printable.y, area.y - spec.mark_gap)
    above = (area.top + spec.mark_gap, printable.top)
    left = (printable.x, area.x - spec.mark_gap)
    right = (area.right + spec.mark_gap, printable.right)
    for x in xs:
        for lo, hi in (below, above):
            if hi - lo > 0.5 * MM:
                if lo < area.y:  # below: keep the part next to the cards
                    lo = max(lo, hi - tick)
                else:
                    hi = min(hi, lo + tick)
                out.append(Line(x, lo, x, hi))
    for y in ys:
        for lo, hi in (left, right):
            if hi - lo > 0.5 * MM:
                if lo < area.x:
                    lo = max(lo, hi - tick)
                else:
                    hi = min(hi, lo + tick)
                out.append(Line(lo, y, hi, y))
    return tuple(out)


def pages_needed(cards: int, per_page: int) -> int:
    return max(1, math.ceil(cards / per_page))
