"""The page under the load attacks of issue 21, on 127.0.0.1: the real server
(Flask on cheroot, `serve`'s settings: 16 threads, two workers and four in
line, a free-space margin of 200 MB) in a process of its own, and one attack
after another against it, while a normal client asks for the page every
0.25 s. Prints, for each attack, what the attackers were answered, whether
the page was answered meanwhile, and the peak memory of the server's
process tree (the server and every worker it started, their resident memory
summed, sampled every 0.1 s) and the peak disk used under its ROOT (every
file's allocated blocks, sampled alike). Asserts nothing; Linux only (/proc).

    python bench/attack.py            # every attack (about five minutes)
    python bench/attack.py --quick    # 20 sequential builds instead of 200
    python bench/attack.py --only junk,bodies
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from contextlib import suppress
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVER = r"""
import sys
from osallisuuspeli.web.app import create_app, server
app = create_app({"ROOT": sys.argv[1], "WORKERS": 2, "WAITING": 4})
s = server(app, "127.0.0.1", 0, 16)
print(s.bind_addr[1], flush=True)
s.serve()
"""
FORM = urllib.parse.urlencode({"deck": "helsinki", "lang": "fi"}).encode()


# -- measuring ----------------------------------------------------------------
def tree(pid: int) -> list[int]:
    """The process and all its descendants, from /proc."""
    parents: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            with suppress(OSError, IndexError, ValueError):
                stat = Path(f"/proc/{entry.name}/stat").read_text()
                parents.setdefault(int(stat.rsplit(")", 1)[1].split()[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo += parents.get(p, [])
    return found


def rss(pid: int) -> int:
    with suppress(OSError, StopIteration), open(f"/proc/{pid}/status") as f:
        return int(next(line.split()[1] for line in f if line.startswith("VmRSS:"))) * 1024
    return 0


def disk(root: Path) -> int:
    total = 0
    for folder, dirs, files in os.walk(root):
        for name in files + dirs:
            with suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
    return total


def spooled(pids: list[int]) -> int:
    """Disk held by files the processes have open and have deleted: the uploads
    werkzeug spools to the system's temporary folder while a form is read."""
    total = 0
    for pid in pids:
        with suppress(OSError):
            for fd in os.scandir(f"/proc/{pid}/fd"):
                with suppress(OSError):
                    if os.readlink(fd.path).endswith(" (deleted)"):
                        total += os.stat(fd.path).st_blocks * 512
    return total


class Sampler:
    """The server tree's summed memory, the disk under ROOT and in deleted open
    files (spooled uploads), every 0.1 s; peaks since the last reset."""

    def __init__(self, pid: int, root: Path):
        self.pid, self.root = pid, root
        self.memory = self.used = self.spooled = self.processes = self.generation = 0
        self._stop = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()

    def reset(self) -> None:
        self.generation += 1
        self.memory = self.used = self.spooled = self.processes = 0

    def _run(self) -> None:
        while not self._stop.wait(0.1):
            generation = self.generation
            pids = tree(self.pid)
            memory, used, held = sum(rss(p) for p in pids), disk(self.root), spooled(pids)
            if generation == self.generation:  # not a sample begun before a reset
                self.memory, self.used = max(self.memory, memory), max(self.used, used)
                self.spooled = max(self.spooled, held)
                self.processes = max(self.processes, len(pids))

    def stop(self) -> None:
        self._stop.set()


class Prober:
    """A normal client: the page every 0.25 s; how many were answered 200, and the slowest."""

    def __init__(self, url: str):
        self.url, self.answered, self.asked, self.slowest = url, 0, 0, 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.wait(0.25):
            self.asked += 1
            started = time.monotonic()
            try:
                with urllib.request.urlopen(f"{self.url}/?lang=en", timeout=10) as r:
                    self.answered += r.status == 200 and b"Make a print kit" in r.read()
            except OSError:
                pass
            self.slowest = max(self.slowest, time.monotonic() - started)

    def stop(self) -> str:
        self._stop.set()
        self._thread.join()
        return f"page answered {self.answered}/{self.asked}, slowest {self.slowest:.2f} s"


# -- the attacks --------------------------------------------------------------
def post(url: str, data: bytes = FORM, content_type: str = "application/x-www-form-urlencoded") -> int:
    request = urllib.request.Request(f"{url}/build?lang=en", data=data, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=180) as r:
            r.read()
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except OSError:
        return -1  # reset or timed out


