"""Benchmark: the card engine on decks of 66, 660 and 6,600 cards.

Each size is a deck folder of the built-in Helsinki deck repeated (ids made
unique), built to a duplex A4 cards PDF in a fresh process, so the figures are
whole-process: start-up, loading and validation, fitting, drawing, writing.

    python bench/cards.py            # all sizes
    python bench/cards.py 66 660     # some

Prints seconds (wall, the best of several interleaved runs), peak resident
memory and bytes per card, for this engine and for bench/reference.py, and
the ratio of their best times.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.decks import big_deck  # noqa: E402
from bench.measure import run  # noqa: E402

BUILD = """
import sys
from osallisuuspeli.deck.geometry import SheetSpec
from pathlib import Path
from osallisuuspeli.deck.render import cards_pdf
from osallisuuspeli.load import load_deck
from osallisuuspeli.units import PAPERS, CARD_SIZES
deck = load_deck(sys.argv[1], "fi")
Path(sys.argv[2]).write_bytes(cards_pdf(deck, SheetSpec(PAPERS["a4"], CARD_SIZES["poker"])))
"""


def main(sizes: list[int]) -> None:
    print(f"{'':<14} {'cards':>6}  {'seconds':>8}  {'peak MB':>8}  {'bytes/card':>10}  {'ratio':>6}")
    engines = {"osallisuuspeli": ["-c", BUILD], "reference": [str(ROOT / "bench" / "reference.py")]}
    with tempfile.TemporaryDirectory() as tmp:
        for size in sizes:
            folder = Path(tmp) / f"deck{size}"
            count = big_deck(folder, max(1, size // 66), distinct=False)
            runs: dict[str, list[tuple[float, float]]] = {name: [] for name in engines}
            # interleaved, so that a busy moment of the machine hits both alike; small decks are noisy;
            # the first round is not counted (it writes the bytecode an installed package already has)
            for round_ in range(16 if count < 1000 else 4):
                for name, command in engines.items():
                    result = run([*command, str(folder), str(Path(tmp) / f"{name}{size}.pdf")])
                    if round_:
                        runs[name].append(result)
            best = {name: min(r[0] for r in results) for name, results in runs.items()}
            for name, results in runs.items():
                nbytes = (Path(tmp) / f"{name}{size}.pdf").stat().st_size
                ratio = f"{best['osallisuuspeli'] / best['reference']:.2f}x" if name == "reference" else ""
                print(f"{name:<14} {count:>6}  {best[name]:>8.2f}  {max(r[1] for r in results):>8.1f}  {nbytes / count:>10.0f}  {ratio:>6}")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [66, 660, 6600])
