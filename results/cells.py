"""Spreadsheet cells that a person's text reaches, written so that no text
ever runs as a formula (OWASP's CSV injection advice)."""

from __future__ import annotations

from typing import Any

TRIGGERS = ("=", "+", "-", "@", "\t", "\r")  # what makes Excel or LibreOffice read a cell as a formula


def safe(value: Any) -> Any:
    """A text that starts like a formula behind a leading apostrophe; other values as they are."""
    return "'" + value if isinstance(value, str) and value.startswith(TRIGGERS) else value
