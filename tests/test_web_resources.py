"""The web page's resources and defences (issue 21): nothing kept on disk by
a refused or busy request, expiry by a timer, a free-space margin and a full
disk said as such, a timed-out job stopped with every process it started, a
failed job logged without its content, the temporary root removed at exit.
Jobs are stubs here where the build itself is not the point."""

from __future__ import annotations

import errno
import io
import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.web import building
from osallisuuspeli.web.app import create_app
from osallisuuspeli.web.jobs import Jobs, TimedOut

from .test_web import FORM, config, held, sentence, wait_for, zipped


def quick(folder: Path, *args) -> dict:
    """A build that makes one file in no time."""
    (folder / "out").mkdir()
    (folder / "out" / "x.txt").write_text("x")
    return {"error": "quick"}


def failing(folder: Path, *args) -> dict:
    raise ValueError("Ölands hemliga plan.xlsx: Anna Andersson")


def full(folder: Path, *args) -> dict:
    raise OSError(errno.ENOSPC, "No space left on device", str(folder / "Anna.pdf"))


def parent_of_a_sleeper(folder: Path, *args) -> dict:
    """A job that starts a process of its own (as a build of several languages does) and hangs."""
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    (folder / "child.pid").write_text(str(child.pid))
    time.sleep(60)
    return {}


def entries(root: Path) -> list[str]:
    return sorted(p.name for p in root.iterdir())


@pytest.fixture
def root(tmp_path):
    return tmp_path / "web"


def test_refused_and_busy_requests_keep_nothing_and_a_build_keeps_only_its_results(root, monkeypatch):
    client = create_app(config(root, WORKERS=1, WAITING=0, JOB_TIMEOUT=60)).test_client()
    assert client.post("/build?lang=en", data=FORM | {"mode": "evil"}).status_code == 400
    upload = {"deck": "upload", "deck_file": (io.BytesIO(zipped({"notes.txt": b"hello"})), "x.zip")}
    assert client.post("/build?lang=en", data=FORM | upload, content_type="multipart/form-data").status_code == 422
    assert entries(root) == []
    monkeypatch.setattr(building, "build_kit", held)
    (root.parent / "held").touch()  # the job's signals here
    first = threading.Thread(target=client.post, args=("/build",), kwargs={"data": FORM})
    first.start()
    wait_for(root.parent / "started")
    big = {"deck": "upload", "deck_file": (io.BytesIO(b"PK" + b"\0" * 1_000_000), "x.zip")}
    busy = client.post("/build?lang=en", data=FORM | big, content_type="multipart/form-data")
    assert (busy.status_code, sentence(busy)) == (503, "The server is busy just now. Please try again in a moment.")
    assert first.is_alive()
    (root.parent / "release").touch()
    first.join()
    assert entries(root) == []  # the held job's answer was an error: nothing of it stays either
    monkeypatch.setattr(building, "build_kit", quick)
    client.post(
        "/build?lang=en", data=FORM | {"deck": "upload", "deck_file": (io.BytesIO(b"PK"), "x.zip")}, content_type="multipart/form-data"
    )
    assert entries(root) == []


def test_a_built_kit_keeps_only_its_results_and_expires_by_the_timer_without_another_request(root):
    client = create_app(config(root, EXPIRY=2.0, SWEEP_EVERY=0.2)).test_client()
    data = zipped({"oma/" + p.name: p.read_bytes() for p in (Path(building.BUILTIN_DECKS) / "kunta").iterdir() if p.is_file()})
    page = client.post("/build", data=FORM | {"deck_file": (io.BytesIO(data), "oma.zip")}, content_type="multipart/form-data")
    assert page.status_code == 200
    (folder,) = root.iterdir()
    assert entries(folder) == ["out"]  # the upload, its unpacked deck and the job's answer are gone already
    for _ in range(100):  # at most 10 s; expiry is 2 s
        if not folder.exists():
            break
        time.sleep(0.1)
    assert entries(root) == []


