"""Writing files and folders so that a reader never sees half of one.

A file is written beside its target and renamed into place; a kit folder is
written whole beside the previous one and swapped in. On Windows a rename is
refused while another program holds a file open (a PDF reader, for a
moment an antivirus scanner or the indexer): the rename is retried briefly,
then the build ends with a sentence that names the file to close.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

from filelock import FileLock, Timeout

from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import _

RETRIES = 10  # a held file is usually let go within a second or two
PAUSE = 0.25  # seconds between tries
LOCK_WAIT = 120  # seconds another build into the same folder may take to swap


def replace(source: Path, target: Path, held: Path) -> None:
    """`os.replace`, retried while the platform refuses it because a file is
    in use; then a UserError naming the file in `held` that is open."""
    for attempt in range(RETRIES):
        try:
            os.replace(source, target)
            return
        except PermissionError:
            if attempt == RETRIES - 1:
                raise UserError(
                    _("%(file)s: the file is open in another program; close it and run the command again") % {"file": open_file(held)}
                ) from None
            time.sleep(PAUSE)


def open_file(path: Path) -> Path:
    """The file under `path` that another program holds (it cannot be opened
    for writing), or `path` itself when none can be singled out."""
    for file in sorted(path.rglob("*")) if path.is_dir() else []:
        try:
            with file.open("r+b"):
                pass
        except PermissionError:
            return file
        except OSError:
            continue
    return path


@contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """A file to write `path` through: renamed into place when the block ends;
    if the block fails, nothing is left behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            yield f
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; a kit is for sharing
        replace(Path(tmp), path, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, data: bytes) -> None:
    with atomic_file(path) as f:
        f.write(data)


def check_writable(out: Path) -> None:
    """Fail at once, in one line, when the output folder cannot be written."""
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except OSError as e:
        raise UserError(_("%(folder)s: cannot write the kit there (%(error)s)") % {"folder": out, "error": e.strerror or e}) from None


@contextmanager
def staging(folder: Path) -> Iterator[Path]:
    """A new folder beside `folder` to write into; when the block ends it
    replaces `folder` (the old one is removed), and when the block or the swap
    fails it is removed and `folder` is left as it was. The files a person
    keeps beside the kit (notes, filled sheets, photos) are carried over into
    the new folder before the swap: only the previous kit's own files go."""
    folder.parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".part", dir=folder.parent))
    old = None
    try:
        yield new
        for path in (new, *new.rglob("*")):
            os.chmod(path, 0o755 if path.is_dir() else 0o644)  # mkdtemp makes 0700; a kit is for sharing
        with _lock(folder):  # two builds into one folder take turns to swap
            if folder.is_dir():
                carry_over(folder, new)
            if folder.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{folder.name}.", suffix=".old", dir=folder.parent))
                replace(folder, old / folder.name, folder)
            replace(new, folder, new)
    except BaseException:
        if old is not None and not folder.exists():
            os.replace(old / folder.name, folder)  # put the previous kit back
        shutil.rmtree(new, ignore_errors=True)
        raise
    finally:
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)


def lock_path(folder: Path) -> Path:
    """The lock file of builds into `folder`: in the system's temporary
    folder, named after the kit folder, so that the user's folder holds
    nothing but the kit."""
    key = hashlib.sha256(str(folder.resolve()).encode("utf-8")).hexdigest()[:16]
    return Path(tempfile.gettempdir()) / f"osallisuuspeli-{key}.lock"


STALE = ("preview",)  # the tool's own folders of pictures of the previous kit: they would show the old one


def kit_files(folder: Path) -> set[str] | None:
    """The names (relative, with /) of the files a build wrote into `folder`,
    from its manifest; None when it has none that can be read."""
    import json

    try:
        listed = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        return {str(entry["name"]) for entry in listed} | {"manifest.json"}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def carry_over(folder: Path, new: Path) -> list[str]:
    """Put into `new` every file and folder of `folder` that no build wrote
    (hard links where the disk allows, so a folder of photos costs nothing);
    the names carried. A file of the person's that has the name of a file of
    the new kit is a UserError, and nothing has changed."""
    tool = kit_files(folder)
    written = {p.relative_to(new).as_posix() for p in new.rglob("*")}
    if tool is None:  # no manifest (a kit of an older version): the new kit's names are the tool's
        tool = written
    own: list[Path] = []
    for path in sorted(folder.rglob("*")):
        name = path.relative_to(folder).as_posix()
        if any((folder / name).parents[i].is_symlink() for i in range(name.count("/"))):
            continue  # inside a linked folder: the link itself is carried
        if name in tool or name.split("/")[0] in STALE or (path.is_dir() and not path.is_symlink() and any(path.iterdir())):
            continue
        if name in written and not (path.is_dir() and (new / name).is_dir()):
            raise UserError(
                _(
                    "%(file)s: this file is not the kit's, but the new kit has a file of that name; rename or move it, then build again (nothing was changed)"
                )
                % {"file": path}
            )
        if path.is_dir() and (new / name).is_dir():
            continue
        own.append(path)
    for path in own:
        target = new / path.relative_to(folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            os.symlink(os.readlink(path), target)
        elif path.is_dir():
            target.mkdir()
            shutil.copystat(path, target)
        else:
            try:
                os.link(path, target)
            except OSError:  # a disk without hard links (FAT, some network shares)
                shutil.copy2(path, target)
    return [p.relative_to(folder).as_posix() for p in own]


@contextmanager
def _lock(folder: Path) -> Iterator[None]:
    """A lock between builds into the same folder; its file is removed when
    the build is done with it (a build a day would otherwise leave a file a day)."""
    path = lock_path(folder)
    try:
        import fcntl as posix
    except ImportError:  # Windows: filelock's lock removes its file when released
        posix = None  # type: ignore[assignment]
    try:
        if posix is not None:
            with _posix_lock(path, LOCK_WAIT, posix):
                yield
        else:
            with FileLock(path, timeout=LOCK_WAIT):
                yield
    except Timeout:
        raise UserError(
            _("%(folder)s: another build has been writing there for %(seconds)d s; wait for it to finish, then run the command again")
            % {"folder": folder, "seconds": LOCK_WAIT}
        ) from None


@contextmanager
def _posix_lock(path: Path, timeout: float, fcntl: Any) -> Iterator[None]:
    """flock on `path`, which the holder removes before letting go. A waiter
    may then hold a lock on the removed file: it checks that the file it
    locked is still the one at `path`, and starts again if not."""
    deadline = time.monotonic() + timeout
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise Timeout(str(path)) from None
                    time.sleep(0.05)
            mine = os.fstat(fd)
            try:
                there = os.stat(path)
            except FileNotFoundError:
                there = None
            if there is not None and (there.st_dev, there.st_ino) == (mine.st_dev, mine.st_ino):
                break
        except BaseException:
            os.close(fd)
            raise
        os.close(fd)  # the previous holder removed the file it had locked: lock the new one
    try:
        yield
    finally:
        try:
            path.unlink(missing_ok=True)
        finally:
            os.close(fd)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
