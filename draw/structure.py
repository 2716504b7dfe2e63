"""The structure tree (draw/tags.py) written into a drawn PDF as an incremental update.

A season's report has some 60 structure elements a page, 350,000 in a
national one: made as pikepdf objects they took more time and memory than
the drawing itself (545 MB for 2,000 workshops). So the elements, their
ParentTree, the bookmarks and the XMP are written here as PDF text and
appended after the file, with the few objects they change (the catalogue,
the pages, the form fields' widgets) written again, and a cross-reference
section of their own; pikepdf only reads the file to find those objects.
Each object is compressed into the update as soon as it is written, and
where they are is kept in arrays: at 6,000 workshops the writing adds
about 70 MB to what the drawing holds (it added 316 MB when the objects
were collected first).
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from array import array
from collections.abc import Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import pikepdf
from pikepdf import Name

from .tags import PAINTING, Bookmark, Element, Event, Tags


def text(value: str) -> str:
    """A PDF string of any text: ASCII as it is, anything else as UTF-16 with its byte order mark."""
    if value.isascii() and value.isprintable():
        return "(" + value.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ")"
    return "<feff" + value.encode("utf-16-be").hex() + ">"


def _num(v: float) -> str:
    return f"{v:.2f}".rstrip("0").rstrip(".") if v != int(v) else str(int(v))


def _ref(obj: pikepdf.Object) -> str:
    n, g = obj.objgen
    return f"{n} {g} R"


def _entries(obj: pikepdf.Object, drop: tuple[str, ...] = ()) -> list[str]:
    """A dictionary's entries as PDF text, references kept as references."""
    return [
        f"{k} {v.unparse().decode('latin-1') if isinstance(v, pikepdf.Object) else _scalar(v)}" for k, v in obj.items() if k not in drop
    ]


