"""Tagged PDF (PDF/UA-1) for what reportlab draws.

reportlab writes no structure, so the drawing code says what each piece is:
`Tags.content` wraps it in marked content (BDC … EMC with an MCID, through
the canvas's public `addLiteral`) and remembers the structure element it
belongs to; `finish` marks every drawing left untagged (rules, fills, crop
marks, page numbers) as an artifact (pikepdf, through the content streams)
and has deck/structure.py write the structure tree in the order things were
drawn (which is the reading order), its ParentTree, MarkInfo, /Lang, the
displayed title, bookmarks from the headings, the form fields as OBJR kids
with /Tabs /S and the PDF/UA identification in XMP. The pages look exactly
as before: only markers are added. `combined_tags` keeps the parts' tags in
kit.pdf.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.platypus import Flowable

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
    number: int = -1  # its place among the elements while deck/structure.py writes them; -1 otherwise


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

    def _page(self, canvas) -> int:
        page = canvas.getPageNumber() - 1
        return self._pages.setdefault(page, page)

    def add(self, role: str, parent: Element | None = None, **kw: Any) -> Element:
        return Element(role, parent or self.root, **kw)

    def _next(self, page: int) -> int:
        n = self._mcid.get(page, 0)
        self._mcid[page] = n + 1
        return n

    @contextmanager
    def content(self, canvas, element: Element, actual: str = "") -> Iterator[None]:
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
    def artifact(self, canvas, kind: str = "Layout") -> Iterator[None]:
        """What is drawn inside is no content: a rule, a page number, a crop mark."""
        canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        yield
        canvas.addLiteral("EMC")

    @contextmanager
    def spelled(self, canvas, actual: str) -> Iterator[None]:
        """Inside content already marked: what is drawn reads as `actual`
        (a word hyphenated at a line end reads whole, without the hyphen)."""
        canvas.addLiteral(f"/Span <</ActualText {_literal(actual)}>> BDC")
        yield
        canvas.addLiteral("EMC")

    def widget(self, canvas, element: Element, name: str) -> None:
        """The form field `name` (drawn on the current page) belongs to `element`, a Form."""
        self.events.append(Event(element, self._page(canvas), -1, name))

    def heading(self, canvas, element: Element, left: float, top: float) -> None:
        """A bookmark to where a heading is drawn (its first part, if it splits)."""
        if element.title and element.role in HEADINGS and not element.bookmarked:
            element.bookmarked = True
            self.bookmarks.append(Bookmark(int(element.role[1]), element.title, canvas.getPageNumber() - 1, left, top))


class Tagged(Flowable):
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

    def __getattr__(self, name: str):
        """A container asks its items for their style and lines (a list's spacing, its widow control)."""
        if name in ("style", "blPara") and "inner" in self.__dict__:
            return getattr(self.inner, name)
        raise AttributeError(name)

    def getPlainText(self) -> str:
        return self.inner.getPlainText() if hasattr(self.inner, "getPlainText") else ""

    def getSpaceBefore(self) -> float:
        return self.inner.getSpaceBefore()

    def getSpaceAfter(self) -> float:
        return self.inner.getSpaceAfter()

    def minWidth(self) -> float:
        return self.inner.minWidth()

    def getKeepWithNext(self) -> bool:
        return self.inner.getKeepWithNext()

    def drawOn(self, canvas, x: float, y: float, _sW: float = 0) -> None:
        self.tags.heading(canvas, self.element, x, y + self.height)
        with self.tags.content(canvas, self.element):
            self.inner.drawOn(canvas, x, y, _sW)


def paragraph_of(flowable: Flowable, tags: Tags, role: str = "P", parent: Element | None = None, **kw: Any) -> Tagged:
    """A flowable tagged as a new element of `role` (a heading's bookmark is its text)."""
    if role in HEADINGS and "title" not in kw:
        kw["title"] = flowable.getPlainText() if hasattr(flowable, "getPlainText") else ""
    return Tagged(flowable, tags.add(role, parent, **kw), tags)


# --- writing the structure --------------------------------------------------


def _runs(ops: list) -> list:
    """The page's operators with every untagged drawing wrapped as an artifact.
    A text object holding marked content is entered; one without is kept whole."""
    out: list = []
    run: list = []
    depth = 0

    def flush() -> None:
        if any(str(op) in PAINTING for _, op in run):
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC")))
            out.extend(pikepdf.ContentStreamInstruction(operands, op) for operands, op in run)
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))
        else:
            out.extend(pikepdf.ContentStreamInstruction(operands, op) for operands, op in run)
        run.clear()

    i = 0
    while i < len(ops):
        operands, op = ops[i].operands, ops[i].operator
        name = str(op)
        if depth == 0 and name == "BT":
            end = i
            while str(ops[end].operator) != "ET":
                end += 1
            inner = [str(o.operator) for o in ops[i : end + 1]]
            if "BDC" not in inner and "BMC" not in inner:
                run.extend((o.operands, o.operator) for o in ops[i : end + 1])
                i = end + 1
                continue
            flush()
            out.append(ops[i])
            i += 1
            continue
        if name in ("BDC", "BMC"):
            if depth == 0:
                flush()
            depth += 1
            out.append(ops[i])
        elif name == "EMC":
            depth -= 1
            out.append(ops[i])
        elif depth == 0:
            if name == "ET":
                flush()
                out.append(ops[i])
            else:
                run.append((operands, op))
        else:
            out.append(ops[i])
        i += 1
    flush()
    return out


