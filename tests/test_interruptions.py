"""A build that is killed, fails half-way, or runs beside another never leaves
half a kit: the output folder holds the previous kit or a whole new one."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.kit import files
from osallisuuspeli.kit.files import lock_path

from .conftest import run_cli, snapshot


def assert_whole_kit(folder: Path) -> dict:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((folder / entry["name"]).read_bytes()).hexdigest() == entry["sha256"], entry["name"]
    return manifest


# A runner started in the background hands its children SIGINT ignored, and
# Python keeps it so: the child restores the default, as a terminal gives it.
KILL = "import os, signal\nsignal.signal(signal.SIGINT, signal.default_int_handler)\ndef kill():\n    os.kill(os.getpid(), signal.{sig})\n"
# A signal at each stage that writes: a part, kit.pdf, the zip, the swap of the folders.
WRITING = """
import pathlib
real = pathlib.Path.write_bytes
def write_bytes(self, data):
    if self.name == "{name}":
        kill()
    return real(self, data)
pathlib.Path.write_bytes = write_bytes
"""
STAGES = {
    "writing cards.pdf": WRITING.replace("{name}", "cards.pdf"),
    "writing kit.pdf": WRITING.replace("{name}", "kit.pdf"),
    "writing the zip": """
import osallisuuspeli.kit.build as kit_build
real = kit_build.zipped
def zipped(files, out):
    real(files[:3], out)  # a few files in, then the signal
    kill()
kit_build.zipped = zipped
""",
    "swapping the folders": """
real = os.replace
def replace(source, target):
    if str(source).endswith(".part"):  # the previous kit has just been moved aside
        kill()
    return real(source, target)
os.replace = replace
""",
}


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows a signal sent to oneself ends the process without running its handler")
@pytest.mark.parametrize(
    "stage,sig,code",
    [
        ("writing cards.pdf", "SIGTERM", 143),
        ("writing kit.pdf", "SIGINT", 130),
        ("writing the zip", "SIGTERM", 143),
        ("swapping the folders", "SIGINT", 130),
    ],
)
def test_a_signal_at_each_stage_that_writes_leaves_the_previous_kit_whole(previous_kit, stage, sig, code):
    out, before = previous_kit
    result = run_cli(["build", "--deck", "helsinki", "--zip", "--out", str(out), "-q"], KILL.format(sig=sig) + STAGES[stage])
    assert result.returncode == code, result.stderr
    assert result.stderr == "osallisuuspeli: interrupted; no half-written files were left\n"
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]  # no staging folder, no zip, no part of one


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
    assert not lock_path(out / "fi").exists()  # the last build out removed the lock file


def test_a_build_leaves_no_lock_file_in_the_temporary_folder(tmp_path, runner):
    result = runner.invoke(main, ["build", "--deck", "kunta", "--out", str(tmp_path), "-q"])
    assert result.exit_code == 0, result.output
    assert lock_path(tmp_path / "fi").parent == Path(tempfile.gettempdir())
    assert not lock_path(tmp_path / "fi").exists()


def test_the_lock_admits_one_holder_at_a_time_although_each_removes_its_file(tmp_path):
    """A holder removes the lock file before it lets go, so a waiter may wake up
    holding a removed file while a newcomer locks a new one: it must start again."""
    folder = tmp_path / "fi"
    holding, most, runs = [0], [0], []

    def take_turns():
        for _ in range(25):
            with files._lock(folder):
                holding[0] += 1
                most[0] = max(most[0], holding[0])
                time.sleep(0.001)
                holding[0] -= 1
                runs.append(1)

    threads = [threading.Thread(target=take_turns) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert (len(runs), most[0]) == (100, 1)
    assert not lock_path(folder).exists()


def test_two_builds_into_different_folders_do_not_interfere(tmp_path, build_kit):
    builds = [("helsinki", "fi", tmp_path / "a"), ("kunta", "sv", tmp_path / "b")]
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "osallisuuspeli", "build", "--deck", d, "--lang", lang, "--out", str(out), "-q"], stderr=subprocess.PIPE
        )
        for d, lang, out in builds
    ]
    assert [p.wait(timeout=300) for p in procs] == [0, 0]
    for d, lang, out in builds:  # the same bytes as the same build made alone
        assert snapshot(out / lang) == snapshot(build_kit("--deck", d, "--lang", "all") / lang)


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


@pytest.mark.skipif(sys.platform == "win32", reason="on Windows a signal sent to oneself ends the process without running its handler")
@pytest.mark.parametrize("stage", ["writing kit.pdf", "swapping the folders"])
def test_an_interrupted_rebuild_keeps_the_persons_own_files_too(previous_kit, stage):
    out, _ = previous_kit
    (out / "fi" / "notes.txt").write_text("muistiinpanot\n", encoding="utf-8")
    (out / "fi" / "photos").mkdir()
    (out / "fi" / "photos" / "board.jpg").write_bytes(b"\xff\xd8 photo")
    before = snapshot(out)
    result = run_cli(["build", "--deck", "helsinki", "--out", str(out), "-q"], KILL.format(sig="SIGTERM") + STAGES[stage])
    assert result.returncode == 143, result.stderr
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]
