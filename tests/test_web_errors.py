"""The page's own error pages: a job over its time budget, and an error in the
request itself. One sentence and a status; nothing of the request or the error."""

from __future__ import annotations

import pytest

pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.web import building
from osallisuuspeli.web.app import create_app

from .test_web import FORM, config, held, sentence

SECRET = "Ölands hemliga plan"


def test_a_build_over_its_time_budget_is_stopped_with_a_503_and_a_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(building, "build_kit", held)  # runs a minute unless released: never, here
    (tmp_path / "held").touch()
    client = create_app(config(tmp_path / "web", WORKERS=1, WAITING=0, JOB_TIMEOUT=1)).test_client()
    response = client.post("/build?lang=en", data=FORM | {"organisation": SECRET})
    page = response.get_data(as_text=True)
    assert (response.status_code, sentence(response)) == (
        503,
        "The work took longer than 1 seconds and was stopped. Try a smaller deck or one language at a time.",
    )
    assert SECRET not in page and str(tmp_path) not in page and "Traceback" not in page
    assert sorted(p.name for p in (tmp_path / "web").iterdir()) == []  # the stopped job's folder is gone
    fi = client.post("/build?lang=fi", data=FORM)
    assert (fi.status_code, sentence(fi)) == (
        503,
        "Työ kesti yli 1\u00a0sekuntia, ja se keskeytettiin. Kokeilkaa pienempää pakkaa tai yhtä kieltä kerrallaan.",
    )


def test_an_error_in_the_request_itself_is_a_500_with_a_sentence_and_nothing_of_the_error(tmp_path, monkeypatch, caplog):
    def broken(*args):
        raise ValueError(f"{SECRET}.xlsx: Anna Andersson")

    monkeypatch.setattr(building, "run", broken)
    client = create_app(config(tmp_path / "web")).test_client()
    response = client.post("/build?lang=en", data=FORM)
    page = response.get_data(as_text=True)
    assert (response.status_code, sentence(response)) == (
        500,
        "Something went wrong on the server. Please try again; if it happens again, tell the administrator.",
    )
    assert SECRET not in page and "Anna" not in page and "ValueError" not in page and "Traceback" not in page
    logged = caplog.text
    assert "internal error" in logged and "Anna" not in logged and SECRET not in logged
    assert client.get("/?lang=en").status_code == 200  # and the next request is answered as before
