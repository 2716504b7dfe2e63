"""Windows, simulated on Linux: no POSIX-only module, a kit file held open by
a PDF reader, a console that cannot show every letter."""

from __future__ import annotations

import os
from pathlib import Path

from osallisuuspeli.cli import main
from osallisuuspeli.kit import files

from .conftest import run_cli, snapshot

NO_POSIX = """
import sys
for name in ("fcntl", "termios", "resource", "pwd", "grp"):
    sys.modules[name] = None  # importing any of them now fails, as on Windows
"""


def test_validate_and_build_run_without_posix_modules(tmp_path):
    validate_first = (
        NO_POSIX
        + "from osallisuuspeli.cli import main\ntry:\n    main(['validate', 'kunta'])\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
    )
    result = run_cli(["build", "--deck", "kunta", "--out", str(tmp_path / "out"), "-q"], validate_first)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ok: kunta: 40 cards")
    assert (tmp_path / "out" / "fi" / "kit.pdf").is_file()


def hold_open(monkeypatch, held: Path, refusals: int) -> list[int]:
    """As Windows does while a reader has `held` open: renaming its folder is
    refused (`refusals` times), and the file cannot be opened for writing."""
    real_replace, real_open = os.replace, Path.open
    refused: list[int] = []

    def replace(src, dst):
        if Path(src) == held.parent and len(refused) < refusals:
            refused.append(1)
            raise PermissionError(13, "The process cannot access the file because it is being used by another process", str(src))
        return real_replace(src, dst)

    def open_(self, mode="r", *args, **kwargs):
        if self == held and "+" in mode and len(refused) < refusals:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(Path, "open", open_)
    monkeypatch.setattr(files, "PAUSE", 0)
    return refused


def test_a_kit_file_open_in_a_reader_is_named_and_the_previous_kit_kept(runner, previous_kit, monkeypatch):
    out, before = previous_kit
    held = out / "fi" / "cards.pdf"
    refused = hold_open(monkeypatch, held, refusals=1000)
    result = runner.invoke(main, ["build", "--deck", "helsinki", "--out", str(out), "-q"])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {held}: the file is open in another program; close it and run the command again\n"
    assert len(refused) == files.RETRIES
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]  # no staging folder left behind


def test_a_file_held_for_a_moment_does_not_stop_the_build(runner, previous_kit, monkeypatch):
    out, before = previous_kit
    refused = hold_open(monkeypatch, out / "fi" / "cards.pdf", refusals=3)  # an antivirus scan, say
    result = runner.invoke(main, ["build", "--deck", "helsinki", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    assert len(refused) == 3
    assert snapshot(out) != before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]


def test_a_zip_open_in_another_program_is_named(runner, tmp_path, monkeypatch):
    out = tmp_path / "out"
    archive = out / "osallisuuspeli-kunta-fi.zip"
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst) == archive:
            raise PermissionError(13, "Access is denied", str(dst))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(files, "PAUSE", 0)
    result = runner.invoke(main, ["build", "--deck", "kunta", "--out", str(out), "--zip", "-q"])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {archive}: the file is open in another program; close it and run the command again\n"
    assert sorted(p.name for p in out.iterdir()) == []  # neither the kit nor a half-written zip


def test_a_console_without_the_letters_prints_them_escaped(tmp_path):
    """cp1252, a Windows console's usual code page, has no ŋ: the build still
    ends well, and says where the kit is with the letter escaped."""
    deck = tmp_path / "pakka-ŋ"
    assert run_cli(["init", str(deck), "--from", "kunta"]).returncode == 0
    result = run_cli(["build", "--deck", str(deck), "--out", str(tmp_path / "out-ŋ")], env={"PYTHONIOENCODING": "cp1252"})
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout.startswith(f"Kit ready in {tmp_path}/out-\\u014b/fi/: ")
    assert (tmp_path / "out-ŋ" / "fi" / "kit.pdf").is_file()