def _scalar(v: Any) -> str:
    """A number or boolean that pikepdf gave as a Python value."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    return format(Decimal(v), "f")


XMP = """<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
{ua}
</rdf:RDF></x:xmpmeta>
<?xpacket end="w"?>"""
UA = (
    '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
    "<pdfuaid:part>1</pdfuaid:part>"
    '<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>'
    "<dc:language><rdf:Bag><rdf:li>{language}</rdf:li></rdf:Bag></dc:language>"
    "</rdf:Description>"
)
UA_PART = '<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>'


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xmp(existing: bytes | None, title: str, language: str) -> bytes:
    """The document's XMP with the PDF/UA identification, its title and language; another's packet kept, with them added."""
    ua = UA.format(title=_xml(title), language=_xml(language))
    if existing and b"</rdf:RDF>" in existing:
        if b"pdfuaid" in existing:
            return existing
        if b"<dc:title>" in existing:  # a shipped file's packet (draw/finish.py): its title and language kept, never twice
            ua = UA_PART
        return existing.replace(b"</rdf:RDF>", ua.encode("utf-8") + b"</rdf:RDF>", 1)
    return XMP.format(ua=ua).encode("utf-8")


class _Writer:
    """The update as it is made: new and changed objects, numbered from the
    file's /Size on, each written out when it is put - loose, or (`pack`)
    into the compressed object stream being filled - so that a season's
    400,000 elements are never held as text all at once, and their places
    kept as a cross-reference stream has them (type, field 2, field 3) in
    arrays, not as an object each."""

    def __init__(self, pdf: bytes, size: int, pack: bool):
        self.base = self.next = size
        self.pack = pack
        self.out = io.BytesIO(pdf)  # the file's bytes shared until the update is written after them
        self.out.seek(0, io.SEEK_END)
        if not pdf.endswith(b"\n"):
            self.out.write(b"\n")
        self.changed: dict[int, tuple[int, int, int]] = {}  # the file's own objects written again
        self.kinds = bytearray()  # the new ones, from `base` on
        self.fields = array("Q")  # field 2 << 16 | field 3
        self.chunk: list[tuple[int, bytes]] = []
        self.stream = 0  # the number of the object stream being filled

    def reserve(self, count: int = 1) -> int:
        """The first of `count` new object numbers."""
        first = self.next
        self.next += count
        self.kinds.extend(bytes(count))
        self.fields.extend(bytes(8 * count))
        return first

    def record(self, number: int, kind: int, field2: int, field3: int) -> None:
        if number >= self.base:
            if self.kinds[number - self.base]:
                raise ValueError(f"object {number} written twice")
            self.kinds[number - self.base] = kind
            self.fields[number - self.base] = field2 << 16 | field3
        elif self.changed.setdefault(number, (kind, field2, field3)) != (kind, field2, field3):
            raise ValueError(f"object {number} written twice")

    def put(self, number: int, body: str | bytes) -> None:
        data = body.encode("latin-1") if isinstance(body, str) else body
        if not self.pack or b"\nstream\n" in data:
            self.record(number, 1, self.out.tell(), 0)
            self.out.write(b"%d 0 obj\n" % number + data + b"\nendobj\n")
            return
        if not self.chunk:
            self.stream = self.reserve()
        self.record(number, 2, self.stream, len(self.chunk))
        self.chunk.append((number, data))
        if len(self.chunk) == PACK:
            self.flush()

    def add(self, body: str | bytes) -> int:
        n = self.reserve()
        self.put(n, body)
        return n

    def flush(self) -> None:
        """The objects put since the last flush as one compressed object stream."""
        if not self.chunk:
            return
        heads, at = [], 0
        for n, data in self.chunk:
            heads.append(b"%d %d" % (n, at))
            at += len(data) + 1
        head = b" ".join(heads) + b"\n"
        packed = zlib.compress(head + b"\n".join(data for _, data in self.chunk) + b"\n", 6)
        self.chunk = []
        self.record(self.stream, 1, self.out.tell(), 0)
        self.out.write(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (self.stream, len(heads), len(head), len(packed))
        )
        self.out.write(packed + b"\nendstream\nendobj\n")

    def entries(self) -> Iterator[tuple[int, int, int, int]]:
        """(number, type, field 2, field 3) of every object written, by number."""
        for n in sorted(self.changed):
            yield (n, *self.changed[n])
        for i, kind in enumerate(self.kinds):
            if not kind:
                raise ValueError(f"object {self.base + i} reserved and never written")
            yield self.base + i, kind, self.fields[i] >> 16, self.fields[i] & 0xFFFF


def _outline(w: _Writer, bookmarks: list[Bookmark], pages: list[str], skip: int, depth: int) -> int | None:
    """The bookmarks of the headings below level `skip`, `depth` levels deep; a part's children folded."""
    marks = [b for b in bookmarks if skip < b.level <= skip + depth]
    if not marks:
        return None
    root = w.reserve()
    nodes: list[dict[str, Any]] = [{"n": root, "kids": [], "level": 0}]
    stack = [nodes[0]]
    for b in marks:
        node: dict[str, Any] = {"n": w.reserve(), "kids": [], "level": b.level, "mark": b}
        while stack[-1]["level"] >= b.level:
            stack.pop()
        stack[-1]["kids"].append(node)
        node["parent"] = stack[-1]["n"]
        stack.append(node)
        nodes.append(node)

    def count(node: dict[str, Any]) -> int:
        return len(node["kids"]) + sum(count(k) for k in node["kids"])

    for node in nodes:
        kids = node["kids"]
        links = ""
        if kids:
            links = f" /First {kids[0]['n']} 0 R /Last {kids[-1]['n']} 0 R"
        for i, kid in enumerate(kids):
            kid["prev"] = kids[i - 1]["n"] if i else None
            kid["next"] = kids[i + 1]["n"] if i + 1 < len(kids) else None
        if node["level"] == 0:
            w.put(root, f"<< /Type /Outlines{links} /Count {len(kids)} >>")
            continue
        b = node["mark"]
        parts = [f"/Title {text(b.title)}", f"/Parent {node['parent']} 0 R"]
        if node.get("prev"):
            parts.append(f"/Prev {node['prev']} 0 R")
        if node.get("next"):
            parts.append(f"/Next {node['next']} 0 R")
        if kids:
            parts.append(links.strip() + f" /Count {-count(node)}")  # folded: the report's parts open on a click
        parts.append(f"/Dest [{pages[b.page]} /XYZ {_num(b.left)} {_num(b.top)} null]")
        w.put(node["n"], "<< " + " ".join(parts) + " >>")
    return root


