"""What every part of the page shares: its texts in the reader's language,
rendering a page, refusing with a sentence, and running a job in the pool."""

from __future__ import annotations

from functools import cache
from typing import NamedTuple

import yaml
from flask import current_app, render_template, request
from werkzeug.exceptions import HTTPException

from osallisuuspeli.load import CONTENT

from .folders import Folders
from .jobs import Busy, Jobs, TimedOut

LANGUAGES = ("fi", "sv", "en")
LANGUAGE_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}  # each in its own language


class Refused(Exception):
    """A request the page answers with a sentence and a 4xx or 5xx status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class State(NamedTuple):
    """The page's running parts, in app.extensions["osallisuuspeli"]."""

    jobs: Jobs
    folders: Folders
    made: bool  # the root is the page's own temporary folder, removed at the end


def state() -> State:
    return current_app.extensions["osallisuuspeli"]


@cache
def texts(language: str) -> dict[str, str]:
    return yaml.safe_load((CONTENT / "web" / f"{language}.yaml").read_text(encoding="utf-8"))


def language() -> str:
    """The page's language: ?lang=, else the form's, else the browser's, else Finnish.
    Reading the form must not fail the page that says the form was refused."""
    chosen = request.args.get("lang")
    if chosen not in LANGUAGES and request.method == "POST":
        try:
            chosen = request.form.get("lang_ui")
        except (HTTPException, OSError, ValueError):
            chosen = None
    if chosen in LANGUAGES:
        return chosen
    return request.accept_languages.best_match(LANGUAGES) or "fi"


def t() -> dict[str, str]:
    return texts(language())


def page(template: str, status: int = 200, **values) -> tuple[str, int]:
    lang = language()
    config = current_app.config
    return render_template(
        template, t=texts(lang), lang=lang, languages=LANGUAGES, mb=config["MAX_CONTENT_LENGTH"] // (1024 * 1024), **values
    ), status


def refuse(status: int, message: str) -> tuple[str, int]:
    return page("error.html", status, message=message)


def room() -> None:
    """Refuse work while the disk under the page's root is nearly full."""
    if not state().folders.room():
        raise Refused(507, t()["low_space"])


def run(fn, folder, *args) -> dict:
    """A job's answer; the page's own refusals when the pool is busy, the job
    too slow or the disk full; a failed job's content-free traceback in the log."""
    try:
        answer = state().jobs.run_admitted(fn, folder, *args)
    except TimedOut:
        raise Refused(503, t()["timeout"].format(seconds=round(state().jobs.timeout))) from None
    if answer.get("error") == "disk_full":
        raise Refused(507, t()["disk_full"])
    if answer.get("error") == "internal":
        current_app.logger.error("a job failed (%s)\n%s", answer.get("kind"), answer.get("trace", ""))
        raise Refused(500, t()["internal"])
    return answer


def admitted():
    """A place in the pool's line, or the page's 'busy' at once (nothing written yet)."""
    return _Admitted()


class _Admitted:
    def __enter__(self):
        self._place = state().jobs.admitted()
        try:
            self._place.__enter__()
        except Busy:
            raise Refused(503, t()["busy"]) from None

    def __exit__(self, *exc):
        return self._place.__exit__(*exc)
