"""Where the register lives by default, apart from the database code: the
command line's help names the file without importing SQLAlchemy."""

from __future__ import annotations

from pathlib import Path


def default_path() -> Path:
    """Where the register lives without --database: the user's data folder."""
    import platformdirs

    return Path(platformdirs.user_data_dir("osallisuuspeli", appauthor=False)) / "register.sqlite"
