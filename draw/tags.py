"""Tagged PDF (PDF/UA-1) for what reportlab draws.

reportlab writes no structure, so the drawing code says what each piece is:
`Tags.content` wraps it in marked content (BDC … EMC with an MCID, through
the canvas's public `addLiteral`) and remembers the structure element it
belongs to. draw/structure.py's `finish` then marks every drawing left
untagged (rules, fills, crop marks, page numbers) as an artifact and writes
the structure tree in the order things were drawn (which is the reading
order), its ParentTree, MarkInfo, /Lang, the displayed title, bookmarks from
the headings, the form fields as OBJR kids with /Tabs /S and the PDF/UA
identification in XMP. The pages look exactly as before: only markers are
added. draw/combined.py keeps the parts' tags in kit.pdf.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple, Protocol

from reportlab.platypus import Flowable as ReportlabFlowable  # type: ignore[import-untyped]

from .pdf import Canvas, Flowable

PAINTING = frozenset(
    ["Tj", "TJ", "'", '"', "Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "INLINE IMAGE", "EI", "BI"]
)  # operators that put ink on the page; a run of state operators alone needs no marker
HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")


@dataclass(eq=False, slots=True)  # a season's report has 400,000 of them
class Element:
    """A structure element: its standard role and what a reader is told of it."""

    role: str
    parent: Element | None = None
    alt: str = ""  # a figure's alternative text
    lang: str = ""  # a passage in another language than the document's
    actual: str = ""  # the text a word stands for (a hyphenated word without its hyphen)
    scope: str = ""  # a header cell's: "Column" or "Row"
    colspan: int = 1
    title: str = ""  # a heading's bookmark
    bookmarked: bool = False
    number: int = -1  # its place among the elements while draw/structure.py writes them; -1 otherwise


class Event(NamedTuple):
    """Content drawn for an element: marked content on a page, or a form field's widget."""

    element: Element
    page: int  # from 0
    mcid: int  # -1 for a widget
    widget: str = ""  # the field's full name


class Bookmark(NamedTuple):
    level: int
    title: str
    page: int
    left: float
    top: float


def _literal(text: str) -> str:
    """A PDF string literal of any text (UTF-16 with its byte order mark where needed)."""
    try:
        raw = text.encode("latin-1")
        body = raw
    except UnicodeEncodeError:
        body = b"\xfe\xff" + text.encode("utf-16-be")
    return "<" + body.hex() + ">"


class Tags:
    """What was drawn for which element, collected while a document is drawn."""

    def __init__(self) -> None:
        self.root = Element("Document")
        self.events: list[Event] = []
        self.bookmarks: list[Bookmark] = []
        self._mcid: dict[int, int] = {}
        self._pages: dict[int, int] = {}  # one int object a page, shared by its events (a season's report has 277,000)

    def _page(self, canvas: Canvas) -> int:
        page = canvas.getPageNumber() - 1
        return self._pages.setdefault(page, page)

    def add(self, role: str, parent: Element | None = None, **kw: Any) -> Element:
        return Element(role, parent or self.root, **kw)

    def _next(self, page: int) -> int:
        n = self._mcid.get(page, 0)
        self._mcid[page] = n + 1
        return n

    @contextmanager
    def content(self, canvas: Canvas, element: Element, actual: str = "") -> Iterator[None]:
        """What is drawn inside belongs to `element`; `actual`: the text it stands for,
        when the drawing shows it otherwise (a word hyphenated across two lines)."""
        page = self._page(canvas)
        n = self._next(page)
        extra = f" /ActualText {_literal(actual)}" if actual else ""
        canvas.addLiteral(f"/{element.role} <</MCID {n}{extra}>> BDC")
        self.events.append(Event(element, page, n))
        yield
        canvas.addLiteral("EMC")

    @contextmanager
    def artifact(self, canvas: Canvas, kind: str = "Layout") -> Iterator[None]:
        """What is drawn inside is no content: a rule, a page number, a crop mark."""
        canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        yield
        canvas.addLiteral("EMC")

    @contextmanager
    def spelled(self, canvas: Canvas, actual: str) -> Iterator[None]:
        """Inside content already marked: what is drawn reads as `actual`
        (a word hyphenated at a line end reads whole, without the hyphen)."""
        canvas.addLiteral(f"/Span <</ActualText {_literal(actual)}>> BDC")
        yield
        canvas.addLiteral("EMC")

    def widget(self, canvas: Canvas, element: Element, name: str) -> None:
        """The form field `name` (drawn on the current page) belongs to `element`, a Form."""
        self.events.append(Event(element, self._page(canvas), -1, name))

    def heading(self, canvas: Canvas, element: Element, left: float, top: float) -> None:
        """A bookmark to where a heading is drawn (its first part, if it splits)."""
        if element.title and element.role in HEADINGS and not element.bookmarked:
            element.bookmarked = True
            self.bookmarks.append(Bookmark(int(element.role[1]), element.title, canvas.getPageNumber() - 1, left, top))


