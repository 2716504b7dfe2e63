"""The coordinator's path from a fresh machine to the printer (issue 22): each
mistake a person makes, with the exact sentence it now gives or the file it keeps."""

from __future__ import annotations

from pathlib import Path

import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.errors import shown
from osallisuuspeli.load import BUILTIN_DECKS


def test_an_error_about_a_built_in_deck_names_the_deck_not_where_pip_put_it(runner, tmp_path):
    result = runner.invoke(main, ["build", "--lang", "xx", "--out", str(tmp_path)])
    assert (result.exit_code, result.output) == (2, "osallisuuspeli: the built-in deck 'helsinki': no language 'xx' in this deck (it has: en, fi, sv)\n")
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
    assert (result.exit_code, result.output) == (2, "osallisuuspeli: --lang xx: the calibration sheet is written in en, fi, sv; choose one of them\n")
    assert not out.exists()
