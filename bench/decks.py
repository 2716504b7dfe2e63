"""Large decks for benchmarks and tests: the built-in Helsinki deck repeated."""

from __future__ import annotations

from pathlib import Path

import yaml

from osallisuuspeli.places import BUILTIN_DECKS

_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def big_deck(folder: Path, copies: int, distinct: bool = True) -> int:
    """Write the Helsinki deck `copies` times over into `folder`, each card with
    its own id and, if `distinct`, its own texts (a number added, so that
    nothing cached for one card serves another); return the card count."""
    source = BUILTIN_DECKS / "helsinki"
    structure = yaml.safe_load((source / "deck.yaml").read_text(encoding="utf-8"))
    texts = yaml.safe_load((source / "fi.yaml").read_text(encoding="utf-8"))
    base, cards, card_texts = structure["cards"], [], {}
    for k in range(copies):
        for card in base:
            new = f"{card['id']}-{k}"
            cards.append({"id": new, "theme": card["theme"]})
            text = dict(texts["cards"][card["id"]])  # a copy: no YAML aliases
            if distinct:
                text = {key: f"{value} {k + 1}" for key, value in text.items()}
            card_texts[new] = text
    structure["cards"], texts["cards"] = cards, card_texts
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in (("deck.yaml", structure), ("fi.yaml", texts)):
        (folder / name).write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True), encoding="utf-8")
    return len(cards)
