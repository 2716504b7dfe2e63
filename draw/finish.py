"""The last pass over every PDF of a kit: what a print shop's preflight and
a publishing city's checker read, applied once, the same way to every file.

- Font subsets are named by their programs (ISO 32000-1 9.6.4): two
  different subsets never share a name, within a file or across a kit's
  files (a RIP that caches fonts by name prints the wrong glyphs otherwise),
  and equal subsets - in kit.pdf, one from each part - are stored once.
- XMP metadata with the title, language and author (the deck's organisation),
  beside the document information; print dialogs preselect actual size.
- For a print shop (`press`): every colour separated for the press condition
  (draw/press.py), black text and rules as 100 % K overprinting, images in
  CMYK without soft masks, the condition as the OutputIntent with its
  profile, and - in each file without form fields - the PDF/X-4 keys.
"""

from __future__ import annotations

import hashlib
import io
import string
import zlib
from collections.abc import Iterator, Mapping
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from PIL import Image

from . import press as _press
from .press import Condition

PDFX = "PDF/X-4"
DATE = "2000-01-01T00:00:00Z"  # reportlab's invariant date: the same input gives the same bytes
_PAINT = {"f", "F", "f*", "B", "B*", "b", "b*", "S", "s", "Tj", "TJ", "'", '"', "sh", "Do"}


def finish(data: bytes, *, author: str, press: Condition | None = None) -> bytes:
    """`data` (a PDF) as the kit ships it; deterministic, like the drawing."""
    pdf = pikepdf.open(io.BytesIO(data))
    if press is not None:
        _separate(pdf, press)
    _name_subsets(pdf)
    _store_once(pdf)
    form = pdf.Root.get("/AcroForm")
    if form is not None and not form.get("/Fields"):
        del pdf.Root.AcroForm  # a part whose fields were left out of kit.pdf: no field font either
    pdf.docinfo[Name.Author] = String(author)
    preferences = pdf.Root.get("/ViewerPreferences")
    if preferences is None:
        preferences = pdf.Root.ViewerPreferences = Dictionary()
    preferences.PrintScaling = Name("/None")  # print dialogs default to actual size, not "fit"
    pdfx = press is not None and not any(Name.Annots in page.obj for page in pdf.pages) and Name.AcroForm not in pdf.Root
    if pdfx:
        pdf.docinfo[Name.GTS_PDFXVersion] = String(PDFX)
    if press is not None:
        pdf.docinfo[Name.Trapped] = Name("/False")
    _xmp(pdf, author, pdfx=pdfx, trapped=press is not None)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)  # a form's hundreds of fields, compressed
    return out.getvalue()


def _xmp(pdf: pikepdf.Pdf, author: str, *, pdfx: bool, trapped: bool) -> None:
    info = pdf.docinfo
    title = str(info.get("/Title", ""))
    language = str(pdf.Root.get("/Lang", ""))
    digest = hashlib.md5(f"{title}|{language}|{author}|{len(pdf.pages)}".encode(), usedforsecurity=False).hexdigest()
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        if language:
            meta["dc:language"] = {language}  # a set: an rdf:Bag, as XMP has the languages
        meta["dc:creator"] = [author]
        meta["dc:format"] = "application/pdf"
        meta["pdf:Producer"] = str(info.get("/Producer", "osallisuuspeli"))
        meta["xmp:CreatorTool"] = str(info.get("/Creator", "osallisuuspeli"))
        meta["xmp:CreateDate"] = meta["xmp:ModifyDate"] = meta["xmp:MetadataDate"] = DATE
        meta["xmpMM:DocumentID"] = meta["xmpMM:InstanceID"] = (
            f"uuid:{digest[:8]}-{digest[8:12]}-{digest[12:16]}-{digest[16:20]}-{digest[20:32]}"
        )
        if trapped:
            meta["pdf:Trapped"] = "False"
        if pdfx:
            meta["xmpMM:VersionID"] = "1"
            meta["xmpMM:RenditionClass"] = "default"
            meta["{http://www.npes.org/pdfx/ns/id/}GTS_PDFXVersion"] = PDFX


