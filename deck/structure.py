"""The structure tree (deck/tags.py) written into a drawn PDF as an incremental update.

A season's report has some 60 structure elements a page, 400,000 in a
national one: made as pikepdf objects they took more time and memory than
the drawing itself (545 MB for 2,000 workshops). So the elements, their
ParentTree, the bookmarks and the XMP are written here as PDF text and
appended after the file, with the few objects they change (the catalogue,
the pages, the form fields' widgets) written again, and a cross-reference
section of their own; pikepdf only reads the file to find those objects.
"""

from __future__ import annotations

import hashlib
import io
import re
import zlib
from decimal import Decimal
from typing import Any

import pikepdf

from .tags import Bookmark, Element, Event, Tags


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


def _xml(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _xmp(existing: bytes | None, title: str, language: str) -> bytes:
    """The document's XMP with the PDF/UA identification, its title and language; another's packet kept, with them added."""
    ua = UA.format(title=_xml(title), language=_xml(language))
    if existing and b"</rdf:RDF>" in existing:
        if b"pdfuaid" in existing:
            return existing
        return existing.replace(b"</rdf:RDF>", ua.encode("utf-8") + b"</rdf:RDF>", 1)
    return XMP.format(ua=ua).encode("utf-8")


class _Writer:
    """New and changed objects, numbered from the file's /Size on."""

    def __init__(self, size: int):
        self.next = size
        self.objects: dict[int, bytes] = {}

    def reserve(self) -> int:
        self.next += 1
        return self.next - 1

    def put(self, number: int, body: str | bytes) -> None:
        self.objects[number] = body.encode("latin-1") if isinstance(body, str) else body

    def add(self, body: str | bytes) -> int:
        n = self.reserve()
        self.put(n, body)
        return n


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

    def count(node) -> int:
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


def append(pdf: bytes, tags: Tags, *, title: str, language: str, outline_skip: int = 1, outline_depth: int = 6, pack: bool = True) -> bytes:
    """`pdf` with the structure of `tags` appended: StructTreeRoot, ParentTree,
    MarkInfo, /Lang, DisplayDocTitle, bookmarks, XMP, fields in the structure.
    `pack`: into compressed object streams, the file then PDF 1.7 (PDF/UA-1's
    base); not for a print shop's files, which PDF/X-1a keeps at PDF 1.3."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        page_objs = [p.obj for p in doc.pages]
        pages = [_ref(p) for p in page_objs]
        w = _Writer(int(doc.trailer.Size))
        kids: dict[int, list] = {}
        order: list[Element] = []

        def attach(e: Element) -> None:
            if id(e) in kids:
                return
            if e.parent is not None:
                attach(e.parent)
                kids[id(e.parent)].append(e)
            kids[id(e)] = []
            order.append(e)

        for event in tags.events:
            attach(event.element)
            kids[id(event.element)].append(event)
        attach(tags.root)
        numbers = {id(e): w.reserve() for e in order}
        tree = w.reserve()
        widgets = _widgets(doc) if any(ev.widget for ev in tags.events) else {}
        parents: dict[int, list[int]] = {}
        objr: list[tuple[int, int]] = []  # (annotation's object number, element's)
        changed_annots: dict[int, pikepdf.Object] = {}
        for e in order:
            n = numbers[id(e)]
            own = next((k for k in kids[id(e)] if isinstance(k, Event) and not k.widget), None)
            home = own.page if own is not None else None
            k: list[str] = []
            for kid in kids[id(e)]:
                if isinstance(kid, Element):
                    k.append(f"{numbers[id(kid)]} 0 R")
                elif kid.widget:
                    page_no, annot = widgets[kid.widget]
                    objr.append((annot.objgen[0], n))
                    changed_annots[annot.objgen[0]] = annot
                    k.append(f"<< /Type /OBJR /Obj {_ref(annot)} /Pg {pages[page_no]} >>")
                else:
                    row = parents.setdefault(kid.page, [])
                    if len(row) <= kid.mcid:
                        row.extend([0] * (kid.mcid + 1 - len(row)))
                    row[kid.mcid] = n
                    k.append(str(kid.mcid) if kid.page == home else f"<< /Type /MCR /Pg {pages[kid.page]} /MCID {kid.mcid} >>")
            parent = numbers[id(e.parent)] if e.parent is not None else tree
            body = [f"/Type /StructElem /S /{e.role} /P {parent} 0 R"]
            if home is not None:
                body.append(f"/Pg {pages[home]}")
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
            w.put(n, "<< " + " ".join(body) + " >>")
        nums: list[str] = []
        for i in range(len(pages)):
            if i in parents:
                nums.append(f"{i} {w.add('[' + ' '.join(f'{m} 0 R' for m in parents[i]) + ']')} 0 R")
        for j, (_, element) in enumerate(objr):
            nums.append(f"{len(pages) + j} {element} 0 R")
        parent_tree = w.add(f"<< /Nums [{' '.join(nums)}] >>")
        w.put(
            tree,
            f"<< /Type /StructTreeRoot /K [{numbers[id(tags.root)]} 0 R] /ParentTree {parent_tree} 0 R /ParentTreeNextKey {len(pages) + len(objr)} >>",
        )
        # the pages that now have a ParentTree entry or fields
        for i, page in enumerate(page_objs):
            extra = []
            if i in parents:
                extra.append(f"/StructParents {i}")
            if "/Annots" in page:
                extra.append("/Tabs /S")
            if extra:
                entries = _entries(page, ("/StructParents", "/Tabs"))
                w.put(page.objgen[0], "<< " + " ".join(entries + extra) + " >>")
        for j, (number, _) in enumerate(objr):
            entries = _entries(changed_annots[number], ("/StructParent",))
            w.put(number, "<< " + " ".join(entries + [f"/StructParent {len(pages) + j}"]) + " >>")
        root = doc.Root
        prefs = root.get("/ViewerPreferences")
        prefs_entries = _entries(prefs, ("/DisplayDocTitle",)) if prefs is not None else []
        meta = root.get("/Metadata")
        packet = _xmp(meta.read_bytes() if meta is not None else None, title, language)
        metadata = w.add(b"<< /Type /Metadata /Subtype /XML /Length %d >>\nstream\n" % len(packet) + packet + b"\nendstream")
        outline = _outline(w, tags.bookmarks, pages, outline_skip, outline_depth)
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
        trailer = doc.trailer
        info = _ref(trailer.Info) if "/Info" in trailer else None
        first_id = bytes(trailer.ID[0]).hex() if "/ID" in trailer else ""
        size = w.next
        root_ref = _ref(root)
    return _appended(pdf, w.objects, size, root_ref, info, first_id, pack)


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


def _appended(pdf: bytes, objects: dict[int, bytes], size: int, root: str, info: str | None, first_id: str, pack: bool) -> bytes:
    """The update: the objects, a cross-reference section for them, a trailer
    pointing back to the file's own. `pack`: the objects (a structure is many
    small dictionaries) in compressed object streams, a tenth of the bytes,
    under a cross-reference stream."""
    prev = int(re.findall(rb"startxref\s+(\d+)", pdf[-1024:])[-1])
    out = io.BytesIO()
    out.write(pdf if pdf.endswith(b"\n") else pdf + b"\n")
    entries: dict[int, tuple[int, int, int]] = {}  # number -> (type, field 2, field 3), as a cross-reference stream has them
    loose = {n for n, body in objects.items() if not pack or b"\nstream\n" in body}
    for n in sorted(loose):
        entries[n] = (1, out.tell(), 0)
        out.write(b"%d 0 obj\n" % n + objects[n] + b"\nendobj\n")
    packed = [n for n in sorted(objects) if n not in loose]
    number = size
    for start in range(0, len(packed), PACK):
        chunk = packed[start : start + PACK]
        heads, at = [], 0
        for k, n in enumerate(chunk):
            heads.append(b"%d %d" % (n, at))
            at += len(objects[n]) + 1
            entries[n] = (2, number, k)
        head = b" ".join(heads) + b"\n"
        data = zlib.compress(head + b"\n".join(objects[n] for n in chunk) + b"\n", 9)
        entries[number] = (1, out.tell(), 0)
        out.write(
            b"%d 0 obj\n<< /Type /ObjStm /N %d /First %d /Filter /FlateDecode /Length %d >>\nstream\n"
            % (number, len(chunk), len(head), len(data))
        )
        out.write(data + b"\nendstream\nendobj\n")
        number += 1
    if not pack:
        return _classic(out, entries, size, root, info, first_id, prev)
    xref = number
    entries[xref] = (1, out.tell(), 0)
    rows = b"".join(bytes([t]) + a.to_bytes(4, "big") + b.to_bytes(2, "big") for t, a, b in (entries[n] for n in sorted(entries)))
    data = zlib.compress(rows, 9)
    digest = hashlib.md5(out.getvalue() + rows, usedforsecurity=False).hexdigest()
    xref_head = (
        f"{xref} 0 obj\n<< /Type /XRef /Size {xref + 1} /W [1 4 2] /Index [{' '.join(map(str, _index(sorted(entries))))}] /Root {root}"
        + (f" /Info {info}" if info else "")
        + f" /Prev {prev} /ID [<{first_id or digest}> <{digest}>] /Filter /FlateDecode /Length {len(data)} >>\nstream\n"
    )
    out.write(xref_head.encode("latin-1") + data + b"\nendstream\nendobj\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % entries[xref][1])
    return out.getvalue()


def _index(numbers: list[int]) -> list[int]:
    """Consecutive object numbers as (first, count) pairs."""
    out: list[int] = []
    for n in numbers:
        if out and out[-2] + out[-1] == n:
            out[-1] += 1
        else:
            out += [n, 1]
    return out


def _classic(out: io.BytesIO, entries: dict, size: int, root: str, info: str | None, first_id: str, prev: int) -> bytes:
    xref = out.tell()
    out.write(b"xref\n")
    numbers = sorted(entries)
    index = _index(numbers)
    for first, count in zip(index[::2], index[1::2]):
        out.write(b"%d %d\n" % (first, count))
        for n in range(first, first + count):
            out.write(b"%010d 00000 n \n" % entries[n][1])
    digest = hashlib.md5(out.getvalue(), usedforsecurity=False).hexdigest()
    trailer = (
        f"trailer\n<< /Size {size} /Root {root}"
        + (f" /Info {info}" if info else "")
        + f" /Prev {prev} /ID [<{first_id or digest}> <{digest}>] >>\n"
    )
    out.write(trailer.encode("latin-1") + b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()