def _artifacts(doc: pikepdf.Pdf, page: pikepdf.Page) -> None:
    ops = pikepdf.parse_content_stream(page)
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(_runs(ops)))


def _xmp(doc: pikepdf.Pdf, title: str, language: str) -> None:
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
        meta["dc:title"] = title
        meta["dc:language"] = [language]
        meta["pdfuaid:part"] = "1"


def finish(
    pdf: bytes,
    tags: Tags,
    *,
    title: str,
    language: str,
    outline_skip: int = 1,
    outline_depth: int = 6,
    sweep: bool = True,
    pack: bool = True,
) -> bytes:
    """`pdf` as tagged PDF: the structure of `tags` (deck/structure.py), everything else an artifact.
    `sweep`: find what was drawn untagged and mark it an artifact (a drawing
    that marks its own artifacts, like the report's thousands of pages, saves the time).
    `pack`: the structure in object streams, PDF 1.7; False for a print shop's files (PDF/X-1a is PDF 1.3)."""
    from .structure import append

    if sweep:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                _artifacts(doc, page)
            out = io.BytesIO()
            doc.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
            pdf = out.getvalue()
    return append(pdf, tags, title=title, language=language, outline_skip=outline_skip, outline_depth=outline_depth, pack=pack)


# --- one file of many: kit.pdf ------------------------------------------------


class Source(NamedTuple):
    """A part of a combined file: its own PDF and where its pages begin in the whole."""

    path: Any  # a Path
    first: int  # the index of its first page in the combined file
    title: str


def _copy_element(doc: pikepdf.Pdf, e, parent, pages: dict, widgets: dict, parents: dict[int, list], objr: list) -> pikepdf.Object | None:
    """A part's structure element rebuilt in the combined file, its pages and widgets mapped; None if nothing of it is left."""
    entries: dict[str, Any] = {"/Type": Name.StructElem, "/S": Name(str(e.S)), "/P": parent}
    for key in ("/Alt", "/Lang", "/ActualText", "/T"):
        if key in e:
            entries[key] = String(str(e[key]))
    if "/A" in e and isinstance(e.A, pikepdf.Dictionary):
        entries["/A"] = Dictionary({k: (Name(str(v)) if isinstance(v, Name) else v) for k, v in e.A.items()})
    home = pages.get(e.Pg.objgen) if "/Pg" in e else None
    if home is not None:
        entries["/Pg"] = home[1]
    obj = doc.make_indirect(Dictionary(entries))
    kids: list = []
    raw = e.get("/K")
    for kid in raw if isinstance(raw, pikepdf.Array) else [raw] if raw is not None else []:
        if isinstance(kid, int):
            if home is not None:
                parents.setdefault(home[0], [])
                _put(parents[home[0]], int(kid), obj)
                kids.append(int(kid))
        elif kid.get("/Type") == Name.MCR:
            page = pages.get(kid.Pg.objgen)
            if page is not None:
                _put(parents.setdefault(page[0], []), int(kid.MCID), obj)
                kids.append(Dictionary(Type=Name.MCR, Pg=page[1], MCID=int(kid.MCID)))
        elif kid.get("/Type") == Name.OBJR:
            found = widgets.get(kid.Obj.objgen)
            if found is not None:  # a part whose fields the combined file keeps
                _, annot, page_obj = found
                objr.append((annot, obj))
                kids.append(Dictionary(Type=Name.OBJR, Obj=annot, Pg=page_obj))
        elif "/S" in kid:
            child = _copy_element(doc, kid, obj, pages, widgets, parents, objr)
            if child is not None:
                kids.append(child)
    if not kids:
        return None
    obj.K = Array(kids)
    return obj


