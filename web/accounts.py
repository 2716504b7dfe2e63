"""Signing coordinators in and out. Attempts are limited per account and per
address (register/service.py); a wrong name and a wrong password get the
same answer."""

from __future__ import annotations

import time

from flask import Blueprint, current_app, redirect, request, session, url_for
from flask.typing import ResponseReturnValue

from osallisuuspeli.i18n import _

from .pages import language
from .service import coordinator, register, service_page

bp = Blueprint("accounts", __name__)


def _next() -> str:
    """Where to go after signing in: a path of this site only."""
    target = request.values.get("next") or ""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("coordinator.home", lang=language())
    return request.script_root + target


@bp.get("/sign-in")
def sign_in() -> ResponseReturnValue:
    if coordinator() is not None:
        return redirect(_next())
    return service_page("sign_in.html", next=request.args.get("next", ""))


@bp.post("/sign-in")
def sign_in_post() -> ResponseReturnValue:
    from osallisuuspeli.register.service import Limits, sign_in

    name = (request.form.get("name") or "").strip()
    password = request.form.get("password") or ""
    config = current_app.config
    limits = Limits(config["SIGN_IN_PER_ACCOUNT"], config["SIGN_IN_PER_ADDRESS"], config["SIGN_IN_WINDOW"])
    got = sign_in(register(), name, password, request.remote_addr or "", limits)
    if isinstance(got, str):
        if got == "limited":
            message = _("Too many failed sign-ins for this account or from this address. Wait %(minutes)d minutes and try again.") % {
                "minutes": round(limits.window / 60)
            }
            status = 429
        else:
            message = _("The name or the password is not right. Check both and try again.")
            status = 401
        return service_page("sign_in.html", status, error=message, name=name, next=request.form.get("next", ""))
    session.clear()
    session.permanent = True
    session.update(user=got.name, stamp=got.stamp, since=time.time())
    return redirect(_next(), 303)


@bp.post("/sign-out")
def sign_out() -> ResponseReturnValue:
    session.clear()
    return redirect(url_for("accounts.sign_in", lang=language()), 303)