def _numbered(tags: Tags) -> tuple[list[Element], list[Any]]:
    """Each element in the order it is first met, its parent before it, with its
    kids in order: None, the one kid (most have one) or a list. Each element's
    place is kept on it while the structure is written, no table of 400,000 beside."""
    order: list[Element] = []
    kids: list[Any] = []

    def give(i: int, kid: Element | Event) -> None:
        have = kids[i]
        if have is None:
            kids[i] = kid
        elif type(have) is list:
            have.append(kid)
        else:
            kids[i] = [have, kid]

    def attach(e: Element) -> int:
        if e.number < 0:
            parent = attach(e.parent) if e.parent is not None else -1
            e.number = len(order)
            order.append(e)
            kids.append(None)
            if parent >= 0:
                give(parent, e)
        return e.number

    for event in tags.events:
        give(attach(event.element), event)
    attach(tags.root)
    return order, kids


class _Marks(NamedTuple):
    """What the elements' kids tell the pages and the fields, gathered as the elements are written."""

    pages: list[str]  # each page's reference
    widgets: dict[str, tuple[int, pikepdf.Object]]
    parents: dict[int, array[int]]  # page -> the element of each of its marked pieces, by MCID
    objr: list[tuple[int, int]]  # (annotation's object number, element's)
    annots: dict[int, pikepdf.Object]  # the annotations that get a StructParent


def _kid_refs(mine: Sequence[Element | Event], n: int, first: int, home: int | None, marks: _Marks) -> list[str]:
    """The /K entries of element number `n`: elements, fields (OBJR) and marked pieces."""
    k: list[str] = []
    for kid in mine:
        if isinstance(kid, Element):
            k.append(f"{first + kid.number} 0 R")
        elif kid.widget:
            page_no, annot = marks.widgets[kid.widget]
            marks.objr.append((annot.objgen[0], n))
            marks.annots[annot.objgen[0]] = annot
            k.append(f"<< /Type /OBJR /Obj {_ref(annot)} /Pg {marks.pages[page_no]} >>")
        else:
            row = marks.parents.setdefault(kid.page, array("q"))
            if len(row) <= kid.mcid:
                row.extend([0] * (kid.mcid + 1 - len(row)))
            row[kid.mcid] = n
            k.append(str(kid.mcid) if kid.page == home else f"<< /Type /MCR /Pg {marks.pages[kid.page]} /MCID {kid.mcid} >>")
    return k


def _element(e: Element, parent: int, page: str | None, k: list[str]) -> str:
    body = [f"/Type /StructElem /S /{e.role} /P {parent} 0 R"]
    if page is not None:
        body.append(f"/Pg {page}")
    if e.alt:
        body.append(f"/Alt {text(e.alt)}")
    if e.lang:
        body.append(f"/Lang {text(e.lang)}")
    if e.actual:
        body.append(f"/ActualText {text(e.actual)}")
    if e.role == "TH" or e.colspan > 1:
        attrs = "/O /Table" + (f" /Scope /{e.scope}" if e.scope else "") + (f" /ColSpan {e.colspan}" if e.colspan > 1 else "")
        body.append(f"/A << {attrs} >>")
    body.append(f"/K [{' '.join(k)}]")
    return "<< " + " ".join(body) + " >>"


