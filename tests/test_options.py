"""The build's options are one table (osallisuuspeli/options.py): the command
line's `build` options and the page's form are made from it, so their names,
defaults and choices are the table's, and a value one refuses the other refuses."""

from __future__ import annotations

import html
import re

import click
import pytest

from osallisuuspeli.cli import main
from osallisuuspeli.deck.geometry import SheetSpec
from osallisuuspeli.kit.build import options as kit_options
from osallisuuspeli.load import builtin_decks
from osallisuuspeli.options import BUILD, DEFAULT, FORM, OPTIONS, refusal
from osallisuuspeli.units import CARD_SIZES, PAPERS

flask = pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.web import building  # noqa: E402
from osallisuuspeli.web.app import create_app  # noqa: E402


@pytest.fixture
def client(tmp_path):
    return create_app({"ROOT": tmp_path, "FREE_SPACE": 0, "WORKERS": 1}).test_client()


def _param(name: str) -> click.Parameter:
    return next(p for p in main.commands["build"].params if p.name == name)


def test_the_command_lines_options_are_the_tables():
    params = [p for p in main.commands["build"].params if p.name != "help"]
    assert [p.name for p in params] == [o.parameter for o in BUILD]
    for option in BUILD:
        param = _param(option.parameter)
        assert param.opts[0] == option.option
        assert param.help == option.help
        assert param.default == option.default
        if option.kind == "choice":
            assert tuple(param.type.choices) == option.allowed()
    assert _param("deck_name").opts == ["--deck"] and _param("make_zip").opts == ["--zip"] and "-q" in _param("quiet").opts
    assert _param("card_size").default == "poker" and _param("bleed").default is None


def test_the_forms_fields_are_the_tables(client):
    assert list(building.FIELDS) == ["deck", "lang", "paper", "card_size", "mode", "flip", "back_offset", "board_paper", "fillable"]
    assert [o.name for o in FORM] == list(building.FIELDS)
    text = client.get("/?lang=en").get_data(as_text=True)
    for name in ("paper", "card_size", "mode", "flip", "board_paper"):
        select = re.search(rf'<select id="{name}" name="{name}">(.*?)</select>', text).group(1)
        assert tuple(re.findall(r'<option value="([^"]+)"', select)) == OPTIONS[name].allowed()
        assert re.findall(r'<option value="([^"]+)" selected', select) == [OPTIONS[name].default]
    decks = re.findall(r'name="deck" value="([^"]+)"( checked)?', text)
    assert decks == [(d, " checked" if d == "helsinki" else "") for d in (*builtin_decks(), "upload")]
    assert re.findall(r'name="lang" value="([^"]+)"', text) == ["fi", "sv", "en"]
    assert 'name="back_offset" value="0,0"' in text
    labels = {
        o.name: html.unescape(re.search(rf'<label for="{o.name}">([^<]+)</label>', text).group(1))
        for o in FORM
        if o.kind != "deck" and o.kind != "languages"
    }
    assert labels == {o.name: o.label for o in FORM if o.kind not in ("deck", "languages")}


def test_the_engines_defaults_are_the_tables():
    spec = SheetSpec(PAPERS["a4"], CARD_SIZES["poker"])
    assert (spec.mode, spec.flip, spec.marks, spec.gap, spec.back_offset) == ("duplex", "long", "lines", 0.0, (0.0, 0.0))
    assert spec.bleed == pytest.approx(1.5 * 72 / 25.4)
    made = kit_options("a4", CARD_SIZES["poker"])
    assert made.spec == spec
    assert (made.corners, made.board_paper, made.fillable, made.png, made.zip, made.press) == (0.0, "a3", False, False, False, None)
    assert kit_options("a4", CARD_SIZES["poker"], mode="single").spec.bleed == pytest.approx(3 * 72 / 25.4)
    assert DEFAULT["card_size"] == CARD_SIZES["poker"] and DEFAULT["back_offset"] == (0.0, 0.0)


@pytest.mark.parametrize("name", ["paper", "card_size", "mode", "flip", "board_paper"])
def test_a_value_refused_by_one_is_refused_by_the_other(runner, client, tmp_path, name):
    option = OPTIONS[name]
    web = client.post("/build?lang=en", data={"lang": "en", "deck": "helsinki", name: "<nope>"})
    assert web.status_code == 400
    sentence = f"{name} = <nope> is not a choice; the choices: {', '.join(option.allowed())}."
    assert sentence == refusal(option, "<nope>")
    assert sentence in html.unescape(web.get_data(as_text=True))
    result = runner.invoke(main, ["build", "--out", str(tmp_path / "kit"), option.option, "<nope>"])
    assert result.exit_code == 2 and len(result.stderr.splitlines()) == 1
    if option.kind == "choice":  # click's words, with the same choices in the same order
        listed = ", ".join(f"'{c}'" for c in option.allowed())
        assert result.stderr == f"osallisuuspeli: Invalid value for '{option.option}': '<nope>' is not one of {listed}.\n"
    else:
        assert result.stderr.startswith(f"osallisuuspeli: Invalid value for '{option.option}': '<nope>' is not a card size")
    assert not (tmp_path / "kit").exists()


def test_every_choice_the_page_offers_the_command_line_takes(runner, tmp_path):
    for name in ("paper", "mode", "flip", "board_paper"):
        for choice in OPTIONS[name].allowed():
            assert _param(name).type.convert(choice, None, None) == choice
    for size in OPTIONS["card_size"].allowed():
        assert _param("card_size").process_value(click.Context(main.commands["build"]), size) == CARD_SIZES[size]
