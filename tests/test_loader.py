"""Bad content never gets past the loader: one line each, file and line named, exit 2."""

from __future__ import annotations

import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from osallisuuspeli.cli import main
from osallisuuspeli.errors import ContentError
from osallisuuspeli.load import load_all, load_deck
from osallisuuspeli.yamlfile import _RTL, unprintable

from .conftest import line_of, replace_in


def validate(runner, folder: Path):
    result = runner.invoke(main, ["validate", str(folder)])
    assert "Traceback" not in result.output
    return result


def only_error(runner, folder: Path) -> str:
    """The deck fails validation with exactly one error line; return it."""
    result = validate(runner, folder)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, lines
    assert result.stdout == ""
    return lines[0]


def test_the_copied_deck_is_valid(runner, deck_copy):
    result = validate(runner, deck_copy)
    assert result.exit_code == 0, result.output
    assert result.output == f"ok: {deck_copy}: 66 cards, 5 themes, 7 board steps, languages en, fi, sv\n"


def test_yaml_syntax_error_names_file_and_line(runner, deck_copy):
    fi = deck_copy / "fi.yaml"
    line = line_of(fi, "  asiakasraati:")
    replace_in(fi, "  asiakasraati:\n    title: Asiakasraati", "  asiakasraati:\n    title: [Asiakasraati")
    message = only_error(runner, deck_copy)
    assert message.startswith(f"osallisuuspeli: {fi}:")
    assert "YAML syntax error" in message
    reported = int(message.split(f"{fi}:")[1].split(":")[0])
    assert line + 1 <= reported <= line + 3  # PyYAML reports where it noticed the bracket was not closed


def test_a_tag_that_would_build_a_python_object_is_refused(runner, deck_copy, tmp_path):
    fi = deck_copy / "fi.yaml"
    marker = tmp_path / "pwned"
    line = line_of(fi, "title: Asiakasraati")
    replace_in(fi, "title: Asiakasraati", f'title: !!python/object/apply:os.system ["touch {marker}"]')
    message = only_error(runner, deck_copy)
    assert (
        message
        == f"osallisuuspeli: {fi}:{line}: tag '!!python/object/apply:os.system' is not allowed: content files hold only text, lists and mappings"
    )
    assert not marker.exists()


def test_a_file_that_is_not_utf8(runner, deck_copy):
    sv = deck_copy / "sv.yaml"
    lines = sv.read_text(encoding="utf-8").splitlines()
    sv.write_bytes("\n".join(lines).encode("latin-1"))
    first = next(i for i, line in enumerate(lines, 1) if not line.isascii())
    byte = next(ch for ch in lines[first - 1] if not ch.isascii()).encode("latin-1")[0]
    assert only_error(runner, deck_copy) == f"osallisuuspeli: {sv}:{first}: not UTF-8 text (byte 0x{byte:02X}); save the file as UTF-8"


def test_a_folder_without_deck_yaml(runner, deck_copy):
    (deck_copy / "deck.yaml").unlink()
    assert only_error(runner, deck_copy) == f"osallisuuspeli: {deck_copy}: not a deck folder: it has no deck.yaml"


def test_a_missing_deck(runner, tmp_path):
    missing = tmp_path / "nowhere"
    assert only_error(runner, missing) == f"osallisuuspeli: {missing}: no such deck: not a built-in deck (helsinki, kunta) nor a folder"


def test_an_unknown_theme(runner, deck_copy):
    structure = deck_copy / "deck.yaml"
    line = line_of(structure, "id: kokeilut,")
    replace_in(structure, "{id: kokeilut, theme: kayttajat}", "{id: kokeilut, theme: kayttajt}")
    assert only_error(runner, deck_copy) == (
        f"osallisuuspeli: {structure}:{line}: card 'kokeilut' has an unknown theme 'kayttajt' "
        "(themes: kayttajat, alueyhteistyo, kansalaistoiminta, asiakaskokemus, toimintatavat)"
    )


def test_a_duplicate_card_id(runner, deck_copy):
    structure = deck_copy / "deck.yaml"
    first = line_of(structure, "id: kokeilut,")
    second = line_of(structure, "id: havainnointi,")
    replace_in(structure, "{id: havainnointi, theme: kayttajat}", "{id: kokeilut, theme: kayttajat}")
    assert only_error(runner, deck_copy) == f"osallisuuspeli: {structure}:{second}: duplicate card id 'kokeilut' (first at line {first})"