def _elements(w: _Writer, order: list[Element], kids: list[Any], first: int, tree: int, marks: _Marks) -> None:
    """Every structure element, written as it is made, its kids let go once written."""
    for i, e in enumerate(order):
        n = first + i
        mine = kids[i]
        mine = () if mine is None else mine if type(mine) is list else (mine,)
        kids[i] = None
        own = next((k for k in mine if isinstance(k, Event) and not k.widget), None)
        home = own.page if own is not None else None
        k = _kid_refs(mine, n, first, home, marks)
        parent = first + e.parent.number if e.parent is not None else tree
        w.put(n, _element(e, parent, marks.pages[home] if home is not None else None, k))


def _parent_tree(w: _Writer, marks: _Marks) -> int:
    nums: list[str] = []
    for i in range(len(marks.pages)):
        if i in marks.parents:
            nums.append(f"{i} {w.add('[' + ' '.join(f'{m} 0 R' for m in marks.parents[i]) + ']')} 0 R")
    for j, (_, element) in enumerate(marks.objr):
        nums.append(f"{len(marks.pages) + j} {element} 0 R")
    return w.add(f"<< /Nums [{' '.join(nums)}] >>")


def _mark_pages(w: _Writer, page_objs: Sequence[pikepdf.Object], marks: _Marks) -> None:
    """The pages that now have a ParentTree entry or fields, and the fields' annotations."""
    for i, page in enumerate(page_objs):
        extra = []
        if i in marks.parents:
            extra.append(f"/StructParents {i}")
        if "/Annots" in page:
            extra.append("/Tabs /S")
        if extra:
            entries = _entries(page, ("/StructParents", "/Tabs"))
            w.put(page.objgen[0], "<< " + " ".join(entries + extra) + " >>")
    for j, (number, _) in enumerate(marks.objr):
        entries = _entries(marks.annots[number], ("/StructParent",))
        w.put(number, "<< " + " ".join(entries + [f"/StructParent {len(marks.pages) + j}"]) + " >>")


def _metadata(w: _Writer, root: pikepdf.Object, title: str, language: str) -> int:
    meta = root.get("/Metadata")
    packet = _xmp(meta.read_bytes() if meta is not None else None, title, language)
    return w.add(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(packet) + packet + b"\nendstream")


def _catalog(w: _Writer, root: pikepdf.Object, tree: int, metadata: int, outline: int | None, *, language: str, pack: bool) -> None:
    """The catalogue with the structure, /Lang, the title shown, the XMP and the bookmarks."""
    prefs = root.get("/ViewerPreferences")
    prefs_entries = _entries(prefs, ("/DisplayDocTitle",)) if prefs is not None else []
    catalog = _entries(
        root,
        ("/StructTreeRoot", "/MarkInfo", "/Lang", "/ViewerPreferences", "/Metadata") + (("/Outlines", "/PageMode") if outline else ()),
    )
    catalog += [
        f"/StructTreeRoot {tree} 0 R",
        "/MarkInfo << /Marked true >>",
        f"/Lang {text(language)}",
        "/ViewerPreferences << " + " ".join(prefs_entries + ["/DisplayDocTitle true"]) + " >>",
        f"/Metadata {metadata} 0 R",
    ]
    if outline:
        catalog += [f"/Outlines {outline} 0 R", "/PageMode /UseOutlines"]
    if pack:  # object streams need PDF 1.5; PDF/UA-1 is made on PDF 1.7
        catalog = [e for e in catalog if not e.startswith("/Version ")] + ["/Version /1.7"]
    w.put(root.objgen[0], "<< " + " ".join(catalog) + " >>")


