"""Where the bundled content lives: the built-in decks, the strings, the guides and the board."""

from __future__ import annotations

from pathlib import Path

CONTENT = Path(__file__).parent / "content"
BUILTIN_DECKS = CONTENT / "decks"
STRINGS = CONTENT / "strings"
GUIDES = CONTENT / "guide"
BOARD = CONTENT / "board.yaml"
