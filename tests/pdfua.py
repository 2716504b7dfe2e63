"""A PDF/UA-1 check of our own (veraPDF is not to be had here), from the file alone.

pikepdf reads the catalogue, the structure tree and every page's content
stream; Poppler (`pdfinfo -struct-text`, `pdftotext`) reads the text the
structure holds and the text the pages show. It imports nothing of the
tagging code it checks.
"""

from __future__ import annotations

import io
import itertools
import re
import subprocess
import tempfile
from pathlib import Path

import pikepdf
from pikepdf import Dictionary, Name

TEXT = {"Tj", "TJ", "'", '"'}
INK = TEXT | {"Do", "f", "F", "f*", "S", "s", "B", "B*", "b", "b*", "sh", "INLINE IMAGE"}
STANDARD = frozenset(
    [
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
        "Figure",
        "Formula",
        "Form",
    ]
)


def squeeze(text: str) -> str:
    """Letters and digits only: the same words however lines were joined or broken."""
    return re.sub(r"[\s\-\u00ad\ufffe\x02•]+", "", text)


def _content_order(pdf: pikepdf.Pdf, problems: list[str]) -> list[tuple[int, int]]:
    """(page, MCID) in the order the pages draw them; ink outside any tag or artifact is a problem."""
    order = []
    for pi, page in enumerate(pdf.pages):
        stack: list[tuple[str, int | None]] = []
        loose = 0
        for ins in pikepdf.parse_content_stream(page):
            op = str(ins.operator)
            if op == "BDC":
                props = ins.operands[1]
                mcid = int(props.MCID) if isinstance(props, Dictionary) and "/MCID" in props else None
                stack.append((str(ins.operands[0]), mcid))
                if mcid is not None:
                    order.append((pi, mcid))
            elif op == "BMC":
                stack.append((str(ins.operands[0]), None))
            elif op == "EMC":
                if not stack:
                    problems.append(f"page {pi + 1}: EMC without BDC")
                    continue
                stack.pop()
            elif op in INK and not any(m is not None or t == "/Artifact" for t, m in stack):
                loose += 1
        if stack:
            problems.append(f"page {pi + 1}: marked content left open")
        if loose:
            problems.append(f"page {pi + 1}: {loose} drawing operators neither tagged nor artifacts")
    return order


def check(path: Path) -> list[str]:
    """Every PDF/UA rule this project's files can break, as sentences; empty when the file passes."""
    problems: list[str] = []
    with pikepdf.open(path) as pdf:
        root = pdf.Root
        if not bool(root.get("/MarkInfo", Dictionary()).get("/Marked", False)):
            problems.append("MarkInfo /Marked is not true")
        if not str(root.get("/Lang", "")):
            problems.append("the document has no /Lang")
        if not bool(root.get("/ViewerPreferences", Dictionary()).get("/DisplayDocTitle", False)):
            problems.append("DisplayDocTitle is not true")
        if not str(pdf.docinfo.get("/Title", "")):
            problems.append("the document has no title")
        meta = pdf.open_metadata()
        if str(meta.get("pdfuaid:part", "")) != "1":
            problems.append("XMP has no pdfuaid:part 1")
        if not meta.get("dc:title"):
            problems.append("XMP has no dc:title")
        if "/StructTreeRoot" not in root:
            return problems + ["no structure tree"]
        content = _content_order(pdf, problems)
        pages = {p.objgen: i for i, p in enumerate(pdf.pages)}
        tree_order: list[tuple[int, int]] = []
        headings: list[int] = []
        owner: dict[tuple[int, int], tuple[int, int]] = {}
        widgets: set[tuple[int, int]] = set()

        def walk(elem: pikepdf.Dictionary, parent_role: str) -> None:
            role = str(elem.get("/S", ""))[1:]
            if role not in STANDARD:
                problems.append(f"structure type {role!r} is not a standard one")
            if re.fullmatch(r"H[1-6]", role):
                headings.append(int(role[1]))
            if role == "Figure" and not str(elem.get("/Alt", "")).strip():
                problems.append("a figure has no alternative text")
            if role in ("TR",) and parent_role not in ("Table", "THead", "TBody", "TFoot"):
                problems.append("a table row outside a table")
            if role in ("TH", "TD") and parent_role != "TR":
                problems.append("a table cell outside a row")
            if role == "Table" and not _has(elem, "TH"):
                problems.append("a table without header cells")
            home = elem.get("/Pg")
            kids = elem.get("/K", pikepdf.Array())
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            for kid in kids:
                if isinstance(kid, int):
                    if home is None:
                        problems.append(f"{role}: an MCID without a page")
                        continue
                    tree_order.append((pages[home.objgen], int(kid)))
                    owner[tree_order[-1]] = elem.objgen
                elif kid.get("/Type") == Name.MCR:
                    tree_order.append((pages[kid.Pg.objgen], int(kid.MCID)))
                    owner[tree_order[-1]] = elem.objgen
                elif kid.get("/Type") == Name.OBJR:
                    if role != "Form":
                        problems.append(f"an annotation's structure element is {role}, not Form")
                    widgets.add(kid.Obj.objgen)
                else:
                    walk(kid, role)

        for top in _array(root.StructTreeRoot.get("/K")):
            walk(top, "")
        if tree_order != content:
            first = next((i for i, (a, b) in enumerate(zip(tree_order, content)) if a != b), min(len(tree_order), len(content)))
            problems.append(f"reading order: the structure and the pages part at item {first} ({len(tree_order)} vs {len(content)} items)")
        if headings and headings[0] != 1:
            problems.append(f"the first heading is H{headings[0]}")
        for a, b in itertools.pairwise(headings):
            if b > a + 1:
                problems.append(f"heading H{b} follows H{a}")
                break
        parent_tree = _numbers(root.StructTreeRoot.ParentTree)
        for pi, page in enumerate(pdf.pages):
            marked = [m for p, m in content if p == pi]
            if marked:
                row = parent_tree.get(int(page.obj.get("/StructParents", -1)))
                if row is None:
                    problems.append(f"page {pi + 1}: no ParentTree entry")
                else:
                    wrong = [m for m in marked if m >= len(row) or row[m].objgen != owner.get((pi, m))]
                    if wrong:
                        problems.append(f"page {pi + 1}: the ParentTree names another element for MCID {wrong[0]}")
            annots = [a for a in page.obj.get("/Annots", []) if a.get("/Subtype") == Name.Widget]
            if annots and page.obj.get("/Tabs") != Name.S:
                problems.append(f"page {pi + 1}: a page with form fields without /Tabs /S")
            for a in annots:
                if not _tooltip(a):
                    problems.append(f"page {pi + 1}: a form field without a tooltip (/TU)")
                if a.objgen not in widgets:
                    problems.append(f"page {pi + 1}: a form field outside the structure")
                elif parent_tree.get(int(a.get("/StructParent", -1))) is None:
                    problems.append(f"page {pi + 1}: a form field's StructParent is not in the ParentTree")
    return problems


