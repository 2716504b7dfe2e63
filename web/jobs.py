"""CPU work off the request thread: each build or report runs in a process of
its own, at most `workers` at a time with at most `waiting` more in line;
beyond that the caller hears "busy" at once, and a job that runs longer than
`timeout` seconds is stopped with every process it started (on POSIX the job
leads a process group of its own, and the whole group is killed)."""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any


class Busy(Exception):
    """Every worker is busy and the line is full."""


class TimedOut(Exception):
    """The job ran longer than it may, and was stopped."""


def content_free(e: BaseException) -> str:
    """A traceback that names the code, never the data: frames and exception
    types only, without the messages (which can quote a person's text or a file name)."""
    lines = ["Traceback (most recent call last; messages left out):"]
    seen: BaseException | None = e
    chain: list[BaseException] = []
    while seen is not None and len(chain) < 5:
        chain.append(seen)
        seen = seen.__cause__ or seen.__context__
    for link in reversed(chain):
        for frame in traceback.extract_tb(link.__traceback__):
            lines.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')  # not its source line: that may quote a value
        lines.append(f"{type(link).__module__}.{type(link).__qualname__}")
    return "\n".join(lines)


def _run(fn: Callable[..., dict[str, Any]], folder: Path, args: tuple[Any, ...]) -> None:
    """In the worker process: the job's answer, or its one-sentence error, as result.json."""
    if hasattr(os, "setpgid"):
        os.setpgid(0, 0)  # the job and whatever it starts: one group, stopped together
    from osallisuuspeli.errors import UserError

    from .folders import disk_full

    try:
        answer: dict[str, Any] = fn(folder, *args)
    except UserError as e:
        answer = {"error": str(e)}
    except Exception as e:
        answer = {"error": "disk_full"} if disk_full(e) else {"error": "internal", "kind": type(e).__name__, "trace": content_free(e)}
    try:
        (folder / "result.json").write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")
    except OSError as e:
        if not disk_full(e):
            raise
        (folder / "result.json").write_text('{"error": "disk_full"}', encoding="utf-8")  # a short answer may still fit


def _stop(process: multiprocessing.process.BaseProcess) -> None:
    """The job process and, on POSIX, every process of its group."""
    if hasattr(os, "killpg") and process.pid:
        with suppress(ProcessLookupError, PermissionError):
            os.killpg(process.pid, signal.SIGKILL)
    process.terminate()
    process.join(5)


PRELOAD = [  # what a job would import: the engines, and the previews' PDFium (42 ms) and PNG writer
    "osallisuuspeli.web.work",
    "osallisuuspeli.kit.build",
    "osallisuuspeli.load",
    "osallisuuspeli.results.report",
    "segno",
    "pypdf",
    "pypdfium2",
    "PIL.PngImagePlugin",
]


def _context() -> multiprocessing.context.ForkServerContext | multiprocessing.context.SpawnContext:
    """Where jobs start: forked from a server process that has imported the
    engines once (a job then starts in milliseconds, not a quarter second of
    imports), on platforms that have it; elsewhere (Windows, macOS' default
    libraries) a fresh interpreter. Either way a job inherits nothing of the
    page's threads or requests: the fork server is started clean, not from
    the page."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(PRELOAD)
        return context
    return multiprocessing.get_context("spawn")


class Jobs:
    def __init__(self, workers: int, waiting: int, timeout: float) -> None:
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(workers)
        self._admitted = threading.BoundedSemaphore(workers + waiting)
        self._context = _context()

    @contextmanager
    def admitted(self) -> Iterator[None]:
        """A place among the running and waiting jobs, or Busy at once, before
        anything is written to disk; `run` inside it uses the place."""
        if not self._admitted.acquire(blocking=False):
            raise Busy
        try:
            yield
        finally:
            self._admitted.release()

    def run(self, fn: Callable[..., dict[str, Any]], folder: Path, *args: Any) -> dict[str, Any]:
        """`fn(folder, *args)` in a worker process; its answer (a dict)."""
        with self.admitted():
            return self.run_admitted(fn, folder, *args)

    def run_admitted(self, fn: Callable[..., dict[str, Any]], folder: Path, *args: Any) -> dict[str, Any]:
        with self._slots:
            process = self._context.Process(
                target=_run, args=(fn, folder, args)
            )  # not a daemon: a build of several languages has workers of its own
            process.start()
            deadline = time.monotonic() + self.timeout
            # join() may return early with the child not yet reaped when another thread
            # polls children at the same moment (Process.start does): wait on until the deadline
            while process.exitcode is None and time.monotonic() < deadline:
                process.join(min(1.0, max(0.0, deadline - time.monotonic())))
            if process.exitcode is None:
                _stop(process)
                raise TimedOut
        result = folder / "result.json"
        if not result.is_file():
            return {"error": "internal", "kind": f"exit code {process.exitcode}", "trace": ""}
        told: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
        return told
