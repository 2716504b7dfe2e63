"""Each request's files in a folder of its own under the page's root: made
when a request needs one, trimmed to its results (or removed) as soon as the
request ends, and removed at expiry by a timer thread, never inside request
handling. Nothing about the files is logged."""

from __future__ import annotations

import errno
import re
import secrets
import shutil
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # a request folder's name: secrets.token_urlsafe(16)
RESULTS = "out"  # the one thing a finished request keeps, until expiry


class Held:
    """A request's folder while the request runs; `keep` it to keep its results."""

    def __init__(self, path: Path):
        self.path = path
        self.keep = False


class Folders:
    def __init__(self, root: Path, expiry: float, margin: int):
        self.root, self.expiry, self.margin = root, expiry, margin
        self._held: set[str] = set()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._timer: threading.Thread | None = None

    def room(self) -> bool:
        """Whether the disk under the root has more free space than the margin."""
        return shutil.disk_usage(self.root).free > self.margin

    @contextmanager
    def held(self) -> Iterator[Held]:
        """A new folder for one request. If the request fails or does not keep
        its results, nothing of it stays; if it does, only the results stay."""
        folder = Held(self.root / secrets.token_urlsafe(16))
        folder.path.mkdir()
        with self._lock:
            self._held.add(folder.path.name)
        try:
            yield folder
        except BaseException:
            folder.keep = False
            raise
        finally:
            try:
                self._finish(folder)
            finally:
                with self._lock:
                    self._held.discard(folder.path.name)

    def _finish(self, folder: Held) -> None:
        if not folder.keep or not (folder.path / RESULTS).is_dir():
            shutil.rmtree(folder.path, ignore_errors=True)
            return
        for entry in folder.path.iterdir():  # the upload and the job's answer are no longer needed
            if entry.name != RESULTS:
                shutil.rmtree(entry, ignore_errors=True) if entry.is_dir() else entry.unlink(missing_ok=True)
        folder.path.touch()  # expiry counts from here

    def results(self, token: str) -> Path | None:
        """The results folder of a request by its token, if it is still there."""
        if not TOKEN.fullmatch(token):
            return None
        out = self.root / token / RESULTS
        return out if out.is_dir() else None

    def sweep(self, now: float | None = None) -> int:
        """Remove every request folder past its expiry (not one still in use); how many."""
        now = time.time() if now is None else now
        removed = 0
        for entry in self.root.iterdir() if self.root.is_dir() else ():
            with self._lock:
                if entry.name in self._held or not TOKEN.fullmatch(entry.name):
                    continue
            try:
                old = now - entry.stat().st_mtime > self.expiry
            except OSError:
                continue
            if old and entry.is_dir():
                shutil.rmtree(entry, ignore_errors=True)
                removed += 1
        return removed

    def start(self, every: float) -> None:
        """Sweep now, then every `every` seconds on a daemon thread."""
        self.sweep()
        self._timer = threading.Thread(target=self._run, args=(every,), name="osallisuuspeli-expiry", daemon=True)
        self._timer.start()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            with suppress(OSError):  # the root unreadable for a moment: the next sweep tries again
                self.sweep()

    def close(self, remove_root: bool) -> None:
        """Stop the timer and remove every request folder (and the root if the page made it)."""
        self._stop.set()
        if remove_root:
            shutil.rmtree(self.root, ignore_errors=True)
        else:
            self.sweep(now=float("inf"))


def disk_full(e: BaseException) -> bool:
    return isinstance(e, OSError) and e.errno in (errno.ENOSPC, errno.EDQUOT)
