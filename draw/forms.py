"""Form fields added to a drawn PDF: text areas and check boxes that any PDF
reader shows, fills and saves.

reportlab's own form fields cut typing at 100 characters (/MaxLen), set their
text in a non-embedded Helvetica that lacks ŋ and č, and cannot nest names;
so fields are added afterwards with pikepdf, as the PDF standard has them:
named in a hierarchy (step7 > row1 > goal, read back as "step7.row1.goal"),
no length limit, and their text set in the bundled font with an encoding
that holds the Finnish, Swedish and Sámi letters, embedded with the glyphs
of those letters only (what can be typed), each field with an appearance in
that font. Check boxes draw their tick as lines, so no font is named that
the file does not carry.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from functools import cache
from typing import NamedTuple

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from osallisuuspeli import fonts

from .finish import subset_tag
from .shapes import Rect

FONT = "SrcS"  # the field font's resource name
# Codes that WinAnsi leaves unused or spends on rare signs, given to the
# Sámi letters it lacks (the rest of Finnish, Swedish and Sámi is in WinAnsi).
EXTRA = dict(
    zip(
        (0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x86, 0x87, 0x88, 0x89, 0x8B, 0x8C, 0x98, 0x9B, 0x9C, 0x83, 0x82, 0xA4, 0xA6, 0xA8),
        "čČđĐŋŊŧŦʒƷǯǮǧǦǥǤǩǨʹ",
    )
)


class Field(NamedTuple):
    page: int  # 0-based
    name: tuple[str, ...]  # the hierarchy, outermost first: ("step7", "row1", "goal")
    rect: Rect
    tooltip: str  # what the field is, for people and for screen readers
    check: bool = False  # a check box; else a text area
    size: float = 10.0  # the text's size in points
    multiline: bool = True


@cache
def encoding() -> dict[int, str]:
    """The field font's characters by code: WinAnsi with the Sámi letters added."""
    table = {code: bytes([code]).decode("cp1252", errors="ignore") for code in range(32, 256) if code not in (0x7F, 0xAD)}
    table = {code: ch for code, ch in table.items() if len(ch) == 1}
    return {code: ch for code, ch in (table | EXTRA).items() if not fonts.missing_glyphs(ch)}


@cache
def _font_program() -> bytes:
    """The regular face with the outlines of the typeable letters only: the
    others' glyphs are emptied (numbers, metrics and the character map stay,
    so readers look glyphs up as in the whole font), layout tables left out."""
    from reportlab.pdfbase.ttfonts import TTFontFile, TTFontMaker  # type: ignore[import-untyped]

    face = TTFontFile(str(fonts.FONT_DIR / f"{fonts.REGULAR}.ttf"))
    glyf = face.get_table("glyf")
    wanted = {0} | {face.charToGlyph[ord(ch)] for ch in encoding().values() if ord(ch) in face.charToGlyph}
    todo = sorted(wanted)
    while todo:  # the parts of composite glyphs (an accented letter is a letter and its accent)
        glyph = todo.pop()
        pos, end = face.glyphPos[glyph], face.glyphPos[glyph + 1]
        if end - pos < 10 or struct.unpack(">h", glyf[pos : pos + 2])[0] >= 0:
            continue
        pos += 10
        more = True
        while more:
            flags, part = struct.unpack(">HH", glyf[pos : pos + 4])
            if part not in wanted:
                wanted.add(part)
                todo.append(part)
            pos += 4 + (4 if flags & 0x1 else 2) + (2 if flags & 0x8 else 4 if flags & 0x40 else 8 if flags & 0x80 else 0)
            more = bool(flags & 0x20)
    outlines, loca = bytearray(), [0]
    for glyph in range(face.numGlyphs):
        if glyph in wanted:
            outlines += glyf[face.glyphPos[glyph] : face.glyphPos[glyph + 1]]
            outlines += bytes(-len(outlines) % 4)
        loca.append(len(outlines))
    head = bytearray(face.get_table("head"))
    head[50:52] = struct.pack(">h", 1)  # long offsets in loca
    maker = TTFontMaker()
    for tag in ("OS/2", "cmap", "cvt ", "fpgm", "gasp", "hhea", "hmtx", "maxp", "name", "prep"):
        maker.add(tag, face.get_table(tag))
    maker.add("head", bytes(head))
    maker.add("post", b"\x00\x03\x00\x00" + face.get_table("post")[4:16] + bytes(16))  # no glyph names: the character map finds them
    maker.add("loca", struct.pack(f">{len(loca)}L", *loca))
    maker.add("glyf", bytes(outlines))
    font: bytes = maker.makeStream()
    return font


