"""The web page's routes: build a kit, download a deck's workbook, make a report.

Every request that uploads or builds gets a folder of its own under the
server's temporary root, removed after EXPIRY seconds (and all of them when
the server stops). Uploads larger than the limit are refused from their
Content-Length, before the body is read. Nothing about the files is logged.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import tempfile
import time
from functools import cache
from pathlib import Path

import yaml
from flask import Flask, Response, abort, render_template, request, send_file, url_for
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge
from werkzeug.utils import secure_filename

from osallisuuspeli.deck.geometry import Flip, Mode
from osallisuuspeli.load import BUILTIN_DECKS, CONTENT
from osallisuuspeli.units import CARD_SIZES, BoardPaper, Paper

from .jobs import Busy, Jobs, TimedOut
from .work import build_kit, make_report

LANGUAGES = ("fi", "sv", "en")
BUILTIN = ("helsinki", "kunta")
MAX_UPLOAD_MB = 20
EXPIRY = 15 * 60  # seconds a request's files are kept
TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # a request folder's name: secrets.token_urlsafe(16)
CHOICES = {
    "paper": tuple(p.value for p in Paper),
    "card_size": tuple(CARD_SIZES),
    "mode": tuple(m.value for m in Mode),
    "flip": tuple(f.value for f in Flip),
    "board_paper": tuple(b.value for b in BoardPaper),
}
DEFAULTS = {"paper": "a4", "card_size": "poker", "mode": "duplex", "flip": "long", "board_paper": "a3"}


@cache
def texts(language: str) -> dict[str, str]:
    return yaml.safe_load((CONTENT / "web" / f"{language}.yaml").read_text(encoding="utf-8"))


class Refused(Exception):
    """A request the page answers with a sentence and a 4xx status."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def create_app(
    root: Path | None = None, *, workers: int | None = None, waiting: int | None = None, timeout: float = 120.0, expiry: float = EXPIRY
) -> Flask:
    app = Flask(__name__)
    app.config["MAX_CONTENT_LENGTH"] = MAX_UPLOAD_MB * 1024 * 1024
    workers = workers or max(1, min(os.cpu_count() or 1, 4))
    jobs = Jobs(workers, workers * 2 if waiting is None else waiting, timeout)
    base = root or Path(tempfile.mkdtemp(prefix="osallisuuspeli-web-"))
    base.mkdir(parents=True, exist_ok=True)

    def language() -> str:
        chosen = request.args.get("lang") or request.form.get("lang_ui")
        if chosen in LANGUAGES:
            return chosen
        return request.accept_languages.best_match(LANGUAGES) or "fi"

    def page(template: str, status: int = 200, **values) -> tuple[str, int]:
        lang = language()
        return render_template(template, t=texts(lang), lang=lang, languages=LANGUAGES, mb=MAX_UPLOAD_MB, **values), status

    def index_page(status: int = 200, **values) -> tuple[str, int]:
        return page("index.html", status, choices=CHOICES, defaults=DEFAULTS, sizes=CARD_SIZES, **values)

    def refuse(status: int, message: str) -> tuple[str, int]:
        return page("error.html", status, message=message)

    def new_folder() -> Path:
        for old in base.iterdir():  # the janitor: whatever has expired goes
            if old.is_dir() and time.time() - old.stat().st_mtime > expiry:
                shutil.rmtree(old, ignore_errors=True)
        folder = base / secrets.token_urlsafe(16)
        folder.mkdir()
        return folder

    def run(fn, folder: Path, *args) -> dict:
        t = texts(language())
        try:
            answer = jobs.run(fn, folder, *args)
        except Busy:
            raise Refused(503, t["busy"]) from None
        except TimedOut:
            raise Refused(503, t["timeout"].format(seconds=round(timeout))) from None
        if answer.get("error") == "internal":
            app.logger.error("a job failed: %s", answer.get("kind"))
            raise Refused(500, t["internal"])
        return answer

    def choice(field: str) -> str:
        value = request.form.get(field, DEFAULTS[field])
        if value not in CHOICES[field]:
            raise Refused(400, texts(language())["bad_choice"].format(field=field, value=value[:40], choices=", ".join(CHOICES[field])))
        return value

    @app.errorhandler(Refused)
    def refused(e: Refused):
        return refuse(e.status, str(e))

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(e):
        return refuse(413, texts(language())["too_large"].format(mb=MAX_UPLOAD_MB))

    @app.errorhandler(HTTPException)
    def http_error(e: HTTPException):
        return refuse(e.code or 400, e.description or e.name)

    @app.errorhandler(Exception)
    def internal(e: Exception):
        app.logger.error("internal error: %s", type(e).__name__)
        return refuse(500, texts(language())["internal"])

    @app.get("/")
    def index():
        return index_page()

    @app.post("/build")
    def build():
        t = texts(language())
        options: dict[str, object] = {field: choice(field) for field in CHOICES}
        options["fillable"] = request.form.get("fillable") == "on"
        langs = [lang for lang in request.form.getlist("lang") if lang in LANGUAGES]
        if not langs:
            raise Refused(400, t["no_language"])
        deck = request.form.get("deck", "helsinki")
        if deck not in (*BUILTIN, "upload"):
            raise Refused(400, t["bad_choice"].format(field="deck", value=deck[:40], choices=", ".join((*BUILTIN, "upload"))))
        folder = new_folder()
        upload_name = ""
        if deck == "upload":
            upload = request.files.get("deck_file")
            if upload is None or not upload.filename:
                return index_page(400, upload_error=t["no_upload"], form=request.form)
            upload_name = upload.filename
            suffix = Path(upload.filename).suffix.lower()
            saved = folder / ("deck.xlsx" if suffix == ".xlsx" else "upload.zip")
            upload.save(saved)
            source = str(saved)
        else:
            source, saved = deck, folder
        answer = run(build_kit, folder, source, langs, options)
        if "error" in answer:  # the deck's own problems, as the command line says them, named by the uploaded file
            message = answer["error"].replace(saved.name if deck == "upload" else "\0", upload_name)
            return index_page(422, upload_error=message, form=request.form)
        token = folder.name
        return page("result.html", token=token, answer=answer, minutes=round(expiry / 60))

    @app.get("/workbook/<deck>.xlsx")
    def workbook(deck: str):
        if deck not in BUILTIN:
            abort(404)
        from osallisuuspeli.workbook import workbook as make_workbook

        data = make_workbook(BUILTIN_DECKS / deck)
        return Response(
            data,
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{deck}.xlsx"'},
        )

    @app.post("/report")
    def report():
        t = texts(language())
        uploads = [f for f in request.files.getlist("pdfs") if f.filename]
        if not uploads:
            raise Refused(400, t["no_upload"])
        folder = new_folder()
        (folder / "in").mkdir()
        for i, f in enumerate(uploads):
            name = secure_filename(f.filename or "") or f"file{i}.pdf"
            f.save(folder / "in" / f"{i:03d}-{name}")
        answer = run(make_report, folder, language())
        if "error" in answer:
            raise Refused(422, answer["error"])
        return page("report.html", token=folder.name, answer=answer, minutes=round(expiry / 60))

    @app.get("/files/<token>/<path:name>")
    def files(token: str, name: str):
        folder = base / token
        path = (folder / "out" / name).resolve()
        if not TOKEN.fullmatch(token) or not folder.is_dir() or not path.is_relative_to((folder / "out").resolve()) or not path.is_file():
            raise Refused(404, texts(language())["not_found"])
        return send_file(path, as_attachment=not name.endswith(".png"), download_name=path.name)

    app.jinja_env.globals["url_for"] = url_for
    app.config["OSALLISUUSPELI_ROOT"] = base
    return app


def server(app: Flask, host: str = "127.0.0.1", port: int = 0, threads: int = 16):
    """The app on cheroot, bound and ready to `serve()`: the port is
    `bind_addr[1]`. Connections waiting to be accepted may queue 128 deep, so
    a burst of requests is answered (busy, if need be) rather than reset."""
    from cheroot.wsgi import Server

    s = Server((host, port), app, numthreads=threads, request_queue_size=128, server_name="osallisuuspeli")
    s.prepare()
    return s
