"""Large decks: cards are streamed from the YAML to disk and from disk to the
PDF, so memory does not grow with the number of cards.

Memory is measured with tracemalloc (Python's own allocations, counted the
same on every machine), never with timings."""
from __future__ import annotations

import gc
import io
import sys
import tracemalloc
import unicodedata

import pypdf
import pytest
import yaml

from bench.decks import big_deck
from osallisuuspeli.cli import main
from osallisuuspeli.deck.geometry import SheetSpec
from osallisuuspeli.deck.render import write_cards
from osallisuuspeli.load import load_deck
from osallisuuspeli.pdfdoc import canvas, finish_page
from osallisuuspeli.units import CARD_SIZES, PAPERS
from osallisuuspeli.yamlfile import _RTL, unprintable

from .conftest import line_of, replace_in


def test_cards_come_in_deck_yaml_order_whatever_the_order_of_the_language_file(deck_copy):
    fi = deck_copy / "fi.yaml"
    data = yaml.safe_load(fi.read_text(encoding="utf-8"))
    data["cards"] = dict(reversed(list(data["cards"].items())))
    fi.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    deck = load_deck(deck_copy, "fi")
    order = [c["id"] if isinstance(c, dict) else c for c in yaml.safe_load((deck_copy / "deck.yaml").read_text(encoding="utf-8"))["cards"]]
    assert [c.id for c in deck.cards] == order
    assert [c.number for c in deck.cards] == list(range(1, 67))
    assert deck.cards[0].title == "Yhteis\u00adkehittäminen" and deck.cards[0].theme.id == "kayttajat"
    assert [c.id for c in deck.cards[3:6]] == order[3:6] and deck.cards[-1].id == order[-1]


@pytest.mark.parametrize(
    "inserted, lines_down, message",
    [
        ("  asiakasraati:\n    title: Asiakasraati\n", 2, "duplicate key 'asiakasraati' (first at line {at})"),
        # a key that is a list: refused, its value skipped, and the cards after it still read (no other message)
        ("  ? [asiakas, raati]\n  : {title: Raati}\n", 0, "keys must be plain words"),
    ],
    ids=["a card listed twice", "a list as a card's key"],
)
def test_a_bad_key_among_a_language_files_cards(runner, deck_copy, inserted, lines_down, message):
    fi = deck_copy / "fi.yaml"
    at = line_of(fi, "  asiakasraati:")
    replace_in(fi, "  asiakasraati:\n", inserted + "  asiakasraati:\n")
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {fi}:{at + lines_down}: {message.format(at=at)}\n"


