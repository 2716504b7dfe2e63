"""What every part of the page shares: its texts in the reader's language,
rendering a page, refusing with a sentence, and running a job in the pool."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple

from flask import current_app, render_template, request
from werkzeug.datastructures import FileStorage
from werkzeug.exceptions import HTTPException

from osallisuuspeli import i18n
from osallisuuspeli.i18n import LANGUAGES, _

from .folders import Folders
from .jobs import Busy, Jobs, TimedOut


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
    running: State = current_app.extensions["osallisuuspeli"]
    return running


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


def page(template: str, status: int = 200, **values: Any) -> tuple[str, int]:
    """A page in the reader's language (set here too: an error page may come before the request's own hook)."""
    lang = language()
    config = current_app.config
    with i18n.speaking(lang):
        return render_template(
            template,
            lang=lang,
            languages=LANGUAGES,
            mb=config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
            language_name=i18n.language_name,
            **values,
        ), status


def refuse(status: int, message: str) -> tuple[str, int]:
    return page("error.html", status, message=message)


def room() -> None:
    """Refuse work while the disk under the page's root is nearly full."""
    if not state().folders.room():
        raise Refused(
            507,
            _(
                "The server is running out of disk space, so it is not starting new work just now. Please try again later, and tell the administrator if it goes on."
            ),
        )


def run(fn: Callable[..., dict[str, Any]], folder: Path, *args: object) -> dict[str, Any]:
    """A job's answer; the page's own refusals when the pool is busy, the job
    too slow or the disk full; a failed job's content-free traceback in the log."""
    try:
        answer = state().jobs.run_admitted(i18n.carried(fn), folder, *args)  # the worker speaks the page's language
    except TimedOut:
        raise Refused(
            503,
            _("The work took longer than %(seconds)s seconds and was stopped. Try a smaller deck or one language at a time.")
            % {"seconds": round(state().jobs.timeout)},
        ) from None
    if answer.get("error") == "disk_full":
        raise Refused(
            507,
            _(
                "The server's disk is full, so the work stopped and nothing of it was kept. Please tell the administrator and try again later."
            ),
        )
    if answer.get("error") == "internal":
        current_app.logger.error("a job failed (%s)\n%s", answer.get("kind"), answer.get("trace", ""))
        raise Refused(500, _("Something went wrong on the server. Please try again; if it happens again, tell the administrator."))
    return answer


def admitted() -> _Admitted:
    """A place in the pool's line, or the page's 'busy' at once (nothing written yet)."""
    return _Admitted()


class _Admitted:
    def __enter__(self) -> None:
        self._place = state().jobs.admitted()
        try:
            self._place.__enter__()
        except Busy:
            raise Refused(503, _("The server is busy just now. Please try again in a moment.")) from None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None) -> bool | None:
        return self._place.__exit__(kind, error, trace)


def save_uploads(uploads: Iterable[FileStorage], folder: Path, zips: bool = False) -> None:
    """The uploaded files into folder/in by number - a name as sent may be anything, and longer than a
    file system allows - with the names as sent in folder/names.json, for the messages."""
    into = folder / "in"
    into.mkdir()
    names: dict[str, str] = {}
    for i, f in enumerate(uploads):
        saved = f"{i:03d}.zip" if zips and (f.filename or "").lower().endswith(".zip") else f"{i:03d}.pdf"
        f.save(into / saved)
        names[saved] = f.filename or saved
    (folder / "names.json").write_text(json.dumps(names, ensure_ascii=False), encoding="utf-8")
