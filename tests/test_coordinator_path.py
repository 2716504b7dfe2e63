"""The coordinator's path from a fresh machine to the printer (issue 22): each
mistake a person makes, with the exact sentence it now gives or the file it keeps."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.errors import shown
from osallisuuspeli.places import BUILTIN_DECKS

from .conftest import snapshot
from .test_interruptions import assert_whole_kit


def test_an_error_about_a_built_in_deck_names_the_deck_not_where_pip_put_it(runner, tmp_path):
    result = runner.invoke(main, ["build", "--lang", "xx", "--out", str(tmp_path)])
    assert (result.exit_code, result.output) == (
        2,
        "osallisuuspeli: the built-in deck 'helsinki': no language 'xx' in this deck (it has: en, fi, sv)\n",
    )
    result = runner.invoke(main, ["validate", "kunta", "--lang", "xx"])
    assert (result.exit_code, result.output) == (
        2,
        "osallisuuspeli: the built-in deck 'kunta': no language 'xx' in this deck (it has: en, fi, sv); to add it, "
        "make your own copy (osallisuuspeli init my-deck) and copy its fi.yaml to xx.yaml and translate it\n",
    )
    assert list(tmp_path.iterdir()) == []
    assert shown(BUILTIN_DECKS / "helsinki" / "sv.yaml") == "the built-in deck 'helsinki' (sv.yaml)"
    assert shown(BUILTIN_DECKS.parent / "strings" / "fi.yaml") == "the built-in file strings/fi.yaml"
    assert shown(Path("my-deck/fi.yaml")) == "my-deck/fi.yaml"


def test_validate_of_a_missing_language_in_ones_own_deck_says_how_to_add_it(runner, deck_copy):
    result = runner.invoke(main, ["validate", str(deck_copy), "--lang", "se"])
    assert (result.exit_code, result.output) == (
        2,
        f"osallisuuspeli: {deck_copy}: no language 'se' in this deck (it has: en, fi, sv); to add it, copy fi.yaml to se.yaml and translate it\n",
    )


def test_calibrate_in_a_language_without_words_is_an_error_not_a_finnish_sheet(runner, tmp_path):
    out = tmp_path / "c.pdf"
    result = runner.invoke(main, ["calibrate", "--lang", "xx", "--out", str(out)])
    assert (result.exit_code, result.output) == (
        2,
        "osallisuuspeli: --lang xx: the calibration sheet is written in en, fi, sv; choose one of them\n",
    )
    assert not out.exists()


def own_files(kit: Path) -> None:
    """What a coordinator keeps beside a kit: notes, a folder of photos, an empty folder."""
    (kit / "notes.txt").write_text("Tulosta 6 sarjaa, A4 kartonki\n", encoding="utf-8")
    (kit / "photos" / "2026-05").mkdir(parents=True)
    (kit / "photos" / "board-1.jpg").write_bytes(b"\xff\xd8 a photo of a board")
    (kit / "photos" / "2026-05" / "team.jpg").write_bytes(b"\xff\xd8 a photo of a team")
    (kit / "filled").mkdir()


OWN = {
    "notes.txt": b"Tulosta 6 sarjaa, A4 kartonki\n",
    "photos/board-1.jpg": b"\xff\xd8 a photo of a board",
    "photos/2026-05/team.jpg": b"\xff\xd8 a photo of a team",
}


def test_a_rebuild_keeps_the_files_a_person_put_beside_the_kit(previous_kit, runner):
    out, _ = previous_kit
    own_files(out / "fi")
    result = runner.invoke(main, ["build", "--deck", "helsinki", "--out", str(out), "-q"])
    assert result.exit_code == 0, result.output
    after = snapshot(out / "fi")
    assert {name: after[name] for name in OWN} == OWN
    assert (out / "fi" / "filled").is_dir()
    assert json.loads(after["manifest.json"])["deck"] == "helsinki"  # the new kit, whole
    assert assert_whole_kit(out / "fi")
    assert sorted(p.name for p in out.iterdir()) == ["fi"]


def test_a_rebuild_drops_the_previous_kits_own_files_and_previews(build_kit, runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--deck", "kunta", "--png", "--out", str(out), "-q"]).exit_code == 0
    assert runner.invoke(main, ["preview", str(out / "fi" / "tokens.pdf")]).exit_code == 0
    own_files(out / "fi")
    assert runner.invoke(main, ["build", "--deck", "kunta", "--out", str(out), "-q"]).exit_code == 0
    assert snapshot(out / "fi") == snapshot(build_kit("--deck", "kunta") / "fi") | OWN
    assert sorted(p.name for p in (out / "fi").iterdir() if p.is_dir()) == ["filled", "photos"]  # no png/, no stale preview/


def test_a_file_of_ones_own_with_a_kit_files_name_stops_the_build_and_changes_nothing(runner, tmp_path):
    out = tmp_path / "out"
    assert runner.invoke(main, ["build", "--deck", "kunta", "--mode", "gutterfold", "--out", str(out), "-q"]).exit_code == 0
    (out / "fi" / "calibrate.pdf").write_bytes((out / "fi" / "tokens.pdf").read_bytes())  # not the kit's: a gutterfold kit has none
    before = snapshot(out)
    result = runner.invoke(main, ["build", "--deck", "kunta", "--out", str(out), "-q"])
    assert (result.exit_code, result.output) == (
        2,
        f"osallisuuspeli: {out / 'fi' / 'calibrate.pdf'}: this file is not the kit's, but the new kit has a file of that name; "
        "rename or move it, then build again (nothing was changed)\n",
    )
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["fi"]


def test_a_logo_over_5000_pixels_on_its_longer_side_is_refused_from_its_header(runner, deck_copy):
    from PIL import Image

    Image.new("L", (5001, 2)).save(deck_copy / "logo.png")  # a few hundred bytes: the size is in its header
    text = (deck_copy / "deck.yaml").read_text(encoding="utf-8")
    (deck_copy / "deck.yaml").write_text("logo: logo.png\n" + text, encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert (result.exit_code, result.output) == (
        2,
        f"osallisuuspeli: {deck_copy}/deck.yaml:1: logo 'logo.png' is 5,001 x 2 pixels; the limit is 5,000 on its longer side (scale it down)\n",
    )


def test_the_gutterfold_instructions_match_the_sheet_a_pair_folds_on_its_own_line(build_kit):
    """The old words said to fold each sheet along its middle line and glue the
    halves, which glued card 1's front to card 2's back. On the sheet, each fold
    is between the two sides of one card and no fold is on the sheet's middle."""
    from osallisuuspeli.deck.geometry import SheetSpec, impose
    from osallisuuspeli.kit.checklist import said, sheets_text
    from osallisuuspeli.load import load_deck
    from osallisuuspeli.units import CARD_SIZES, PAPERS

    spec = SheetSpec(PAPERS["a4"], CARD_SIZES["poker"], mode="gutterfold", bleed=1.5 * 72 / 25.4)
    (page,) = impose(spec).pages
    width = page.size[0]
    pairs = {}
    for p in page.placements:
        pairs.setdefault(p.slot, {})[p.side] = p.trim
    assert len(page.folds) == len(pairs) == 4  # four cards a sheet, a fold each
    for fold, pair in zip(page.folds, pairs.values()):
        assert fold.x1 == pytest.approx(pair["title"].right) == pytest.approx(pair["detail"].x)  # inside its own pair
        assert abs(fold.x1 - width / 2) > 10  # not the sheet's middle line
    deck = load_deck("kunta", "en")
    row = next(r for r in printing_rows(build_kit("--deck", "kunta", "--mode", "gutterfold", "--lang", "en")) if r.file == "cards.pdf")
    assert deck.string(f"check_then_{row.then}", n=row.sheets) == (
        "Cut the pairs apart at the cut marks (each pair is a card's two sides side by side), fold each pair on its dashed line "
        "with the printed sides outwards, and glue the two halves together."
    )
    assert (
        sheets_text(row, deck) == "11\u00a0×\u00a0A4 paper, 160–200\u00a0g/m² (folded double it is as thick as a card)"
    )  # numbers keep their units
    assert "card stock" not in said(row, deck)


def printing_rows(kit: Path):
    from osallisuuspeli.kit.checklist import plan

    language = next(p for p in kit.iterdir())
    manifest = json.loads((language / "manifest.json").read_text(encoding="utf-8"))
    pages = {f["name"]: f.get("pages", 0) for f in manifest["files"]}
    return plan("gutterfold", "long", pages, dict.fromkeys(pages, "A4"), tiled=False)


def test_the_readme_lists_the_kit_in_the_order_the_build_prints_it():
    from osallisuuspeli.kit.checklist import plan

    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("| file | what | how to print |") : readme.index("The build's last lines")]
    listed = [line.split("`")[1] for line in table.splitlines() if line.startswith("| `")]
    names = ["calibrate.pdf", "cards.pdf", "leader-cards.pdf", "board.pdf", "tokens.pdf", "results-sheet.pdf", "guide.pdf"]
    built = ["checklist.pdf"] + [row.file for row in plan("duplex", "long", dict.fromkeys(names, 2), dict.fromkeys(names, "A4"), False)]
    assert listed == built + ["kit.pdf", "manifest.json"]