def test_a_duplicate_key_is_not_silently_overwritten(runner, deck_copy):
    fi = deck_copy / "fi.yaml"
    line = line_of(fi, "    title: Asiakasraati")
    replace_in(fi, "    title: Asiakasraati\n", "    title: Asiakasraati\n    title: Asiakasraati 2\n")
    assert only_error(runner, deck_copy) == f"osallisuuspeli: {fi}:{line + 1}: duplicate key 'title' (first at line {line})"


def test_a_card_missing_from_a_language(runner, deck_copy):
    sv = deck_copy / "sv.yaml"
    listed = line_of(deck_copy / "deck.yaml", "id: kokeilut,")
    cards = line_of(sv, "cards:")
    replace_in(sv, "  kokeilut:\n    title: Försök\n", "")
    assert (
        only_error(runner, deck_copy) == f"osallisuuspeli: {sv}:{cards}: card 'kokeilut' (deck.yaml line {listed}) has no text in sv.yaml"
    )


def test_a_card_present_only_in_a_language(runner, deck_copy):
    fi = deck_copy / "fi.yaml"
    replace_in(fi, "  kokeilut:\n", "  kokeilu:\n    title: Kokeilu\n  kokeilut:\n")
    line = line_of(fi, "  kokeilu:")
    assert only_error(runner, deck_copy) == f"osallisuuspeli: {fi}:{line}: card 'kokeilu' is not in deck.yaml"


@pytest.mark.parametrize("empty", ['""', "", "'   '"])
def test_an_empty_title(runner, deck_copy, empty):
    fi = deck_copy / "fi.yaml"
    line = line_of(fi, "    title: Asiakasraati")
    replace_in(fi, "    title: Asiakasraati", f"    title: {empty}")
    assert only_error(runner, deck_copy) == f"osallisuuspeli: {fi}:{line}: title of card 'asiakasraati' is empty"


def test_a_wrong_type(runner, deck_copy):
    fi = deck_copy / "fi.yaml"
    line = line_of(fi, "    title: Asiakasraati")
    replace_in(fi, "    title: Asiakasraati", "    title: [Asiakas, raati]")
    assert only_error(runner, deck_copy) == f"osallisuuspeli: {fi}:{line}: title of card 'asiakasraati' must be text, not a list"


def test_a_mapping_where_a_list_belongs(runner, deck_copy):
    structure = deck_copy / "deck.yaml"
    text = structure.read_text(encoding="utf-8")
    structure.write_text(text.replace("themes:\n  - {id: kayttajat", "themes:\n  x: 1\nold_themes:\n  - {id: kayttajat"), encoding="utf-8")
    result = validate(runner, deck_copy)
    assert result.exit_code == 2
    assert f"{structure}:{line_of(structure, 'themes:')}: themes must be a list ('- item' lines), not a mapping" in result.stderr


def test_an_unknown_key_is_a_typo_not_silence(runner, deck_copy):
    fi = deck_copy / "fi.yaml"
    line = line_of(fi, "    title: Asiakasraati")
    replace_in(fi, "    title: Asiakasraati", "    title: Asiakasraati\n    descripton: Raati.")
    assert (
        only_error(runner, deck_copy)
        == f"osallisuuspeli: {fi}:{line + 1}: unknown key 'descripton' in card 'asiakasraati' (expected: description, title)"
    )


def test_yes_and_numbers_stay_text(deck_copy):
    fi = deck_copy / "fi.yaml"
    replace_in(fi, "    title: Asiakasraati", "    title: yes")
    replace_in(fi, "    title: Kokeilut", "    title: 2030")
    deck = next(d for d in load_all(deck_copy) if d.language == "fi")
    titles = {c.id: c.title for c in deck.cards}
    assert titles["asiakasraati"] == "yes"
    assert titles["kokeilut"] == "2030"


def test_several_problems_are_reported_together(deck_copy):
    fi = deck_copy / "fi.yaml"
    replace_in(fi, "    title: Asiakasraati", '    title: ""')
    replace_in(fi, "    title: Kokeilut", "    title: [x]")
    with pytest.raises(ContentError) as e:
        load_all(deck_copy)
    assert len(e.value.problems) == 2


def test_an_unknown_language_lists_the_ones_there_are(runner, tmp_path):
    result = runner.invoke(main, ["build", "--lang", "se", "--out", str(tmp_path / "kit")])
    assert not (tmp_path / "kit").exists()
    assert result.exit_code == 2
    assert "no language 'se' in this deck (it has: en, fi, sv)" in result.stderr
    assert "Traceback" not in result.output


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
    assert (
        result.stderr
        == f"osallisuuspeli: {path}:{line_of(path, 'tuntematon')}: card 'asiakas-tai-kavijatutkimus' has an unknown theme 'tuntematon' (themes: {themes})\n"
    )


