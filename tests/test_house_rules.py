"""The house rules that keep the inside simple: public APIs only, the deck a
plain value, reportlab's own document writing."""

from __future__ import annotations

import ast
import io
import pickle
import re
import tomllib
from pathlib import Path

import pypdf
import pytest

from osallisuuspeli.draw.pdf import canvas
from osallisuuspeli.load import load_deck

from .conftest import pdf_problems

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = [
    p
    for folder in ("osallisuuspeli", "draw", "deck", "boards", "kit", "results", "register", "web", "fonts")
    for p in sorted((ROOT / folder).rglob("*.py"))
]
NAMEDTUPLE_API = {"_replace", "_asdict", "_fields", "_make"}  # documented, despite the underscore


FIELD_SPELLING = re.compile(r"""f["'](workshop|cards|own|actions)\.\{|["'](own|actions)\.row|f?["']step(\d+|\{[^}]*\})\.(?!")""")


def spelt_strings(path: Path) -> list[tuple[int, str]]:
    """Each string and f-string of a module as written, but not its docstrings."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    docs = {
        id(node.body[0].value)
        for node in ast.walk(tree)
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body and isinstance(node.body[0], ast.Expr)
    }
    strings = [n for n in ast.walk(tree) if isinstance(n, (ast.Constant, ast.JoinedStr)) and id(n) not in docs]
    inner = {id(v) for n in strings if isinstance(n, ast.JoinedStr) for v in n.values}
    return [
        (n.lineno, ast.get_source_segment(source, n) or "")
        for n in strings
        if id(n) not in inner and (isinstance(n, ast.JoinedStr) or isinstance(n.value, str))
    ]


def test_form_field_names_are_spelt_only_in_the_record_module():
    """A sheet's writer and its reader name a field through osallisuuspeli/record.py:
    a name spelt by hand on one side is a field the other side never finds."""
    found = [
        f"{p.relative_to(ROOT)}:{n}: {text}"
        for p in PACKAGE
        if p != ROOT / "osallisuuspeli" / "record.py"
        for n, text in spelt_strings(p)
        if FIELD_SPELLING.search(text)
    ]
    assert found == []


def test_the_pattern_finds_a_field_name_spelt_by_hand():
    lines = [
        'text.get(f"workshop.{k}")',
        'f"step{step.number}.notes"',
        'get("step7.row1.goal")',
        'values.get(f"cards.{card}.tried")',
        'f"own.row{row}.title"',
    ]
    assert [bool(FIELD_SPELLING.search(line)) for line in lines] == [True, True, True, True, True]
    assert not FIELD_SPELLING.search('yield "cards.pdf", deck.string("cards")')
    assert not FIELD_SPELLING.search("f\"{deck.name}: {deck.string('board')}\"")


def private_uses(path: Path) -> list[str]:
    """`obj._name` on anything but self, and imports of underscore names or modules."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if node.attr not in NAMEDTUPLE_API and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level and not node.module.startswith("osallisuuspeli"):
            names = [node.module, *(a.name for a in node.names)]
            found += [
                f"{path.relative_to(ROOT)}:{node.lineno}: {n}"
                for n in names
                if any(part.startswith("_") and not part.startswith("__") for part in n.split("."))
            ]
    return found


def test_the_package_uses_no_private_attribute_of_a_dependency():
    assert len(PACKAGE) > 20
    assert [use for path in PACKAGE for use in private_uses(path)] == []


def test_the_check_finds_a_private_attribute(tmp_path):
    sample = ROOT / "tests" / "private-sample.py"
    try:
        sample.write_text("from pypdf._writer import X\nc._doc.x = 1\nself._ok = 2\nd._replace(a=1)\n", encoding="utf-8")
        assert private_uses(sample) == ["tests/private-sample.py:1: pypdf._writer", "tests/private-sample.py:2: ._doc"]
    finally:
        sample.unlink()


def test_a_deck_is_a_plain_value():
    first, second = load_deck("helsinki", "sv"), load_deck("helsinki", "sv")
    assert first == second and first is not second
    assert pickle.loads(pickle.dumps(first)) == first
    assert isinstance(first.cards, tuple) and len(first.cards) == 66
    assert first != load_deck("helsinki", "fi")


def test_a_pdf_feature_first_used_on_a_later_page_is_written():
    """Transparency raises the PDF version; first met on page 2 it must still
    give a whole, readable file (the page-by-page writer failed here)."""
    c, out = canvas((200, 200), title="t", subject="s", language="fi")
    c.drawString(20, 100, "Sivu 1")
    c.showPage()
    c.setFillAlpha(0.5)
    c.drawString(20, 100, "Sivu 2")
    c.showPage()
    c.save()
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    assert [p.extract_text().strip() for p in reader.pages] == ["Sivu 1", "Sivu 2"]
    assert reader.pdf_header == "%PDF-1.4"


def test_the_ci_pins_exactly_the_declared_lower_bounds():
    """.ci/run tests the lowest versions pyproject.toml admits: the two must not drift apart."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {}
    for requirement in project["dependencies"] + project["optional-dependencies"]["test"]:
        name, low = re.fullmatch(r"([A-Za-z0-9_.-]+)(?:\[[a-z]+\])?>=([0-9.]+)", requirement).groups()
        declared[name.lower()] = low
    pinned = dict(
        line.split("==")
        for line in (ROOT / ".ci" / "lowest.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.startswith("#")
    )
    assert {name: version for name, version in pinned.items() if name in declared} == {
        name: low if low.count(".") == 2 else f"{low}.0" for name, low in declared.items()
    }
    assert set(pinned) - set(declared) == {"rl-accel"}  # reportlab[accel]'s own


def test_the_pdf_check_every_test_runs_finds_a_damaged_file(tmp_path):
    c, out = canvas((200, 200), title="t", subject="s", language="fi")
    c.drawString(20, 100, "Sivu 1")
    c.showPage()
    c.save()
    whole = tmp_path / "broken-not.pdf"
    whole.write_bytes(out.getvalue())
    assert pdf_problems(whole) == []
    cut = tmp_path / "broken-cut.pdf"
    cut.write_bytes(out.getvalue()[: len(out.getvalue()) // 2])
    assert pdf_problems(cut)  # qpdf recovers with warnings, or fails; either way it is reported


def test_git_ignores_virtual_environments_and_node_modules():
    if not (ROOT / ".gitignore").is_file():
        pytest.skip("no .gitignore here: an unpacked sdist is not a git checkout")
    ignored = (ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert {".venv/", "node_modules/", "osallisuuspeli-print/"} <= set(ignored)


def test_the_projects_addresses_are_ones_the_games_published_texts_give():
    """[project.urls] names only what the seed documents cite (not a page guessed at)."""
    if not (ROOT / "pyproject.toml").is_file():
        pytest.skip("no pyproject.toml beside the tests (an installed copy)")
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["urls"]
    seeds = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "tests" / "seeds").glob("*.txt")))
    cited = set(re.findall(r"\bwww\.[\w.-]+(?:/[\w./-]*)?", seeds))
    assert urls and {re.sub(r"^https://", "", url) for url in urls.values()} <= cited, (urls, cited)


def test_the_readme_installs_from_the_folder_or_wheel_not_from_pypi():
    """The tool is not on PyPI: `pip install 'osallisuuspeli[web]'` cannot work; pipx from the folder can."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "pip install 'osallisuuspeli[web]'" not in readme and "pip install osallisuuspeli[web]" not in readme
    for command in ("pipx install './osallisuuspeli[web]'", "py -m pipx install", "pipx ensurepath", "py -m pipx ensurepath"):
        assert command in readme, command
