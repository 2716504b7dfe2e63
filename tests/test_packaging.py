"""What pip installs: one import name, a complete sdist, a tool that still
works beside PyPI's unrelated packages named deck, boards, kit and fonts.

These build the distributions and install them from PyPI into a fresh
environment (about half a minute), so the everyday `pytest` leaves them out;
`.ci/run` runs them with `pytest -m packaging -n 0` (in one process, which
builds the distributions once).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.packaging

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """The sdist, and the wheel built from it, of a copy of the source tree
    (building writes into the tree it builds)."""
    source = tmp_path_factory.mktemp("source") / "osallisuuspeli"
    junk = shutil.ignore_patterns(".git", "build", "dist", "*.egg-info", "__pycache__", ".*cache", ".hypothesis", "osallisuuspeli-print")
    shutil.copytree(ROOT, source, ignore=junk)
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run([sys.executable, "-m", "build", "--outdir", str(out), str(source)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


def test_the_wheel_installs_one_top_level_name(dist):
    (wheel,) = dist.glob("*.whl")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
    assert {n.split("/")[0] for n in names if ".dist-info/" not in n} == {"osallisuuspeli"}
    for module in ("cli.py", "deck/geometry.py", "boards/layout.py", "kit/build.py", "fonts/SourceSansPro-Bold.ttf", "fonts/LICENSE.txt"):
        assert f"osallisuuspeli/{module}" in names
    metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
    with zipfile.ZipFile(wheel) as z:
        text = z.read(metadata).decode("utf-8")
    assert "License-Expression: MIT AND OFL-1.1" in text
    assert "Classifier: Programming Language :: Python :: 3.12" in text
    assert "Classifier: Topic :: Printing" in text
    assert "Project-URL: Participation model (City of Helsinki), https://www.hel.fi/osallisuusmalli" in text


def test_the_sdist_holds_everything_its_tests_need(dist):
    (sdist,) = dist.glob("*.tar.gz")
    with tarfile.open(sdist) as tar:
        names = {"/".join(n.split("/")[1:]) for n in tar.getnames()}
    tests = {str(p.relative_to(ROOT)) for p in (ROOT / "tests").rglob("*") if p.is_file() and "__pycache__" not in p.parts}
    assert tests and tests <= names
    assert {"LICENSE", "fonts/LICENSE.txt", "README.md", "pyproject.toml", ".ci/lowest.txt"} <= names
    assert {"docs/pikaopas.md", "docs/snabbguide.md", "tests/seeds/002_06719350b147ee70.txt"} <= names  # the README links the guides


def test_the_tool_works_beside_pypis_deck_boards_kit_and_fonts(dist, tmp_path):
    (wheel,) = dist.glob("*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_ = venv / ("Scripts" if sys.platform == "win32" else "bin")
    # ours first, then theirs: before, installing `fonts` overwrote our fonts/__init__.py
    for packages in ([str(wheel)], ["fonts", "boards", "kit", "deck"]):
        result = subprocess.run([str(bin_ / "python"), "-m", "pip", "install", "--quiet", *packages], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    result = subprocess.run(
        [str(bin_ / "osallisuuspeli"), "build", "--deck", "kunta", "--out", str(tmp_path / "out"), "-q"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert (result.returncode, result.stderr) == (0, "")
    assert (tmp_path / "out" / "fi" / "kit.pdf").is_file()
    theirs = subprocess.run(
        [
            str(bin_ / "python"),
            "-c",
            "import fonts, boards, kit, deck, osallisuuspeli.fonts as ours; print(hasattr(fonts, 'BOLD'), ours.BOLD)",
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
    )
    assert theirs.stdout == "False SourceSansPro-Bold\n", theirs.stderr
