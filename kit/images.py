"""PNG images of cards and boards (for online whiteboards) and previews.

Rendering uses pypdfium2 (PDFium), the same engine as Chrome's PDF viewer.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pypdfium2 as pdfium  # type: ignore[import-untyped]
from PIL import Image, ImageDraw

CARD_DPI = 300
BOARD_DPI = 150
PREVIEW_DPI = 80


def slug(text: str) -> str:
    """'Yhteis­kehittäminen' -> 'yhteiskehittaminen': safe in every file system."""
    text = unicodedata.normalize("NFKD", text.replace("\u00ad", ""))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:60] or "card"


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=False)
    return buffer.getvalue()


def render_pages(pdf: bytes | Path, dpi: int, crop: tuple[float, float, float, float] = (0, 0, 0, 0)) -> Iterator[Image.Image]:
    """Every page at `dpi`, trimmed by `crop` (left, bottom, right, top, in
    points), one at a time: a card sheet at 300 dpi weighs 2 MB in memory."""
    document = pdfium.PdfDocument(pdf)
    try:
        for page in document:
            yield page.render(scale=dpi / 72, crop=crop).to_pil().convert("RGB")
    finally:
        document.close()


def card_images(single_pdf: bytes | Path, slug_pt: float) -> Iterator[bytes]:
    """One PNG per card side from a single-mode PDF (one side a page, no bleed)."""
    return (_png(image) for image in render_pages(single_pdf, CARD_DPI, (slug_pt,) * 4))


def board_images(board_pdf: bytes | Path) -> Iterator[tuple[str, bytes]]:
    return ((f"board-{i}.png", _png(image)) for i, image in enumerate(render_pages(board_pdf, BOARD_DPI), 1))


THUMB = 300  # pixels: at most a contact sheet's cell


def contact_sheet(images: list[Image.Image], columns: int = 6, width: int = 1800) -> Image.Image:
    """Thumbnails of every page in a grid, numbered, on one image."""
    cell = width // columns
    thumbs = []
    for image in images:
        thumb = image.copy()
        thumb.thumbnail((cell - 16, cell - 16))
        thumbs.append(thumb)
    rows = -(-len(thumbs) // columns)
    heights = [max((t.height for t in thumbs[r * columns : (r + 1) * columns]), default=0) + 28 for r in range(rows)]
    sheet = Image.new("RGB", (width, max(1, sum(heights))), "#D8D8D8")
    draw = ImageDraw.Draw(sheet)
    y = 0
    for r in range(rows):
        for c, thumb in enumerate(thumbs[r * columns : (r + 1) * columns]):
            x = c * cell + (cell - thumb.width) // 2
            sheet.paste(thumb, (x, y + 8))
            draw.text((c * cell + 8, y + heights[r] - 18), str(r * columns + c + 1), fill="#333333")
        y += heights[r]
    return sheet


def preview(pdf_path: Path, folder: Path) -> list[Path]:
    """PNG pages and a contact sheet of `pdf_path`, written into `folder`."""
    from osallisuuspeli.kit.files import write_atomic

    written, thumbs = [], []
    for i, image in enumerate(render_pages(pdf_path, PREVIEW_DPI), 1):
        path = folder / f"{pdf_path.stem}-{i:02d}.png"
        write_atomic(path, _png(image))
        written.append(path)
        image.thumbnail((THUMB, THUMB))  # keep only what the contact sheet needs
        thumbs.append(image)
    path = folder / f"{pdf_path.stem}-contact-sheet.png"
    write_atomic(path, _png(contact_sheet(thumbs)))
    written.append(path)
    return written
