"""The kit builders' part of the page: the form, a kit built from a built-in
deck or an uploaded one, and the built-in decks as workbooks to edit."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, request
from werkzeug.datastructures import FileStorage

from osallisuuspeli import i18n
from osallisuuspeli.i18n import _
from osallisuuspeli.options import FORM, OPTIONS, UPLOAD, refusal
from osallisuuspeli.places import BUILTIN_DECKS
from osallisuuspeli.units import CARD_SIZES, pair

from .pages import Refused, admitted, page, room, run, state
from .work import build_kit

bp = Blueprint("kit", __name__)

FIELDS = {o.name: o for o in FORM}  # the form's fields, from the build's table of options
CHOSEN = tuple(o.name for o in FORM if o.kind in ("choice", "size"))  # fields with one choice of a list
DEFAULTS = {name: FIELDS[name].default for name in CHOSEN}
SAVED = {".xlsx": "deck.xlsx", ".csv": "deck.csv", ".zip": "upload.zip"}  # an upload's kind, by its name's ending
RESAVE = (".ods", ".xls", ".xlsm", ".xlsb", ".fods", ".numbers")  # spreadsheets to save as .xlsx first
MAX_OFFSET_MM = 20.0  # a printer's back offset is a millimetre or two


def choices() -> dict[str, tuple[str, ...]]:
    """Each field's choices now: the built-in decks as the loader lists them, the deck of one's own last."""
    listed = {name: option.allowed() for name, option in FIELDS.items() if option.allowed()}
    listed["deck"] += (UPLOAD,)
    return listed


def index_page(status: int = 200, **values: Any) -> tuple[str, int]:
    defaults = {name: option.default for name, option in FIELDS.items()}
    return page("index.html", status, fields=FIELDS, choices=choices(), defaults=defaults, sizes=CARD_SIZES, **values)


def choice(field: str, extra: tuple[str, ...] = ()) -> str:
    """The form's value of a field of choices (its default if absent); refused in the table's words if not one."""
    option = FIELDS[field]
    value = request.form.get(field, str(option.default))
    refused = refusal(option, value, extra)
    if refused:
        raise Refused(400, refused)
    return value


def back_offset() -> tuple[float, float] | None:
    """The form's back offset (X,Y in mm, as --back-offset) in points; None if it is not one."""
    text = (request.form.get("back_offset") or str(OPTIONS["back_offset"].default)).strip().replace(" ", "")
    try:
        x, y = pair(text if text.count(",") == 1 else "x")
    except ValueError:
        return None
    if max(abs(x), abs(y)) > MAX_OFFSET_MM * 72 / 25.4:
        return None
    return x, y


@bp.get("/")
def index() -> tuple[str, int]:
    return index_page()


@bp.post("/build")
def build() -> tuple[str, int]:
    options: dict[str, object] = {field: choice(field) for field in CHOSEN}
    options["fillable"] = request.form.get("fillable") == "on"
    langs = [lang for lang in request.form.getlist("lang") if lang in FIELDS["lang"].allowed()]
    if not langs:
        raise Refused(400, _("Choose at least one language."))
    deck = choice("deck", (UPLOAD,))
    offset = back_offset()
    if offset is None:
        return index_page(
            400,
            offset_error=_("Write the back offset as X,Y in millimetres, for example 1,-0.5 (at most %(mm)s mm each).")
            % {"mm": round(MAX_OFFSET_MM)},
            form=request.form,
        )
    options["back_offset"] = offset
    upload = request.files.get("deck_file")
    if upload is not None and upload.filename:
        deck = UPLOAD  # a chosen file is the deck, whatever the radio buttons say
    elif deck == UPLOAD:
        return index_page(400, upload_error=_("Choose a file first."), form=request.form)
    if upload is not None and deck == UPLOAD:
        refusal = kind_refused(upload)
        if refusal:
            return index_page(422, upload_error=refusal, form=request.form)
    room()
    with admitted(), state().folders.held() as folder:
        if deck == UPLOAD:
            assert upload is not None and upload.filename
            saved = folder.path / SAVED[Path(upload.filename).suffix.lower()]
            upload.save(saved)
            source = str(saved)
        else:
            source = deck
        answer = run(build_kit, folder.path, source, langs, options)
        if "error" in answer:  # the deck's own problems, as the command line says them, named by the uploaded file
            message = answer["error"].replace(Path(source).name, upload.filename) if upload and deck == UPLOAD else answer["error"]
            return index_page(422, upload_error=message, form=request.form)
        folder.keep = True
    return page(
        "result.html",
        token=folder.path.name,
        answer=answer,
        built_languages=", ".join(i18n.language_name(lang) for lang in answer["languages"]),
        minutes=round(state().folders.expiry / 60),
    )


def kind_refused(upload: FileStorage) -> str | None:
    """The sentence for a file the page cannot read as a deck, by its name's ending."""
    suffix = Path(upload.filename or "").suffix.lower()
    if suffix in RESAVE:
        return _(
            "%(name)s is not an .xlsx workbook. Save it as .xlsx first (LibreOffice: File › Save As › Excel 2007-365), then choose that file."
        ) % {"name": upload.filename}
    if suffix not in SAVED:
        return _("%(name)s is not a workbook (.xlsx), a table of cards (.csv) or a zip file. Choose one of those.") % {
            "name": upload.filename
        }
    return None


@bp.get("/workbook/<deck>.xlsx")
def workbook(deck: str) -> Response:
    if deck not in FIELDS["deck"].allowed():
        abort(404)
    from osallisuuspeli.workbook_writer import workbook as make_workbook

    data = make_workbook(BUILTIN_DECKS / deck)
    return Response(
        data,
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="{deck}.xlsx"'},
    )
