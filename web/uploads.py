"""Uploaded archives checked before anything reads them: a zipped deck folder,
a workbook (itself a zip), or a zip of filled sheets. Refused, with a
sentence: names that climb out of the upload or are absolute, too many files,
archives that unpack far larger than they are (decompression bombs), and
members that are damaged or lie about their size."""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path, PurePosixPath

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import _, number

MAX_FILES = 500
MAX_UNPACKED = 50 * 1024 * 1024  # bytes, all members together: a real deck is well under 1 MB
MAX_RATIO = 200  # unpacked size to packed size, for any member over 1 MB unpacked
DECK_FILES = (".xlsx", ".csv")  # what a zip may hold instead of a deck folder: a workbook (with its logo beside it)
UNREADABLE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError)


def checked(archive: Path, what: str) -> zipfile.ZipFile:
    """`archive` opened as a zip whose members are safe to read; UserError if not."""
    try:
        z = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        if what.endswith(".xlsx"):
            raise UserError(
                _("%(file)s is not a workbook (.xlsx); save it from Excel or LibreOffice as .xlsx and choose it again") % {"file": what}
            ) from None
        raise UserError(
            _("%(file)s is not a zip file; make the zip file again, or choose the files without zipping them") % {"file": what}
        ) from None
    members = z.infolist()
    if len(members) > MAX_FILES:
        raise UserError(
            _("%(file)s holds %(num)s files; a deck has far fewer than %(limit)s")
            % {"file": what, "num": number(len(members)), "limit": number(MAX_FILES)}
        )
    total = 0
    for m in members:
        path = PurePosixPath(m.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise UserError(
                _("%(file)s: the file name '%(name)s' points outside the upload; zip the folder again") % {"file": what, "name": m.filename}
            )
        total += m.file_size
        if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(1, m.compress_size):
            raise UserError(
                _("%(file)s: '%(name)s' unpacks to %(size)s bytes from %(packed)s; refused as a zip bomb")
                % {"file": what, "name": m.filename, "size": number(m.file_size), "packed": number(m.compress_size)}
            )
    if total > MAX_UNPACKED:
        raise UserError(
            _("%(file)s unpacks to %(size)s bytes; the limit is %(limit)s")
            % {"file": what, "size": number(total), "limit": number(MAX_UNPACKED)}
        )
    return z


def member(z: zipfile.ZipFile, m: zipfile.ZipInfo, what: str) -> bytes:
    """One member's bytes, read whole; UserError if it is damaged or not what the archive says."""
    try:
        with z.open(m) as source:
            data = source.read(MAX_UNPACKED + 1)
    except UNREADABLE:
        raise UserError(
            _("%(file)s: '%(name)s' cannot be unpacked; the zip file is damaged or uses a kind of compression the page does not read")
            % {"file": what, "name": m.filename}
        ) from None
    if len(data) != m.file_size:  # a member that lies about its size
        raise UserError(
            _("%(file)s: '%(name)s' is not what the archive says it is; zip the files again") % {"file": what, "name": m.filename}
        )
    return data


def whole(archive: Path, what: str) -> None:
    """Every member of `archive` readable (a workbook before its reader opens it); UserError if not."""
    with checked(archive, what) as z:
        for m in z.infolist():
            if not m.is_dir():
                member(z, m, what)


def _unpack(archive: Path, into: Path, what: str) -> list[Path]:
    written = []
    with checked(archive, what) as z:
        for m in z.infolist():
            if m.is_dir():
                continue
            target = into.joinpath(*PurePosixPath(m.filename.replace("\\", "/")).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(member(z, m, what))
            written.append(target)
    return written


def _ours(path: Path, into: Path) -> bool:
    """Not a file a packer or an open Excel leaves beside the real ones."""
    parts = path.relative_to(into).parts
    return not any(p == "__MACOSX" or p.startswith(".") for p in parts) and not path.name.startswith("~$")


def unpack_deck(archive: Path, into: Path, what: str) -> Path:
    """A zipped deck unpacked into `into`: the folder that holds deck.yaml or,
    failing that, the one workbook (.xlsx or .csv) in the zip, with its logo beside it."""
    written = [p for p in _unpack(archive, into, what) if _ours(p, into)]
    found = sorted(p.parent for p in written if p.name == "deck.yaml")
    if found:
        return found[0]
    books = sorted(p for p in written if p.suffix.lower() in DECK_FILES)
    if len(books) > 1:
        names = ", ".join(str(p.relative_to(into)) for p in books[:4])
        raise UserError(_("%(file)s holds several workbooks (%(names)s); zip one deck at a time") % {"file": what, "names": names})
    if books:
        if books[0].suffix.lower() == ".xlsx":
            whole(books[0], str(books[0].relative_to(into)))
        return books[0]
    raise UserError(_("%(file)s has no deck.yaml: zip the deck folder that `osallisuuspeli init` made") % {"file": what})


def unpack_sheets(archive: Path, into: Path, what: str) -> dict[str, str]:
    """The PDFs of a zip of filled sheets, each saved flat into `into` under a
    short name of its own; their names in the zip, by the saved name."""
    names: dict[str, str] = {}
    with checked(archive, what) as z:
        for m in z.infolist():
            path = PurePosixPath(m.filename.replace("\\", "/"))
            if m.is_dir() or path.suffix.lower() != ".pdf" or any(p == "__MACOSX" or p.startswith(".") for p in path.parts):
                continue
            saved = f"{archive.stem}-{len(names):04d}.pdf"
            (into / saved).write_bytes(member(z, m, what))
            names[saved] = f"{what}: {m.filename}"
    return names
