"""Running a command in a fresh Python process: its seconds and peak memory.

Peak memory is the child's own high-water mark (VmHWM, read from /proc as it
exits), not wait4's ru_maxrss: a forked child's ru_maxrss includes what it
shared with its parent before exec, so a benchmark that has just made a
10,000-card deck in memory would see its own size in every child.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYCACHE = str(Path(tempfile.gettempdir()) / "osallisuuspeli-bench-pycache")  # outside the repository

WRAPPER = r"""
import atexit, runpy, sys
report = sys.argv.pop(1)
def high_water():
    with open("/proc/self/status") as f:
        kb = next(line.split()[1] for line in f if line.startswith("VmHWM:"))
    with open(report, "w") as f:
        f.write(kb)
atexit.register(high_water)
kind, what = sys.argv[1], sys.argv[2]
sys.argv = [what, *sys.argv[3:]]
if kind == "-c":
    exec(compile(what, "<bench>", "exec"), {"__name__": "__main__"})
elif kind == "-m":
    runpy.run_module(what, run_name="__main__", alter_sys=True)
else:
    runpy.run_path(what, run_name="__main__")
"""


def run(command: list[str]) -> tuple[float, float]:
    """Seconds and peak resident memory (MB) of `python <command>`, where
    command is ["-c", code, args...], ["-m", module, args...] or [script, args...]."""
    if command[0] not in ("-c", "-m"):
        command = ["script", *command]
    env = dict(os.environ, PYTHONPYCACHEPREFIX=PYCACHE)  # the package's bytecode kept, as an installed one has it
    env["PYTHONPATH"] = os.pathsep.join(p for p in (os.environ.get("PYTHONPATH"), str(ROOT)) if p)  # this checkout, run from anywhere
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # an installed package has its bytecode; compiling on every run is not what users wait for
    with tempfile.NamedTemporaryFile("r") as report:
        start = time.perf_counter()
        result = subprocess.run([sys.executable, "-c", WRAPPER, report.name, *command], env=env, stdout=subprocess.DEVNULL)
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            raise SystemExit(f"{command[:2]} failed with status {result.returncode}")
        return seconds, int(Path(report.name).read_text()) / 1024
