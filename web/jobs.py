"""CPU work off the request thread: each build or report runs in a process of
its own, at most `workers` at a time with at most `waiting` more in line;
beyond that the caller hears "busy" at once, and a job that runs longer than
`timeout` seconds is stopped."""

from __future__ import annotations

import json
import multiprocessing
import threading
import time
from collections.abc import Callable
from pathlib import Path


class Busy(Exception):
    """Every worker is busy and the line is full."""


class TimedOut(Exception):
    """The job ran longer than it may, and was stopped."""


def _run(fn: Callable[..., dict], folder: Path, args: tuple) -> None:
    """In the worker process: the job's answer, or its one-sentence error, as result.json."""
    from osallisuuspeli.errors import UserError

    try:
        answer = fn(folder, *args)
    except UserError as e:
        answer = {"error": str(e)}
    except Exception as e:
        answer = {"error": "internal", "kind": type(e).__name__}
    (folder / "result.json").write_text(json.dumps(answer, ensure_ascii=False), encoding="utf-8")


class Jobs:
    def __init__(self, workers: int, waiting: int, timeout: float):
        self.timeout = timeout
        self._slots = threading.BoundedSemaphore(workers)
        self._admitted = threading.BoundedSemaphore(workers + waiting)
        self._context = multiprocessing.get_context("spawn")  # the same on Windows and Linux; no state inherited

    def run(self, fn: Callable[..., dict], folder: Path, *args) -> dict:
        """`fn(folder, *args)` in a worker process; its answer (a dict)."""
        if not self._admitted.acquire(blocking=False):
            raise Busy
        try:
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
                    process.terminate()
                    process.join(5)
                    raise TimedOut
            result = folder / "result.json"
            if not result.is_file():
                return {"error": "internal", "kind": f"exit code {process.exitcode}"}
            return json.loads(result.read_text(encoding="utf-8"))
        finally:
            self._admitted.release()
