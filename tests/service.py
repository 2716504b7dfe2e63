"""Helpers for the service's tests: an app on a throwaway register, forms'
CSRF tokens read from the page, a coordinator signed in."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient

pytest.importorskip("flask_wtf", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.register.data import Register
from osallisuuspeli.register.service import add_account
from osallisuuspeli.register.store import open_register
from osallisuuspeli.web.app import create_app

PASSWORD = "pitkä salasana 2026"
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


class EnglishClient(FlaskClient):
    """A browser that asks for English: these tests read the service's own words (the page's fi/sv are tested elsewhere)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def app_on(database: str, tmp_path, **settings):
    config = {"ROOT": tmp_path / "web", "FREE_SPACE": 0, "DATABASE": database, "WORKERS": 2, **settings}
    app = create_app(config)
    app.test_client_class = EnglishClient
    return app


def registered(database: str) -> Register:
    return Register(open_register(database))


def csrf(client, path: str) -> str:
    page = client.get(path)
    found = CSRF.search(page.get_data(as_text=True))
    assert found, (path, page.status_code)
    return found.group(1)


def sign_in(client, name: str = "maija", password: str = PASSWORD):
    return client.post("/sign-in", data={"name": name, "password": password, "csrf_token": csrf(client, "/sign-in")})


def coordinator(app, database: str, name: str = "maija"):
    """A client signed in as a new account `name`."""
    add_account(registered(database), name, PASSWORD)
    client = app.test_client()
    assert sign_in(client, name).status_code == 303
    return client


def sentence(response) -> str:
    text = response.get_data(as_text=True)
    found = re.search(r'<p class="error" role="alert"[^>]*>(.*?)</p>', text, re.S)
    return html.unescape(found.group(1).strip()) if found else ""
