"""Osallisuuspeli print kits: the game's content (YAML) and its model."""

__version__ = "0.1.0"
