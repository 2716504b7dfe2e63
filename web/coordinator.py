"""The coordinator's pages."""

from __future__ import annotations

from flask import Blueprint

from .service import service_page, signed_in

bp = Blueprint("coordinator", __name__, url_prefix="/c")


@bp.get("/")
@signed_in
def home():
    return service_page("coordinator_home.html")
