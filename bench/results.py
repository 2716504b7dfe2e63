"""A national season through `results` and `report`: 6,000 filled results
sheets (Finnish and Swedish, 300 units in folders of their own, dates over a
year), timed with their peak memory (the command and its worker processes
together), beside a reference in the same run: one process that only opens
each file with pikepdf and reads its fields, the least any reader must do.

    python bench/results.py [SHEETS]        # default 6000; the season is made once into a cache folder
"""

from __future__ import annotations

import multiprocessing
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "osallisuuspeli-bench-season"


def _tree_rss(pid: int) -> int:
    """Resident kilobytes of a process and all its descendants."""
    total = 0
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                children.setdefault(int(fields[1]), []).append(int(entry.name))
            except OSError:
                continue
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            status = Path(f"/proc/{p}/status").read_text()
            total += int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS:")))
        except (OSError, StopIteration):
            pass
        todo += children.get(p, [])
    return total


def run(args: list[str]) -> tuple[float, float]:
    """Seconds and the peak of the process tree's memory (MB), sampled every 50 ms."""
    start = time.perf_counter()
    child = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0
    while child.poll() is None:
        peak = max(peak, _tree_rss(child.pid))
        time.sleep(0.05)
    return time.perf_counter() - start, peak / 1024


def _variant(job: tuple[str, str, int]) -> None:
    import pikepdf

    template, target, seed = job
    rnd = random.Random(seed)
    with pikepdf.open(template) as pdf:
        fields = {}
        for top in pdf.Root.AcroForm.Fields:
            stack = [(top, str(top.T))]
            while stack:
                node, name = stack.pop()
                kids = [k for k in node.get("/Kids", []) if "/T" in k]
                if kids:
                    stack += [(k, f"{name}.{k.T}") for k in kids]
                else:
                    fields[name] = node
        month, day = rnd.randint(1, 12), rnd.randint(1, 28)
        values = {
            "workshop.date": f"{day}.{month}.2026",
            "workshop.organisation": f"Kunta {seed % 300:03d}",
            "workshop.participants": str(rnd.randint(4, 9)),
            "workshop.leader": f"Pelinjohtaja {seed}",
            "actions.row1.goal": f"Tavoite {seed}",
            "actions.row1.timetable": f"{day}.{month}.2027",
        }
        for name, text in values.items():
            fields[name].V = pikepdf.String(text)
        cards = sorted({n.split(".")[1] for n in fields if n.startswith("cards.")})
        for card in rnd.sample(cards, 12):
            box = fields[f"cards.{card}.{rnd.choice(['done_well', 'tried', 'worth_trying'])}"]
            box.V = box.AS = pikepdf.Name.Yes
        pdf.save(target)


def season(sheets: int) -> Path:
    folder = CACHE / str(sheets)
    if folder.is_dir() and sum(1 for _ in folder.rglob("*.pdf")) == sheets:
        return folder
    kit = CACHE / "kit"
    for lang in ("fi", "sv"):
        if not (kit / lang / "results-sheet.pdf").is_file():
            subprocess.run([sys.executable, "-m", "osallisuuspeli", "build", "-q", "--lang", lang, "--out", str(kit)], check=True, cwd=ROOT)
    jobs = []
    for i in range(sheets):
        unit = folder / f"kunta-{i % 300:03d}"
        unit.mkdir(parents=True, exist_ok=True)
        jobs.append((str(kit / ("sv" if i % 5 == 0 else "fi") / "results-sheet.pdf"), str(unit / f"tiimi-{i}.pdf"), i))
    with multiprocessing.Pool() as pool:
        pool.map(_variant, jobs, chunksize=50)
    return folder


REFERENCE = """
import sys, pikepdf
from pathlib import Path
for p in sorted(Path(sys.argv[1]).rglob('*.pdf')):
    with pikepdf.open(p) as pdf:
        info = str(pdf.docinfo.get('/OsallisuuspeliRecord'))
        stack = list(pdf.Root.AcroForm.Fields)
        values = {}
        while stack:
            node = stack.pop()
            stack += [k for k in node.get('/Kids', []) if '/T' in k]
            if '/V' in node:
                values[str(node.T)] = str(node.V)
"""


def main() -> None:
    sheets = int(sys.argv[1]) if len(sys.argv) > 1 else 6000
    folder = season(sheets)
    out = Path(tempfile.mkdtemp())
    cli = [sys.executable, "-m", "osallisuuspeli"]
    rows = [
        ("reference: pikepdf opens each file, reads its fields", [sys.executable, "-c", REFERENCE, str(folder)]),
        ("`results` → results.xlsx", [*cli, "results", str(folder), "--out", str(out / "results.xlsx")]),
        ("`results` → results.csv", [*cli, "results", str(folder), "--out", str(out / "results.csv")]),
        ("`report` → report.pdf and report.xlsx", [*cli, "report", str(folder), "--out", str(out)]),
    ]
    print(f"{sheets} sheets, {os.cpu_count()} cores\n")
    print("| command | seconds | peak memory (MB, with its workers) |\n| --- | --- | --- |")
    for name, args in rows:
        seconds, peak = run(args)
        print(f"| {name} | {seconds:.1f} | {peak:.0f} |")


if __name__ == "__main__":
    main()
