from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from osallisuuspeli.load import BUILTIN_DECKS, load_deck

DECKS = ("helsinki", "kunta")
LANGUAGES = ("fi", "sv", "en")


@pytest.fixture(scope="session")
def decks():
    """Every built-in deck in every language, loaded once: {(deck, lang): Deck}."""
    return {(d, lang): load_deck(d, lang) for d in DECKS for lang in LANGUAGES}


@pytest.fixture
def deck_copy(tmp_path: Path) -> Path:
    """A user's deck folder: a copy of the built-in Helsinki deck to break."""
    target = tmp_path / "mydeck"
    shutil.copytree(BUILTIN_DECKS / "helsinki", target)
    return target


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def replace_in(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def line_of(path: Path, needle: str) -> int:
    """1-based line number of the first line containing `needle`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")
