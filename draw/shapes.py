"""Rectangles and lines in PDF points (origin at the page's lower left): what
every layout hands to drawing."""

from __future__ import annotations

from typing import NamedTuple

EPS = 1e-6


class Rect(NamedTuple):
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def top(self) -> float:
        return self.y + self.h

    def inset(self, d: float) -> Rect:
        """Shrunk by `d` on every side (grown when `d` is negative)."""
        return Rect(self.x + d, self.y + d, self.w - 2 * d, self.h - 2 * d)

    def moved(self, dx: float, dy: float) -> Rect:
        return Rect(self.x + dx, self.y + dy, self.w, self.h)

    def contains(self, other: Rect, tol: float = EPS) -> bool:
        return other.x >= self.x - tol and other.y >= self.y - tol and other.right <= self.right + tol and other.top <= self.top + tol

    def overlaps(self, other: Rect, tol: float = EPS) -> bool:
        return self.x < other.right - tol and other.x < self.right - tol and self.y < other.top - tol and other.y < self.top - tol


class Line(NamedTuple):
    x1: float
    y1: float
    x2: float
    y2: float

    @property
    def bounds(self) -> Rect:
        return Rect(min(self.x1, self.x2), min(self.y1, self.y2), abs(self.x2 - self.x1), abs(self.y2 - self.y1))
