"""The painter draws every layout record it knows and raises on any other (issue 27)."""

from __future__ import annotations

import io
from typing import Any

import pikepdf
import pytest

from osallisuuspeli.draw.painter import Fill, Painter
from osallisuuspeli.draw.pdf import canvas
from osallisuuspeli.draw.shapes import Line, Rect
from osallisuuspeli.model import BLACK


def _painter() -> Painter:
    c, _ = canvas((100.0, 100.0), title="t", subject="s", language="fi")
    return Painter(c)


def test_an_unknown_record_raises_instead_of_being_skipped() -> None:
    stray: Any = Line(0, 0, 10, 10)  # a shape, not a painter's record: once skipped without a word
    with pytest.raises(AssertionError, match="Line"):
        _painter().items([Fill(Rect(0, 0, 5, 5), BLACK), stray], 0, 0)


def test_a_known_record_is_drawn_where_it_is_placed() -> None:
    c, out = canvas((100.0, 100.0), title="t", subject="s", language="fi")
    Painter(c).items([Fill(Rect(1, 2, 3, 4), BLACK)], 10, 20)
    c.showPage()
    c.save()
    with pikepdf.open(io.BytesIO(out.getvalue())) as pdf:
        drawn = [(str(op), [float(v) for v in operands]) for operands, op in pikepdf.parse_content_stream(pdf.pages[0])]
    assert ("re", [11.0, 22.0, 3.0, 4.0]) in drawn
