"""Hostile input: nothing in a content file executes, multiplies or floods."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest
import yaml

from osallisuuspeli import yamlfile
from osallisuuspeli.cli import main
from osallisuuspeli.yamlfile import MAX_BYTES

from .conftest import replace_in

BILLION_LAUGHS = """\
a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
"""


def test_an_alias_bomb_is_refused_within_bounded_memory(tmp_path, deck_copy):
    """Expanded, this document has 9**9 (387 million) strings. Run in a child
    limited to 400 MB of address space: it must refuse, not swell. The line
    named is the first anchor's, where the multiplying starts."""
    pytest.importorskip("resource", reason="address-space limits are POSIX-only")
    (deck_copy / "fi.yaml").write_text(BILLION_LAUGHS, encoding="utf-8")
    script = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (400 * 1024 * 1024, 400 * 1024 * 1024))
        from osallisuuspeli.errors import ContentError
        from osallisuuspeli.load import load_deck
        try:
            load_deck({str(deck_copy)!r}, "fi")
        except ContentError as e:
            print(e)
        """
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"{deck_copy / 'fi.yaml'}:1: anchors and aliases (& and *) are not supported in content files\n"


def test_a_tag_that_would_run_code_runs_nothing(runner, deck_copy, tmp_path):
    marker = tmp_path / "created-by-yaml"
    for tag in ("!!python/object/apply:os.system", "!!python/object/new:os.system", "!!python/name:os.system"):
        replace_in(deck_copy / "fi.yaml", "    title: Kokeilut", f'    title: {tag} ["touch {marker}"]')
        result = runner.invoke(main, ["build", "--deck", str(deck_copy), "--out", str(tmp_path / "out")])
        assert result.exit_code == 2
        assert f"tag '{tag.split(' ')[0]}' is not allowed" in result.stderr
        assert not marker.exists()
        replace_in(deck_copy / "fi.yaml", f'    title: {tag} ["touch {marker}"]', "    title: Kokeilut")


def test_a_file_over_the_size_limit_is_refused_before_parsing(runner, deck_copy, tmp_path):
    big = deck_copy / "fi.yaml"
    with big.open("a", encoding="utf-8") as f:
        f.write("# padding\n" * (MAX_BYTES // 10 + 1))
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {big}: file is too large ({big.stat().st_size:,} bytes; the limit is {MAX_BYTES:,})\n"


@pytest.mark.parametrize("parser", ["libyaml", "python"])
def test_deep_nesting_is_refused_not_a_crash(runner, deck_copy, monkeypatch, parser):
    """Ten thousand nested lists would exhaust Python's recursion: refused with
    the tool's own message whichever stops first, libyaml (>= 0.2.6 caps the
    depth itself) or the tool's walker (the pure-Python parser does not)."""
    if parser == "python":
        monkeypatch.setattr(yamlfile, "_LOADER", yaml.SafeLoader)
    fi = deck_copy / "fi.yaml"
    fi.write_text(fi.read_text(encoding="utf-8") + "deep: " + "[" * 10_000 + "]" * 10_000 + "\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {fi}:{fi.read_text(encoding='utf-8').count(chr(10))}: nested more than 50 levels deep\n"


def test_a_second_yaml_document_is_refused(runner, deck_copy):
    fi = deck_copy / "fi.yaml"
    lines = fi.read_text(encoding="utf-8").count("\n")
    fi.write_text(fi.read_text(encoding="utf-8") + "---\nname: Toinen\n", encoding="utf-8")
    result = runner.invoke(main, ["validate", str(deck_copy)])
    assert result.exit_code == 2
    assert result.stderr == f"osallisuuspeli: {fi}:{lines + 1}: a second YAML document ('---'): a content file holds one\n"
