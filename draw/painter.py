"""What the layouts hand to drawing, and the painter that draws it.

The card faces, the boards and the kit's own sheets are laid out as these
records (text lines, fills, badges, images, guides: one `Item`) in points; `Painter`
draws them with reportlab, in RGB or in the CMYK of the default press condition. Shared by deck/, boards/ and kit/.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence
from pathlib import Path
from typing import NamedTuple, Protocol, assert_never

from reportlab.lib.colors import CMYKColor, Color  # type: ignore[import-untyped]

from osallisuuspeli import fonts
from osallisuuspeli.model import BLACK, GUIDE, Colour

from . import press
from .pdf import Canvas
from .shapes import Line, Rect
from .tags import Tags

MARK_WIDTH = 0.25  # points: a hairline that still prints on office printers


class Fill(NamedTuple):
    rect: Rect
    colour: Colour


class TextLine(NamedTuple):
    x: float  # left, centre or right of the line, by `align`
    y: float  # baseline
    text: str
    face: str
    size: float
    colour: Colour
    align: str = "left"
    actual: str = ""  # what this line and the next `span` - 1 read as, where wrapping added a hyphen between them
    span: int = 1

    @property
    def bounds(self) -> Rect:
        """The ink box the line may cover (accents and descenders included)."""
        w = fonts.width(self.text, self.face, self.size)
        x = {"left": self.x, "centre": self.x - w / 2, "right": self.x - w}[self.align]
        return Rect(x, self.y - fonts.DESCENT * self.size, w, (fonts.ASCENT + fonts.DESCENT) * self.size)


class Badge(NamedTuple):
    """A theme's shape with its number inside, so themes differ without colour."""

    cx: float
    cy: float
    r: float
    fill: Colour
    outline: tuple[tuple[float, float], ...]  # the polygon's corners; none for a circle
    number: TextLine


_SIDES = {
    "square": (4, 45, 1.2),
    "triangle": (3, 90, 1.25),
    "diamond": (4, 0, 1.1),
    "hexagon": (6, 0, 1.1),
    "star": (10, 90, 1.25),
}  # corners, first angle, scale


def badge(shape: str, cx: float, cy: float, r: float, fill: Colour, number: int, number_colour: Colour) -> Badge:
    """The badge of `shape` around (cx, cy): a circle of radius r, or a polygon
    scaled to look as large; the number centred, set lower in a triangle."""
    outline: tuple[tuple[float, float], ...] = ()
    if shape != "circle":
        sides, turn, scale = _SIDES[shape]
        radii = [r * scale * (0.55 if shape == "star" and i % 2 else 1.0) for i in range(sides)]
        angles = [math.radians(turn + 360 * i / sides) for i in range(sides)]
        outline = tuple((cx + radius * math.cos(a), cy + radius * math.sin(a)) for radius, a in zip(radii, angles))
    size = r * (0.85 if shape in ("triangle", "star") else 1.05)
    dy = -0.35 * size - (0.25 * r if shape == "triangle" else 0)
    return Badge(cx, cy, r, fill, outline, TextLine(cx, cy + dy, str(number), fonts.BOLD, size, number_colour, "centre"))


class Image(NamedTuple):
    path: Path
    rect: Rect


class CornerGuide(NamedTuple):
    """A hairline along the trim with rounded corners, for a corner cutter."""

    rect: Rect
    radius: float


Item = Fill | TextLine | Badge | Image | CornerGuide  # what a layout hands to `Painter.items`


class Framed(Protocol):
    """A face drawn as its frame (a form, shared by equal keys) and its own items: deck/faces.py's Face."""

    @property
    def frame_key(self) -> Hashable: ...
    @property
    def frame(self) -> tuple[Item, ...]: ...
    @property
    def items(self) -> tuple[Item, ...]: ...


