"""The card PDFs as a printer and a print shop receive them."""

from __future__ import annotations

import re
import struct
import zlib

import pypdf
import pypdfium2 as pdfium
import pytest
from PIL import ImageChops, ImageDraw

from osallisuuspeli.cli import main
from osallisuuspeli.deck.geometry import SheetSpec, default_bleed, impose
from osallisuuspeli.deck.render import cards_pdf
from osallisuuspeli.units import CARD_SIZES, MM, PAPERS

from .pdfcheck import fonts_of


def render(pdf: bytes, index: int, scale: float = 1.0):
    """Page `index` as an RGB pixel grid (1 px per point at scale 1), origin top left."""
    page = pdfium.PdfDocument(pdf)[index]
    image = page.render(scale=scale).to_pil().convert("RGB")
    return image


def at(image, x_pt: float, y_pt: float, page_h: float):
    """The pixel at PDF point (x, y) (origin bottom left)."""
    return image.getpixel((int(x_pt), int(page_h - y_pt)))


@pytest.mark.parametrize("side", [0, 1])
def test_each_cards_band_has_its_theme_colour_and_nothing_is_outside_the_printable_area(decks, side):
    deck = decks["helsinki", "fi"]
    spec = SheetSpec(PAPERS["a4"], CARD_SIZES["poker"])
    pdf = cards_pdf(deck, spec)
    imp = impose(spec)
    page = imp.pages[side]
    h = page.size[1]
    image = render(pdf, side)
    for placement in page.placements:
        card = deck.cards[placement.slot]
        t = placement.trim
        pixel = at(image, t.right - 4, t.top - 4, h)  # band corner: no text there (safe zone)
        expected = tuple(round(c * 255) for c in card.theme.colour.rgb)
        assert all(abs(a - b) <= 3 for a, b in zip(pixel, expected)), (card.id, pixel, expected)
    p = imp.printable  # blank it (and a point around it): what is left must be white paper
    ImageDraw.Draw(image).rectangle((p.x - 1, h - p.top - 1, p.right + 1, h - p.y + 1), fill="white")
    assert ImageChops.invert(image.convert("L")).getbbox() is None


def test_the_same_input_gives_the_same_bytes_in_every_mode(decks):
    deck = decks["kunta", "sv"]
    for mode in ("duplex", "gutterfold", "single"):
        spec = SheetSpec(PAPERS["a4"], CARD_SIZES["bridge"], mode=mode, bleed=default_bleed(mode))
        assert cards_pdf(deck, spec, corners=3 * MM, cmyk=True) == cards_pdf(deck, spec, corners=3 * MM, cmyk=True)


def test_single_mode_is_the_print_shops_file(build_kit):
    out = build_kit("--mode", "single", "--cmyk")
    reader = pypdf.PdfReader(out / "fi" / "cards.pdf")
    assert len(reader.pages) == 2 * (66 + 5)  # and a blank card for each theme
    for page in reader.pages[:4]:
        trim = [float(v) for v in page.trimbox]
        bleed = [float(v) for v in page.bleedbox]
        assert [round((t - b) / MM, 3) for t, b in zip(trim[:2], bleed[:2])] == [3.0, 3.0]
        assert [round((b - t) / MM, 3) for t, b in zip(trim[2:], bleed[2:])] == [3.0, 3.0]
        assert round((trim[2] - trim[0]) / MM, 3) == 63 and round((trim[3] - trim[1]) / MM, 3) == 88
    outline = reader.outline
    assert len(outline) == 66 + 5
    assert outline[0].title == "1. Yhteiskehittäminen"
    content = reader.pages[0].get_contents().get_data().decode("latin-1")
    assert " rg" not in content and " k" in content  # CMYK fills only
    assert all(fonts_of(out / "fi" / "cards.pdf").values())


def test_duplex_bookmarks_one_per_sheet_and_document_metadata(build_kit, decks):
    out = build_kit("--lang", "sv")
    reader = pypdf.PdfReader(out / "sv" / "cards.pdf")
    titles = [o.title for o in reader.outline]
    assert titles[0] == "Ark 1 (1–9)"
    assert titles[7] == "Ark 8 (64–66)"
    assert titles[8:] == [f"Tomma kort: {t.short}" for t in decks["helsinki", "sv"].themes]
    meta = reader.metadata
    assert (meta.title, meta.author, meta.subject) == (
        "Delaktighetsspelet: Metodkort",
        "Helsingfors stad",
        "Helsingfors stad",
    )  # the author: the deck's organisation
    assert reader.trailer["/Root"]["/Lang"] == "sv"
    raw = (out / "sv" / "cards.pdf").read_bytes()
    assert b"ASCII85Decode" not in raw


def test_the_frame_every_card_of_a_theme_shares_is_one_form(build_kit):
    reader = pypdf.PdfReader(build_kit() / "fi" / "cards.pdf")
    forms = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject") or {}
        forms |= {xobjects[k].indirect_reference.idnum for k in xobjects}
    assert len(forms) == 5 * 2  # five themes, two sides


