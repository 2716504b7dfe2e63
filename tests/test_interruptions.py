"""A build that is killed, fails half-way, or runs beside another never leaves
half a kit: the output folder holds the previous kit or a whole new one."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from osallisuuspeli.cli import main

from .conftest import run_cli, snapshot


def assert_whole_kit(folder: Path) -> dict:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((folder / entry["name"]).read_bytes()).hexdigest() == entry["sha256"], entry["name"]
    return manifest


@pytest.fixture
def previous_kit(runner, tmp_path) -> tuple[Path, dict[str, bytes]]:
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--deck", "kunta", "--out", str(out), "-q"]).exit_code == 0
    return out, snapshot(out)


SIGNAL_WHILE_RENDERING = """
import os, signal
import osallisuuspeli.kit.build as kit_build
real = kit_build.tokens_pdf
def tokens_pdf(*a, **k):  # the cards and the board are done; the token sheet is next
    os.kill(os.getpid(), signal.{sig})
    return real(*a, **k)
kit_build.tokens_pdf = tokens_pdf
"""

SIGNAL_WHILE_WRITING = """
import os, signal, pathlib
real = pathlib.Path.write_bytes
count = []
def write_bytes(self, data):  # the third file of the new kit is being written
    count.append(self)
    if len(count) == 3 and ".part" in str(self.parent):
        os.kill(os.getpid(), signal.{sig})
    return real(self, data)
pathlib.Path.write_bytes = write_bytes
"""


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows a signal sent to oneself ends the process without running its handler")
@pytest.mark.parametrize("sig,code", [("SIGTERM", 143), ("SIGINT", 130)])
@pytest.mark.parametrize("when", [SIGNAL_WHILE_RENDERING, SIGNAL_WHILE_WRITING], ids=["rendering", "writing"])
def test_a_signal_mid_build_leaves_the_previous_kit_whole(previous_kit, sig, code, when):
    out, before = previous_kit
    result = run_cli(["build", "--deck", "helsinki", "--out", str(out), "-q"], when.format(sig=sig))
    assert result.returncode == code, result.stderr
    assert result.stderr == "osallisuuspeli: interrupted; no half-written files were left\n"
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]


def test_an_exception_mid_render_leaves_the_previous_kit_whole(previous_kit):
    out, before = previous_kit
    patch = """
    import osallisuuspeli.kit.build as kit_build
    def tokens_pdf(*a, **k):
        raise RuntimeError("the printer caught fire")
    kit_build.tokens_pdf = tokens_pdf
    """
    result = run_cli(["build", "--out", str(out)], patch)
    assert result.returncode == 1
    assert (
        result.stderr
        == "osallisuuspeli: internal error: RuntimeError: the printer caught fire (please report it; OSALLISUUSPELI_DEBUG=1 shows where)\n"
    )
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]


def test_two_builds_into_different_folders_do_not_interfere(tmp_path, runner):
    builds = [("helsinki", "fi", tmp_path / "a"), ("kunta", "sv", tmp_path / "b")]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "osallisuuspeli", "build", "--deck", d, "--lang", lang, "--out", str(out), "-q"], stderr=subprocess.PIPE
        )
        for d, lang, out in builds
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    for d, lang, out in builds:  # the same bytes as the same build made alone
        alone = tmp_path / f"alone-{d}"
        assert runner.invoke(main, ["build", "--deck", d, "--lang", lang, "--out", str(alone), "-q"]).exit_code == 0
        assert snapshot(out / lang) == snapshot(alone / lang)


def test_two_builds_into_the_same_folder_leave_one_whole_kit(tmp_path):
    out = tmp_path / "same"
    procs = [
        subprocess.Popen([sys.executable, "-m", "osallisuuspeli", "build", "--deck", deck, "--out", str(out), "-q"], stderr=subprocess.PIPE)
        for deck in ("helsinki", "kunta", "helsinki")
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0, 0]
    manifest = assert_whole_kit(out / "fi")
    assert manifest["deck"] in ("helsinki", "kunta")
    assert sorted(p.name for p in out.iterdir()) == ["fi"]
