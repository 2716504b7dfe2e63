"""The data flow is one way: content -> model -> layout -> drawing -> assembly ->
files, and filled PDFs -> records -> register -> report -> the page. Checked
over the source's import statements (every one, also those inside functions
and under TYPE_CHECKING), not by importing anything."""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# the rooms in the order the data flows; a module imports only from its own room or an earlier one
ORDER = ("core", "draw", "deck", "boards", "kit", "results", "register", "web", "commands")
COMMANDS = {"cli", "register_cli", "user_cli", "click_words", "__main__"}  # the command line, over everything


def _folders() -> dict[str, Path]:
    """Each package's folder, as pyproject.toml maps them."""
    with (ROOT / "pyproject.toml").open("rb") as f:
        mapping = tomllib.load(f)["tool"]["setuptools"]["package-dir"]
    return {package: ROOT / folder for package, folder in mapping.items()}


def _modules() -> dict[str, Path]:
    found: dict[str, Path] = {}
    for package, folder in _folders().items():
        for path in folder.glob("*.py"):
            found[package if path.stem == "__init__" else f"{package}.{path.stem}"] = path
    return found


def room(module: str) -> str:
    parts = module.split(".")
    if len(parts) > 1 and parts[1] in ORDER:
        return parts[1]
    return "commands" if parts[-1] in COMMANDS else "core"


def graph() -> dict[str, set[str]]:
    """Module -> the package's modules it imports."""
    modules = _modules()
    edges: dict[str, set[str]] = {m: set() for m in modules}
    for module, path in modules.items():
        package = module if path.stem == "__init__" else module.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    up = package.split(".")[: len(package.split(".")) - node.level + 1]
                    base = ".".join([*up, base] if base else up)
                names = [base, *(f"{base}.{a.name}" for a in node.names)]
            else:
                continue
            for name in names:
                while name and name not in modules:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    edges[module].add(name)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 10 * len(edges)))

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return found


def test_every_room_of_the_package_is_read():
    modules = _modules()
    assert {room(m) for m in modules} == set(ORDER)
    assert "osallisuuspeli.draw.painter" in modules and "osallisuuspeli.record" in modules
    assert len(modules) > 90


def test_no_module_imports_itself_round_a_cycle():
    assert cycles(graph()) == []


def test_the_cycle_check_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_the_data_flows_one_way_through_the_rooms():
    backwards = sorted(f"{m} -> {n}" for m, ns in graph().items() for n in ns if ORDER.index(room(n)) > ORDER.index(room(m)))
    assert backwards == []


def test_the_card_engine_holds_cards_only_and_the_toolkit_draws_for_all():
    """deck/ is the card engine; every engine draws with draw/, never with another engine's drawing."""
    edges = graph()
    users = {room(m) for m, ns in edges.items() for n in ns if room(n) == "draw"}
    assert {"deck", "boards", "kit", "results"} <= users
    deck_users = {room(m) for m, ns in edges.items() for n in ns if room(n) == "deck"} - {"deck"}
    assert deck_users <= {"kit", "web", "commands"}  # the cards are built into kits; nobody draws with the card engine


def test_a_checkout_imports_its_engines_under_the_one_name():
    """From the checkout's top, where the folder osallisuuspeli/ is found first (bench/, a contributor's shell)."""
    import subprocess

    code = "import osallisuuspeli.deck, osallisuuspeli.draw.tags, osallisuuspeli.web; print(osallisuuspeli.deck.__file__)"
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert Path(done.stdout.strip()) == ROOT / "deck" / "__init__.py"


def test_building_the_default_kit_imports_neither_pypdf_nor_sqlalchemy(tmp_path):
    """Start-up (issue 27): kit.pdf is assembled with pikepdf, which the finish
    pass loads anyway; the register's database layer is for `register` only."""
    import subprocess

    code = (
        "import sys\n"
        "from osallisuuspeli.cli import main\n"
        "try:\n"
        f"    main(['build', '--out', {str(tmp_path)!r}, '-q'])\n"
        "except SystemExit as done:\n"
        "    assert not done.code, done.code\n"
        "print(sorted(m for m in ('pypdf', 'sqlalchemy', 'segno') if m in sys.modules))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "['segno']"  # the default board has a QR code: segno only for it
    assert (tmp_path / "fi" / "kit.pdf").stat().st_size > 100_000
