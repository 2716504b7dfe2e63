"""Putting the parts together: the combined kit PDF, the manifest, the zip.

Everything here works from the part files on disk and writes as it goes, so
assembling the kit of a 10,000-card deck takes no more memory than one of 66
cards. pypdf reads the parts; the combined PDF is written object by object
here, because pypdf (and qpdf) keep a whole output document in memory until
it is saved (measured: 30 MB more for a 10,000-card kit).
"""
from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from array import array
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import pypdf
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject, NumberObject, PdfObject, StreamObject, TextStringObject

from osallisuuspeli.pdfdoc import ObjectFile


@dataclass(frozen=True)
class Part:
    name: str  # file name, e.g. "cards.pdf"
    title: str  # for bookmarks and the manifest, in the kit's language
    path: Path  # the file itself
    pages: int = 0  # of a PDF: known when it is made, not read back


def combined(parts: list[Part], title: str, language: str, out: Path) -> int:
    """One PDF of every part in print order: a bookmark for each part (with
    the part's own bookmarks under it), page labels that name the part, and
    the parts' form fields (a fillable board stays fillable in the kit)."""
    with out.open("wb") as f:
        kit = _Concatenation(f)
        for part in parts:
            kit.add(part.path, part.title)
        kit.finish(title, language)
    return len(kit.kids)


class _Concatenation:
    """A PDF written as the parts' pages are copied into it.

    Objects get new numbers as they are first met; each is written, then
    forgotten, so memory holds one page's objects at a time plus a number per
    object for the cross-reference table. The parts are reportlab's: every
    page carries its own resources and media box (nothing is inherited from
    the page tree), and bookmarks are one level deep.
    """

    def __init__(self, out: BinaryIO):
        self.file = ObjectFile(out)
        self.file.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        self._number = self.file.reserve
        self.catalog, self.tree, self.info = self._number(), self._number(), self._number()
        self.kids = array("L")  # the kit's page objects, in order
        self.labels: list[tuple[int, str]] = []  # first page index, label prefix
        self.bookmarks: list[tuple[str, int, list[tuple[str, int]]]] = []  # title, page, the part's own
        self.fields: list[PdfObject] = []
        self.form: dict[str, PdfObject] = {}

    def _put(self, number: int, obj: PdfObject) -> None:
        buffer = io.BytesIO()
        obj.write_to_stream(buffer)
        self.file.put(number, b"%d 0 obj\n%s\nendobj\n" % (number, buffer.getvalue()))

    def _ref(self, number: int) -> IndirectObject:
        return IndirectObject(number, 0, None)  # type: ignore[arg-type]

    def add(self, path: Path, title: str) -> None:
        with path.open("rb") as f:
            reader = pypdf.PdfReader(f)
            mapping = array("L", [0]) * (int(reader.trailer["/Size"]) + 1)  # the part's object numbers -> the kit's
            queue: deque[tuple[IndirectObject, int]] = deque()

            def remap(obj: PdfObject) -> PdfObject:
                if isinstance(obj, IndirectObject):
                    number = mapping[obj.idnum]
                    if not number:
                        number = mapping[obj.idnum] = self._number()
                        queue.append((obj, number))
                    return self._ref(number)
                if isinstance(obj, StreamObject):
                    new = type(obj)()
                    new._data = obj._data  # the stream's bytes as stored: still compressed, copied as they are
                    new.update({k: remap(v) for k, v in obj.items() if k != "/Length"})
                    return new
                if isinstance(obj, DictionaryObject):
                    page = obj.get("/Type") == "/Page"
                    new = DictionaryObject({k: remap(v) for k, v in obj.items() if not (page and k == "/Parent")})
                    if page:
                        new[NameObject("/Parent")] = self._ref(self.tree)
                    return new
                if isinstance(obj, ArrayObject):
                    return ArrayObject(remap(v) for v in obj)
                return obj

            def drain() -> None:
                while queue:
                    source, number = queue.popleft()
                    self._put(number, remap(source.get_object()))
                reader.resolved_objects.clear()  # written: let them go (pypdf would keep every object it read)

            root = reader.trailer["/Root"]
            first = len(self.kids)
            for kid in _page_refs(root["/Pages"]):
                self.kids.append(remap(kid).idnum)
                drain()
            self.labels.append((first, f"{title} "))
            own = []
            item = root.get("/Outlines", {}).get("/First")
            while item is not None:
                item = item.get_object()
                dest = item.get("/Dest") or item.get("/A", {}).get("/D")
                if isinstance(dest, ArrayObject) and dest and isinstance(dest[0], IndirectObject) and mapping[dest[0].idnum]:
                    own.append((str(item["/Title"]), mapping[dest[0].idnum]))
                item = item.get("/Next")
                reader.resolved_objects.clear()
            self.bookmarks.append((title, self.kids[first], own))
            form = root.get("/AcroForm")
            if form is not None:
                form = form.get_object()
                self.fields += [remap(f) for f in form.get("/Fields", [])]
                self.form.update({k: remap(v) for k, v in form.items() if k != "/Fields"})
                drain()

    def finish(self, title: str, language: str) -> None:
        n = self._put
        n(self.tree, DictionaryObject({NameObject("/Type"): NameObject("/Pages"), NameObject("/Count"): NumberObject(len(self.kids)), NameObject("/Kids"): ArrayObject(self._ref(k) for k in self.kids)}))
        catalog = DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Catalog"),
                NameObject("/Pages"): self._ref(self.tree),
                NameObject("/Outlines"): self._ref(self._outline()),
                NameObject("/PageMode"): NameObject("/UseOutlines"),
                NameObject("/PageLabels"): DictionaryObject({NameObject("/Nums"): ArrayObject(x for start, prefix in self.labels for x in _label(start, prefix))}),
                NameObject("/Lang"): TextStringObject(language),
                NameObject("/ViewerPreferences"): DictionaryObject({NameObject("/PrintScaling"): NameObject("/None")}),
            }
        )
        if self.fields:
            catalog[NameObject("/AcroForm")] = DictionaryObject({**self.form, NameObject("/Fields"): ArrayObject(self.fields)})
        n(self.catalog, catalog)
        n(self.info, DictionaryObject({NameObject(k): TextStringObject(v) for k, v in (("/Title", title), ("/Author", "osallisuuspeli"), ("/Creator", "osallisuuspeli"), ("/Producer", "osallisuuspeli"))}))
        ident = self.file.digest.hexdigest().encode()  # taken before the table: a digest of the content
        xref = self.file.xref()
        size = len(self.file.offsets)
        self.file.write(b"trailer\n<< /Size %d /Root %d 0 R /Info %d 0 R /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n" % (size, self.catalog, self.info, ident, ident, xref))

    def _outline(self) -> int:
        """Two levels: a bookmark per part, the part's own bookmarks under it."""
        root = self._number()
        top = [self._number() for _ in self.bookmarks]
        for i, (title, page, own) in enumerate(self.bookmarks):
            children = [self._number() for _ in own]
            for j, (child_title, child_page) in enumerate(own):
                self._put(children[j], _item(child_title, child_page, top[i], children, j))
            item = _item(title, page, root, top, i)
            if children:
                item.update({NameObject("/First"): self._ref(children[0]), NameObject("/Last"): self._ref(children[-1]), NameObject("/Count"): NumberObject(-len(children))})
            self._put(top[i], item)
        self._put(root, DictionaryObject({NameObject("/Type"): NameObject("/Outlines"), NameObject("/First"): self._ref(top[0]), NameObject("/Last"): self._ref(top[-1]), NameObject("/Count"): NumberObject(len(top))}))
        return root