# -- fonts ------------------------------------------------------------------------
def subset_tag(program: bytes) -> str:
    """Six capitals from the font program's bytes: equal programs, equal tags."""
    digest = int.from_bytes(hashlib.sha256(program).digest()[:8], "big")
    return "".join(string.ascii_uppercase[(digest >> (5 * i)) % 26] for i in range(6))


def _fonts(pdf: pikepdf.Pdf) -> Iterator[tuple[Dictionary, pikepdf.Object, str]]:
    """(font dictionary, its descriptor, its program stream) of every embedded font."""
    for obj in pdf.objects:
        if isinstance(obj, Dictionary) and obj.get("/Type") == Name.Font and "/FontDescriptor" in obj:
            descriptor = obj.FontDescriptor
            for key in ("/FontFile2", "/FontFile3", "/FontFile"):
                if key in descriptor:
                    yield obj, descriptor, key
                    break


def _name_subsets(pdf: pikepdf.Pdf) -> None:
    for font, descriptor, key in _fonts(pdf):
        name = str(font.BaseFont)[1:]
        if "+" not in name:
            continue
        new = Name(f"/{subset_tag(descriptor[key].read_bytes())}+{name.split('+', 1)[1]}")
        font.BaseFont = new
        descriptor.FontName = new


def _store_once(pdf: pikepdf.Pdf) -> None:
    """Equal font programs, and equal font dictionaries over them, stored once."""
    programs: dict[bytes, pikepdf.Object] = {}
    for _font, descriptor, key in _fonts(pdf):
        digest = hashlib.sha256(descriptor[key].read_bytes()).digest()
        first = programs.setdefault(digest, descriptor[key])
        if first.objgen != descriptor[key].objgen:
            descriptor[key] = first


# -- colours ----------------------------------------------------------------------
def _separate(pdf: pikepdf.Pdf, press: Condition) -> None:
    """Every colour of every drawing into the condition's CMYK; the OutputIntent."""
    states = {
        (fill, stroke): pdf.make_indirect(Dictionary(Type=Name.ExtGState, op=fill, OP=stroke, OPM=1))
        for fill in (False, True)
        for stroke in (False, True)
    }
    done: set[tuple[int, int]] = set()

    def drawing(stream: pikepdf.Object, resources: pikepdf.Object | None) -> None:
        if stream.objgen in done and stream.objgen != (0, 0):
            return
        done.add(stream.objgen)
        if resources is None:
            resources = stream.Resources = Dictionary()
        for _, xobject in (resources.get("/XObject") or {}).items():
            if xobject.get("/Subtype") == Name.Form:
                drawing(xobject, xobject.get("/Resources"))
            elif xobject.get("/Subtype") == Name.Image and isinstance(xobject, pikepdf.Stream):
                _image(pdf, xobject, press)
        for _, pattern in (resources.get("/Pattern") or {}).items():
            if pattern.get("/PatternType") == 1:
                drawing(pattern, pattern.get("/Resources"))
        stream.write(_recoloured(stream, press, resources, states))

    for page in pdf.pages:
        page.contents_coalesce()
        drawing(page.obj.Contents, page.obj.get("/Resources"))
        for annot in page.obj.get("/Annots") or ():
            for _, look in (annot.get("/AP") or {}).items():  # pikepdf 9's dictionaries have no values()
                for appearance in (look,) if isinstance(look, pikepdf.Stream) else (v for _, v in look.items()):
                    drawing(appearance, appearance.get("/Resources"))
        if "/TrimBox" not in page.obj:
            page.obj.TrimBox = page.obj.get("/CropBox", page.obj.MediaBox)
    profile = pikepdf.Stream(pdf, press.profile)
    profile.N = 4
    intent = Dictionary(
        Type=Name.OutputIntent,
        S=Name.GTS_PDFX,
        OutputConditionIdentifier=String(press.identifier),
        OutputCondition=String(press.condition),
        Info=String(press.condition),
        RegistryName=String(press.registry),
        DestOutputProfile=pdf.make_indirect(profile),
    )
    pdf.Root.OutputIntents = Array([pdf.make_indirect(intent)])


def _ink(rgb: list[pikepdf.Object], press: Condition) -> list[float]:
    r, g, b = (round(float(v) * 255) for v in rgb)
    return list(_press.cmyk((r, g, b), press.profile))


