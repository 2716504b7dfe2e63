"""What a print shop's preflight and a print dialog read in the files: font
subset names, colour spaces, two-sided preferences, paper sizes; and every
part of the kit laid out before anything is written."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pypdf
import pytest
import yaml
from pypdf.generic import ContentStream

from osallisuuspeli.cli import main
from osallisuuspeli.places import GUIDES
from osallisuuspeli.units import INCH, PAPERS


def drawings(reader: pypdf.PdfReader):
    """(content stream, resources) of every page and of every form they draw, once each."""
    seen: set[int] = set()

    def forms(resources):
        for xobject in ((resources or {}).get("/XObject") or {}).values():
            if xobject.idnum not in seen and xobject.get_object().get("/Subtype") == "/Form":
                seen.add(xobject.idnum)
                form = xobject.get_object()
                yield form, form.get("/Resources")
                yield from forms(form.get("/Resources"))

    for page in reader.pages:
        yield page.get_contents(), page.get("/Resources")
        yield from forms(page.get("/Resources"))


def operators(path: Path) -> Counter:
    """How often each operator occurs in the pages and the forms they draw."""
    reader = pypdf.PdfReader(path)
    return Counter(op.decode() for stream, _ in drawings(reader) for _, op in ContentStream(stream, reader).operations)


def font_programs(path: Path) -> dict[str, set[bytes]]:
    """Every subset font's name -> the font programs filed under that name."""
    names: dict[str, set[bytes]] = {}
    for _, resources in drawings(pypdf.PdfReader(path)):
        for font in ((resources or {}).get("/Font") or {}).values():
            font = font.get_object()
            descriptor = font["/FontDescriptor"].get_object()
            names.setdefault(str(font["/BaseFont"]), set()).add(descriptor["/FontFile2"].get_object().get_data())
            assert descriptor["/FontName"] == font["/BaseFont"]
    return names


@pytest.fixture
def shop_kit(build_kit) -> Path:
    """The print shop's kit: one card side a page, CMYK."""
    return build_kit("--mode", "single", "--cmyk") / "fi"


def test_different_font_subsets_in_the_kit_have_different_names(shop_kit):
    names = font_programs(shop_kit / "kit.pdf")
    assert len(names) >= 6  # two faces in each of the six parts, some shared
    assert {name: len(programs) for name, programs in names.items() if len(programs) > 1} == {}
    assert all(name[7] == "+" and name[1:7].isalpha() and name[1:7].isupper() for name in names)  # /ABCDEF+Name


def test_cmyk_leaves_no_rgb_colour_in_any_part(shop_kit):
    for name in ("kit.pdf", "checklist.pdf", "guide.pdf", "cards.pdf"):
        ops = operators(shop_kit / name)
        assert ops["rg"] + ops["RG"] == 0, name
        assert ops["k"] > 0, name
    assert operators(shop_kit / "kit.pdf")["k"] == sum(
        operators(shop_kit / f"{p}.pdf")["k"] for p in ("checklist", "guide", "cards", "leader-cards", "board", "tokens", "results-sheet")
    )


def test_a_letter_kit_tiles_its_board_onto_letter_pages(runner, tmp_path):
    for board_paper, size in (("a4", (8.5 * INCH, 11 * INCH)), ("a3", (17 * INCH, 11 * INCH))):
        out = tmp_path / board_paper
        assert (
            runner.invoke(
                main, ["build", "--deck", "kunta", "--paper", "letter", "--board-paper", board_paper, "--out", str(out), "-q"]
            ).exit_code
            == 0
        )
        pages = pypdf.PdfReader(out / "fi" / "board.pdf").pages
        assert {(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2)) for p in pages} == {
            tuple(round(v, 2) for v in size)
        }
    assert PAPERS["tabloid"] == (11 * INCH, 17 * INCH)


def with_own_guide(deck: Path, **changes: str) -> None:
    """Give the deck's fi.yaml a guide section of its own, the built-in one changed."""
    guide = yaml.safe_load((GUIDES / "fi.yaml").read_text(encoding="utf-8"))
    guide.pop("language", None)
    for key, value in changes.items():
        group, name = key.split("__")
        guide[group][name] = value
    fi = deck / "fi.yaml"
    fi.write_text(fi.read_text(encoding="utf-8") + yaml.safe_dump({"guide": guide}, allow_unicode=True), encoding="utf-8")


def test_a_token_note_too_long_for_its_sheet_fails_validate(runner, deck_copy, tmp_path):
    with_own_guide(deck_copy, tokens__note="Pitkä ohje. " * 40)
    for args in (["validate", str(deck_copy)], ["build", "--deck", str(deck_copy), "--out", str(tmp_path / "out")]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2
        assert (
            result.stderr
            == 'osallisuuspeli: token sheet (fi), guide text tokens.note: the text does not fit even at 7 pt: "'
            + ("Pitkä ohje. " * 7)[:80]
            + '" - shorten it\n'
        )
    assert not (tmp_path / "out").exists()


def test_a_calibration_text_too_long_for_its_sheet_fails_validate(runner, deck_copy):
    fi = deck_copy / "fi.yaml"
    fi.write_text(fi.read_text(encoding="utf-8") + f'strings:\n  calibrate_front: "{"Pitkä ohje. " * 240}"\n', encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert result.exit_code == 2
    assert (
        result.stderr
        == 'osallisuuspeli: calibration sheet (fi), string calibrate_front: the text does not fit even at 11 pt: "'
        + ("Pitkä ohje. " * 7)[:80]
        + '" - shorten it\n'
    )
