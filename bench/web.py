"""The web page under load: one build alone (the reference) beside the same
kit on the command line (interleaved, best of five each), then twenty at
once, from a test client against the real server with two workers and four
in line. Prints figures; asserts nothing.

    python bench/web.py
"""

from __future__ import annotations

import resource
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.measure import run
from osallisuuspeli.web.app import create_app
from osallisuuspeli.web.app import server as server_of
from tests.test_web_load import load, post


def main() -> None:
    server = server_of(
        create_app({"ROOT": Path(tempfile.mkdtemp()), "FREE_SPACE": 0, "WORKERS": 2, "WAITING": 4, "JOB_TIMEOUT": 120}), threads=32
    )
    threading.Thread(target=server.serve, daemon=True).start()
    url = f"http://127.0.0.1:{server.bind_addr[1]}"
    post(url)  # warm: the first request loads the templates
    page, command = [], []
    with tempfile.TemporaryDirectory() as out:
        for _ in range(5):  # interleaved, so that a busy moment of the machine hits both alike
            started = time.monotonic()
            assert post(url) == 200
            page.append(time.monotonic() - started)
            command.append(run(["-m", "osallisuuspeli", "build", "--out", out, "-q"])[0])
    alone, cli = min(page), min(command)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    seen = load(url, 20)
    wall = time.monotonic() - started
    grown = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss) / 1024
    pages = sorted(seen["pages"])
    print(f"{'one build alone (reference)':34} {alone:6.2f} s")
    print(f"{'the same kit on the command line':34} {cli:6.2f} s  (the page {alone / cli:.2f}x: it also zips and renders previews)")
    print(
        f"{'20 builds at once, all answered in':34} {wall:6.2f} s  ({seen['statuses'].count(200)} built, {seen['statuses'].count(503)} busy, "
        f"{sum(s not in (200, 503) for s in seen['statuses'])} failed)"
    )
    print(
        f"{'page answer meanwhile: median, max':34} {statistics.median(pages) * 1000:6.0f} ms, {pages[-1] * 1000:.0f} ms ({len(pages)} requests)"
    )
    print(f"{'workers at once, most':34} {seen['workers']:6d}")
    print(f"{'server memory grown':34} {grown:6.1f} MB")
    server.stop()


if __name__ == "__main__":
    main()