def append(pdf: bytes, tags: Tags, *, title: str, language: str, outline_skip: int = 1, outline_depth: int = 6, pack: bool = True) -> bytes:
    """`pdf` with the structure of `tags` appended: StructTreeRoot, ParentTree,
    MarkInfo, /Lang, DisplayDocTitle, bookmarks, XMP, fields in the structure.
    `pack`: into compressed object streams, the file then PDF 1.7 (PDF/UA-1's
    base); not for a print shop's files, which PDF/X-1a keeps at PDF 1.3."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page_objs = [p.obj for p in doc.pages]
        w = _Writer(pdf, int(doc.trailer.Size), pack)
        order, kids = _numbered(tags)
        first = w.reserve(len(order))
        tree = w.reserve()
        widgets = _widgets(doc) if any(ev.widget for ev in tags.events) else {}
        marks = _Marks([_ref(p) for p in page_objs], widgets, {}, [], {})
        _elements(w, order, kids, first, tree, marks)
        parent_tree = _parent_tree(w, marks)
        next_key = len(marks.pages) + len(marks.objr)
        w.put(
            tree,
            f"<< /Type /StructTreeRoot /K [{first + tags.root.number} 0 R] /ParentTree {parent_tree} 0 R /ParentTreeNextKey {next_key} >>",
        )
        for e in order:  # as they were: the same tags may be written again
            e.number = -1
        _mark_pages(w, page_objs, marks)
        metadata = _metadata(w, doc.Root, title, language)
        outline = _outline(w, tags.bookmarks, marks.pages, outline_skip, outline_depth)
        _catalog(w, doc.Root, tree, metadata, outline, language=language, pack=pack)
        trailer = doc.trailer
        info = _ref(trailer.Info) if "/Info" in trailer else None
        first_id = bytes(trailer.ID[0]).hex() if "/ID" in trailer else ""
        root_ref = _ref(doc.Root)
    return _appended(pdf, w, root_ref, info, first_id)


def _widgets(doc: pikepdf.Pdf) -> dict[str, tuple[int, pikepdf.Object]]:
    """Each widget annotation by its field's full name, with its page."""
    found: dict[str, tuple[int, pikepdf.Object]] = {}
    for i, page in enumerate(doc.pages):
        for annot in page.obj.get("/Annots", pikepdf.Array()):
            if annot.get("/Subtype") != pikepdf.Name.Widget:
                continue
            parts: list[str] = []
            node: pikepdf.Object | None = annot
            while node is not None:
                if "/T" in node:
                    parts.append(str(node.T))
                node = node.get("/Parent")
            found[".".join(reversed(parts))] = (i, annot)
    return found


PACK = 400  # objects an object stream holds


def _appended(pdf: bytes, w: _Writer, root: str, info: str | None, first_id: str) -> bytes:
    """The update closed: a cross-reference section for its objects, a trailer
    pointing back to the file's own. Packed (a structure is many small
    dictionaries, a tenth of the bytes in object streams), under a
    cross-reference stream."""
    prev = int(re.findall(rb"startxref\s+(\d+)", pdf[-1024:])[-1])
    w.flush()
    if not w.pack:
        return _classic(w, root, info, first_id, prev)
    xref = w.reserve()
    w.record(xref, 1, w.out.tell(), 0)
    numbers, rows = [], bytearray()
    for n, t, a, b in w.entries():
        numbers.append(n)
        rows += bytes([t]) + a.to_bytes(4, "big") + b.to_bytes(2, "big")
    data = zlib.compress(rows, 9)
    with w.out.getbuffer() as written:
        digest = hashlib.md5(written, usedforsecurity=False)
    digest.update(rows)
    hexdigest = digest.hexdigest()
    xref_head = (
        f"{xref} 0 obj\n<< /Type /XRef /Size {xref + 1} /W [1 4 2] /Index [{' '.join(map(str, _index(numbers)))}] /Root {root}"
        + (f" /Info {info}" if info else "")
        + f" /Prev {prev} /ID [<{first_id or hexdigest}> <{hexdigest}>] /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
    )
    at = w.out.tell()
    w.out.write(xref_head.encode("latin-1") + data + b"\nendstream\nendobj\n")
    w.out.write(b"startxref\n%d\n%%%%EOF\n" % at)
    return w.out.getvalue()


