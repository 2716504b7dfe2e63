"""The documentation and follow-up service under load, over HTTP against the
real server (cheroot, 16 threads): teams' form submissions per second on
SQLite and on PostgreSQL (when Debian's postgresql is here), and the team
form's and the coordinator's page latency while kits are being built.
Prints figures; asserts nothing.

    python bench/service.py
"""

from __future__ import annotations

import http.cookiejar
import re
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent))
from osallisuuspeli.register.service import add_account, plan
from osallisuuspeli.web.app import create_app
from osallisuuspeli.web.app import server as server_of
from tests.service import PASSWORD, registered
from tests.test_web_load import post as build

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TEAMS, AT_ONCE = 60, 12


class Browser:
    """One device: its cookies, GET and POST."""

    def __init__(self) -> None:
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=120) as answer:
            return answer.read().decode("utf-8")

    def post(self, url: str, data: dict[str, str]) -> int:
        body = urllib.parse.urlencode(data).encode()
        with self.opener.open(urllib.request.Request(url, body), timeout=120) as answer:
            answer.read()
            return answer.status


def answers(form: str, i: int) -> dict[str, str]:
    ids = re.findall(r'name="card\.([^"]+)" value=""', form)
    data = {"csrf_token": CSRF.search(form).group(1), "do": "submit", "organisation": f"Yksikkö {i}", "date": "2.12.2026"}
    data |= {f"card.{c}": ("done_well", "tried", "worth_trying")[k % 3] for k, c in enumerate(ids[i % 10 : i % 10 + 12])}
    data |= {f"action.{n}.goal": f"Tavoite {n}" for n in (1, 2)} | {"action.1.timetable": "31.5.2027", "own.1.name": "Oma"}
    return data


def serve(database: str):
    reg = registered(database)
    add_account(reg, "bench", PASSWORD)
    links = [plan(reg, deck="kunta", language="fi")[1] for _ in range(TEAMS)]
    app = create_app({"ROOT": Path(tempfile.mkdtemp()), "FREE_SPACE": 0, "DATABASE": database, "WORKERS": 2, "WAITING": 4})
    server = server_of(app, threads=16)
    threading.Thread(target=server.serve, daemon=True).start()
    return server, f"http://127.0.0.1:{server.bind_addr[1]}", links


def submissions(url: str, links: list[str]) -> tuple[float, float]:
    """Teams submitting AT_ONCE at a time: submissions a second, and the median answer."""
    devices = [Browser() for _ in links]
    forms = [d.get(f"{url}/t/{link}") for d, link in zip(devices, links)]
    queue = list(enumerate(zip(devices, links, forms)))
    lock, times = threading.Lock(), []

    def team() -> None:
        while True:
            with lock:
                if not queue:
                    return
                i, (device, link, form) = queue.pop()
            started = time.monotonic()
            assert device.post(f"{url}/t/{link}", answers(form, i)) == 200  # after the redirect: the summary
            with lock:
                times.append(time.monotonic() - started)

    started = time.monotonic()
    threads = [threading.Thread(target=team) for _ in range(AT_ONCE)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return len(links) / (time.monotonic() - started), statistics.median(times)


def latency_while_building(url: str, link: str) -> tuple[list[float], list[float], int]:
    """The team form's and the coordinator's home page's answer times while 6 kits are built."""
    boss = Browser()
    page = boss.get(f"{url}/sign-in")
    boss.post(f"{url}/sign-in", {"name": "bench", "password": PASSWORD, "csrf_token": CSRF.search(page).group(1)})
    team = Browser()
    builds = [threading.Thread(target=build, args=(url,)) for _ in range(6)]
    for t in builds:
        t.start()
    form, home = [], []
    while any(t.is_alive() for t in builds):
        for into, device, path in ((form, team, f"/t/{link}"), (home, boss, "/c/")):
            started = time.monotonic()
            device.get(url + path)
            into.append(time.monotonic() - started)
    for t in builds:
        t.join()
    return sorted(form), sorted(home), len(builds)


def main() -> None:
    databases = [("SQLite", str(Path(tempfile.mkdtemp()) / "register.sqlite"))]
    cluster = None
    try:
        from tests.registers import Cluster

        cluster = Cluster()
        databases.append(("PostgreSQL", cluster.database()))
    except Exception as e:  # no PostgreSQL here: SQLite alone
        print(f"(PostgreSQL left out: {e})")
    try:
        for name, database in databases:
            server, url, links = serve(database)
            rate, median = submissions(url, links)
            print(f"{name:11} {TEAMS} teams submitting, {AT_ONCE} at once: {rate:6.1f} submissions/s, median answer {median * 1000:.0f} ms")
            form, home, n = latency_while_building(url, links[0])
            for what, times in (("team form", form), ("coordinator's page", home)):
                print(
                    f"{name:11} {what} while {n} kits build: median {statistics.median(times) * 1000:.0f} ms, "
                    f"max {times[-1] * 1000:.0f} ms ({len(times)} requests)"
                )
            server.stop()
    finally:
        if cluster is not None:
            cluster.stop()


if __name__ == "__main__":
    main()
