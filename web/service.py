"""What the service's blueprints share (accounts, teams, follow-ups,
coordinator): the register, opened once a process on first use; sessions
signed with a secret kept in the register (so every server on one register
accepts them); who is signed in; CSRF on every form of theirs (Flask-WTF).

A session is a signed cookie that names the account and its password's
stamp: it ends when it expires, when the user signs out, and when the
account's password is reset or the account deleted.
"""

from __future__ import annotations

import functools
import threading
import time
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, ParamSpec

from flask import Flask, Request, current_app, redirect, render_template, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface
from flask.typing import ResponseReturnValue

from osallisuuspeli import i18n
from osallisuuspeli.i18n import LANGUAGES, _

from .pages import Refused, language

if TYPE_CHECKING:
    from itsdangerous import URLSafeTimedSerializer

    from osallisuuspeli.register.data import Register

P = ParamSpec("P")

SERVICE = ("accounts", "teams", "followups", "coordinator")  # the blueprints that use the register
EXPIRED: dict[
    str, Callable[..., ResponseReturnValue]
] = {}  # endpoint -> the page that shows a form whose CSRF token was refused, filled in again
_lock = threading.Lock()


def register() -> Register:
    """The register the app was configured with (DATABASE), opened once."""
    app = current_app
    held: Register | None = app.extensions.get("osallisuuspeli.register")
    if held is None:
        with _lock:
            held = app.extensions.get("osallisuuspeli.register")
            if held is None:
                from osallisuuspeli.register.data import Register
                from osallisuuspeli.register.store import open_register

                held = Register(open_register(app.config["DATABASE"]))
                app.extensions["osallisuuspeli.register"] = held
    return held


def _secret(app: Flask) -> None:
    if not app.secret_key:
        from osallisuuspeli.register.service import secret

        with app.app_context():
            app.secret_key = secret(register())


class Sessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the secret read from the register
    only when a session is met or made: the kit pages never open it."""

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        _secret(app)
        return super().get_signing_serializer(app)

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if request.cookies.get(self.get_cookie_name(app)) is None:
            return self.session_class()
        return super().open_session(app, request)


def install(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError, CSRFProtect  # type: ignore[import-untyped]

    app.session_interface = Sessions()
    app.config.setdefault("PERMANENT_SESSION_LIFETIME", timedelta(seconds=app.config["SESSION_LIFETIME"]))
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_SECURE"] = bool(app.config["BEHIND_PROXY"])  # the proxy gives HTTPS
    app.config["SESSION_COOKIE_NAME"] = "osallisuuspeli"
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # a team may fill its form for hours: the token lasts the session
    app.config.setdefault("WTF_CSRF_SSL_STRICT", False)  # the page's Referrer-Policy sends no Referer; guard.py checks the site

    if app.config["RETENTION_MONTHS"]:
        threading.Thread(target=_retention, args=(app, int(app.config["RETENTION_MONTHS"])), daemon=True).start()

    @app.before_request
    def secret_first() -> None:  # before CSRFProtect's own check, which needs the secret
        if request.blueprint in SERVICE:
            _secret(app)

    csrf = CSRFProtect(app)
    from . import building, downloads, reporting

    for bp in (building.bp, reporting.bp, downloads.bp):  # stateless: nothing is kept, no session (guard.py refuses other sites)
        csrf.exempt(bp)

    @app.errorhandler(CSRFError)
    def csrf_refused(e: CSRFError) -> ResponseReturnValue:
        again = EXPIRED.get(request.endpoint or "")
        if again is not None:  # the team's typing is not lost: the form comes back filled, to send again
            return again(**(request.view_args or {}))
        return service_page(
            "service_error.html",
            400,
            message=_("The form had expired or did not come from this page. Go back, reload the page and send the form again."),
        )


def _retention(app: Flask, months: int, every: float = 3600.0) -> None:
    """The retention setting's timer: at start, then hourly, outside any request."""
    import datetime

    from osallisuuspeli.register.service import expire

    from .jobs import content_free

    while True:
        try:
            with app.app_context():
                expire(register(), months, datetime.date.today().isoformat())
        except Exception as e:  # the next round tries again; the log names code, never content
            app.logger.error("retention failed\n%s", content_free(e))
        time.sleep(every)


def service_page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    lang = language()
    with i18n.speaking(lang):
        page = render_template(template, lang=lang, languages=LANGUAGES, language_name=i18n.language_name, user=coordinator(), **values)
    return page, status


def coordinator() -> str | None:
    """The name of the coordinator signed in, or None."""
    header = current_app.config.get("TRUST_USER_HEADER")
    if header:
        named = (request.headers.get(header) or "").strip()
        return named[:100] or None
    name, stamp, since = session.get("user"), session.get("stamp"), session.get("since", 0)
    if not name or time.time() - since > current_app.config["SESSION_LIFETIME"]:
        return None
    from osallisuuspeli.register.service import account

    found = account(register(), name)
    return name if found is not None and found.stamp == stamp else None


def signed_in(view: Callable[P, ResponseReturnValue]) -> Callable[P, ResponseReturnValue]:
    """A coordinator's page: without a session, the sign-in page (and back here after)."""

    @functools.wraps(view)
    def checked(*args: P.args, **kwargs: P.kwargs) -> ResponseReturnValue:
        if coordinator() is None:
            if request.method == "GET":
                return redirect(url_for("accounts.sign_in", next=request.full_path, lang=language()))
            raise Refused(403, _("Sign in first: this page is for the workshops' coordinators."))
        return view(*args, **kwargs)

    return checked
