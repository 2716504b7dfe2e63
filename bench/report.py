"""The report of a national season: 6,000 workshops (300 units x 20) made in
memory, then report.pdf and report.xlsx, each in a fresh process, timed
and their peak memory read (bench/measure.py), beside bench/reference.py.

    python bench/report.py              # 600, 2,000 and 6,000 workshops
    python bench/report.py --one N pdf  # (inside) one build, for measure.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def season(n: int, language: str = "fi"):
    """`n` workshops of the Helsinki deck: 300 units, dates over 2026, each
    team placing 8 cards, two tokens and two actions; every 50th sheet from
    a kit without the last card, every 97th nearly empty."""
    from osallisuuspeli.results.workshop import Action, Workshop
    from tests.workshops import Season, deck_texts

    texts = deck_texts()
    cards = texts.cards
    columns = ("done_well", "tried", "worth_trying")
    out = []
    for i in range(n):
        placed = tuple((cards[(i * 7 + k * 5) % len(cards)], columns[(i + k) % 3]) for k in range(8))
        tokens = ((cards[i % len(cards)], "keep"), (cards[(i + 3) % len(cards)], "drop"))
        actions = tuple(
            Action(goal=f"Tavoite {i}.{k}", method="Kokeilut", responsible=f"Vastaava {k}", timetable="kevät 2027") for k in range(2)
        )
        thin = i % 97 == 0
        out.append(
            Workshop(
                "helsinki",
                "fi" if i % 3 else "sv",
                (f"yksikko{i % 300}/tiimi{i}.pdf",),
                ("v1",),
                f"2026-{1 + i * 12 // n:02d}-{1 + i % 28:02d}",
                "",
                f"Yksikkö {i % 300}",
                "Pelinjohtaja",
                5 + i % 9,
                str(5 + i % 9),
                "asukkaat",
                "",
                cards[:-1] if i % 50 == 0 else cards,
                () if thin else placed,
                () if thin else tokens,
                (),
                (),
                () if thin else actions,
                (("step1.notes", "Muistiinpano"),) if i % 5 == 0 else (),
            )
        )
    return Season(tuple(out), (), texts, language, n)


def one(n: int, what: str) -> None:
    from osallisuuspeli.results.report import report_pdf, report_xlsx

    s = season(n)
    start = time.perf_counter()
    data = report_pdf(s) if what == "pdf" else report_xlsx(s)
    print(f"{what} {n}: {time.perf_counter() - start:.2f} s building, {len(data) / 1e6:.1f} MB", file=sys.stderr)


def main() -> None:
    from bench.measure import run

    folder = ROOT / "osallisuuspeli" / "content" / "decks" / "helsinki"
    with tempfile.TemporaryDirectory() as tmp:
        ref = run([str(ROOT / "bench" / "reference.py"), str(folder), str(Path(tmp) / "ref.pdf")])
    print("| workshops | file | seconds | peak memory | reference |")
    print("| --- | --- | --- | --- | --- |")
    for n in (600, 2000, 6000):
        for what in ("pdf", "xlsx"):
            seconds, mb = run([__file__, "--one", str(n), what])
            print(f"| {n:,} | report.{what} | {seconds:.2f} | {mb:.1f} MB | {ref[0]:.2f} s, {ref[1]:.1f} MB |", flush=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        one(int(sys.argv[2]), sys.argv[3])
    else:
        main()