def _put(row: list, mcid: int, obj) -> None:
    if len(row) <= mcid:
        row.extend([None] * (mcid + 1 - len(row)))
    row[mcid] = obj


def combined_tags(pdf: bytes, sources: list[Source], *, title: str, language: str) -> bytes:
    """A file combined of parts (kit.pdf) with each part's structure kept, a Part
    element each, in page order; an untagged part's drawing marked as artifacts."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        kit_pages = list(doc.pages)
        tree = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        top = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=tree))
        parents: dict[int, list] = {}
        objr: list = []
        parts: list = []
        for source in sources:
            with pikepdf.open(source.path) as src:
                count = len(src.pages)
                root = src.Root.get("/StructTreeRoot")
                if root is None:
                    for page in kit_pages[source.first : source.first + count]:
                        _artifacts(doc, page)
                    continue
                pages = {p.objgen: (source.first + i, kit_pages[source.first + i].obj) for i, p in enumerate(src.pages)}
                # the part's widgets that the combined file kept, found by page and place
                widgets: dict = {}
                for i, p in enumerate(src.pages):
                    kept = {tuple(round(float(v), 2) for v in a.Rect): a for a in kit_pages[source.first + i].obj.get("/Annots", [])}
                    for a in p.obj.get("/Annots", []):
                        match = kept.get(tuple(round(float(v), 2) for v in a.Rect))
                        if match is not None:
                            widgets[a.objgen] = (source.first + i, match, kit_pages[source.first + i].obj)
                part = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, P=top, T=String(source.title)))
                kids = []
                for document in _array(root.get("/K")):
                    for kid in _array(document.get("/K")):
                        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                            child = _copy_element(doc, kid, part, pages, widgets, parents, objr)
                            if child is not None:
                                kids.append(child)
                part.K = Array(kids)
                parts.append(part)
        top.K = Array(parts)
        nums: list[Any] = []
        for i, page in enumerate(kit_pages):
            if i in parents:
                page.obj.StructParents = i
                nums.extend([i, doc.make_indirect(Array(parents[i]))])
            elif "/StructParents" in page.obj:
                del page.obj.StructParents
            if "/Annots" in page.obj:
                page.obj.Tabs = Name.S
        for j, (annot, obj) in enumerate(objr):
            annot.StructParent = len(kit_pages) + j
            nums.extend([len(kit_pages) + j, obj])
        tree.K = Array([top])
        tree.ParentTree = doc.make_indirect(Dictionary(Nums=Array(nums)))
        tree.ParentTreeNextKey = len(kit_pages) + len(objr)
        doc.Root.StructTreeRoot = tree
        doc.Root.MarkInfo = Dictionary(Marked=True)
        doc.Root.Lang = String(language)
        prefs = doc.Root.get("/ViewerPreferences", Dictionary())
        prefs.DisplayDocTitle = True
        doc.Root.ViewerPreferences = prefs
        doc.docinfo.Title = String(title)
        _xmp(doc, title, language)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()


def _array(obj) -> list:
    return [] if obj is None else list(obj) if isinstance(obj, pikepdf.Array) else [obj]


# --- drawing records in reading order -----------------------------------------


class Piece(NamedTuple):
    """A layout's text line or form field, with the element it belongs to."""

    element: Element | None  # None: drawn as an artifact (a header repeated on a later page)
    item: Any  # a painter's TextLine, or a form field (deck/forms.py Field): its widget


def draw_pieces(tags: Tags, painter, pieces) -> None:
    """Each piece in order: a text line in its own marked content, a field's widget placed in the structure."""
    c = painter.c
    for element, item in pieces:
        if hasattr(item, "tooltip"):  # a form field: the widget is added later, under this Form element
            tags.widget(c, element, ".".join(item.name))
        elif element is None:
            with tags.artifact(c, "Pagination"):
                painter.texts((item,), 0, 0)
        else:
            with tags.content(c, element):
                painter.texts((item,), 0, 0)