def _recoloured(
    stream: pikepdf.Object, press: Condition, resources: pikepdf.Object, states: Mapping[tuple[bool, bool], pikepdf.Object]
) -> bytes:
    """The stream's operators with RGB and grey colours as the condition's CMYK,
    and overprinting on while the colour is black ink alone (100 % K)."""
    out: list[pikepdf.ContentStreamInstruction] = []
    black = [False, False]  # fill, stroke: is the current colour 100 % K
    stack: list[tuple[bool, bool]] = []
    set_state: tuple[bool, bool] | None = None  # what the last gs this code wrote says; unknown at first (a form inherits it)
    saved: list[tuple[bool, bool] | None] = []
    used = False
    for item in pikepdf.parse_content_stream(stream):
        if isinstance(item, pikepdf.ContentStreamInlineImage):
            raise ValueError("inline images are not separated")  # the drawing code writes none
        operands: list[Any] = list(item.operands)
        op = str(item.operator)
        if op in ("rg", "RG", "g", "G"):
            ink = _ink(operands if op in ("rg", "RG") else operands * 3, press)
            op = "k" if op in ("rg", "g") else "K"
            operands = ink
        if op in ("k", "K"):
            black[op == "K"] = [float(v) for v in operands] == [0.0, 0.0, 0.0, 1.0]
        elif op == "q":
            stack.append((black[0], black[1]))
            saved.append(set_state)
        elif op == "Q" and stack:
            black[0], black[1] = stack.pop()
            set_state = saved.pop()
        elif op in _PAINT:
            xobjects = resources.get("/XObject")
            image = op == "sh" or (op == "Do" and xobjects is not None and xobjects[str(operands[0])].get("/Subtype") == Name.Image)
            wanted = (False, False) if image else (black[0], black[1])  # an image never overprints: its white would vanish
            if wanted != set_state:
                out.append(pikepdf.ContentStreamInstruction([Name(f"/OP{int(wanted[0])}{int(wanted[1])}")], pikepdf.Operator("gs")))
                set_state = wanted
                used = True
        out.append(pikepdf.ContentStreamInstruction(operands, pikepdf.Operator(op)))
    if used:
        if "/ExtGState" not in resources:
            resources.ExtGState = Dictionary()
        for (fill, stroke), state in states.items():
            resources.ExtGState[f"/OP{int(fill)}{int(stroke)}"] = state
    return pikepdf.unparse_content_stream(out)


def _image(pdf: pikepdf.Pdf, image: pikepdf.Stream, press: Condition) -> None:
    """An RGB or grey image (a deck's logo) as CMYK, its soft mask flattened onto
    white and kept as a stencil where it is transparent."""
    space = image.get("/ColorSpace")
    if space == Name.DeviceCMYK or image.get("/ImageMask"):
        return
    picture = pikepdf.PdfImage(image).as_pil_image()
    mask = image.get("/SMask")
    alpha = pikepdf.PdfImage(mask).as_pil_image().convert("L") if isinstance(mask, pikepdf.Stream) else None
    rgb = picture.convert("RGB")
    if alpha is not None:
        rgb = Image.composite(rgb, Image.new("RGB", rgb.size, "white"), alpha.resize(rgb.size))
    ink = _press.image_cmyk(rgb, press.profile)
    image.write(zlib.compress(ink.tobytes(), 9), filter=Name.FlateDecode)
    image.ColorSpace = Name.DeviceCMYK
    image.BitsPerComponent = 8
    for key in ("/SMask", "/DecodeParms", "/Decode", "/Mask", "/Intent"):
        if key in image:
            del image[key]
    lowest = alpha.getextrema()[0] if alpha is not None else 255
    if alpha is not None and isinstance(lowest, int) and lowest < 128:
        holes = alpha.point(lambda a: 255 if a < 128 else 0).convert("1", dither=Image.Dither.NONE)
        stencil = pikepdf.Stream(pdf, zlib.compress(holes.tobytes(), 9))
        stencil.Type, stencil.Subtype = Name.XObject, Name.Image
        stencil.Width, stencil.Height = holes.size
        stencil.ImageMask, stencil.BitsPerComponent = True, 1
        stencil.Filter = Name.FlateDecode
        image.Mask = pdf.make_indirect(stencil)