def _field_font(pdf: pikepdf.Pdf) -> pikepdf.Object:
    """The regular face with the typeable letters, as a simple TrueType font."""
    fonts.register()
    from reportlab.pdfbase import pdfmetrics  # type: ignore[import-untyped]

    face = pdfmetrics.getFont(fonts.REGULAR).face
    table = encoding()
    differences: list[int | Name] = []
    for code in sorted(EXTRA):
        if code in table:
            differences += [code, Name(f"/uni{ord(table[code]):04X}")]
    program = pikepdf.Stream(pdf, _font_program())
    program.Length1 = len(_font_program())
    name = Name(f"/{subset_tag(_font_program())}+{fonts.REGULAR}")  # a subset's name, from its program
    descriptor = Dictionary(
        Type=Name.FontDescriptor,
        FontName=name,
        Flags=32,
        FontBBox=Array(face.bbox),
        ItalicAngle=0,
        Ascent=face.ascent,
        Descent=face.descent,
        CapHeight=face.capHeight,
        StemV=80,
        FontFile2=pdf.make_indirect(program),
    )
    widths = [round(pdfmetrics.stringWidth(table[code], fonts.REGULAR, 1000)) if code in table else 0 for code in range(32, 256)]
    return pdf.make_indirect(
        Dictionary(
            Type=Name.Font,
            Subtype=Name.TrueType,
            BaseFont=name,
            FirstChar=32,
            LastChar=255,
            Widths=Array(widths),
            Encoding=Dictionary(Type=Name.Encoding, BaseEncoding=Name.WinAnsiEncoding, Differences=Array(differences)),
            FontDescriptor=pdf.make_indirect(descriptor),
            ToUnicode=pdf.make_indirect(pikepdf.Stream(pdf, _to_unicode(table))),
        )
    )


def _to_unicode(table: dict[int, str]) -> bytes:
    """The codes' characters as a CMap: for copying typed text, and for readers
    that look a typed letter's code up there."""
    items = sorted(table.items())
    blocks = "".join(  # at most 100 a block, as the CMap format has it
        f"{len(chunk)} beginbfchar\n" + "".join(f"<{code:02X}> <{ord(ch):04X}>\n" for code, ch in chunk) + "endbfchar\n"
        for chunk in (items[i : i + 100] for i in range(0, len(items), 100))
    )
    return (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{blocks}"
        "endcmap CMapName currentdict /CMap defineresource pop end end\n"
    ).encode("ascii")


def _check_appearance(pdf: pikepdf.Pdf, rect: Rect, on: bool) -> pikepdf.Object:
    """A check box's look: empty, or a tick drawn as lines (no font needed)."""
    w, h = rect.w, rect.h
    ops = b"q Q"  # nothing, said in a stream that is not empty
    if on:
        ops = f"0.1 G {max(1.0, w / 9):.2f} w 1 J 1 j {w * 0.2:.2f} {h * 0.5:.2f} m {w * 0.42:.2f} {h * 0.25:.2f} l {w * 0.8:.2f} {h * 0.78:.2f} l S".encode()
    stream = pikepdf.Stream(pdf, ops)
    stream.Type = Name.XObject
    stream.Subtype = Name.Form
    stream.BBox = Array([0, 0, w, h])
    return pdf.make_indirect(stream)


def _text_appearance(pdf: pikepdf.Pdf, rect: Rect, font: pikepdf.Object) -> pikepdf.Object:
    """An empty text field's look, in the field font: what a reader that draws
    no appearances of its own shows, and where it finds the font to type in."""
    stream = pikepdf.Stream(pdf, b"/Tx BMC EMC")
    stream.Type = Name.XObject
    stream.Subtype = Name.Form
    stream.BBox = Array([0, 0, round(rect.w, 3), round(rect.h, 3)])
    stream.Resources = Dictionary(Font=Dictionary({f"/{FONT}": font}))
    return pdf.make_indirect(stream)


_Looks = dict[tuple[float, float] | tuple[float, float, str], pikepdf.Object]  # one look for every field of a kind and size


