"""Many files read side by side, each in isolation: a worker process per
core, one file at a time, and a file that takes longer than its budget costs
only itself (its worker is stopped and replaced), never the run."""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from multiprocessing.connection import Connection, wait
from typing import Any, NamedTuple

from osallisuuspeli.i18n import _


class Outcome(NamedTuple):
    item: int  # the position of the item in the list given
    ok: bool
    value: Any  # the function's result, or the reason (a sentence) it failed


class TooSlow(Exception):
    pass


def _serve(conn: Connection, fn: Callable[[Any], Any]) -> None:
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, item = task
        try:
            outcome = Outcome(index, True, fn(item))
        except ValueError as e:
            outcome = Outcome(index, False, str(e))
        except Exception as e:  # one file's trouble is that file's, whatever it is
            outcome = Outcome(index, False, _("damaged in a way this tool cannot read (%(error)s)") % {"error": type(e).__name__})
        conn.send(outcome)


def context() -> Any:
    """fork where it is safe (Linux, one thread: quick to start), else spawn."""
    if sys.platform == "linux" and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class _Worker:
    def __init__(self, ctx: Any, fn: Callable[[Any], Any]):
        self.conn, theirs = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(theirs, fn), daemon=True)
        self.process.start()
        theirs.close()
        self.task: int | None = None
        self.since = 0.0

    def give(self, index: int, item: Any) -> None:
        self.task, self.since = index, time.monotonic()
        self.conn.send((index, item))

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def map_files(fn: Callable[[Any], Any], items: Sequence[Any], workers: int = 0, budget: float = 60.0) -> Iterator[Outcome]:
    """fn(item) for every item, in worker processes, as each finishes. fn raises
    ValueError with a sentence for an item that cannot count; an item that runs
    over `budget` seconds gives Outcome(ok=False, value="took too long")."""
    if not items:
        return
    n = min(len(items), workers or os.cpu_count() or 1)
    ctx = context()
    pool = [_Worker(ctx, fn) for _ in range(n)]
    queue = iter(enumerate(items))
    left = len(items)
    try:
        for w in pool:
            nxt = next(queue, None)
            if nxt is not None:
                w.give(*nxt)
        while left:
            busy = [w for w in pool if w.task is not None]
            ready = wait([w.conn for w in busy], timeout=1.0)
            now = time.monotonic()
            for w in list(busy):
                if w.conn in ready:
                    try:
                        outcome = w.conn.recv()
                    except (EOFError, OSError):  # the worker died on this file
                        outcome = Outcome(w.task or 0, False, "damaged in a way this tool cannot read (its reader stopped)")
                        pool[pool.index(w)] = w = _replace(w, ctx, fn)
                elif now - w.since > budget:
                    outcome = Outcome(w.task or 0, False, _("took too long to read"))
                    pool[pool.index(w)] = w = _replace(w, ctx, fn)
                else:
                    continue
                left -= 1
                w.task = None
                yield outcome
                nxt = next(queue, None)
                if nxt is not None:
                    w.give(*nxt)
    finally:
        for w in pool:
            w.stop(kill=w.task is not None)


def _replace(worker: _Worker, ctx: Any, fn: Callable[[Any], Any]) -> _Worker:
    worker.stop(kill=True)
    return _Worker(ctx, fn)