def test_back_offset_and_flip_reach_the_backs_page(build_kit):
    def first_back_origin(*args):
        out = build_kit("--deck", "kunta", *args)
        content = pypdf.PdfReader(out / "fi" / "cards.pdf").pages[1].get_contents().get_data().decode("latin-1")
        x, y = re.search(r"q\s+1 0 0 1 ([\d.]+) ([\d.]+) cm\s+/\S+ Do\s+Q", content).groups()
        return float(x), float(y)

    x0, y0 = first_back_origin()
    x1, y1 = first_back_origin("--back-offset", "1,-0.5")
    assert (round((x1 - x0) / MM, 2), round((y1 - y0) / MM, 2)) == (1.0, -0.5)
    xs, ys = first_back_origin("--flip", "short")
    assert xs != x0 and ys != y0  # the short-edge flip mirrors the other axis


@pytest.mark.parametrize(
    "args,message",
    [
        (["--back-offset", "1"], "Invalid value for '--back-offset': '1' is not X,Y (write e.g. 0.5,-0.3 in millimetres)"),
        (["--card-size", "huge"], "Invalid value for '--card-size': 'huge' is not a card size"),
        (["--bleed", "3 apples"], "Invalid value for '--bleed': '3 apples' is not a length"),
        (
            ["--card-size", "500x500mm"],
            "the card does not fit on the paper inside the printer margin; choose a smaller --card-size or a larger --paper",
        ),
        (["--marks", "dots"], "Invalid value for '--marks': 'dots' is not one of 'none', 'corners', 'lines'."),
    ],
)
def test_bad_options_are_one_line_and_exit_2(runner, tmp_path, args, message):
    result = runner.invoke(main, ["build", "--out", str(tmp_path / "kit"), *args])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"osallisuuspeli: {message}")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "kit").exists()


def _png(path, w: int, h: int, rgb=(0, 114, 198)) -> None:
    raw = b"".join(b"\x00" + bytes(rgb) * w for _ in range(h))
    chunk = lambda kind, data: struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)  # noqa: E731
    path.write_bytes(
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_a_decks_logo_is_drawn_on_the_title_side(runner, deck_copy, tmp_path):
    from .conftest import replace_in

    _png(deck_copy / "logo.png", 40, 20)
    replace_in(deck_copy / "deck.yaml", "results_url:", "logo: logo.png\nresults_url:")
    result = runner.invoke(main, ["build", "--deck", str(deck_copy), "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    reader = pypdf.PdfReader(tmp_path / "fi" / "cards.pdf")
    images = [img for img in reader.pages[0].images]
    assert images, "the fronts page carries the logo"
    assert not list(reader.pages[1].images), "the detail sides do not"


def test_calibration_scale_reads_the_offset_that_cancels_the_misregistration():
    """A back printed shifted by e (mm) shows tick -e under the front's line; building
    with --back-offset -e puts every back where it belongs."""
    from osallisuuspeli.deck.calibrate import calibration
    from osallisuuspeli.load import strings

    w, h = PAPERS["a4"]
    front, back = calibration((w, h), strings("fi"), "fi")
    vertical = next(m for m in front.lines if m.x1 == m.x2 == w / 2)
    x_ticks = {round((m.x1 - w / 2) / MM, 2): m for m in back.lines if m.x1 == m.x2}
    for error in (1.0, -0.5, 2.5):
        # physically, with a long-edge flip, back point xb lands at w - (xb + e)
        under_line = [v for v, m in x_ticks.items() if abs(w - (m.x1 + error * MM) - vertical.x1) < 1e-6]
        assert under_line == [-error]
        spec = SheetSpec(PAPERS["a4"], CARD_SIZES["poker"], back_offset=(under_line[0] * MM, 0))
        fronts, backs = impose(spec).pages
        for f, b in zip(fronts.placements, backs.placements):
            landed = w - (b.trim.x + error * MM) - b.trim.w
            assert abs(landed - f.trim.x) < 1e-6


def test_calibrate_writes_a_two_page_sheet(runner, tmp_path):
    out = tmp_path / "cal.pdf"
    result = runner.invoke(main, ["calibrate", "--out", str(out), "--lang", "sv"])
    assert result.exit_code == 0
    reader = pypdf.PdfReader(out)
    assert len(reader.pages) == 2
    text = reader.pages[1].extract_text()
    assert "X = ____ mm, Y = ____ mm" in text and "Passningstest" in text
    assert "--" not in text  # command-line options belong in the README, not on paper


def test_print_dialogs_are_told_actual_size_and_which_files_are_two_sided(build_kit):
    kit = build_kit("--deck", "kunta", "--flip", "short") / "fi"
    preferences = {p.name: pypdf.PdfReader(p).viewer_preferences or {} for p in kit.glob("*.pdf")}
    assert {
        name: prefs.get("/PrintScaling") for name, prefs in preferences.items() if name not in ("guide.pdf", "checklist.pdf")
    } == dict.fromkeys(
        ("cards.pdf", "leader-cards.pdf", "board.pdf", "tokens.pdf", "results-sheet.pdf", "calibrate.pdf", "kit.pdf"), "/None"
    )
    two_sided = {name for name, prefs in preferences.items() if prefs.get("/Duplex") == "/DuplexFlipShortEdge"}
    assert two_sided == {"cards.pdf", "leader-cards.pdf", "calibrate.pdf", "kit.pdf"}
    assert not any("/Duplex" in prefs for name, prefs in preferences.items() if name not in two_sided)
