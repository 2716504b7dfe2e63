"""Reading one YAML content file safely, keeping the line of every value.

PyYAML is used only to compose nodes; this module turns the nodes into plain
data itself, so that no tag can build a Python object, duplicate keys (which
PyYAML would silently overwrite) are reported, aliases cannot multiply the
document ("billion laughs"), and every value keeps its line for error messages.
"""
from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from .errors import ContentError, Problem

# libyaml's parser when PyYAML has it (about 10x faster on large decks); both compose the same nodes
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MAX_BYTES = 5 * 1024 * 1024  # a content file is a few kilobytes; refuse huge ones unread

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:int",
    "tag:yaml.org,2002:float",
    "tag:yaml.org,2002:bool",
    "tag:yaml.org,2002:null",
    "tag:yaml.org,2002:timestamp",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_NULLS = {"", "~", "null", "Null", "NULL"}
_SPACES = re.compile(r"[ \t]+")
SOFT_HYPHEN = "\u00ad"


Path_ = tuple  # a key path inside a document, e.g. ("cards", "kokeilut", "title")


class Document:
    """Plain data from one YAML file plus the line of each value.

    The accessor methods check types and record a Problem instead of raising,
    so one run reports every mistake in a file; `problems` collects them.
    """

    def __init__(self, file: Path, display: str, data: Any, lines: dict, raw: dict):
        self.file = file
        self.display = display
        self.data = data
        self._lines = lines
        self._raw = raw
        self.problems: list[Problem] = []

    # -- locating -------------------------------------------------------
    def line(self, path: Path_) -> int | None:
        while path and path not in self._lines:
            path = path[:-1]
        return self._lines.get(path)

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.display, self.line(path), message))

    def get(self, path: Path_) -> Any:
        value = self.data
        for key in path:
            if not isinstance(value, (dict, list)):
                return None
            try:
                value = value[key]
            except (KeyError, IndexError):
                return None
        return value

    # -- typed access ---------------------------------------------------
    def mapping(self, path: Path_, required=(), optional=(), what: str = "") -> dict:
        value = self.get(path)
        where = what or (path[-1] if path else "the file")
        if value is None and not path:
            self.problem(path, "the file holds no content")
            return {}
        if not isinstance(value, dict):
            self.problem(path, f"{where} must be a mapping of 'key: value' lines, not {_kind(value)}")
            return {}
        if required or optional:
            known = set(required) | set(optional)
            for key in value:
                if key not in known:
                    self.problem(path + (key,), f"unknown key '{key}' in {where} (expected: {', '.join(sorted(known))})")
            for key in required:
                if key not in value:
                    self.problem(path, f"{where} is missing '{key}'")
        return value

    def sequence(self, path: Path_, what: str = "") -> list:
        value = self.get(path)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(path, f"{what or path[-1]} must be a list ('- item' lines), not {_kind(value)}")
            return []
        return value

    def text(self, path: Path_, required: bool = True, what: str = "") -> str:
        """A text value, spaces normalised; numbers and yes/no are kept as written."""
        value = self.get(path)
        where = what or "/".join(map(str, path))
        if isinstance(value, (dict, list)):
            self.problem(path, f"{where} must be text, not {_kind(value)}")
            return ""
        raw = self._raw.get(path)
        text = normalise(raw if raw is not None else "")
        if required and not text:
            self.problem(path, f"{where} is empty" if path in self._lines else f"{where} is missing")
        trouble = unprintable(text)
        if trouble:
            self.problem(path, f"{where} {trouble}")
            return ""
        return text

    def texts(self, path: Path_, what: str = "") -> tuple[str, ...]:
        """A list of texts (e.g. the questions of a step)."""
        items = self.sequence(path, what)
        return tuple(self.text(path + (i,), what=what or "/".join(map(str, path))) for i in range(len(items)))

    def integer(self, path: Path_, default: int) -> int:
        value = self.get(path)
        if value is None:
            return default
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(path, f"{path[-1]} must be a whole number, not {_kind(value)}")
            return default
        return value