class Painter:
    """Draws layout records onto a canvas, in RGB or CMYK; with `tags`, as
    tagged PDF: the text lines of each call to `texts` a paragraph (P), a
    word hyphenated across two lines reading whole (/ActualText)."""

    def __init__(self, c: Canvas, cmyk: bool = False, tags: Tags | None = None):
        self.c = c
        self.cmyk = cmyk
        self.tags = tags
        self._forms: dict[Hashable, str] = {}

    def colour(self, colour: Colour) -> Color:
        return CMYKColor(*press.ink(colour)) if self.cmyk else Color(*colour.rgb)

    def texts(self, lines: Sequence[TextLine], x: float, y: float) -> None:
        """Text lines as one text object, placed by their alignment."""
        tags = self.tags
        if tags is None or not lines:
            return self._texts(lines, x, y)
        element = tags.add("P")
        i = 0
        while i < len(lines):  # a marked-content sequence for each run of lines, the hyphenated ones with what they read as
            j = i + lines[i].span if lines[i].span > 1 else i + 1
            if lines[i].span == 1:
                while j < len(lines) and lines[j].span == 1:
                    j += 1
            with tags.content(self.c, element, lines[i].actual if lines[i].span > 1 else ""):
                self._texts(lines[i:j], x, y)
            i = j

    def _texts(self, lines: Sequence[TextLine], x: float, y: float) -> None:
        t = self.c.beginText()
        colour_now: Colour | None = None
        font_now: tuple[str, float] | None = None
        for line in lines:
            if line.colour != colour_now:
                t.setFillColor(self.colour(line.colour))
                colour_now = line.colour
            if (line.face, line.size) != font_now:
                t.setFont(line.face, line.size)
                font_now = (line.face, line.size)
            dx = 0.0 if line.align == "left" else -fonts.width(line.text, line.face, line.size) / (2 if line.align == "centre" else 1)
            t.setTextOrigin(x + line.x + dx, y + line.y)
            t.textOut(line.text)
        self.c.drawText(t)

    def items(self, items: Iterable[Item], x: float, y: float) -> None:
        """Fills, badges, guides and images in order, then the text lines as one text
        object; a record of another kind is a programming error, raised, never skipped."""
        c = self.c
        items = tuple(items)
        texts = [i for i in items if isinstance(i, TextLine)]
        for item in items:
            match item:
                case Fill():
                    c.setFillColor(self.colour(item.colour))
                    r = item.rect
                    c.rect(x + r.x, y + r.y, r.w, r.h, stroke=0, fill=1)
                case TextLine():
                    pass  # drawn together below
                case Badge():
                    self.badge(item, x, y)
                case CornerGuide():
                    r = item.rect
                    c.setStrokeColor(self.colour(GUIDE))
                    c.setLineWidth(MARK_WIDTH)
                    c.roundRect(x + r.x, y + r.y, r.w, r.h, item.radius, stroke=1, fill=0)
                case Image():
                    r = item.rect
                    c.drawImage(str(item.path), x + r.x, y + r.y, r.w, r.h, preserveAspectRatio=True, anchor="c", mask="auto")
                case _:
                    assert_never(item)
        if texts:
            self.texts(texts, x, y)

    def face(self, f: Framed, x: float, y: float, bleed: float, size: tuple[float, float], clip: Rect | None = None) -> None:
        """The face's frame (a form, drawn once per document) and its own items."""
        name = self._forms.get(f.frame_key)
        c = self.c
        if name is None:
            name = self._forms[f.frame_key] = f"frame{len(self._forms)}"
            c.beginForm(name, -bleed, -bleed, size[0] + bleed, size[1] + bleed)
            tags, self.tags = self.tags, None  # what every card of a theme shares, drawn once: an artifact where it is placed
            self.items(f.frame, 0, 0)
            self.tags = tags
            c.endForm()
        c.saveState()
        if clip:
            path = c.beginPath()
            path.rect(clip.x, clip.y, clip.w, clip.h)
            c.clipPath(path, stroke=0, fill=0)
        c.translate(x, y)
        c.doForm(name)
        c.restoreState()
        self.items(f.items, x, y)

    def badge(self, b: Badge, x: float = 0.0, y: float = 0.0) -> None:
        c = self.c
        c.setFillColor(self.colour(b.fill))
        if not b.outline:
            c.circle(x + b.cx, y + b.cy, b.r, stroke=0, fill=1)
        else:
            p = c.beginPath()
            p.moveTo(x + b.outline[0][0], y + b.outline[0][1])
            for px, py in b.outline[1:]:
                p.lineTo(x + px, y + py)
            p.close()
            c.drawPath(p, stroke=0, fill=1)
        self.texts((b.number,), x, y)

    def lines(self, lines: tuple[Line, ...], colour: Colour = BLACK, dash: tuple[float, float] | None = None) -> None:
        if not lines:
            return
        c = self.c
        c.saveState()
        c.setStrokeColor(self.colour(colour))
        c.setLineWidth(MARK_WIDTH)
        if dash:
            c.setDash(*dash)
        p = c.beginPath()
        for m in lines:
            p.moveTo(m.x1, m.y1)
            p.lineTo(m.x2, m.y2)
        c.drawPath(p, stroke=1, fill=0)
        c.restoreState()
