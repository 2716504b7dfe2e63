"""A reportlab canvas set up the house way, and files written atomically.

Same input, same bytes: `invariant` fixes the dates and the document id.
Streams are compressed but not ASCII85-encoded (that only adds ~25 %).
Fonts are the bundled ones, embedded as subsets.

Pages go to the file as they are finished: reportlab keeps a whole document
in memory until it is saved, which for a 10,000-card deck is thousands of
pages; here memory holds the page being drawn, the shared objects (fonts,
frames) and a number per page for the cross-reference table.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
import zlib
from pathlib import Path

from reportlab import rl_config
from array import array
from collections.abc import Iterator
from contextlib import contextmanager
from typing import BinaryIO

from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFIndirectObject, PDFName, PDFObjectReference, PDFStream, PDFTrailer
from reportlab.pdfgen.canvas import Canvas

from osallisuuspeli import fonts

AUTHOR = "osallisuuspeli"


def configure() -> None:
    """reportlab's settings for every document this tool writes, whichever
    is made first in a process (the same input must give the same bytes)."""
    fonts.register()
    rl_config.useA85 = 0


def canvas(out: BinaryIO, pagesize: tuple[float, float], *, title: str, subject: str, language: str, author: str = AUTHOR) -> Canvas:
    """A canvas whose document is written to `out`: pages passed to
    finish_page() at once, the rest when the canvas is saved."""
    configure()
    c = Canvas(out, pagesize=pagesize, invariant=1, pageCompression=1, lang=language, initialFontName=fonts.REGULAR)
    streamed = c._doc._streamed = _Streamed(c._doc, out)
    c._doc.format = streamed.finish
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
    doc = c._doc
    page = doc.Pages.pages[-1]
    if not page.Contents and page.stream:
        data = page.stream.encode("latin-1") if isinstance(page.stream, str) else page.stream
        page.Contents = PDFStream(PDFDictionary({"Filter": PDFName("FlateDecode")}), zlib.compress(data))
        page.stream = None
    doc._streamed.flush_page(page)


class ObjectFile:
    """A PDF being written object by object: where each object starts, and
    at the end the cross-reference table that lists those places."""

    def __init__(self, out: BinaryIO):
        self.out = out
        self.offset = 0
        self.offsets = array("Q", [0])  # by object number: where it starts in the file (0: not yet written)
        self.digest = hashlib.md5(usedforsecurity=False)  # of everything written: an /ID that follows the content

    def write(self, data: bytes) -> None:
        self.out.write(data)
        self.digest.update(data)
        self.offset += len(data)

    def reserve(self) -> int:
        """A new object number, to be written later."""
        self.offsets.append(0)
        return len(self.offsets) - 1

    def put(self, number: int, data: bytes) -> None:
        """Object `number`, formatted ("n 0 obj ... endobj"), at the current place."""
        if number >= len(self.offsets):
            self.offsets.extend([0] * (number + 1 - len(self.offsets)))
        self.offsets[number] = self.offset
        self.write(data)

    def xref(self) -> int:
        """Write the cross-reference table; return where it starts (for the trailer)."""
        assert all(self.offsets[1:]), "an object was numbered but never written"
        start = self.offset
        self.write(b"xref\n0 %d\n0000000000 65535 f \n" % len(self.offsets))
        for first in range(1, len(self.offsets), 1024):
            self.write(b"".join(b"%010d 00000 n \n" % offset for offset in self.offsets[first : first + 1024]))
        return start


class _Streamed:
    """Writes a reportlab document's objects to a file, pages as they finish.

    reportlab numbers every object when it is registered and formats them all
    in `PDFDocument.format` at save time; this formats a finished page and the
    objects it brings (its content stream) at once, forgets them, and at save
    writes the rest in number order, then the cross-reference table. A page
    refers to fonts, frames and the page tree by name, so those can come later.
    """

    def __init__(self, doc, out: BinaryIO):
        self.doc = doc
        self.file = ObjectFile(out)
        self.version = None

    def _header(self) -> None:
        if self.version is None:  # once, before the first object: the version cannot change after this
            self.version = self.doc._pdfVersion
            self.file.write(b"%%PDF-%d.%d\n%%\223\214\213\236 ReportLab Generated PDF document (opensource)\n" % self.version)

    def _object(self, number: int, referred: bool = True) -> None:
        """Write object `number` and forget it; `referred=False`: nothing
        refers to it by name any more, so reportlab's entries for it go too."""
        doc = self.doc
        name = doc.numberToId[number]
        data = PDFIndirectObject(name, doc.idToObject[name]).format(doc)
        self._header()
        self.file.put(number, data)
        del doc.numberToId[number]
        if referred:
            doc.idToObject[name] = None  # written: let it go, but keep the name (reportlab checks it)
        else:
            del doc.idToObject[name], doc.idToObjectNumberAndVersion[name]

    def flush_page(self, page) -> None:
        doc = self.doc
        before = doc.objectcounter
        number, _ = doc.idToObjectNumberAndVersion[page.__InternalName__]
        self._object(number)  # registers its content stream (and the page tree, the first time); bookmarks name the page
        doc.Pages.pages[-1] = PDFObjectReference(page.__InternalName__)
        for new in range(before + 1, doc.objectcounter + 1):
            obj = doc.idToObject[doc.numberToId[new]]
            if obj is not doc.Pages:  # the page tree grows until the end
                # the page's content stream: only the page refers to it, so even its name can go
                self._object(new, referred=obj is not page.Contents)

    def finish(self) -> bytes:
        """What `PDFDocument.format` does, for the objects not yet written."""
        doc = self.doc
        doc.Reference(doc.Catalog)
        doc.Reference(doc.info)
        offsets = self.file.offsets
        number = 1
        while number <= doc.objectcounter:  # formatting may register more objects
            if number >= len(offsets) or not offsets[number]:
                self._object(number)
            number += 1
        if self.version != doc._pdfVersion:
            raise RuntimeError(f"PDF version changed from {self.version} to {doc._pdfVersion} after the header was written")
        xref = self.file.xref()
        trailer = PDFTrailer(startxref=xref, Size=number, Root=doc.Reference(doc.Catalog), Info=doc.Reference(doc.info), Encrypt=None, ID=doc.ID())
        self.file.write(trailer.format(doc))
        return b""  # reportlab writes what this returns: it is all written already
