from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
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


def pdf_problems(path: Path) -> list[str]:
    """What qpdf (through pikepdf) finds wrong with a PDF: errors and warnings."""
    try:
        with pikepdf.open(path) as pdf:
            return [str(p) for p in pdf.check_pdf_syntax()] + [str(w) for w in pdf.get_warnings()]
    except pikepdf.PdfError as e:
        return [str(e)]


def run_cli(args: list[str], patch: str = "", env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """`osallisuuspeli ARGS` in a child process, after `patch` (Python) has run."""
    script = textwrap.dedent(patch) + "\nfrom osallisuuspeli.cli import main\nmain(" + repr(args) + ", prog_name='osallisuuspeli')\n"
    return subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        env=None if env is None else {**os.environ, **env},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(autouse=True)
def every_pdf_a_test_writes_is_valid(request):
    """After each test, every PDF in its tmp_path passes qpdf's check with no
    warnings - except the ones a test breaks on purpose (named broken*.pdf)."""
    yield
    tmp = request.node.funcargs.get("tmp_path")
    if tmp is None:
        return
    bad = {str(p): problems for p in tmp.rglob("*.pdf") if not p.name.startswith("broken") for problems in [pdf_problems(p)] if problems}
    assert not bad, bad
