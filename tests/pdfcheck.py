"""Reading built PDFs back: text, fonts, boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pypdf
import pypdfium2 as pdfium


def squeeze(text: str) -> str:
    """Letters only: a title broken over lines (with or without a hyphen) still matches."""
    return re.sub(r"[\s\-\u00ad\ufffe\x02]+", "", text)  # PDFium gives a line-end hyphen as U+FFFE (before 5: U+0002)


def text_of(path: Path) -> str:
    """Every page's text, as PDFium (Chrome's PDF engine) extracts it."""
    document = pdfium.PdfDocument(path)
    try:
        return "\n".join(page.get_textpage().get_text_bounded() for page in document)
    finally:
        document.close()


def fonts_of(path: Path) -> dict[str, bool]:
    """Every font used on any page: base name -> whether its program is embedded."""
    found: dict[str, bool] = {}
    for page in pypdf.PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            embedded = any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            found[str(font["/BaseFont"])] = embedded
    return found