MAX_TEXT = 3000  # characters: even an A6 card holds far fewer


def unprintable(text: str) -> str:
    """Why `text` cannot be printed as written, or "" when it can."""
    if len(text) > MAX_TEXT:
        return f"is {len(text):,} characters long; the limit is {MAX_TEXT:,} (a card holds a few hundred)"
    for ch in text:
        if ch == "\n" or ch == SOFT_HYPHEN or ch.isascii() and ch.isprintable():
            continue
        category = unicodedata.category(ch)
        name = unicodedata.name(ch, "unnamed")
        if category == "Cc":
            return f"contains a control character U+{ord(ch):04X}; remove it"
        if category in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            return f"contains an invisible character U+{ord(ch):04X} ({name.lower()}); remove it (a soft hyphen, \\u00AD, marks where a word may break)"
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            return f"contains right-to-left text (U+{ord(ch):04X} {name.lower()}): right-to-left scripts are not supported yet"
    return ""


def normalise(text: str) -> str:
    """Trim every line, fold runs of spaces, drop empty lines (paragraphs stay)."""
    if "\n" not in text and "  " not in text and "\t" not in text and text.strip() == text:
        return text  # the usual case, and the hot one in large decks
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _kind(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, bool):
        return "yes/no"
    if isinstance(value, (int, float)):
        return "a number"
    return "text"


def read(file: Path, display: str | None = None) -> Document:
    """Read and compose `file`; raise ContentError if it is not plain, safe YAML."""
    display = display or str(file)

    def fail(message: str, line: int | None = None) -> ContentError:
        return ContentError([Problem(display, line, message)])

    if not file.is_file():
        raise fail("file not found")
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise fail(f"file is too large ({size:,} bytes; the limit is {MAX_BYTES:,})")
    data = file.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise fail(f"not UTF-8 text (byte 0x{data[e.start]:02X}); save the file as UTF-8", line) from None
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        raise fail("tab character: indent YAML with spaces only", line)
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        message = f"YAML syntax error: {e.problem or e.context}"
        if e.context and e.context_mark and e.problem and e.context_mark.line + 1 != line:
            message += f" ({e.context} that starts at line {e.context_mark.line + 1})"
        raise fail(message, line) from None
    except yaml.YAMLError as e:
        raise fail(f"YAML error: {e}") from None
    if node is None:
        raise fail("the file is empty")
    lines: dict = {}
    raw: dict = {}
    problems: list[Problem] = []
    value = _plain(node, (), lines, raw, set(), problems, display)
    if problems:
        raise ContentError(problems)
    return Document(file, display, value, lines, raw)


def _plain(node, path, lines, raw, seen, problems, display):
    line = node.start_mark.line + 1
    if id(node) in seen:  # refuse at once: aliases can multiply a document a billionfold
        raise ContentError([Problem(display, line, "anchors and aliases (& and *) are not supported in content files")])
    seen.add(id(node))
    lines[path] = line
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(Problem(display, line, f"tag '{tag}' is not allowed: content files hold only text, lists and mappings"))
        return None
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        first: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(display, key_node.start_mark.line + 1, "keys must be plain words"))
                continue
            key = key_node.value
            key_line = key_node.start_mark.line + 1
            if key in first:
                problems.append(Problem(display, key_line, f"duplicate key '{key}' (first at line {first[key]})"))
                continue
            first[key] = key_line
            out[key] = _plain(value_node, path + (key,), lines, raw, seen, problems, display)
            lines[path + (key,)] = key_line
        return out
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, path + (i,), lines, raw, seen, problems, display) for i, item in enumerate(node.value)]
    # a scalar: keep its text as written, and its YAML value for numbers and flags
    if node.tag == "tag:yaml.org,2002:null" or (node.style is None and node.value in _NULLS):
        return None
    raw[path] = node.value
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:bool", "tag:yaml.org,2002:float"):
        return yaml.SafeLoader("").construct_object(node)
    return node.value