def _index(numbers: list[int]) -> list[int]:
    """Consecutive object numbers as (first, count) pairs."""
    out: list[int] = []
    for n in numbers:
        if out and out[-2] + out[-1] == n:
            out[-1] += 1
        else:
            out += [n, 1]
    return out


def _classic(w: _Writer, root: str, info: str | None, first_id: str, prev: int) -> bytes:
    """The update under a cross-reference table, as PDF 1.3 has it."""
    out = w.out
    xref = out.tell()
    out.write(b"xref\n")
    offsets = {n: a for n, _, a, _ in w.entries()}
    index = _index(sorted(offsets))
    for first, count in zip(index[::2], index[1::2]):
        out.write(b"%d %d\n" % (first, count))
        for n in range(first, first + count):
            out.write(b"%010d 00000 n \n" % offsets[n])
    digest = hashlib.md5(out.getvalue(), usedforsecurity=False).hexdigest()
    trailer = (
        f"trailer\n<< /Size {w.next} /Root {root}"
        + (f" /Info {info}" if info else "")
        + f" /Prev {prev} /ID [<{first_id or digest}> <{digest}>] >>\n"
    )
    out.write(trailer.encode("latin-1") + b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


# --- a drawn page's untagged drawing as artifacts, and the whole ---------------


Instruction = pikepdf.ContentStreamInstruction | pikepdf.ContentStreamInlineImage  # what parse_content_stream gives


def _runs(ops: list[Instruction]) -> list[Instruction]:
    """The page's operators with every untagged drawing wrapped as an artifact.
    A text object holding marked content is entered; one without is kept whole."""
    names = [str(o.operator) for o in ops]  # once: str() of an operator was most of the sweep's time
    out: list[Instruction] = []
    start = 0  # where the untagged run being gathered begins, in ops
    depth = 0

    def flush(end: int) -> None:
        if PAINTING.isdisjoint(names[start:end]):
            out.extend(ops[start:end])
        else:
            out.append(pikepdf.ContentStreamInstruction([Name.Artifact], pikepdf.Operator("BMC")))
            out.extend(ops[start:end])
            out.append(pikepdf.ContentStreamInstruction([], pikepdf.Operator("EMC")))

    i = 0
    while i < len(ops):
        name = names[i]
        if depth == 0 and name == "BT":
            end = names.index("ET", i)
            if "BDC" not in names[i:end] and "BMC" not in names[i:end]:
                i = end + 1  # a text object without marked content: part of the run, whole
                continue
            flush(i)
            out.append(ops[i])
        elif name in ("BDC", "BMC"):
            if depth == 0:
                flush(i)
            depth += 1
            out.append(ops[i])
        elif name == "EMC":
            depth -= 1
            out.append(ops[i])
        elif depth == 0 and name == "ET":
            flush(i)
            out.append(ops[i])
        elif depth != 0:
            out.append(ops[i])
        else:
            i += 1  # untagged drawing: part of the run
            continue
        i += 1
        start = i
    flush(len(ops))
    return out


def mark_artifacts(doc: pikepdf.Pdf, page: pikepdf.Page) -> None:
    ops = pikepdf.parse_content_stream(page)
    page.obj.Contents = doc.make_stream(pikepdf.unparse_content_stream(_runs(ops)))


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
    """`pdf` as tagged PDF: the structure of `tags` (draw/structure.py), everything else an artifact.
    `sweep`: find what was drawn untagged and mark it an artifact (a drawing
    that marks its own artifacts, like the report's thousands of pages, saves the time).
    `pack`: the structure in object streams, PDF 1.7; False for a print shop's files (PDF/X-1a is PDF 1.3)."""
    if sweep:
        with pikepdf.open(io.BytesIO(pdf)) as doc:
            for page in doc.pages:
                mark_artifacts(doc, page)
            out = io.BytesIO()
            doc.save(out, deterministic_id=True, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.disable)
            pdf = out.getvalue()
    return append(pdf, tags, title=title, language=language, outline_skip=outline_skip, outline_depth=outline_depth, pack=pack)
