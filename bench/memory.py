"""Benchmark: peak memory of whole builds as a deck grows from 1,000 to 10,000 cards.

Each size is a deck folder made from the built-in Helsinki deck, repeated
with every card's title and description made different (a number added),
so that nothing a build caches per text is shared between the copies. Each
build runs in a fresh process; the figure is its peak resident memory
(see bench/measure.py), the least of three runs.

    python bench/memory.py               # 1,000 and 10,000 cards
    python bench/memory.py 1000 5000 10000

Prints, per size: the whole `osallisuuspeli build` (every part, kit.pdf,
manifest), the card engine alone (load + cards.pdf), and the same deck loaded
with plain yaml.safe_load (for scale: what the deck's text weighs as Python data).
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.decks import big_deck  # noqa: E402
from bench.measure import run  # noqa: E402

CARDS_ONLY = """
import sys
from pathlib import Path
from osallisuuspeli.deck.geometry import SheetSpec
from osallisuuspeli.deck.render import write_cards
from osallisuuspeli.load import load_deck
from osallisuuspeli.units import PAPERS, CARD_SIZES
with open(sys.argv[2], "wb") as f:
    write_cards(f, load_deck(sys.argv[1], "fi"), SheetSpec(PAPERS["a4"], CARD_SIZES["poker"]))
"""

YAML_ONLY = """
import sys, yaml
for name in ("deck.yaml", "fi.yaml"):
    yaml.load(open(f"{sys.argv[1]}/{name}", encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


def main(sizes: list[int]) -> None:
    print(f"{'cards':>6}  {'build MB':>9}  {'build s':>8}  {'cards.pdf MB':>12}  {'yaml.safe_load MB':>17}")
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"deck{size}"
            count = big_deck(folder, max(1, round(size / 66)))
            out = Path(tmp) / f"out{size}"
            runs = {
                "build": ["-m", "osallisuuspeli", "build", "--deck", str(folder), "--out", str(out), "--quiet"],
                "cards": ["-c", CARDS_ONLY, str(folder), str(Path(tmp) / "cards.pdf")],
                "yaml": ["-c", YAML_ONLY, str(folder)],
            }
            results = {name: [run(command) for _ in range(4)][1:] for name, command in runs.items()}  # the first writes bytecode
            mb = {name: min(r[1] for r in rs) for name, rs in results.items()}
            seconds = min(r[0] for r in results["build"])
            print(f"{count:>6}  {mb['build']:>9.1f}  {seconds:>8.2f}  {mb['cards']:>12.1f}  {mb['yaml']:>17.1f}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [1000, 10000])
