"""The web page, in the shape of Flask's tutorial (flaskr): `create_app(config)`
with every setting in `app.config` (tests override them), routes in blueprints
by audience, the running parts in `app.extensions`.

Every request that uploads or builds gets a folder of its own under the
page's temporary root (see folders.py), removed as soon as it is not needed,
at expiry by a timer, and all of them when the process ends under any WSGI
host. Uploads larger than the limit are refused from their Content-Length,
before the body is read. Nothing about the files is logged.
"""

from __future__ import annotations

import atexit
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from flask import Flask, current_app, url_for

from osallisuuspeli import i18n
from osallisuuspeli.i18n import _

from . import accounts, building, coordinator, downloads, followups, guard, reporting, service, teams
from .folders import Folders, disk_full
from .jobs import Jobs, content_free
from .pages import Refused, State, language, refuse

if TYPE_CHECKING:
    from cheroot.wsgi import Server

DEFAULTS = {
    "ROOT": None,  # the request folders' root; None: a new temporary folder, removed at exit
    "MAX_CONTENT_LENGTH": 20 * 1024 * 1024,  # bytes a request may send
    "WORKERS": None,  # jobs at once; None: one a core, at most four
    "WAITING": None,  # jobs in line beyond those; None: twice WORKERS
    "JOB_TIMEOUT": 120.0,  # seconds a build or report may take
    "EXPIRY": 15 * 60.0,  # seconds a request's results are kept
    "SWEEP_EVERY": 30.0,  # seconds between the timer's looks for expired folders
    "FREE_SPACE": 200 * 1024 * 1024,  # bytes the disk under ROOT must keep free, or the page refuses work
    "BEHIND_PROXY": False,  # trust one reverse proxy's X-Forwarded-* headers
    "HEADER_TIMEOUT": 10.0,  # seconds a request's line and headers may take to arrive (on cheroot)
    "BODY_GRACE": 20.0,  # seconds a body may arrive slower than BODY_RATE (on cheroot)
    "BODY_RATE": 20 * 1024.0,  # bytes a second a body must arrive at, on average after BODY_GRACE
    "BODY_TIMEOUT": 300.0,  # seconds a body may take at most, at any rate (20 MB at 70 kB/s)
    # the documentation and follow-up service (web/service.py and its blueprints)
    "DATABASE": None,  # the register: a URL or an SQLite file; None: OSALLISUUSPELI_DATABASE, else the user's data folder
    "SESSION_LIFETIME": 8 * 3600.0,  # seconds a coordinator stays signed in
    "SIGN_IN_PER_ACCOUNT": 5,  # failed sign-ins of one account within the window before it waits
    "SIGN_IN_PER_ADDRESS": 20,  # failed sign-ins from one address within the window
    "SIGN_IN_WINDOW": 15 * 60.0,  # seconds
    "TRUST_USER_HEADER": None,  # a header naming the signed-in coordinator, set by the proxy's single sign-on (BEHIND_PROXY only)
    "RETENTION_MONTHS": None,  # workshops older than this many months are deleted (by a timer, hourly); None: kept until deleted
}


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """The page: its settings, its running parts, its blueprints, its hooks and templates, each a step below."""
    app = Flask(__name__)
    configure(app, config or {})
    start_running_parts(app)
    register_blueprints(app)
    install_hooks(app)
    install_templates(app)
    if app.config["BEHIND_PROXY"]:
        trust_the_proxy(app)
    state_of(app).folders.start(app.config["SWEEP_EVERY"])
    atexit.register(state_of(app).folders.close, state_of(app).made)  # under any WSGI host, not only `serve`
    return app


def configure(app: Flask, config: Mapping[str, Any]) -> None:
    """DEFAULTS, then the caller's settings; a combination that cannot be is refused before anything starts."""
    app.config.from_mapping(DEFAULTS)
    app.config.from_mapping(config)
    if app.config["TRUST_USER_HEADER"] and not app.config["BEHIND_PROXY"]:
        raise ValueError("TRUST_USER_HEADER needs BEHIND_PROXY: only a proxy may say who is signed in")


