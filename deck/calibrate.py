"""The two-sided calibration sheet: read a printer's back offset in one print.

Front: a cross through the page centre. Back: a scale across each arm of the
cross, tick v (mm) at centre + v on the backs page. Held against the light,
the front's line meets the back's scale at the number to pass as
`--back-offset`: a back printed shifted by e lands tick -e under the line,
and shifting the backs by -e cancels it. This holds for both flips, since the
flip maps the centre onto itself.
"""

from __future__ import annotations

from typing import NamedTuple

from osallisuuspeli import fonts
from osallisuuspeli.draw.painter import TextLine
from osallisuuspeli.draw.shapes import Line
from osallisuuspeli.draw.text import fit
from osallisuuspeli.model import INK
from osallisuuspeli.units import MM

RANGE = 5  # mm either way
STEP = 0.5  # mm between ticks
ARM = 45 * MM  # half length of the front's cross
SCALE_AT = 20 * MM  # distance of each scale from the centre


class CalibrationPage(NamedTuple):
    size: tuple[float, float]
    lines: tuple[Line, ...]
    texts: tuple[TextLine, ...]


def _paragraph(text: str, x: float, top: float, width: float, size: float, language: str, key: str) -> list[TextLine]:
    block = fit(
        text, fonts.REGULAR, width, 60 * MM, size, size, language, what=f"calibration sheet ({language}), string {key}", leading=1.3
    )
    return [TextLine(x, top - block.ascent - i * block.leading, line, fonts.REGULAR, size, INK) for i, line in enumerate(block.lines)]


def calibration(paper: tuple[float, float], strings: dict[str, str], language: str) -> tuple[CalibrationPage, CalibrationPage]:
    w, h = paper
    cx, cy = w / 2, h / 2
    margin = 15 * MM
    title = fit(
        strings["calibrate_title"],
        fonts.BOLD,
        w - 2 * margin,
        24,
        16,
        11,
        language,
        what=f"calibration sheet ({language}), string calibrate_title",
        max_lines=1,
    )
    head = [TextLine(margin, h - margin - 14, title.lines[0], fonts.BOLD, title.size, INK)]
    front_lines = (Line(cx, cy - ARM, cx, cy + ARM), Line(cx - ARM, cy, cx + ARM, cy))
    ruler_y = margin + 12 * MM
    ruler = (
        Line(margin, ruler_y, margin + 100 * MM, ruler_y),
        Line(margin, ruler_y - 2 * MM, margin, ruler_y + 2 * MM),
        Line(margin + 100 * MM, ruler_y - 2 * MM, margin + 100 * MM, ruler_y + 2 * MM),
    )
    front_texts = head + _paragraph(strings["calibrate_front"], margin, h - margin - 24, w - 2 * margin, 11, language, "calibrate_front")
    front_texts += _paragraph(strings["calibrate_ruler"], margin, ruler_y - 4 * MM, w - 2 * margin, 9, language, "calibrate_ruler")

    ticks: list[Line] = []
    labels: list[TextLine] = []
    steps = int(RANGE / STEP)
    for i in range(-steps, steps + 1):
        v = i * STEP
        length = (5 if i % 2 == 0 else 3) * MM
        x = cx + v * MM  # X scale: vertical ticks in a row above the centre
        ticks.append(Line(x, cy + SCALE_AT, x, cy + SCALE_AT + length))
        y = cy + v * MM  # Y scale: horizontal ticks in a column right of the centre
        ticks.append(Line(cx + SCALE_AT, y, cx + SCALE_AT + length, y))
        if v % 2 == 0:  # a label every 2 mm, in two staggered rows so they never touch
            label = f"{int(v):+d}".replace("-", "\u2212") if v else "0"
            row = (int(v) // 2) % 2
            labels.append(TextLine(x, cy + SCALE_AT + (6.5 + 3.2 * row) * MM, label, fonts.BOLD, 7, INK, "centre"))
            labels.append(TextLine(cx + SCALE_AT + (6.5 + 5.5 * row) * MM, y - 2.4, label, fonts.BOLD, 7, INK, "left"))
    labels.append(TextLine(cx, cy + SCALE_AT + 14 * MM, "X (mm)", fonts.BOLD, 9, INK, "centre"))
    labels.append(TextLine(cx + SCALE_AT + 19 * MM, cy - 3, "Y (mm)", fonts.BOLD, 9, INK, "left"))
    back_texts = (
        head + _paragraph(strings["calibrate_back"], margin, h - margin - 24, w - 2 * margin, 11, language, "calibrate_back") + labels
    )
    return CalibrationPage(paper, front_lines + ruler, tuple(front_texts)), CalibrationPage(paper, tuple(ticks), tuple(back_texts))
