"""Putting the parts together: the combined kit PDF, the manifest, the zip."""
from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

import pypdf


@dataclass(frozen=True)
class Part:
    name: str  # file name, e.g. "cards.pdf"
    title: str  # for bookmarks and the manifest, in the kit's language
    data: bytes

    @property
    def pages(self) -> int:
        return len(pypdf.PdfReader(io.BytesIO(self.data)).pages) if self.name.endswith(".pdf") else 0


def combined(parts: list[Part], title: str, language: str) -> bytes:
    """One PDF of every part in print order: a bookmark for each part (with
    the part's own bookmarks under it) and page labels that name the part."""
    writer = pypdf.PdfWriter()
    start = 0
    for part in parts:
        writer.append(io.BytesIO(part.data), outline_item=part.title)
        end = len(writer.pages)
        writer.set_page_label(start, end - 1, style="/D", prefix=f"{part.title} ", start=1)
        start = end
    writer.add_metadata({"/Title": title, "/Author": "osallisuuspeli", "/Creator": "osallisuuspeli", "/Producer": "osallisuuspeli"})
    writer._root_object[pypdf.generic.NameObject("/Lang")] = pypdf.generic.TextStringObject(language)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def manifest(parts: list[Part], deck: str, language: str) -> bytes:
    """Every file with its pages (PDFs), bytes and sha256; no dates, so it is stable."""
    files = []
    for p in parts:
        entry = {"name": p.name, "title": p.title, "pages": p.pages, "bytes": len(p.data), "sha256": hashlib.sha256(p.data).hexdigest()}
        if not p.name.endswith(".pdf"):
            del entry["pages"]
        files.append(entry)
    return (json.dumps({"deck": deck, "language": language, "files": files}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def zipped(files: list[tuple[str, bytes]]) -> bytes:
    """A zip with fixed dates and modes: the same kit, the same bytes."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return buffer.getvalue()