def with_fields(data: bytes, fields: Sequence[Field], info: dict[str, str] | None = None) -> bytes:
    """`data` (a PDF) with `fields` added, and `info` among its document
    information (what it records for reading back); deterministic, like the drawing."""
    pdf = pikepdf.open(io.BytesIO(data))
    _record_info(pdf, info or {})
    font = _field_font(pdf)
    parents: dict[tuple[str, ...], pikepdf.Object] = {}
    top: list[pikepdf.Object] = []
    looks: _Looks = {}
    for f in fields:  # objects are made in this order, which fixes their numbers and so the file's bytes
        page = pdf.pages[f.page]
        widget = _widget(pdf, f, page, font, looks)
        _attach(widget, _parent(pdf, f.name[:-1], parents, top), top)
        if Name.Annots not in page.obj:
            page.obj.Annots = Array()
        page.obj.Annots.append(widget)
    _add_form(pdf, top, font)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _record_info(pdf: pikepdf.Pdf, info: dict[str, str]) -> None:
    """`info` into the document information, where the reading back finds it
    (no information dictionary is made when there is nothing to record)."""
    for key, value in info.items():
        pdf.docinfo[Name(key)] = String(value)


def _widget(pdf: pikepdf.Pdf, f: Field, page: pikepdf.Page, font: pikepdf.Object, looks: _Looks) -> pikepdf.Object:
    """The field's widget on its page: the part of a field that is its area,
    named by the last part of its name, the rest given by its parents."""
    r = f.rect
    widget = Dictionary(
        Type=Name.Annot,
        Subtype=Name.Widget,
        T=String(f.name[-1]),
        TU=String(f.tooltip),
        Rect=Array([round(v, 3) for v in (r.x, r.y, r.x + r.w, r.y + r.h)]),
        F=4,  # printed
        P=page.obj,
    )
    if f.check:
        _as_check_box(pdf, widget, r, looks)
    else:
        _as_text_area(pdf, widget, f, font, looks)
    return pdf.make_indirect(widget)


def _as_check_box(pdf: pikepdf.Pdf, widget: pikepdf.Dictionary, rect: Rect, looks: _Looks) -> None:
    """`widget` as an unticked check box, its two looks shared with every box
    of its size (fewer objects, a smaller file)."""
    widget.FT = Name.Btn
    widget.V = Name.Off
    widget.AS = Name.Off
    size = (round(rect.w, 3), round(rect.h, 3))
    if size not in looks:
        looks[size] = Dictionary(Yes=_check_appearance(pdf, rect, True), Off=_check_appearance(pdf, rect, False))
    widget.AP = Dictionary(N=looks[size])


def _as_text_area(pdf: pikepdf.Pdf, widget: pikepdf.Dictionary, f: Field, font: pikepdf.Object, looks: _Looks) -> None:
    """`widget` as an empty text area typed in the field font, its look shared
    with every text area of its size."""
    r = f.rect
    widget.FT = Name.Tx
    widget.Ff = 4096 if f.multiline else 0  # multiline; no /MaxLen: a field takes what its area shows
    widget.DA = String(f"/{FONT} {f.size:g} Tf 0.13 g")
    widget.V = String("")
    kind = (round(r.w, 3), round(r.h, 3), "text")
    if kind not in looks:
        looks[kind] = _text_appearance(pdf, r, font)
    widget.AP = Dictionary(N=looks[kind])


def _parent(
    pdf: pikepdf.Pdf, path: tuple[str, ...], parents: dict[tuple[str, ...], pikepdf.Object], top: list[pikepdf.Object]
) -> pikepdf.Object | None:
    """The field node named `path` ("step7", "row1"), made with the nodes above
    it the first time it is asked for, so names nest; None at the top."""
    if not path:
        return None
    if path not in parents:
        node = pdf.make_indirect(Dictionary(T=String(path[-1]), Kids=Array()))
        _attach(node, _parent(pdf, path[:-1], parents, top), top)
        parents[path] = node
    return parents[path]


def _attach(node: pikepdf.Object, above: pikepdf.Object | None, top: list[pikepdf.Object]) -> None:
    """`node` as a kid of `above`, or among the form's top fields when it has none."""
    if above is None:
        top.append(node)
    else:
        node.Parent = above
        above.Kids.append(node)


def _add_form(pdf: pikepdf.Pdf, top: list[pikepdf.Object], font: pikepdf.Object) -> None:
    """The document's form: its top fields, and the field font as the default
    that readers type in."""
    pdf.Root.AcroForm = Dictionary(
        Fields=Array(top),
        # no NeedAppearances: every field has its look, and a reader that saves what was typed draws its own in the field font
        DA=String(f"/{FONT} 10 Tf 0.13 g"),
        DR=Dictionary(Font=Dictionary({f"/{FONT}": font})),
    )
