"""Benchmark: whole commands as a facilitator runs them, against the yardstick.

Each command runs in a fresh process (start-up, imports, loading, checking,
drawing, writing every file), interleaved with bench/reference.py's 66-card
sheet so that a busy moment of the machine hits both alike; the first round
is not counted (it writes the bytecode an installed package already has).

    python bench/kit.py              # every row below
    python bench/kit.py --quick      # fewer rounds

Rows: `osallisuuspeli --help`; the default kit (`build`, every file); every
language with PNG images (`build --lang all --png`, which uses both cores);
and the largest deck the loader accepts (66 x 15 = 990 cards; at most 1,000), with its peak memory.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.decks import big_deck  # noqa: E402
from bench.measure import run  # noqa: E402


def main(rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "out"
        helsinki = Path(tmp) / "helsinki"
        big_deck(helsinki, 1, distinct=False)
        big = Path(tmp) / "big"
        count = big_deck(big, 15)  # 990 cards: the loader refuses more than 1,000
        rows = {
            "reference: 66-card sheet": ([str(ROOT / "bench" / "reference.py"), str(helsinki), str(Path(tmp) / "ref.pdf")], rounds),
            "osallisuuspeli --help": (["-m", "osallisuuspeli", "--help"], rounds),
            "build (the default kit)": (["-m", "osallisuuspeli", "build", "--out", str(out), "-q"], rounds),
            "build --lang all --png": (
                ["-m", "osallisuuspeli", "build", "--lang", "all", "--png", "--out", str(out), "-q"],
                max(2, rounds // 4),
            ),
            f"build --deck ({count:,} cards)": (["-m", "osallisuuspeli", "build", "--deck", str(big), "--out", str(out), "-q"], 2),
        }
        results: dict[str, list[tuple[float, float]]] = {name: [] for name in rows}
        for round_ in range(max(r for _, r in rows.values()) + 1):
            for name, (command, wanted) in rows.items():
                if round_ <= wanted:
                    result = run(command)
                    if round_:
                        results[name].append(result)
        reference = min(s for s, _ in results["reference: 66-card sheet"])
        print(f"{'':<32} {'seconds':>8} {'× reference':>12} {'peak MB':>8}")
        for name, measured in results.items():
            best = min(s for s, _ in measured)
            print(f"{name:<32} {best:>8.2f} {best / reference:>11.2f}× {max(m for _, m in measured):>8.1f}")


if __name__ == "__main__":
    main(3 if "--quick" in sys.argv else 10)
