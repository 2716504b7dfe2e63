"""Osallisuuspeli print kits: the game's content (YAML) and its model.

Installed, the engine folders at the top of the repository (deck/, boards/,
kit/, ...) are this package's subpackages, as pyproject.toml's package-dir
maps them. Run from a checkout (`python -c 'import osallisuuspeli.deck'`,
bench/, a contributor's shell), this folder is found first and holds none of
them: the checkout's top is then searched for them too, so that the tree
itself imports under the one name.
"""

from pathlib import Path as _Path

__version__ = "0.1.0"

_here = _Path(__file__).resolve().parent
if not (_here / "deck").is_dir() and (_here.parent / "pyproject.toml").is_file() and (_here.parent / "deck" / "__init__.py").is_file():
    __path__.append(str(_here.parent))