def at_once(url: str, n: int, make) -> Counter:
    statuses: list[int] = []
    threads = [threading.Thread(target=lambda: statuses.append(make())) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return Counter(statuses)


def junk_upload(url: str) -> int:
    """A 19 MB file that looks like a zip and is not one."""
    boundary = "junkjunkjunk"
    junk = b"PK\x03\x04" + os.urandom(19 * 1024 * 1024)
    body = (
        (
            f'--{boundary}\r\nContent-Disposition: form-data; name="deck"\r\n\r\nupload\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="lang"\r\n\r\nfi\r\n'
            f'--{boundary}\r\nContent-Disposition: form-data; name="deck_file"; filename="deck.zip"\r\n'
            "Content-Type: application/zip\r\n\r\n"
        ).encode()
        + junk
        + f"\r\n--{boundary}--\r\n".encode()
    )
    return post(url, body, f"multipart/form-data; boundary={boundary}")


def answer(s: socket.socket) -> str:
    try:
        data = s.recv(65536)
    except ConnectionResetError:
        return "closed"
    except TimeoutError:
        return "still open"
    return data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else ("closed" if not data else "?")


def trickle(port: int, n: int, head: bytes, seconds: float) -> tuple[Counter, float]:
    """`n` connections that send `head` and then a byte every 2 s for `seconds`:
    what each was answered, and when the last was let go."""
    started = time.monotonic()
    conns = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(n)]
    for s in conns:
        with suppress(OSError):
            s.sendall(head)
    open_ = set(range(n))
    said: dict[int, str] = {}
    while open_ and time.monotonic() - started < seconds:
        for i in list(open_):
            try:
                conns[i].send(b"x")
            except OSError:
                open_.discard(i)
        for i in list(open_):
            conns[i].settimeout(0.01)
            try:
                data = conns[i].recv(65536)
            except TimeoutError:
                continue
            except OSError:
                data = b""
            said[i] = data.split(b" ", 2)[1].decode() if data.startswith(b"HTTP/") else "closed"
            open_.discard(i)
        time.sleep(2)
    last = time.monotonic() - started
    for i in open_:
        conns[i].settimeout(1)
        said[i] = answer(conns[i])
    for s in conns:
        s.close()
    return Counter(said.values()), last


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--only", default="builds,junk,headers,bodies,sequential", help="the attacks to run, by these names")
    args = parser.parse_args()
    sequential = 20 if args.quick else 200
    chosen = set(args.only.split(","))
    root = Path(tempfile.mkdtemp(prefix="osallisuuspeli-attack-"))
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(ROOT)) if p)
    }  # an installed copy first, if given
    server = subprocess.Popen([sys.executable, "-c", SERVER, str(root)], stdout=subprocess.PIPE, text=True, env=env)
    assert server.stdout is not None
    port = int(server.stdout.readline())
    url = f"http://127.0.0.1:{port}"
    sampler = Sampler(server.pid, root)
    time.sleep(0.5)
    print(f"server idle: {sampler.memory / 2**20:.1f} MB in {sampler.processes} process(es)\n")
    print(f"{'attack':44} {'answers':40} {'page meanwhile':34} {'peak memory':>12} {'peak disk':>10}")
    rows = []

    def attack(name: str, run) -> None:
        if not any(word in name for word in chosen):
            return
        sampler.reset()
        prober = Prober(url)
        started = time.monotonic()
        outcome = run()
        seconds = time.monotonic() - started
        page = prober.stop()
        time.sleep(0.3)
        rows.append((name, outcome, page, seconds, sampler.memory, sampler.used, sampler.processes))
        print(
            f"{name:44} {outcome:40} {page:34} {sampler.memory / 2**20:9.1f} MB {sampler.used / 2**20:7.1f} MB"
            f"  ({seconds:.1f} s, {sampler.processes} processes at most; {disk(root) / 2**20:.1f} MB under ROOT after;"
            f" {sampler.spooled / 2**20:.1f} MB at most in spooled uploads, outside ROOT)",
            flush=True,
        )

    post(url)  # warm: templates, the first worker
    attack("50 builds at once", lambda: " ".join(f"{k}×{v}" for k, v in sorted(at_once(url, 50, lambda: post(url)).items())))
    attack(
        "10 junk uploads of 19 MB at once",
        lambda: " ".join(f"{k}×{v}" for k, v in sorted(at_once(url, 10, lambda: junk_upload(url)).items())),
    )
    slow_head = b"GET /?lang=en HTTP/1.1\r\nHost: x\r\n"
    attack(
        "40 slow headers (a byte every 2 s)",
        lambda: "{} (last let go after {:.0f} s)".format(
            *(lambda c, t: (" ".join(f"{k}×{v}" for k, v in sorted(c.items())), t))(*trickle(port, 40, slow_head, 40))
        ),
    )
    slow_body = (
        f"POST /build?lang=en HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
        "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000\r\n\r\n--b\r\n"
    ).encode()
    attack(
        "40 slow bodies (10 MB said, a byte every 2 s)",
        lambda: "{} (last let go after {:.0f} s)".format(
            *(lambda c, t: (" ".join(f"{k}×{v}" for k, v in sorted(c.items())), t))(*trickle(port, 40, slow_body, 60))
        ),
    )
    attack(
        f"{sequential} sequential builds",
        lambda: " ".join(f"{k}×{v}" for k, v in sorted(Counter(post(url) for _ in range(sequential)).items())),
    )
    time.sleep(1)
    print(
        f"\nafter every attack: {disk(root) / 2**20:.1f} MB under ROOT (results kept for 15 minutes), server tree {sum(rss(p) for p in tree(server.pid)) / 2**20:.1f} MB"
    )
    sampler.stop()
    server.terminate()
    server.wait(10)
    shutil.rmtree(root, ignore_errors=True)  # the server was stopped, not closed: its results are still there


if __name__ == "__main__":
    main()
