from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
import yaml
from click.testing import CliRunner

from osallisuuspeli.cli import main
from osallisuuspeli.load import load_deck
from osallisuuspeli.places import BUILTIN_DECKS

DECKS = ("helsinki", "kunta")
LANGUAGES = ("fi", "sv", "en")


@pytest.fixture(scope="session")
def decks():
    """Every built-in deck in every language, loaded once: {(deck, lang): Deck}."""
    return {(d, lang): load_deck(d, lang) for d in DECKS for lang in LANGUAGES}


@pytest.fixture(scope="session")
def build_kit(tmp_path_factory):
    """`osallisuuspeli build ARGS` once a session for each set of ARGS; returns
    the output folder. Tests read these kits and never change them. Every PDF
    in a kit is checked with qpdf when it is built."""
    made: dict[tuple[str, ...], Path] = {}

    def build(*args: str) -> Path:
        if args not in made:
            out = tmp_path_factory.mktemp("kit")
            result = CliRunner().invoke(main, ["build", "--out", str(out), "-q", *args])
            assert result.exit_code == 0, result.output
            bad = {str(p): problems for p in out.rglob("*.pdf") for problems in [pdf_problems(p)] if problems}
            assert not bad, bad
            made[args] = out
        return made[args]

    return build


@pytest.fixture(scope="session")
def kit(tmp_path_factory):
    """`build --lang all --zip` of the Helsinki deck, once a session: the folder and the run."""
    out = tmp_path_factory.mktemp("kit")
    result = CliRunner().invoke(main, ["build", "--lang", "all", "--zip", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out, result


@pytest.fixture
def previous_kit(build_kit, tmp_path) -> tuple[Path, dict[str, bytes]]:
    """A kit already in the output folder (the municipal deck, Finnish), and its files' bytes."""
    out = tmp_path / "out"
    shutil.copytree(build_kit("--deck", "kunta"), out)
    return out, snapshot(out)


@pytest.fixture
def deck_copy(tmp_path: Path) -> Path:
    """A user's deck folder: a copy of the built-in Helsinki deck to break."""
    target = tmp_path / "mydeck"
    shutil.copytree(BUILTIN_DECKS / "helsinki", target)
    return target


def first_cards(source: str, folder: Path, count: int) -> Path:
    """A copy of a built-in deck that keeps only its first `count` cards: for
    tests whose work grows with the cards (PNG images, say) and that need few."""
    shutil.copytree(BUILTIN_DECKS / source, folder)
    structure = yaml.safe_load((folder / "deck.yaml").read_text(encoding="utf-8"))
    structure["cards"] = structure["cards"][:count]
    kept = {c["id"] if isinstance(c, dict) else c for c in structure["cards"]}
    (folder / "deck.yaml").write_text(yaml.safe_dump(structure, allow_unicode=True), encoding="utf-8")
    for language in folder.glob("??.yaml"):
        texts = yaml.safe_load(language.read_text(encoding="utf-8"))
        texts["cards"] = {cid: text for cid, text in texts["cards"].items() if cid in kept}
        language.write_text(yaml.safe_dump(texts, allow_unicode=True), encoding="utf-8")
    return folder


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
    """What two independent parsers find wrong with a PDF: qpdf (through
    pikepdf), errors and warnings; and PDFium, which must open the file and
    every page and agree with qpdf on the page count."""
    try:
        with pikepdf.open(path) as pdf:
            problems = [str(p) for p in pdf.check_pdf_syntax()] + [str(w) for w in pdf.get_warnings()]
            pages = len(pdf.pages)
    except pikepdf.PdfError as e:
        return [f"qpdf: {e}"]
    try:
        document = pdfium.PdfDocument(path)
        try:
            if len(document) != pages:
                problems.append(f"PDFium reads {len(document)} pages, qpdf {pages}")
            for page in document:
                page.get_size()
                page.get_textpage().get_text_bounded()
        finally:
            document.close()
    except pdfium.PdfiumError as e:
        problems.append(f"PDFium: {e}")
    return problems


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
