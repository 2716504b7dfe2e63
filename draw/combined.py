"""One file of many, kit.pdf: the structure of its parts kept in page order."""

from __future__ import annotations

import io
import warnings
from collections.abc import Hashable, Iterable
from contextlib import ExitStack
from pathlib import Path
from typing import Any, NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name, OutlineItem, PageLocation, String

from .structure import mark_artifacts


def _xmp(doc: pikepdf.Pdf, title: str, language: str) -> None:
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta.register_xml_namespace("http://www.aiim.org/pdfua/ns/id/", "pdfuaid")
        meta["dc:title"] = title
        meta["dc:language"] = [language]
        meta["pdfuaid:part"] = "1"


class Source(NamedTuple):
    """A part of a combined file: its own PDF, open, and where its pages begin in the whole."""

    pdf: pikepdf.Pdf
    first: int  # the index of its first page in the combined file
    title: str


def combine(parts: Iterable[tuple[Path, str, bool]], *, title: str, language: str, author: str) -> bytes:
    """One PDF of the parts (path, title, whether its form fields stay) in
    order: a bookmark for each part with the part's own bookmarks under it,
    page labels that name the part, the kept parts' form fields, the first
    part's two-sided printing preference, and each part's structure."""
    with ExitStack() as stack:
        doc = stack.enter_context(pikepdf.new())
        sources: list[Source] = []
        fielded: list[pikepdf.Pdf] = []
        for path, part_title, forms in parts:
            src = stack.enter_context(pikepdf.open(path))
            if not forms:
                for page in src.pages:  # in memory only: the part's own file keeps its fields
                    if "/Annots" in page.obj:
                        del page.obj.Annots
            elif src.Root.get("/AcroForm", Dictionary()).get("/Fields"):
                fielded.append(src)
            sources.append(Source(src, len(doc.pages), part_title))
            with warnings.catch_warnings():  # about form fields, which _fields copies (pikepdf 10's add_pages_from does not reach 9.10)
                warnings.filterwarnings("ignore", message="Copying pages from another Pdf")
                doc.pages.extend(src.pages)
        _outline(doc, sources)
        _page_labels(doc, sources)
        _fields(doc, fielded)
        _catalogue(doc, sources, title=title, language=language, author=author)
        _tags(doc, sources)
        _xmp(doc, title, language)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True, compress_streams=True)
        return out.getvalue()


def _outline(doc: pikepdf.Pdf, sources: list[Source]) -> None:
    """A bookmark a part at its first page, the part's own bookmarks under it, pointing into the whole."""
    with doc.open_outline() as outline:
        for source in sources:
            item = OutlineItem(source.title, source.first, PageLocation.Fit)
            with source.pdf.open_outline() as own:
                item.children.extend(_moved(doc, source, own.root))
            outline.root.append(item)


def _moved(doc: pikepdf.Pdf, source: Source, items: list[OutlineItem]) -> list[OutlineItem]:
    index: dict[Hashable, int] = {page.objgen: source.first + i for i, page in enumerate(source.pdf.pages)}
    moved = []
    for item in items:
        dest: Any = item.destination
        if dest is None and item.action is not None:
            dest = item.action.get("/D")
        if isinstance(dest, pikepdf.Array) and len(dest) and dest[0].objgen in index:
            target: Any = Array([doc.pages[index[dest[0].objgen]].obj, *list(dest)[1:]])
        else:
            target = source.first  # a bookmark to somewhere the part does not say: its first page
        copy = OutlineItem(item.title, target, None if isinstance(target, Array) else PageLocation.Fit)
        copy.children.extend(_moved(doc, source, item.children))
        moved.append(copy)
    return moved


def _page_labels(doc: pikepdf.Pdf, sources: list[Source]) -> None:
    """Page numbers a reader shows as "Pelilauta 1": each part's own, from 1."""
    nums: list[Any] = []
    for source in sources:
        nums.extend([source.first, Dictionary(S=Name.D, P=String(f"{source.title} "))])
    doc.Root.PageLabels = Dictionary(Nums=Array(nums))


def _fields(doc: pikepdf.Pdf, fielded: list[pikepdf.Pdf]) -> None:
    """The kept parts' form fields: the same objects as the widgets on the copied pages."""
    if not fielded:
        return
    fields = [_foreign(doc, src, field) for src in fielded for field in src.Root.AcroForm.Fields]
    first = fielded[0].Root.AcroForm
    form = Dictionary(Fields=Array(fields))
    if "/DA" in first:
        form.DA = String(str(first.DA))
    if "/DR" in first:
        form.DR = _foreign(doc, fielded[0], first.DR)
    doc.Root.AcroForm = doc.make_indirect(form)


