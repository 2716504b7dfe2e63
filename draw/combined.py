"""One file of many, kit.pdf: the structure of its parts kept in page order."""

from __future__ import annotations

import io
from collections.abc import Hashable
from typing import Any, NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from .structure import mark_artifacts


def _xmp(doc: pikepdf.Pdf, title: str, language: str) -> None:
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
        meta["dc:title"] = title
        meta["dc:language"] = [language]
        meta["pdfuaid:part"] = "1"


class Source(NamedTuple):
    """A part of a combined file: its own PDF and where its pages begin in the whole."""

    path: Any  # a Path
    first: int  # the index of its first page in the combined file
    title: str


def _copy_element(
    doc: pikepdf.Pdf,
    e: pikepdf.Object,
    parent: pikepdf.Object,
    pages: dict[Hashable, tuple[int, pikepdf.Object]],  # by objgen
    widgets: dict[tuple[int, int], tuple[int, pikepdf.Object, pikepdf.Object]],
    parents: dict[int, list[pikepdf.Object | None]],
    objr: list[tuple[pikepdf.Object, pikepdf.Object]],
) -> pikepdf.Object | None:
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
    kids: list[int | pikepdf.Object] = []
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


def _put(row: list[pikepdf.Object | None], mcid: int, obj: pikepdf.Object) -> None:
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
        parents: dict[int, list[pikepdf.Object | None]] = {}
        objr: list[tuple[pikepdf.Object, pikepdf.Object]] = []
        parts: list[pikepdf.Object] = []
        for source in sources:
            with pikepdf.open(source.path) as src:
                count = len(src.pages)
                root = src.Root.get("/StructTreeRoot")
                if root is None:
                    for page in kit_pages[source.first : source.first + count]:
                        mark_artifacts(doc, page)
                    continue
                pages: dict[Hashable, tuple[int, pikepdf.Object]] = {
                    p.objgen: (source.first + i, kit_pages[source.first + i].obj) for i, p in enumerate(src.pages)
                }
                # the part's widgets that the combined file kept, found by page and place
                widgets: dict[tuple[int, int], tuple[int, pikepdf.Object, pikepdf.Object]] = {}
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


def _array(obj: pikepdf.Object | None) -> list[pikepdf.Object]:
    return [] if obj is None else list(obj) if isinstance(obj, pikepdf.Array) else [obj]