class Tagged(ReportlabFlowable):  # type: ignore[misc, unused-ignore]  # reportlab ships no types (an error under --strict only)
    """A platypus flowable whose drawing belongs to a structure element; split
    parts (a paragraph going on on the next page) stay the one element."""

    def __init__(self, inner: Flowable, element: Element, tags: Tags):
        super().__init__()
        self.inner, self.element, self.tags = inner, element, tags

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        self.width, self.height = self.inner.wrap(availWidth, availHeight)
        return self.width, self.height

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        return [Tagged(part, self.element, self.tags) for part in self.inner.split(availWidth, availHeight)]

    def __getattr__(self, name: str) -> Any:
        """A container asks its items for their style and lines (a list's spacing, its widow control)."""
        if name in ("style", "blPara") and "inner" in self.__dict__:
            return getattr(self.inner, name)
        raise AttributeError(name)

    def getPlainText(self) -> str:
        return self.inner.getPlainText() if hasattr(self.inner, "getPlainText") else ""

    def getSpaceBefore(self) -> float:
        value: float = self.inner.getSpaceBefore()
        return value

    def getSpaceAfter(self) -> float:
        value: float = self.inner.getSpaceAfter()
        return value

    def minWidth(self) -> float:
        value: float = self.inner.minWidth()
        return value

    def getKeepWithNext(self) -> bool:
        value: bool = self.inner.getKeepWithNext()
        return value

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        self.tags.heading(canvas, self.element, x, y + self.height)
        with self.tags.content(canvas, self.element):
            self.inner.drawOn(canvas, x, y, _sW)


def paragraph_of(flowable: Flowable, tags: Tags, role: str = "P", parent: Element | None = None, **kw: Any) -> Tagged:
    """A flowable tagged as a new element of `role` (a heading's bookmark is its text)."""
    if role in HEADINGS and "title" not in kw:
        kw["title"] = flowable.getPlainText() if hasattr(flowable, "getPlainText") else ""
    return Tagged(flowable, tags.add(role, parent, **kw), tags)


# --- drawing records in reading order -----------------------------------------


class Piece(NamedTuple):
    """A layout's text line or form field, with the element it belongs to."""

    element: Element | None  # None: drawn as an artifact (a header repeated on a later page)
    item: Any  # a painter's TextLine, or a form field (draw/forms.py Field): its widget


class TextPainter(Protocol):
    """What `draw_pieces` needs of draw/painter.py's Painter (which imports this module)."""

    c: Canvas

    def texts(self, lines: Sequence[Any], x: float, y: float) -> None: ...


def draw_pieces(tags: Tags, painter: TextPainter, pieces: Iterable[Piece]) -> None:
    """Each piece in order: a text line in its own marked content, a field's widget placed in the structure."""
    c = painter.c
    for element, item in pieces:
        if hasattr(item, "tooltip"):  # a form field: the widget is added later, under this Form element
            assert element is not None, "a form field belongs to its Form element"
            tags.widget(c, element, ".".join(item.name))
        elif element is None:
            with tags.artifact(c, "Pagination"):
                painter.texts((item,), 0, 0)
        else:
            with tags.content(c, element):
                painter.texts((item,), 0, 0)
