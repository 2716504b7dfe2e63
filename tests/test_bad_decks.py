"""Every case in tests/bad_decks/: one clear line naming the file (and line),
exit status 2, no traceback, no output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from osallisuuspeli.cli import main

CORPUS = Path(__file__).parent / "bad_decks"
CASES = sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and not p.name.startswith("_"))


def make_deck(case: str, target: Path) -> tuple[Path, list[str]]:
    folder = CORPUS / case
    deck = target / case
    shutil.copytree(CORPUS / "_base", deck)
    for f in folder.iterdir():
        if f.name not in ("expected.txt", "remove.txt", "args.txt"):
            shutil.copy(f, deck / f.name)
    if (folder / "remove.txt").exists():
        for name in (folder / "remove.txt").read_text().split():
            (deck / name).unlink()
    args = (folder / "args.txt").read_text().split() if (folder / "args.txt").exists() else []
    return deck, args


def test_the_base_deck_is_valid(runner, tmp_path):
    deck = tmp_path / "base"
    shutil.copytree(CORPUS / "_base", deck)
    result = runner.invoke(main, ["build", "--deck", str(deck), "--out", str(tmp_path / "out"), "-q"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "fi" / "kit.pdf").exists()


def test_the_corpus_covers_every_kind_of_mistake():
    assert len(CASES) >= 25
    for case in CASES:
        expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8")
        assert expected.startswith("osallisuuspeli: ") and expected.count("\n") == 1, case


@pytest.mark.parametrize("case", CASES)
def test_a_bad_deck_gives_its_one_line_and_exit_2_and_writes_nothing(runner, tmp_path, case):
    deck, args = make_deck(case, tmp_path)
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--deck", str(deck), "--out", str(out), *args])
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").replace("{deck}", str(deck))
    assert result.exit_code == 2, result.output
    assert result.stderr == expected
    assert result.stdout == ""
    assert "Traceback" not in result.output
    assert not out.exists()


@pytest.mark.parametrize("case", [c for c in CASES if c not in ("missing-language", "no-language-files")])
def test_validate_reports_the_same_problem(runner, tmp_path, case):
    deck, _ = make_deck(case, tmp_path)
    result = runner.invoke(main, ["validate", str(deck)])
    expected = (CORPUS / case / "expected.txt").read_text(encoding="utf-8").replace("{deck}", str(deck))
    assert result.exit_code == 2
    assert result.stderr == expected
