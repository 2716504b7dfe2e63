"""Putting the parts together: the combined kit PDF, the manifest, the zip."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path
from typing import BinaryIO, NamedTuple

import pikepdf

from osallisuuspeli.draw.combined import combine

AUTHOR = "osallisuuspeli"


class Part(NamedTuple):
    name: str  # file name, e.g. "cards.pdf"
    title: str  # for bookmarks and the manifest, in the kit's language
    path: Path  # the file itself
    pages: int = 0  # of a PDF
    forms: bool = True  # its form fields go into kit.pdf too


def page_count(pdf: bytes) -> int:
    """Pages of a PDF just made: qpdf reads its cross-reference table and page
    tree only (pikepdf is loaded already; pypdf parsed every page's objects)."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return len(doc.pages)


def combined(parts: list[Part], title: str, language: str) -> bytes:
    """One PDF of every part in print order (draw/combined.py): the form fields
    of the parts that keep them (a fillable board stays fillable in the kit;
    the results sheet is filled in its own file, one a team)."""
    return combine(((p.path, p.title, p.forms) for p in parts), title=title, language=language, author=AUTHOR)


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