def test_the_fast_printable_check_knows_every_right_to_left_letter():
    """unprintable() skips its character loop when a text is printable and has
    nothing in _RTL; so _RTL must hold every right-to-left character."""
    missed = [
        f"U+{c:04X}"
        for c in range(sys.maxunicode + 1)
        if unicodedata.bidirectional(chr(c)) in ("R", "AL") and chr(c).isprintable() and not _RTL.search(chr(c))
    ]
    assert missed == []
    assert unprintable("Yhteis\u00adkehittäminen – hyvä\ntoinen rivi") == ""
    assert unprintable("\u05e9\u05dc\u05d5\u05dd").startswith("contains right-to-left text (U+05E9")


def test_a_soft_hyphen_written_as_letters_is_the_soft_hyphen(deck_copy):
    """In single quotes or none, YAML leaves \\u00AD as six letters: the reader takes it as meant."""
    replace_in(deck_copy / "fi.yaml", "    title: Kokeilut", "    title: 'Kirjaston asukas\\u00ADraati'")
    replace_in(deck_copy / "fi.yaml", "    title: Asiakasraati", "    title: Asiakas\\u00ADraati")
    titles = {c.id: c.title for c in load_deck(deck_copy, "fi").cards}
    assert titles["kokeilut"] == "Kirjaston asukas\u00adraati"
    assert titles["asiakasraati"] == "Asiakas\u00adraati"


def test_text_cut_by_a_hash_and_quotes_that_will_print_are_warned_and_strict_refuses(runner, deck_copy, tmp_path):
    fi = deck_copy / "fi.yaml"
    replace_in(fi, "    title: Kokeilut", "    title: Kokeilut #nuoret mukaan!")
    replace_in(fi, "    title: Asiakasraati", "    title: “Asiakasraati”")
    at_hash, at_quotes = line_of(fi, "#nuoret"), line_of(fi, "“Asiakasraati”")
    warnings = (
        f"osallisuuspeli: warning: {fi}:{at_quotes}: title of card 'asiakasraati' is wrapped in typographic quotes (“…”), which will print; remove them if they are not meant to\n"
        f"osallisuuspeli: warning: {fi}:{at_hash}: title of card 'kokeilut': the text after # (#nuoret mukaan!) was read as a comment and left out; put the whole text in double quotes\n"
    )
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert result.exit_code == 0, result.output
    assert result.stderr == warnings
    result = runner.invoke(main, ["build", "--deck", str(deck_copy), "--lang", "fi", "--out", str(tmp_path / "out"), "-q"])
    assert (result.exit_code, result.stderr) == (0, warnings)
    strict = runner.invoke(main, ["build", "--deck", str(deck_copy), "--lang", "fi", "--out", str(tmp_path / "strict"), "--strict"])
    assert strict.exit_code == 2
    assert strict.stderr == warnings.replace("osallisuuspeli: warning: ", "osallisuuspeli: ").replace("to\n", "to (--strict)\n").replace(
        "quotes\n", "quotes (--strict)\n"
    )
    assert not (tmp_path / "strict").exists()


def test_text_only_at_its_smallest_size_is_warned_after_the_build(runner, deck_copy, tmp_path):
    """An 860-character description fits, at 7 pt: unreadable in a workshop, so said (it used to pass in silence)."""
    long = "Asukkaat kertovat ajatuksistaan. " * 26
    replace_in(deck_copy / "fi.yaml", "    title: Kokeilut\n", f"    title: Kokeilut\n    description: {long.strip()}\n")
    warning = "card 7 'Kokeilut' (kokeilut), detail side: the description fits only at 7 pt, the smallest size; shorten it or choose a larger --card-size"
    result = runner.invoke(main, ["build", "--deck", str(deck_copy), "--lang", "fi", "--out", str(tmp_path / "out"), "-q"])
    assert (result.exit_code, result.stderr) == (0, f"osallisuuspeli: warning: {warning}\n")
    assert (tmp_path / "out" / "fi" / "kit.pdf").is_file()
    validate = runner.invoke(main, ["validate", str(deck_copy)])
    assert validate.exit_code == 0 and validate.stderr == f"osallisuuspeli: warning: {warning}\n"
    strict = runner.invoke(main, ["validate", str(deck_copy), "--strict"])
    assert (strict.exit_code, strict.stderr) == (2, f"osallisuuspeli: {warning} (--strict)\n")
