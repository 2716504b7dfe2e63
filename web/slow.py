"""The page on cheroot, guarded against slow and oversized requests with
cheroot's public settings and classes: a request's line and headers must
arrive within a time limit (shorter while many are arriving slowly at once)
and a size limit; its body must keep to a least
rate after a grace and arrive within a time limit, and no more bodies are
read at once than leave threads for everyone else. A connection over a limit
is closed (408, 413, 414 or 431 with a sentence; 503 "busy" over the count).
Without this, a few connections sending a byte every few seconds hold every
worker thread and the page answers nobody."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import ClassVar
from urllib.parse import parse_qs

from cheroot.server import HTTPConnection, HTTPRequest
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from osallisuuspeli import i18n
from osallisuuspeli.i18n import _

MAX_HEADERS_BYTES = 64 * 1024  # the request line and every header together
CROWDED_GRACE = 1.0  # seconds a request's headers may take while the threads are crowded with slow ones
TOO_LARGE = "Pyynnön otsakkeet ovat liian suuret. Begärans rubriker är för stora. The request's headers are too large."  # before a language is known
TOO_LONG = "Osoite on liian pitkä. Adressen är för lång. The address is too long."
TOO_SLOW = "Pyyntö saapui liian hitaasti. Begäran kom för långsamt. The request arrived too slowly."
_here = threading.local()  # the request this worker thread is answering


def cut_short() -> bool:
    """Whether the request this thread answers had its body cut for falling
    behind (the app then reads a short body: it answers 408, not the form's error)."""
    request = getattr(_here, "request", None)
    return bool(request is not None and request.timed_out)


class Watch:
    """One thread that closes the reading side of connections that fall behind."""

    def __init__(self, every: float = 0.25):
        self._late: dict[HTTPRequest, Callable[[float], bool]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._run, args=(every,), name="osallisuuspeli-deadlines", daemon=True).start()

    def add(self, request: HTTPRequest, late: Callable[[float], bool]) -> None:
        """Watch `request` until discarded; `late(now)` says it has fallen behind."""
        with self._lock:
            self._late[request] = late

    def discard(self, request: HTTPRequest) -> None:
        with self._lock:
            self._late.pop(request, None)

    def stop(self) -> None:
        self._stop.set()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            now = time.monotonic()
            with self._lock:
                late = [r for r, behind in self._late.items() if behind(now)]
                for r in late:
                    del self._late[r]
            for r in late:
                setattr(r, "timed_out", True)  # noqa: B010  # our Request subclass reads it
                with suppress(OSError):
                    r.conn.socket.shutdown(socket.SHUT_RD)  # the reading thread sees the end of the stream and lets go


def by_deadline(deadline: float) -> Callable[[float], bool]:
    return lambda now: now >= deadline


def body_behind(request: HTTPRequest, length: int, grace: float, rate: float, limit: float) -> Callable[[float], bool]:
    """A body is behind when, after `grace` seconds, less of it has arrived than
    `rate` bytes a second since then would bring, or when it is not all in
    after `limit` seconds. Bytes are counted as the reader takes them (in its
    chunks of up to 64 kB: the grace at the least rate is more than a chunk)."""
    started = time.monotonic()

    def behind(now: float) -> bool:
        remaining = getattr(request.rfile, "remaining", length)  # cheroot's reader of a known length, once it is made
        if remaining == 0:  # the body is in: the job may take its time
            return False
        elapsed = now - started
        return elapsed >= limit or length - remaining < rate * (elapsed - grace)

    return behind


def _language(request: HTTPRequest) -> str:
    """The page's language for a refusal before the app: ?lang=, else the browser's, else Finnish."""
    chosen: str = parse_qs((request.qs or b"").decode("latin-1")).get("lang", [""])[-1]
    if chosen in i18n.LANGUAGES:
        return chosen
    accepted = parse_accept_header((request.inheaders.get(b"Accept-Language") or b"").decode("latin-1"), LanguageAccept)
    return accepted.best_match(i18n.LANGUAGES) or "fi"


class _Headers:
    """The requests whose line and headers are arriving now, each watched
    against the header deadline (sooner while they crowd the threads)."""

    def __init__(self, watch: Watch, timeout: float, crowd: int):
        self.watch, self.timeout, self.crowd = watch, timeout, crowd
        self._heads = 0  # requests whose line and headers are arriving now
        self._counting = threading.Lock()

    def behind(self, started: float) -> Callable[[float], bool]:
        """Late at the header deadline; and sooner, after CROWDED_GRACE, while
        as many requests are reading headers as may read bodies (an honest
        client sends its headers at once: those that take seconds then are the
        ones keeping everyone else waiting for a thread)."""
        return lambda now: now >= started + self.timeout or (self._heads >= self.crowd and now >= started + CROWDED_GRACE)

    @contextmanager
    def reading(self, request: HTTPRequest) -> Iterator[None]:
        """Count `request` and watch it while its line and headers arrive."""
        with self._counting:
            self._heads += 1
        self.watch.add(request, self.behind(time.monotonic()))
        try:
            yield
        finally:
            self.watch.discard(request)
            with self._counting:
                self._heads -= 1


class _Bodies:
    """The slots for reading a body, a thread each (no more, so that the rest
    answer everyone else), and the least rate and time limit of each body."""

    def __init__(self, watch: Watch, grace: float, rate: float, timeout: float, slots: int):
        self.watch, self.grace, self.rate, self.timeout = watch, grace, rate, timeout
        self._slots = threading.BoundedSemaphore(max(1, slots))

    @contextmanager
    def reading(self, request: HTTPRequest, length: int) -> Iterator[bool]:
        """Whether a slot for `request`'s body was free (never waiting: over the
        share, the request hears "busy"); while it is held, the body is watched
        against the least rate and `cut_short` sees the request."""
        if not self._slots.acquire(blocking=False):  # every thread but the page's own share is reading a body
            yield False
            return
        _here.request = request
        try:
            self.watch.add(request, body_behind(request, length, self.grace, self.rate, self.timeout))
            yield True
        finally:
            self.watch.discard(request)
            _here.request = None
            self._slots.release()


def _content_length(request: HTTPRequest) -> int:
    """The body's length as said, 0 if not said or not a number (cheroot refuses
    those with its own 400 before the request is answered)."""
    try:
        return int(request.inheaders.get(b"Content-Length", 0) or 0)
    except ValueError:
        return 0


def _chunked(request: HTTPRequest) -> bool:
    """Whether the body comes in chunks: its length is unknown until the end, so
    no least rate can be kept to it."""
    return bool(request.inheaders.get(b"Transfer-Encoding", b"").lower() not in (b"", b"identity"))


def _refuse(request: HTTPRequest, status: str, say: Callable[[], str]) -> None:
    """Answer `status` with the sentence `say()` gives in the page's language and
    close the connection: the body, never read, must not be taken for the next request."""
    with i18n.speaking(_language(request)):
        message = say()
    request.close_connection = True
    request.simple_response(status, message)


def _restated(status: str, msg: str | bytes, timed_out: bool) -> tuple[str, str | bytes, bool]:
    """cheroot's own refusal as the page says it, and whether to close: 408 for a
    request cut for falling behind, 431 for headers too large, a sentence for 414."""
    code = str(status)[:3]
    if timed_out:
        return "408 Request Timeout", TOO_SLOW, True
    if code == "413" and "header" in str(msg):
        return "431 Request Header Fields Too Large", TOO_LARGE, True
    if code == "414":
        return status, TOO_LONG, False
    return status, msg, False


class _Request(HTTPRequest):
    """A request kept to its server's `header_limits` and `body_limits` (set by
    `guarded`), and refused in the page's words over them."""

    header_limits: ClassVar[_Headers]
    body_limits: ClassVar[_Bodies]
    timed_out = False

    def parse_request(self) -> None:
        with self.header_limits.reading(self):
            super().parse_request()

    def respond(self) -> None:
        length = _content_length(self)
        if _chunked(self):
            return _refuse(
                self,
                "411 Length Required",
                lambda: _("The page takes a request's body only with its length (Content-Length), not in chunks."),
            )
        if not length:
            return super().respond()
        with self.body_limits.reading(self, length) as admitted:
            if not admitted:
                return _refuse(self, "503 Service Unavailable", lambda: _("The server is busy just now. Please try again in a moment."))
            return super().respond()

    def simple_response(self, status: str, msg: str | bytes = "") -> None:
        status, msg, close = _restated(status, msg, self.timed_out)
        if close:
            self.close_connection = True
        return super().simple_response(status, msg.encode("utf-8") if isinstance(msg, str) else msg)  # type: ignore[arg-type]  # bytes: the length is counted right


def guarded(
    watch: Watch, header_timeout: float, body_grace: float, body_rate: float, body_timeout: float = 300.0, bodies: int = 12
) -> type[HTTPConnection]:
    """A connection class whose requests keep to the deadlines; at most
    `bodies` requests with a body are answered at once (the rest hear "busy")."""

    class Request(_Request):
        header_limits = _Headers(watch, header_timeout, crowd=bodies)
        body_limits = _Bodies(watch, body_grace, body_rate, body_timeout, slots=bodies)

    class Connection(HTTPConnection):
        RequestHandlerClass = Request

    return Connection
