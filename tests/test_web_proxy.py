"""serve --behind-proxy: the proxy's X-Forwarded-Proto and -For are believed
then and only then; the sign-on header is trusted only behind a proxy."""

from __future__ import annotations

import pytest

pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")

from flask import request

from osallisuuspeli.cli import main
from osallisuuspeli.web.app import create_app

from .test_web import config

FORWARDED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.7"}


def seen(tmp_path, **settings) -> str:
    """What the app believes of the request: its scheme and the client's address."""
    app = create_app(config(tmp_path / "web", **settings))
    app.add_url_rule("/seen", "seen", lambda: f"{request.scheme} {request.remote_addr}")
    return app.test_client().get("/seen", headers=FORWARDED, environ_base={"REMOTE_ADDR": "10.0.0.2"}).get_data(as_text=True)


def test_forwarded_headers_are_believed_behind_a_proxy(tmp_path):
    assert seen(tmp_path, BEHIND_PROXY=True) == "https 203.0.113.7"


def test_forwarded_headers_are_ignored_without_a_proxy(tmp_path):
    assert seen(tmp_path) == "http 10.0.0.2"


def test_behind_a_proxy_the_session_cookie_is_secure_and_not_without(tmp_path):
    assert create_app(config(tmp_path / "a", BEHIND_PROXY=True)).config["SESSION_COOKIE_SECURE"] is True
    assert create_app(config(tmp_path / "b")).config["SESSION_COOKIE_SECURE"] is False


def test_serve_refuses_to_trust_a_user_header_without_behind_proxy(runner):
    result = runner.invoke(main, ["serve", "--no-browser", "--trust-user-header", "X-Remote-User"])
    assert (result.exit_code, result.stderr) == (
        2,
        "osallisuuspeli: --trust-user-header needs --behind-proxy: only the organisation's proxy may say who is signed in\n",
    )
