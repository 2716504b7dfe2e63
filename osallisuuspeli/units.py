"""Lengths: PDF points inside, millimetres and inches only at the edges.

"63mm", "0.125in", "5pt" and "70x100mm" are parsed here, once, into points.
"""

from __future__ import annotations

import re
from enum import StrEnum

from .i18n import _

PT = 1.0
INCH = 72.0
MM = INCH / 25.4
CM = 10 * MM

_UNITS = {"mm": MM, "cm": CM, "in": INCH, "pt": PT}
_LENGTH = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$")
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(mm|cm|in|pt)?\s*$")


class Paper(StrEnum):
    """The card sheets' paper; the guide and tokens are on A4, or Letter with letter."""

    a4 = "a4"
    letter = "letter"
    a3 = "a3"


class BoardPaper(StrEnum):
    a3 = "a3"  # each board sheet on one large page: A3, or Tabloid for Letter kits
    a4 = "a4"  # each sheet tiled onto two office pages (A4 or Letter), to tape together


PAPERS = {
    "a4": (210 * MM, 297 * MM),
    "a3": (297 * MM, 420 * MM),
    "letter": (8.5 * INCH, 11 * INCH),
    "tabloid": (11 * INCH, 17 * INCH),  # Letter's A3: two Letter pages side by side
}

CARD_SIZES = {
    "poker": (63 * MM, 88 * MM),
    "bridge": (56 * MM, 87 * MM),
    "mini": (44 * MM, 63 * MM),
    "tarot": (70 * MM, 120 * MM),
    "a7": (74 * MM, 105 * MM),
    "a6": (105 * MM, 148 * MM),
}


def length(text: str, default_unit: str = "mm") -> float:
    """'3mm' -> 8.50...; a bare number is in `default_unit`."""
    m = _LENGTH.match(str(text))
    if not m:
        raise ValueError(_("'%(text)s' is not a length (write e.g. 3mm, 0.125in or 5pt)") % {"text": text})
    return float(m.group(1)) * _UNITS[m.group(2) or default_unit]


def size(text: str) -> tuple[float, float]:
    """'poker' or '70x100mm' or '2.5x3.5in' -> (width, height) in points."""
    key = str(text).strip().lower()
    if key in CARD_SIZES:
        return CARD_SIZES[key]
    m = _SIZE.match(key)
    if not m:
        raise ValueError(
            _("'%(text)s' is not a card size (use %(sizes)s or WxH such as 70x100mm)") % {"text": text, "sizes": ", ".join(CARD_SIZES)}
        )
    unit = _UNITS[m.group(3) or "mm"]
    w, h = float(m.group(1)) * unit, float(m.group(2)) * unit
    if w <= 0 or h <= 0:
        raise ValueError(_("'%(text)s' has a zero side; give both sides a length, e.g. 70x100mm") % {"text": text})
    return w, h


def pair(text: str) -> tuple[float, float]:
    """'0.5,-0.3' (mm) or '1mm,0.5mm' -> (x, y) in points."""
    parts = str(text).split(",")
    if len(parts) != 2:
        raise ValueError(_("'%(text)s' is not X,Y (write e.g. 0.5,-0.3 in millimetres)") % {"text": text})
    return length(parts[0]), length(parts[1])
