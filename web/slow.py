"""The page on cheroot, guarded against slow and oversized requests with
cheroot's public settings and classes: a request's line and headers must
arrive within a time limit and a size limit, and its body at a least rate;
a connection over a limit is closed (408, 413, 414 or 431 with a sentence).
Without this, a few connections sending a byte every few seconds hold every
worker thread and the page answers nobody."""

from __future__ import annotations

import socket
import threading
import time
from contextlib import suppress

from cheroot.server import HTTPConnection, HTTPRequest

MAX_HEADERS_BYTES = 64 * 1024  # the request line and every header together
TOO_LARGE = "Pyynnön otsakkeet ovat liian suuret. Begärans rubriker är för stora. The request's headers are too large."  # before a language is known
TOO_LONG = "Osoite on liian pitkä. Adressen är för lång. The address is too long."
TOO_SLOW = "Pyyntö saapui liian hitaasti. Begäran kom för långsamt. The request arrived too slowly."


class Watch:
    """One thread that closes the reading side of connections past their deadline."""

    def __init__(self, every: float = 0.25):
        self._due: dict[HTTPRequest, float] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        threading.Thread(target=self._run, args=(every,), name="osallisuuspeli-deadlines", daemon=True).start()

    def add(self, request: HTTPRequest, deadline: float) -> None:
        with self._lock:
            self._due[request] = deadline

    def discard(self, request: HTTPRequest) -> None:
        with self._lock:
            self._due.pop(request, None)

    def stop(self) -> None:
        self._stop.set()

    def _run(self, every: float) -> None:
        while not self._stop.wait(every):
            now = time.monotonic()
            with self._lock:
                late = [r for r, due in self._due.items() if due <= now]
                for r in late:
                    del self._due[r]
            for r in late:
                if getattr(r.rfile, "remaining", 1) == 0:  # the body is in: the job may take its time
                    continue
                setattr(r, "timed_out", True)  # noqa: B010  # our Request subclass reads it
                with suppress(OSError):
                    r.conn.socket.shutdown(socket.SHUT_RD)  # the reading thread sees the end of the stream and lets go


def guarded(watch: Watch, header_timeout: float, body_grace: float, body_rate: float) -> type[HTTPConnection]:
    """A connection class whose requests keep to the deadlines."""

    class Request(HTTPRequest):
        timed_out = False

        def parse_request(self):
            watch.add(self, time.monotonic() + header_timeout)
            try:
                super().parse_request()
            finally:
                watch.discard(self)

        def respond(self):
            try:
                length = int(self.inheaders.get(b"Content-Length", 0) or 0)
            except ValueError:
                length = 0
            if length:
                watch.add(self, time.monotonic() + body_grace + length / body_rate)
            try:
                super().respond()
            finally:
                watch.discard(self)

        def simple_response(self, status, msg=""):
            code = str(status)[:3]
            if self.timed_out:
                status, msg = "408 Request Timeout", TOO_SLOW
                self.close_connection = True
            elif code == "413" and "header" in str(msg):
                status, msg = "431 Request Header Fields Too Large", TOO_LARGE
                self.close_connection = True
            elif code == "414":
                msg = TOO_LONG
            return super().simple_response(status, msg.encode("utf-8") if isinstance(msg, str) else msg)  # type: ignore[arg-type]  # bytes: the length is counted right

    class Connection(HTTPConnection):
        RequestHandlerClass = Request

    return Connection