def _array(obj) -> list:
    return [] if obj is None else list(obj) if isinstance(obj, pikepdf.Array) else [obj]


def _has(elem, role: str) -> bool:
    for kid in _array(elem.get("/K")):
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid and (str(kid.S)[1:] == role or _has(kid, role)):
            return True
    return False


def _numbers(tree) -> dict[int, object]:
    out: dict[int, object] = {}
    nums = list(tree.get("/Nums", []))
    for k, v in zip(nums[::2], nums[1::2]):
        out[int(k)] = v
    for kid in tree.get("/Kids", []):
        out |= _numbers(kid)
    return out


def _tooltip(annot) -> str:
    node = annot
    while node is not None:
        if "/TU" in node:
            return str(node.TU)
        node = node.get("/Parent")
    return ""


# --- Poppler's view ---------------------------------------------------------


def struct_text(path: Path) -> str:
    """The text of the structure tree in its order, as Poppler reads it."""
    raw = subprocess.run(["pdfinfo", "-enc", "UTF-8", "-struct-text", str(path)], capture_output=True, check=True).stdout
    out = raw.decode("utf-8", errors="replace")  # Poppler prints an element's /T as the file stores it (PDFDocEncoding)
    return "".join(re.findall(r'^\s*"(.*)"$', out, flags=re.M))


def shown_text(path: Path) -> str:
    """The text the pages show outside artifacts, as Poppler extracts it in content order."""
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            kept, depth = [], 0
            for ins in pikepdf.parse_content_stream(page):
                op = str(ins.operator)
                if depth:
                    depth += {"BDC": 1, "BMC": 1, "EMC": -1}.get(op, 0)
                    continue
                if op in ("BDC", "BMC") and str(ins.operands[0]) == "/Artifact":
                    depth = 1
                    continue
                kept.append(ins)
            page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
        buffer = io.BytesIO()
        pdf.save(buffer)
    with tempfile.TemporaryDirectory() as tmp:
        bare = Path(tmp) / "bare.pdf"
        bare.write_bytes(buffer.getvalue())
        return subprocess.run(["pdftotext", "-raw", "-enc", "UTF-8", str(bare), "-"], capture_output=True, text=True, check=True).stdout


def poppler_problems(path: Path) -> list[str]:
    """What Poppler sees: the structure holds exactly the text the pages show, in the same order."""
    tagged, shown = squeeze(struct_text(path)), squeeze(shown_text(path))
    if tagged == shown:
        return []
    at = next((i for i, (a, b) in enumerate(zip(tagged, shown)) if a != b), min(len(tagged), len(shown)))
    return [
        f"Poppler: the structure's text and the pages' part at {at}: {tagged[max(0, at - 20) : at + 40]!r} / {shown[max(0, at - 20) : at + 40]!r}"
    ]