def _page_refs(node: PdfObject):
    """The page tree's leaves, in order, as references."""
    for kid in node.get_object()["/Kids"]:
        if kid.get_object().get("/Type") == "/Pages":
            yield from _page_refs(kid)
        else:
            yield kid


def _item(title: str, page: int, parent: int, siblings: list[int], i: int) -> DictionaryObject:
    item = DictionaryObject(
        {
            NameObject("/Title"): TextStringObject(title),
            NameObject("/Parent"): IndirectObject(parent, 0, None),  # type: ignore[arg-type]
            NameObject("/Dest"): ArrayObject([IndirectObject(page, 0, None), NameObject("/Fit")]),  # type: ignore[arg-type]
        }
    )
    if i > 0:
        item[NameObject("/Prev")] = IndirectObject(siblings[i - 1], 0, None)  # type: ignore[arg-type]
    if i + 1 < len(siblings):
        item[NameObject("/Next")] = IndirectObject(siblings[i + 1], 0, None)  # type: ignore[arg-type]
    return item


def _label(start: int, prefix: str) -> tuple[PdfObject, PdfObject]:
    """A page label entry: pages from `start` read "<prefix>1", "<prefix>2"..."""
    return NumberObject(start), DictionaryObject({NameObject("/S"): NameObject("/D"), NameObject("/P"): TextStringObject(prefix), NameObject("/St"): NumberObject(1)})


def manifest(parts: list[Part], deck: str, language: str) -> bytes:
    """Every file with its pages (PDFs), bytes and sha256; no dates, so it is stable."""
    files = []
    for p in parts:
        with p.path.open("rb") as f:
            sha = hashlib.file_digest(f, "sha256").hexdigest()
        entry = {"name": p.name, "title": p.title, "pages": p.pages, "bytes": p.path.stat().st_size, "sha256": sha}
        if not p.name.endswith(".pdf"):
            del entry["pages"]
        files.append(entry)
    return (json.dumps({"deck": deck, "language": language, "files": files}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def zipped(files: list[tuple[str, Path]], out: BinaryIO) -> None:
    """A zip with fixed dates and modes: the same kit, the same bytes. Each
    file is streamed in from disk."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, z.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
