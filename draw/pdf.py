"""A reportlab canvas set up the house way.

Same input, same bytes: `invariant` fixes the dates and the document id.
Streams are compressed but not ASCII85-encoded (that only adds ~25 %).
Fonts are the bundled ones, embedded as subsets.
"""

from __future__ import annotations

import io
from typing import Any

from reportlab import rl_config  # type: ignore[import-untyped]
from reportlab.pdfbase.pdfdoc import PDFName  # type: ignore[import-untyped]
from reportlab.pdfgen import canvas as reportlab_canvas  # type: ignore[import-untyped]

from osallisuuspeli import fonts

# reportlab ships no types: its objects are Any, under the names they are read by
Canvas = Any  # a reportlab.pdfgen.canvas.Canvas
Flowable = Any  # a reportlab.platypus flowable (Paragraph, Table, ...)
Document = Any  # a reportlab.platypus.SimpleDocTemplate
TextObject = Any  # a reportlab.pdfgen.textobject.PDFTextObject

AUTHOR = "osallisuuspeli"


def configure() -> None:
    """reportlab's settings for every document this tool writes, whichever
    is made first in a process (the same input must give the same bytes)."""
    fonts.register()
    rl_config.useA85 = 0


def canvas(pagesize: tuple[float, float], *, title: str, subject: str, language: str, duplex: str = "") -> tuple[Canvas, io.BytesIO]:
    """A canvas and the buffer its document is saved into. `duplex`: "long"
    or "short" to have print dialogs preselect two-sided printing."""
    configure()
    out = io.BytesIO()
    c = reportlab_canvas.Canvas(out, pagesize=pagesize, invariant=1, pageCompression=1, lang=language, initialFontName=fonts.REGULAR)
    c.setTitle(title)
    c.setAuthor(AUTHOR)
    c.setSubject(subject)
    c.setCreator(AUTHOR)
    c.setProducer(AUTHOR)
    c.setViewerPreference("PrintScaling", PDFName("None"))  # print dialogs default to actual size, not "fit"
    if duplex:
        c.setViewerPreference("Duplex", PDFName("DuplexFlipLongEdge" if duplex == "long" else "DuplexFlipShortEdge"))
    return c, out


def document(
    out: io.BytesIO, pagesize: tuple[float, float], margins: tuple[float, float, float, float], *, title: str, subject: str, language: str
) -> Document:
    """A platypus document set up the house way, like `canvas`: the bundled
    font, the metadata, the same bytes for the same input. `margins`: left,
    right, top, bottom."""
    from reportlab.platypus import SimpleDocTemplate  # type: ignore[import-untyped]

    configure()
    left, right, top, bottom = margins
    return SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title=title,
        author=AUTHOR,
        subject=subject,
        creator=AUTHOR,
        producer=AUTHOR,
        lang=language,
        invariant=1,
        initialFontName=fonts.REGULAR,
    )
