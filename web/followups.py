"""Follow-up links: an action's owner (no account) sets what became of it."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("followups", __name__)