def start_running_parts(app: Flask) -> None:
    """The request folders' root (made if not given), the jobs' pool and the folders, in `app.extensions`."""
    made = app.config["ROOT"] is None
    root = Path(tempfile.mkdtemp(prefix="osallisuuspeli-web-")) if made else Path(app.config["ROOT"])
    root.mkdir(parents=True, exist_ok=True)
    app.config["ROOT"] = root
    workers = app.config["WORKERS"] or max(1, min(os.cpu_count() or 1, 4))
    waiting = workers * 2 if app.config["WAITING"] is None else app.config["WAITING"]
    folders = Folders(root, app.config["EXPIRY"], app.config["FREE_SPACE"])
    app.extensions["osallisuuspeli"] = State(Jobs(workers, waiting, app.config["JOB_TIMEOUT"]), folders, made)


def state_of(app: Flask) -> State:
    running: State = app.extensions["osallisuuspeli"]
    return running


def register_blueprints(app: Flask) -> None:
    blueprints = [building.bp, reporting.bp, downloads.bp]  # kit builders; reports of uploaded sheets; their downloads
    blueprints += [accounts.bp, teams.bp, followups.bp, coordinator.bp]  # the service: sign-in, team forms, follow-up, coordinators
    for blueprint in blueprints:
        app.register_blueprint(blueprint)


def install_hooks(app: Flask) -> None:
    """The request's language first (the guard's refusals are in it too), the guard, the service, the error pages."""
    app.before_request(speak)
    guard.install(app)
    service.install(app)
    app.register_error_handler(Refused, refused)
    app.register_error_handler(Exception, internal)


def speak() -> None:
    i18n.use(language())  # every message of this request in the page's language


def refused(e: Refused) -> tuple[str, int]:
    return refuse(e.status, str(e))


def internal(e: Exception) -> tuple[str, int]:
    """A full disk in words a person can act on; any other error logged without the files' content."""
    if disk_full(e):
        return refuse(
            507,
            _(
                "The server's disk is full, so the work stopped and nothing of it was kept. Please tell the administrator and try again later."
            ),
        )
    current_app.logger.error("internal error\n%s", content_free(e))
    return refuse(500, _("Something went wrong on the server. Please try again; if it happens again, tell the administrator."))


def install_templates(app: Flask) -> None:
    app.jinja_env.globals["url_for"] = url_for
    app.jinja_env.add_extension("jinja2.ext.i18n")  # {{ _("...") }} and {% trans %} from the catalogues
    app.jinja_env.install_gettext_callables(_, i18n.ngettext, newstyle=True)  # type: ignore[attr-defined]
    app.jinja_env.globals["sheets_per_upload"] = reporting.sheets_per_upload


def trust_the_proxy(app: Flask) -> None:
    """One reverse proxy's X-Forwarded-* headers, and its prefix only if plain."""
    from werkzeug.middleware.proxy_fix import ProxyFix

    app.wsgi_app = guard.plain_prefix(ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1, x_prefix=1))  # type: ignore[method-assign]


def close(app: Flask) -> None:
    """Stop the expiry timer and remove every request folder now (and the root the page made)."""
    running = state_of(app)
    running.folders.close(running.made)


def server(app: Flask, host: str = "127.0.0.1", port: int = 0, threads: int = 16) -> Server:
    """The app on cheroot, bound and ready to `serve()`: the port is
    `bind_addr[1]`. Connections waiting to be accepted may queue 128 deep, so
    a burst of requests is answered (busy, if need be) rather than reset.
    A request's line and headers are limited in size and time, its body in
    rate and time; requests with a body leave a quarter of the threads (at
    least two) to the others, so that slow uploads cannot stop the page."""
    from cheroot.wsgi import Server

    from .slow import MAX_HEADERS_BYTES, Watch, guarded

    s = Server((host, port), app, numthreads=threads, request_queue_size=128, server_name="osallisuuspeli")
    s.max_request_header_size = MAX_HEADERS_BYTES
    watch = Watch()
    config = app.config
    bodies = max(1, threads - max(2, threads // 4))
    s.ConnectionClass = guarded(watch, config["HEADER_TIMEOUT"], config["BODY_GRACE"], config["BODY_RATE"], config["BODY_TIMEOUT"], bodies)
    s.prepare()
    return s