def _foreign(doc: pikepdf.Pdf, src: pikepdf.Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """`obj` of `src` in `doc`: what the copied pages hold of it is the same object."""
    return doc.copy_foreign(obj if obj.is_indirect else src.make_indirect(obj))


def _catalogue(doc: pikepdf.Pdf, sources: list[Source], *, title: str, language: str, author: str) -> None:
    duplex = next((d for s in sources if (d := s.pdf.Root.get("/ViewerPreferences", Dictionary()).get("/Duplex"))), None)
    prefs = Dictionary(PrintScaling=Name("/None"), DisplayDocTitle=True)
    if duplex is not None:
        prefs.Duplex = Name(str(duplex))
    doc.Root.ViewerPreferences = prefs
    doc.Root.PageMode = Name.UseOutlines
    doc.Root.Lang = String(language)
    for key in ("/Author", "/Creator", "/Producer"):
        doc.docinfo[key] = String(author)
    doc.docinfo.Title = String(title)


Parents = dict[int, list[pikepdf.Object | None]]  # a page's marked content's elements, by MCID
Objrs = list[tuple[pikepdf.Object, pikepdf.Object]]  # a widget and its element
Widgets = dict[
    tuple[int, int], tuple[int, pikepdf.Object, pikepdf.Object]
]  # by objgen in the part: (page, widget, page object) in the whole


def _copy_element(
    doc: pikepdf.Pdf,
    e: pikepdf.Object,
    parent: pikepdf.Object,
    pages: dict[Hashable, tuple[int, pikepdf.Object]],  # by objgen
    widgets: Widgets,
    parents: Parents,
    objr: Objrs,
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


def _tags(doc: pikepdf.Pdf, sources: list[Source]) -> None:
    """Each part's structure kept, a Part element each, in page order; an
    untagged part's drawing marked as artifacts."""
    kit_pages = list(doc.pages)
    tree = doc.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    top = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Document, P=tree))
    parents: Parents = {}
    objr: Objrs = []
    parts: list[pikepdf.Object] = []
    for source in sources:
        if "/StructTreeRoot" in source.pdf.Root:
            parts.append(_part(doc, source, kit_pages, top, parents, objr))
        else:
            for page in kit_pages[source.first : source.first + len(source.pdf.pages)]:
                mark_artifacts(doc, page)
    top.K = Array(parts)
    tree.K = Array([top])
    _parent_tree(doc, tree, kit_pages, parents, objr)
    doc.Root.StructTreeRoot = tree
    doc.Root.MarkInfo = Dictionary(Marked=True)


def _part(
    doc: pikepdf.Pdf, source: Source, kit_pages: list[pikepdf.Page], top: pikepdf.Object, parents: Parents, objr: Objrs
) -> pikepdf.Object:
    """A part's structure under a Part element titled as the part, its pages and kept widgets those of the whole."""
    src = source.pdf
    pages: dict[Hashable, tuple[int, pikepdf.Object]] = {
        p.objgen: (source.first + i, kit_pages[source.first + i].obj) for i, p in enumerate(src.pages)
    }
    part = doc.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Part, P=top, T=String(source.title)))
    widgets = _kept_widgets(source, kit_pages)
    kids = []
    for document in _array(src.Root.StructTreeRoot.get("/K")):
        for kid in _array(document.get("/K")):
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                child = _copy_element(doc, kid, part, pages, widgets, parents, objr)
                if child is not None:
                    kids.append(child)
    part.K = Array(kids)
    return part


def _kept_widgets(source: Source, kit_pages: list[pikepdf.Page]) -> Widgets:
    """The part's widgets that the whole kept, found by page and place: by the part's objgen, (page, widget, page object)."""
    widgets: Widgets = {}
    for i, p in enumerate(source.pdf.pages):
        page = kit_pages[source.first + i].obj
        kept = {tuple(round(float(v), 2) for v in a.Rect): a for a in page.get("/Annots", [])}
        for a in p.obj.get("/Annots", []):
            match = kept.get(tuple(round(float(v), 2) for v in a.Rect))
            if match is not None:
                widgets[a.objgen] = (source.first + i, match, page)
    return widgets


def _parent_tree(doc: pikepdf.Pdf, tree: pikepdf.Object, kit_pages: list[pikepdf.Page], parents: Parents, objr: Objrs) -> None:
    """From marked content and widgets to their elements: a page's by its index, a widget's after the pages."""
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
    tree.ParentTree = doc.make_indirect(Dictionary(Nums=Array(nums)))
    tree.ParentTreeNextKey = len(kit_pages) + len(objr)


def _array(obj: pikepdf.Object | None) -> list[pikepdf.Object]:
    return [] if obj is None else list(obj) if isinstance(obj, pikepdf.Array) else [obj]
