"""A request's results, downloaded by its token while they are kept. A single
file of one language carries the language in its name (cards-sv.pdf), so a
Finnish and a Swedish download do not overwrite each other."""

from __future__ import annotations

from pathlib import PurePosixPath

from flask import Blueprint, Response, send_file

from osallisuuspeli.i18n import LANGUAGES, _

from .pages import Refused, state

bp = Blueprint("files", __name__)


def download_name(name: str) -> str:
    parts = PurePosixPath(name).parts
    if len(parts) == 2 and parts[0] in LANGUAGES:
        stem, dot, suffix = parts[1].rpartition(".")
        return f"{stem}-{parts[0]}.{suffix}" if dot else f"{parts[1]}-{parts[0]}"
    return parts[-1]


@bp.get("/files/<token>/<path:name>")
def files(token: str, name: str) -> Response:
    out = state().folders.results(token)
    bad = "\0" in name or "\\" in name or any(p in ("..", "") for p in name.split("/"))
    path = None if out is None or bad else (out / name).resolve()
    if path is None or not path.is_relative_to(out.resolve()) or not path.is_file():  # type: ignore[union-attr]
        raise Refused(404, _("The file is not there. It may have been deleted already; make the kit again."))
    return send_file(path, as_attachment=not name.endswith(".png"), download_name=download_name(name))
