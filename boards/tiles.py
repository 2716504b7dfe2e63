"""An A3 board sheet on two A4 pages at 100 %: which part each page shows.

The left page shows the sheet up to the seam plus an overlap strip; the right
page shows the rest, and its copy of the strip is the glue edge, hatched and
labelled. Cut the left page along its right cut line, lay it on the right
page's strip with the alignment marks on top of each other, and glue.
Pure geometry: rectangles and lines in points.
"""

from __future__ import annotations

from typing import NamedTuple

from osallisuuspeli.draw.shapes import Line, Rect
from osallisuuspeli.i18n import _
from osallisuuspeli.units import MM, PAPERS

OVERLAP = 6 * MM  # the strip printed on both pages
TILE_MARGIN = 5 * MM  # an A4 office printer's own margin
TICK = 4 * MM


class Tile(NamedTuple):
    page: tuple[float, float]  # the A4 page
    dx: float  # sheet x = page x + dx (the sheet is moved left by dx)
    shows: Rect  # the part of the sheet this page prints, in sheet coordinates
    glue: Rect | None  # the glue strip, in page coordinates (right page only)
    cut: Line | None  # where to cut, in page coordinates (left page only)
    marks: tuple[Line, ...]  # alignment marks, in page coordinates


def tiles(sheet: tuple[float, float], content: Rect, paper: tuple[float, float] = PAPERS["a4"]) -> tuple[Tile, Tile]:
    """The two A4 pages of an A3 landscape sheet whose printed content is `content`."""
    sw, sh = sheet
    pw, ph = paper
    seam = sw / 2
    left_from, left_to = content.x, seam + OVERLAP / 2
    right_from, right_to = seam - OVERLAP / 2, content.right
    if left_to - left_from > pw - 2 * TILE_MARGIN or right_to - right_from > pw - 2 * TILE_MARGIN:
        raise ValueError(_("the board's content is too wide to tile onto two A4 pages"))
    if content.h > ph - 2 * TILE_MARGIN:
        raise ValueError(_("the board's content is too tall for an A4 page"))
    dy = (sh - ph) / 2
    left_dx = left_from - TILE_MARGIN
    right_dx = right_from - TILE_MARGIN
    y0, y1 = content.y - dy, content.top - dy

    def vertical_ticks(x: float) -> tuple[Line, ...]:
        return (Line(x, y0 - TICK - 1 * MM, x, y0 - 1 * MM), Line(x, y1 + 1 * MM, x, y1 + TICK + 1 * MM))

    # alignment ticks above and below the content, outside it: the left page marks
    # the strip's inner edge, the right page both edges; the left page's cut edge
    # goes on the right page's outer tick
    left_strip = (right_from - left_dx, left_to - left_dx)
    right_strip = (right_from - right_dx, left_to - right_dx)
    left = Tile(
        paper,
        left_dx,
        Rect(left_from, content.y, left_to - left_from, content.h),
        None,
        Line(left_strip[1], y0 - TICK - 1 * MM, left_strip[1], y1 + TICK + 1 * MM),
        vertical_ticks(left_strip[0]),
    )
    right = Tile(
        paper,
        right_dx,
        Rect(left_to, content.y, right_to - left_to, content.h),
        Rect(right_strip[0], y0, right_strip[1] - right_strip[0], y1 - y0),
        None,
        vertical_ticks(right_strip[0]) + vertical_ticks(right_strip[1]),
    )
    return left, right
