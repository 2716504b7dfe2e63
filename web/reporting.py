"""The coordinators' part of the page: filled sheets (PDFs, or zips of them)
in, report.pdf and report.xlsx out."""

from __future__ import annotations

from flask import Blueprint, current_app, request

from osallisuuspeli.i18n import _

from .pages import Refused, admitted, language, page, room, run, save_uploads, state
from .work import make_report

bp = Blueprint("reports", __name__)

SHEET_BYTES = 330_000  # a filled Helsinki results sheet as a PDF (measured: 326 KB)
SHEET_ZIPPED = 185_000  # the same in a zip of many (measured: 181 KB each)


def sheets_per_upload() -> tuple[int, int]:
    """About how many filled sheets fit in one upload: loose PDFs, and in one zip (rounded down to tens)."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return limit // SHEET_BYTES // 10 * 10, limit // SHEET_ZIPPED // 10 * 10


@bp.post("/report")
def report() -> tuple[str, int]:
    uploads = [f for f in request.files.getlist("pdfs") if f.filename]
    if not uploads:
        raise Refused(400, _("Choose a file first."))
    room()
    with admitted(), state().folders.held() as folder:
        save_uploads(uploads, folder.path, zips=True)
        answer = run(make_report, folder.path, language())
        if "error" in answer:
            raise Refused(422, answer["error"])
        folder.keep = True
    return page("report.html", token=folder.path.name, answer=answer, minutes=round(state().folders.expiry / 60))
