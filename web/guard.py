"""What every response and request passes: security headers, the refusal of
cross-site form posts, the proxy's path prefix accepted only when it is a
plain path, and every HTTP error as a sentence in the page's language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from flask import Flask, Response, request
from flask.typing import ResponseReturnValue
from werkzeug.exceptions import ClientDisconnected, HTTPException, MethodNotAllowed, RequestEntityTooLarge

from osallisuuspeli.i18n import N_, _

from .pages import refuse
from .slow import cut_short

if TYPE_CHECKING:
    from wsgiref.types import StartResponse, WSGIApplication, WSGIEnvironment

CSP = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
HEADERS = {
    "Content-Security-Policy": CSP,  # the page has no script at all
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
}
STATE_CHANGING = ("POST", "PUT", "PATCH", "DELETE")
PREFIX = re.compile(r"(/[A-Za-z0-9._~%!$&()*+;=:@-]+)+/?")  # a plain path: no "//", no quotes, no angle brackets, no scheme
MAX_REQUEST_LINE = 8 * 1024
MAX_HEADER_COUNT = 100
TEXTS = {  # the page's own text for each status; every other code gets http_error
    400: N_("The request was incomplete or malformed. Go back to the start and send the form again."),
    403: N_("That is not allowed."),
    404: N_("There is no such page. Check the address, or go back to the start."),
    405: N_("This address does not take that kind of request. Go back to the start and use the page's forms."),
    408: N_("The request arrived too slowly and the connection was closed. Please try again."),
    411: N_("The request was incomplete or malformed. Go back to the start and send the form again."),
    413: N_("The file is too large; the limit is %(mb)s MB."),
    414: N_("The address is too long. Go back to the start and use the page's forms."),
    415: N_("The request was incomplete or malformed. Go back to the start and send the form again."),
    429: N_("The server is busy just now. Please try again in a moment."),
    431: N_("The request's headers are too large. Clear your browser's cookies for this site and try again."),
    500: N_("Something went wrong on the server. Please try again; if it happens again, tell the administrator."),
    501: N_("This address does not take that kind of request. Go back to the start and use the page's forms."),
    503: N_("The server is busy just now. Please try again in a moment."),
}


class PlainPrefix:
    """WSGI middleware before ProxyFix: X-Forwarded-Prefix kept only when it is one plain path.
    A class, as werkzeug's middleware are, so that it takes the place of Flask's wsgi_app."""

    def __init__(self, app: WSGIApplication):
        self.app = app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        value = environ.pop("HTTP_X_FORWARDED_PREFIX", None)
        if value is not None:
            last = value.split(",")[-1].strip()  # the value ProxyFix would take: the nearest proxy's
            if last == "/" or PREFIX.fullmatch(last):
                environ["HTTP_X_FORWARDED_PREFIX"] = last.rstrip("/") or "/"
        return self.app(environ, start_response)


def plain_prefix(app: WSGIApplication) -> PlainPrefix:
    return PlainPrefix(app)


def _site(url: str) -> str:
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return "?"


def cross_site() -> bool:
    """Whether a browser says this request comes from another site. Browsers
    send Sec-Fetch-Site; older ones Origin (which is "null" under the page's
    no-referrer policy) or Referer. No header at all: a script, not a page elsewhere."""
    fetch = request.headers.get("Sec-Fetch-Site")
    if fetch is not None:
        return fetch not in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return _site(origin) != request.host.lower()
    referer = request.headers.get("Referer")
    if referer:
        return _site(referer) != request.host.lower()
    return False


def install(app: Flask) -> None:
    @app.before_request
    def guard() -> ResponseReturnValue | None:
        if len(request.environ.get("REQUEST_URI") or request.full_path) > MAX_REQUEST_LINE:
            return refuse(414, _("The address is too long. Go back to the start and use the page's forms."))
        if len(request.headers) > MAX_HEADER_COUNT:
            return refuse(431, _("The request's headers are too large. Clear your browser's cookies for this site and try again."))
        if request.method in STATE_CHANGING and cross_site():
            return refuse(403, _("The form was sent from another site. Open the page at its own address and send the form from there."))
        return None

    @app.after_request
    def headers(response: Response) -> Response:
        if cut_short():  # the body stopped short because the server cut it: say so, not what the short form lacks
            response = app.make_response(refuse(408, _("The request arrived too slowly and the connection was closed. Please try again.")))
        for name, value in HEADERS.items():
            response.headers.setdefault(name, value)
        if request.endpoint != "static":
            response.headers["Cache-Control"] = "no-store"  # pages and downloads can hold people's results
        return response

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException) -> ResponseReturnValue:
        code = e.code or 400
        if isinstance(e, ClientDisconnected):  # the body stopped short: on cheroot, cut for falling behind (slow.py)
            body, status = refuse(408, _("The request arrived too slowly and the connection was closed. Please try again."))
        elif isinstance(e, RequestEntityTooLarge):
            body, status = refuse(
                413, _("The file is too large; the limit is %(mb)s MB.") % {"mb": app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)}
            )
        else:
            body, status = refuse(
                code,
                _(TEXTS[code])
                if code in TEXTS
                else _("The request could not be handled (HTTP %(code)s). Go back to the start and try again.") % {"code": code},
            )
        headers: dict[str, str] = {}
        if isinstance(e, MethodNotAllowed) and e.valid_methods:
            headers["Allow"] = ", ".join(sorted(e.valid_methods))
        return body, status, headers