def test_cards_may_come_before_themes_in_deck_yaml(runner, deck_copy):
    """Cards are checked against the themes after the whole file is read."""
    path = deck_copy / "deck.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["cards"][4]["theme"] = "tuntematon"
    path.write_text(yaml.safe_dump({"cards": data.pop("cards"), **data}, allow_unicode=True), encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert result.exit_code == 2
    themes = "kayttajat, alueyhteistyo, kansalaistoiminta, asiakaskokemus, toimintatavat"
    assert result.stderr == f"osallisuuspeli: {path}:{line_of(path, 'tuntematon') - 1}: card 'asiakas-tai-kavijatutkimus' has an unknown theme 'tuntematon' (themes: {themes})\n"


def test_the_fast_printable_check_knows_every_right_to_left_letter():
    """unprintable() skips its character loop when a text is printable and has
    nothing in _RTL; so _RTL must hold every right-to-left character."""
    missed = [f"U+{c:04X}" for c in range(sys.maxunicode + 1) if unicodedata.bidirectional(chr(c)) in ("R", "AL") and chr(c).isprintable() and not _RTL.search(chr(c))]
    assert missed == []
    assert unprintable("Yhteis\u00adkehittäminen – hyvä\ntoinen rivi") == ""
    assert unprintable("\u05e9\u05dc\u05d5\u05dd").startswith("contains right-to-left text (U+05E9")


def _traced(action) -> tuple[int, int]:
    """Python memory (bytes) still held after `action`, and its peak during it."""
    gc.collect()
    tracemalloc.start()
    try:
        start = tracemalloc.get_traced_memory()[0]
        result = action()
        gc.collect()
        now, peak = tracemalloc.get_traced_memory()
        del result
        return now - start, peak - start
    finally:
        tracemalloc.stop()


def test_a_loaded_deck_does_not_hold_its_cards(tmp_path):
    small, large = tmp_path / "small", tmp_path / "large"
    big_deck(small, 3), big_deck(large, 30)
    load_deck(small, "fi")  # modules, content files and caches loaded once
    held_small, _ = _traced(lambda: load_deck(small, "fi"))
    held_large, _ = _traced(lambda: load_deck(large, "fi"))
    # 1,782 more cards: held as tuples they took about 700 KB
    assert held_large - held_small < 50_000


def test_drawing_three_times_the_cards_takes_no_more_memory(tmp_path):
    """Pages go to the file as they are finished: the peak grows only by the
    few hundred bytes a page that wait for the end (the cross-reference table,
    the page list, the bookmarks). The texts repeat, so that the text engine's
    caches (bounded, and measured in bench/memory.py) weigh the same in both
    runs. Before, 1,320 more cards took 2.9 MB more."""
    spec = SheetSpec(PAPERS["a4"], CARD_SIZES["poker"])
    for n in (10, 30):
        big_deck(tmp_path / str(n), n, distinct=False)
    decks = {n: load_deck(tmp_path / str(n), "fi") for n in (10, 30)}

    def draw(n: int) -> int:
        with (tmp_path / f"{n}.pdf").open("wb") as f:
            return write_cards(f, decks[n], spec)

    draw(30)  # modules and caches
    _, peak_660 = _traced(lambda: draw(10))
    _, peak_1980 = _traced(lambda: draw(30))
    assert len(pypdf.PdfReader(tmp_path / "30.pdf").pages) == 2 * 1980 // 9
    assert peak_1980 - peak_660 < 1_000_000  # for 294 more pages


def test_a_page_is_in_the_file_as_soon_as_it_is_finished():
    out = io.BytesIO()
    c = canvas(out, (200, 200), title="t", subject="s", language="fi")
    c.drawString(10, 10, "Sivu 1")
    finish_page(c)
    written = out.tell()
    assert written > 0 and b"Sivu 1" not in out.getvalue()  # compressed, but there
    assert [type(p).__name__ for p in c._doc.Pages.pages] == ["PDFObjectReference"]  # the page object itself is gone
    c.drawString(10, 10, "Sivu 2")
    finish_page(c)
    assert out.tell() > written
    c.save()
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    assert [p.extract_text().strip() for p in reader.pages] == ["Sivu 1", "Sivu 2"]


@pytest.mark.parametrize("fillable", [False, True])
def test_the_kit_holds_every_part_page_for_page(runner, tmp_path, fillable):
    out = tmp_path / "out"
    result = runner.invoke(main, ["build", "--out", str(out), "-q", *(["--fillable"] if fillable else [])])
    assert result.exit_code == 0, result.output
    folder = out / "fi"
    kit = pypdf.PdfReader(folder / "kit.pdf")
    parts = ["guide", "cards", "leader-cards", "board", "tokens", "calibrate"]
    pages = [p for name in parts for p in pypdf.PdfReader(folder / f"{name}.pdf").pages]
    assert len(kit.pages) == len(pages) == 31
    for mine, theirs in zip(kit.pages, pages):
        assert mine.mediabox == theirs.mediabox and mine.get("/TrimBox") == theirs.get("/TrimBox")
        assert mine.get_contents().get_data() == theirs.get_contents().get_data()
    fields = pypdf.PdfReader(folder / "board.pdf").get_fields() or {}
    assert set(kit.get_fields() or {}) == set(fields) and (len(fields) == 32) == fillable
    assert kit.trailer["/Root"]["/ViewerPreferences"]["/PrintScaling"] == "/None"



def test_shared_things_on_streamed_pages_survive(tmp_path):
    """Transparency, a link, one image on every page and bookmarks: objects first
    met while a page is written, then used again by the next pages."""
    from PIL import Image

    Image.new("RGB", (8, 8), "#0072C6").save(tmp_path / "logo.png")
    path = tmp_path / "mixed.pdf"
    with path.open("wb") as out:
        c = canvas(out, (200, 200), title="t", subject="s", language="fi")
        for i in range(3):
            c.setFillAlpha(0.5)
            c.rect(10, 10, 50, 50, fill=1)
            c.linkURL("https://www.hel.fi/osallisuusmalli", (10, 10, 60, 60))
            c.drawImage(str(tmp_path / "logo.png"), 100, 100, 50, 50)
            c.bookmarkPage(f"p{i}")
            c.addOutlineEntry(f"Sivu {i + 1}", f"p{i}")
            finish_page(c)
        c.save()
    reader = pypdf.PdfReader(path)
    assert [o.title for o in reader.outline] == ["Sivu 1", "Sivu 2", "Sivu 3"]
    assert [reader.get_destination_page_number(o) for o in reader.outline] == [0, 1, 2]
    assert [p["/Annots"][0].get_object()["/A"]["/URI"] for p in reader.pages] == ["https://www.hel.fi/osallisuusmalli"] * 3
    images = {p["/Resources"]["/XObject"].raw_get(name).idnum for p in reader.pages for name in p["/Resources"]["/XObject"]}
    assert len(images) == 1  # one image object, shared by the three pages
