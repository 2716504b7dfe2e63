"""Filling boards and results sheets as teams would, with pypdf; and seasons made by hand for the report."""

from __future__ import annotations

from pathlib import Path

import pypdf
from pypdf.generic import NameObject

from osallisuuspeli.results.season import Season, Skipped
from osallisuuspeli.results.texts import DeckTexts, from_deck, gather
from osallisuuspeli.results.workshop import Action, Workshop


def fill(source: Path, target: Path, values: dict[str, str], ticks: set[str] = frozenset()) -> None:
    """`source` with text `values` and the check boxes `ticks` (full field names) filled, saved as `target`."""
    reader = pypdf.PdfReader(source)
    writer = pypdf.PdfWriter(clone_from=reader)
    known = reader.get_fields() or {}
    unknown = (set(values) | set(ticks)) - set(known)
    assert not unknown, unknown
    for page in writer.pages:
        writer.update_page_form_field_values(page, values, auto_regenerate=False)
        for annot in page.get("/Annots", []):
            a = annot.get_object()
            parent = a.get("/Parent")
            name = a.get("/T")
            full = [str(name)]
            while parent is not None:
                p = parent.get_object()
                full.insert(0, str(p["/T"]))
                parent = p.get("/Parent")
            if ".".join(full) in ticks:
                a[NameObject("/V")] = NameObject("/Yes")
                a[NameObject("/AS")] = NameObject("/Yes")
    writer.write(target)


def team(
    sheet: Path,
    target: Path,
    details: dict[str, str],
    placed: dict[str, str],
    tokens: dict[str, str] | None = None,
    actions: list[dict] = (),
    own=(),
) -> None:
    """A results sheet filled: details by key, card id -> column, card id -> token, step-7 rows, own methods."""
    values = {f"workshop.{k}": v for k, v in details.items()}
    for i, action in enumerate(actions, 1):
        values |= {f"actions.row{i}.{k}": v for k, v in action.items()}
    for i, (name, text) in enumerate(own, 1):
        values |= {f"own.row{i}.title": name, f"own.row{i}.description": text}
    ticks = {f"cards.{c}.{col}" for c, col in placed.items()} | {f"cards.{c}.{t}" for c, t in (tokens or {}).items()}
    fill(sheet, target, values, ticks)


# --- seasons made by hand, for the report's tests ----------------------------


def workshop(cards: tuple[str, ...], **fields) -> Workshop:
    """A workshop record with nothing in it but `cards` in play and `fields`."""
    base = dict(
        deck="helsinki",
        language="fi",
        files=("tiimi.pdf",),
        versions=("v1",),
        date="",
        date_typed="",
        organisation="",
        leader="",
        participants=None,
        participants_typed="",
        target_group="",
        scope="",
        cards=cards,
        placed=(),
        tokens=(),
        unplaced=(),
        own=(),
        actions=(),
        notes=(),
    )
    base |= fields
    if base["date"] and not base["date_typed"]:
        base["date_typed"] = base["date"]
    if base["participants"] is not None and not base["participants_typed"]:
        base["participants_typed"] = str(base["participants"])
    return Workshop(**base)


def deck_texts(deck: str = "helsinki") -> DeckTexts:
    """A built-in deck's words in fi, sv and en."""
    from osallisuuspeli.load import load_deck

    fi, sv, en = (from_deck(load_deck(deck, lang)) for lang in ("fi", "sv", "en"))
    return gather(deck, [fi], [sv, en], reference="fi")


def synthetic_texts(cards: int, themes: int) -> DeckTexts:
    """A deck of `cards` cards in `themes` themes (0: none), long titles in fi and en."""
    ids = tuple(f"c{i}" for i in range(1, cards + 1))
    tids = tuple(f"t{i}" for i in range(1, themes + 1))
    theme_of = {c: (tids[i * themes // cards] if themes else "") for i, c in enumerate(ids)}
    fi = {c: f"Vanhempainyhdistysten ja asukasraatien yhteiskehittämistyöpaja numero {i}" for i, c in enumerate(ids, 1)}
    en = {c: f"Co-development workshop of parents' associations and residents' panels number {i}" for i, c in enumerate(ids, 1)}
    return DeckTexts(
        "iso",
        "fi",
        ids,
        {c: i for i, c in enumerate(ids, 1)},
        tids,
        theme_of,
        {"": "#0072C6"} | {t: "#8A4F9E" for t in tids},
        {"fi": fi, "en": en},
        {"fi": {t: f"Teema {t}" for t in tids}, "en": {t: f"Theme {t}" for t in tids}},
        {"fi": ("Tehdään jo hyvin", "Kokeiltu", "Kannattaa kokeilla"), "en": ("Done well", "Tried", "Worth trying")},
        {"fi": "Iso pakka", "en": "Big deck"},
    )


__all__ = ["Action", "Season", "Skipped", "deck_texts", "fill", "synthetic_texts", "team", "workshop"]
