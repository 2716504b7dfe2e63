"""The yardstick: a direct reportlab canvas script with no fitting.

Same workload as bench/cards.py - both sides, 9-up A4, the bundled TrueType
font embedded, greedy word wrapping at one fixed size - with nothing else:
no shrinking, hyphenation, safe zones, forms or checks. The card engine's
target is to stay within 1.3x of this.

    python bench/reference.py DECK_FOLDER OUT.pdf
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from reportlab import rl_config
from reportlab.lib.colors import HexColor
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

FONTS = Path(__file__).resolve().parents[1] / "fonts"
MM = 72 / 25.4


def main(folder: Path, out: Path) -> None:
    structure = yaml.load((folder / "deck.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    texts = yaml.load((folder / "fi.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
    colours = {t["id"]: HexColor(t["colour"]) for t in structure["themes"]}
    for face in ("Regular", "Bold"):
        pdfmetrics.registerFont(TTFont(face, str(FONTS / f"SourceSansPro-{face}.ttf")))
    rl_config.useA85 = 0
    c = Canvas(str(out), pagesize=(210 * MM, 297 * MM), invariant=1)
    w, h = 63 * MM, 88 * MM
    slots = [(10.5 * MM + col * w, 16.5 * MM + (2 - row) * h) for row in range(3) for col in range(3)]
    cards = structure["cards"]
    for start in range(0, len(cards), 9):
        chunk = cards[start : start + 9]
        for side in ("front", "back"):
            for i, card in enumerate(chunk):
                x, y = slots[i] if side == "front" else (210 * MM - slots[i][0] - w, slots[i][1])
                text = texts["cards"][card["id"]]
                title = text["title"].replace("\u00ad", "")
                c.setFillColor(colours[card["theme"]])
                c.rect(x, y + h - 12 * MM, w, 12 * MM, stroke=0, fill=1)
                c.setFillColor(HexColor("#1A1A1A"))
                c.setFont("Bold", 16)
                top = y + h - 20 * MM
                for line in simpleSplit(title, "Bold", 16, w - 6 * MM):
                    c.drawString(x + 3 * MM, top, line)
                    top -= 18
                if side == "back" and text.get("description"):
                    c.setFont("Regular", 9)
                    for line in simpleSplit(text["description"], "Regular", 9, w - 6 * MM):
                        c.drawString(x + 3 * MM, top, line)
                        top -= 11
                c.setFont("Regular", 6.5)
                c.drawRightString(x + w - 3 * MM, y + 4 * MM, f"{start + i + 1}/{len(cards)}")
            c.showPage()
    c.save()


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
