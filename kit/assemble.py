"""Putting the parts together: the combined kit PDF, the manifest, the zip."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import string
import zipfile
from pathlib import Path
from typing import BinaryIO, NamedTuple

import pypdf
from pypdf.constants import PageLabelStyle
from pypdf.generic import NameObject, TextStringObject

from osallisuuspeli.deck.tags import Source, combined_tags

AUTHOR = "osallisuuspeli"


class Part(NamedTuple):
    name: str  # file name, e.g. "cards.pdf"
    title: str  # for bookmarks and the manifest, in the kit's language
    path: Path  # the file itself
    pages: int = 0  # of a PDF
    forms: bool = True  # its form fields go into kit.pdf too


def page_count(pdf: bytes) -> int:
    return len(pypdf.PdfReader(io.BytesIO(pdf)).pages)


def combined(parts: list[Part], title: str, language: str) -> bytes:
    """One PDF of every part in print order: a bookmark for each part (with
    the part's own bookmarks under it), page labels that name the part, the
    form fields of the parts that keep them (a fillable board stays fillable
    in the kit; the results sheet is filled in its own file, one a team) and
    their two-sided printing preference."""
    writer = pypdf.PdfWriter()
    duplex = None
    sources = []
    for part in parts:
        first = len(writer.pages)
        sources.append(Source(part.path, first, part.title))
        reader = pypdf.PdfReader(part.path)
        writer.append(reader, outline_item=part.title, excluded_fields=() if part.forms else ("/Annots",))
        writer.set_page_label(first, len(writer.pages) - 1, style=PageLabelStyle.DECIMAL, prefix=f"{part.title} ")
        preferences = reader.viewer_preferences
        if preferences is not None and not duplex:
            duplex = preferences.get("/Duplex")
    _distinct_subset_tags(writer)
    writer.page_mode = "/UseOutlines"
    preferences = writer.create_viewer_preferences()
    preferences[NameObject("/PrintScaling")] = NameObject("/None")
    if duplex:
        preferences[NameObject("/Duplex")] = NameObject(duplex)
    writer.root_object[NameObject("/Lang")] = TextStringObject(language)
    writer.add_metadata({"/Title": title, "/Author": AUTHOR, "/Creator": AUTHOR, "/Producer": AUTHOR})
    out = io.BytesIO()
    writer.write(out)
    return combined_tags(out.getvalue(), sources, title=title, language=language)  # the parts' structure kept; a fixed /ID


def _distinct_subset_tags(writer: pypdf.PdfWriter) -> None:
    """Each part names its first font subsets AAAAAA+...: in one file, different
    subsets must have different tags (ISO 32000-1 9.6.4), or a RIP that caches
    fonts by name may print the wrong glyphs. The new tag is taken from the
    subset's own font program, so equal subsets keep equal names."""
    seen: set[int] = set()

    def get(dictionary, key: str):
        value = dictionary.get(key)
        return value.get_object() if value is not None else {}

    def fonts_of(resources) -> None:
        resources = resources.get_object() if resources is not None else {}
        for font in get(resources, "/Font").values():
            font = font.get_object()
            if id(font) in seen:
                continue
            seen.add(id(font))
            name = str(font.get("/BaseFont", ""))
            descriptor = get(font, "/FontDescriptor")
            program = descriptor.get("/FontFile2") or descriptor.get("/FontFile3") or descriptor.get("/FontFile")
            if "+" not in name or program is None:
                continue
            digest = int.from_bytes(hashlib.sha256(program.get_object().get_data()).digest()[:8], "big")
            tag = "".join(string.ascii_uppercase[(digest >> (5 * i)) % 26] for i in range(6))
            new = NameObject(f"/{tag}+{name.split('+', 1)[1]}")
            font[NameObject("/BaseFont")] = new
            descriptor[NameObject("/FontName")] = new
        for xobject in get(resources, "/XObject").values():
            xobject = xobject.get_object()
            if xobject.get("/Subtype") == "/Form" and id(xobject) not in seen:
                seen.add(id(xobject))
                fonts_of(xobject.get("/Resources"))

    for page in writer.pages:
        fonts_of(page.get("/Resources"))
    form = writer.root_object.get("/AcroForm")
    if form is not None:
        fonts_of(form.get_object().get("/DR"))


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
    """A zip with fixed dates and modes: the same kit, the same bytes."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, path in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            with path.open("rb") as source, z.open(info, "w") as target:
                shutil.copyfileobj(source, target, 1 << 20)
