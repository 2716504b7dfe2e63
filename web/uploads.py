"""Uploaded archives checked before anything reads them: a zipped deck folder
or a workbook (itself a zip). Refused, with a sentence: names that climb out
of the upload or are absolute, too many files, and archives that unpack far
larger than they are (decompression bombs)."""

from __future__ import annotations

import zipfile
from pathlib import Path, PurePosixPath

from osallisuuspeli.errors import UserError

MAX_FILES = 500
MAX_UNPACKED = 50 * 1024 * 1024  # bytes, all members together: a real deck is well under 1 MB
MAX_RATIO = 200  # unpacked size to packed size, for any member over 1 MB unpacked


def checked(archive: Path, what: str) -> zipfile.ZipFile:
    """`archive` opened as a zip whose members are safe to read; UserError if not."""
    try:
        z = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError):
        raise UserError(f"{what} is not a {'workbook (.xlsx)' if what.endswith('.xlsx') else 'zip file'}") from None
    members = z.infolist()
    if len(members) > MAX_FILES:
        raise UserError(f"{what} holds {len(members)} files; a deck has far fewer than {MAX_FILES}")
    total = 0
    for m in members:
        path = PurePosixPath(m.filename.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
            raise UserError(f"{what}: the file name '{m.filename}' points outside the upload")
        total += m.file_size
        if m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(1, m.compress_size):
            raise UserError(f"{what}: '{m.filename}' unpacks to {m.file_size:,} bytes from {m.compress_size:,}; refused as a zip bomb")
    if total > MAX_UNPACKED:
        raise UserError(f"{what} unpacks to {total:,} bytes; the limit is {MAX_UNPACKED:,}")
    return z


def unpack_deck(archive: Path, into: Path, what: str) -> Path:
    """A zipped deck folder unpacked into `into`; the folder that holds deck.yaml."""
    with checked(archive, what) as z:
        for m in z.infolist():
            if m.is_dir():
                continue
            target = into.joinpath(*PurePosixPath(m.filename.replace("\\", "/")).parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with z.open(m) as source:
                data = source.read(MAX_UNPACKED + 1)
            if len(data) != m.file_size:  # a member that lies about its size
                raise UserError(f"{what}: '{m.filename}' is not what the archive says it is")
            target.write_bytes(data)
    found = sorted(p.parent for p in into.rglob("deck.yaml"))
    if not found:
        raise UserError(f"{what} has no deck.yaml: zip the deck folder that `osallisuuspeli init` made")
    return found[0]
