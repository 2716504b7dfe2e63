"""A reportlab canvas set up the house way, and files written atomically.

Same input, same bytes: `invariant` fixes the dates and the document id.
Streams are compressed but not ASCII85-encoded (that only adds ~25 %).
Fonts are the bundled ones, embedded as subsets.
"""
from __future__ import annotations

import io
import os
import tempfile
import zlib
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

import fonts

AUTHOR = "osallisuuspeli"


def configure() -> None:
    """reportlab's settings for every document this tool writes, whichever
    is made first in a process (the same input must give the same bytes)."""
    fonts.register()
    rl_config.useA85 = 0


def canvas(buffer: io.BytesIO, pagesize: tuple[float, float], *, title: str, subject: str, language: str, author: str = AUTHOR) -> Canvas:
    configure()
    c = Canvas(buffer, pagesize=pagesize, invariant=1, pageCompression=1, lang=language, initialFontName=fonts.REGULAR)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(subject)
    c.setCreator(AUTHOR)
    c.setProducer(AUTHOR)
    c.setViewerPreference("PrintScaling", PDFName("None"))  # print dialogs default to actual size, not "fit"
    return c


def finish_page(c: Canvas) -> None:
    """`c.showPage()`, then compress that page's content stream at once.

    reportlab keeps every page's stream uncompressed until the document is
    saved; compressing each as it is finished keeps a 10,000-card deck's
    memory to what the finished PDF itself weighs.
    """
    c.showPage()
    page = c._doc.Pages.pages[-1]
    if page.Contents or not page.stream:
        return
    data = page.stream.encode("latin-1") if isinstance(page.stream, str) else page.stream
    page.Contents = PDFStream(PDFDictionary({"Filter": PDFName("FlateDecode")}), zlib.compress(data))
    page.stream = None


def write_atomic(path: Path, data: bytes) -> None:
    """Write beside the target, then rename: a reader never sees half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a kit is for sharing
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
