"""A reportlab canvas set up the house way, and files written atomically.

Same input, same bytes: `invariant` fixes the dates and the document id.
Streams are compressed but not ASCII85-encoded (that only adds ~25 %).
Fonts are the bundled ones, embedded as subsets.
"""
from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

import fonts

AUTHOR = "osallisuuspeli"


def canvas(buffer: io.BytesIO, pagesize: tuple[float, float], *, title: str, subject: str, language: str, author: str = AUTHOR) -> Canvas:
    fonts.register()
    rl_config.useA85 = 0
    c = Canvas(buffer, pagesize=pagesize, invariant=1, pageCompression=1, lang=language, initialFontName=fonts.REGULAR)
    c.setTitle(title)
    c.setAuthor(author)
    c.setSubject(subject)
    c.setCreator(AUTHOR)
    c.setProducer(AUTHOR)
    return c


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