def test_the_page_refuses_work_when_the_disk_is_nearly_full_and_says_a_full_disk(root, monkeypatch):
    client = create_app({"ROOT": root, "FREE_SPACE": 10**18}).test_client()
    response = client.post("/build?lang=en", data=FORM)
    assert (response.status_code, sentence(response)) == (
        507,
        "The server is running out of disk space, so it is not starting new work just now. "
        "Please try again later, and tell the administrator if it goes on.",
    )
    assert entries(root) == []
    client = create_app(config(root)).test_client()
    monkeypatch.setattr(building, "build_kit", full)
    response = client.post("/build?lang=fi", data=FORM)
    assert (response.status_code, sentence(response)) == (
        507,
        "Palvelimen levy on täynnä, joten työ jäi kesken eikä siitä jäänyt mitään. Kertokaa ylläpitäjälle ja yrittäkää myöhemmin uudelleen.",
    )
    from werkzeug.datastructures import FileStorage

    def no_space(self, dst, *args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(FileStorage, "save", no_space)
    response = client.post("/build?lang=en", data=FORM | {"deck_file": (io.BytesIO(b"PK"), "x.xlsx")}, content_type="multipart/form-data")
    assert response.status_code == 507 and sentence(response).startswith("The server's disk is full")
    assert entries(root) == []


def test_a_failed_job_is_logged_with_its_traceback_and_without_its_content(root, monkeypatch, caplog):
    monkeypatch.setattr(building, "build_kit", failing)
    client = create_app(config(root)).test_client()
    with caplog.at_level(logging.ERROR):
        response = client.post("/build?lang=en", data=FORM)
    assert response.status_code == 500
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "a job failed (ValueError)" in logged and ", in failing\n" in logged and "builtins.ValueError" in logged
    assert "hemliga" not in logged and "Anna" not in logged and "Ölands" not in logged


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="process groups are POSIX's")
def test_a_timed_out_job_is_stopped_with_every_process_it_started(tmp_path):
    with pytest.raises(TimedOut):
        Jobs(workers=1, waiting=0, timeout=12).run(parent_of_a_sleeper, tmp_path)  # time to start a worker and its child on a busy machine
    pid = int((tmp_path / "child.pid").read_text())
    for _ in range(50):
        try:
            state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] if Path("/proc").is_dir() else None
            os.kill(pid, 0)
        except (ProcessLookupError, FileNotFoundError):
            break
        if state == "Z":  # killed, waiting for its new parent to reap it
            break
        time.sleep(0.1)
    else:
        pytest.fail(f"the job's own process {pid} is still running")


def test_the_temporary_root_is_removed_when_the_process_ends_under_any_wsgi_host():
    code = "from osallisuuspeli.web.app import create_app; app = create_app(); print(app.config['ROOT'], flush=True)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    root = Path(done.stdout.strip())
    assert done.returncode == 0 and root.name.startswith("osallisuuspeli-web-")
    assert not root.exists()


def test_a_zip_of_many_sheets_makes_one_report_and_the_page_says_how_many_fit(root, tmp_path):
    from .workshops import team

    client = create_app(config(root)).test_client()
    index = client.get("/?lang=en").get_data(as_text=True)
    assert "At most 20 MB at a time: about 60 filled sheets as PDF files, or about 110 in one zip file." in index
    built = client.post("/build", data=FORM | {"deck": "helsinki"}).get_data(as_text=True)
    link = next(p.split('"', 1)[0] for p in built.split('href="/files/')[1:] if p.split('"', 1)[0].endswith("/fi/results-sheet.pdf"))
    (tmp_path / "sheet.pdf").write_bytes(client.get(f"/files/{link}").data)
    sheets = {}
    for i in range(4):
        team(tmp_path / "sheet.pdf", tmp_path / f"t{i}.pdf", {"date": f"2026-11-0{i + 1}", "organisation": f"yksikkö {i}"}, {})
        sheets[f"kevät/tiimi {i}.pdf"] = (tmp_path / f"t{i}.pdf").read_bytes()
    bundle = zipped(sheets | {"kevät/muistio.pdf": b"not a pdf", "kevät/lue.txt": b"x"})
    long_name = "ä" * 140 + ".pdf"  # 284 bytes: longer than a file name may be
    uploads = [(io.BytesIO(bundle), "kevät.zip"), (io.BytesIO(sheets["kevät/tiimi 0.pdf"]), long_name)]
    response = client.post("/report?lang=fi", data={"pdfs": uploads}, content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, sentence(response)
    assert "Luettu 4 työpajaa." in page  # the loose copy of team 0 is the same workshop: not counted twice
    assert "<strong>kevät.zip: kevät/muistio.pdf</strong>: ei ole PDF-tiedosto; ohitettiin" in page
    assert f"<strong>{long_name}</strong>" in page


def test_a_damaged_zip_member_is_a_sentence(root):
    client = create_app(config(root)).test_client()
    data = bytearray(zipped({"oma/deck.yaml": "".join(f"# {i * 7919 % 10007}\n" for i in range(3000)).encode()}))
    start = data.index(b"oma/deck.yaml") + len("oma/deck.yaml")
    data[start + 5 : start + 40] = b"\xff" * 35  # the compressed bytes spoilt
    response = client.post(
        "/build?lang=en", data=FORM | {"deck_file": (io.BytesIO(bytes(data)), "x.zip")}, content_type="multipart/form-data"
    )
    assert (response.status_code, sentence(response)) == (
        422,
        "x.zip: 'oma/deck.yaml' cannot be unpacked; the zip file is damaged or uses a kind of compression the page does not read",
    )
