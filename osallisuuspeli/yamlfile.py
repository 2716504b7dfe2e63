"""Reading one YAML content file safely, keeping the line of every value.

PyYAML is used only to parse; this module turns the parser's events into
plain data itself, in one walk over the whole file, so that no tag can build a Python object, duplicate keys
(which PyYAML would silently overwrite) are reported, anchors and aliases cannot
multiply the document ("billion laughs"), and every value can be traced to its
line for error messages.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Collection, Iterator, Mapping
from pathlib import Path
from typing import Any, TypeGuard

import yaml

from .errors import ContentError, Problem, shown
from .i18n import _, number

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


_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})")  # a \u00AD left as letters, outside double quotes
_OPENING, _CLOSING = "“”„‘’‚«»", "“”‘’»«"  # what word processors put around a quotation
_COLOUR = re.compile(r":\s+(#[0-9A-Fa-f]{6})\b")  # colour: #1F5FA8, which YAML reads as a comment
_MISSING = object()
Path_ = tuple[str | int, ...]  # a key path inside a document, e.g. ("cards", "kokeilut", "title"), or ("cards", 0)


class Document:
    """Plain data from one YAML file plus the line of each value.

    The accessor methods check types and record a Problem instead of raising,
    so one run reports every mistake in a file; `problems` collects them, and
    `warnings` what prints but was probably not meant so.
    """

    def __init__(
        self,
        file: Path,
        display: str,
        data: Any,
        lines: Mapping[Path_, int | str],
        raw: dict[Path_, str],
        comments: dict[Path_, str] | None = None,
    ):
        self.file = file
        self.display = display
        self.data = data
        self.lines = lines  # key path: line
        self.raw = raw  # key path: the text as written, of values YAML reads as numbers, dates or yes/no
        self.comments = comments or {}  # key path: the comment that cut an unquoted value short
        self.problems: list[Problem] = []
        self.warnings: list[Problem] = []
        self.sheets = file.suffix.lower() in (".xlsx", ".csv")  # a workbook's cells: messages speak of sheets, not of YAML

    def line(self, path: Path_) -> int | str | None:
        """The line of the value at `path` (or of its nearest parent); in a workbook, its sheet, row and column."""
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def where(self, path: Path_) -> str:
        """The place of a value in words: "line 7", or "sheet Cards, row 3, column id"."""
        line = self.line(path)
        return line if isinstance(line, str) else _("line %(line)s") % {"line": line}

    def _find(self, path: Path_) -> Any:
        value = self.data
        for key in path:
            if isinstance(value, list) and isinstance(key, int):
                if not 0 <= key < len(value):
                    return _MISSING
                value = value[key]
            elif isinstance(value, dict) and key in value:
                value = value[key]
            else:
                return _MISSING
        return value

    def has(self, path: Path_) -> bool:
        """Whether the file writes a value (even an empty one) at `path`."""
        return self._find(path) is not _MISSING

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.display, self.line(path), message))

    def get(self, path: Path_) -> Any:
        """The value at `path`, or None where the file has none."""
        value = self._find(path)
        return None if value is _MISSING else value

    # -- typed access ---------------------------------------------------
    def mapping(self, path: Path_, required: Collection[str] = (), optional: Collection[str] = (), what: str = "") -> dict[str, Any]:
        value = self.get(path)
        where = what or (path[-1] if path else _("the file"))
        if value is None and not path:
            self.problem(path, _("the file holds no content"))
            return {}
        if not isinstance(value, dict):
            self.problem(path, _("%(what)s must be a mapping of 'key: value' lines, not %(kind)s") % {"what": where, "kind": _kind(value)})
            return {}
        if required or optional:
            known = set(required) | set(optional)
            for key in value:
                if key not in known:
                    self.problem(
                        path + (key,),
                        _("unknown key '%(key)s' in %(what)s (expected: %(known)s)")
                        % {"key": key, "what": where, "known": ", ".join(sorted(known))},
                    )
            for key in required:
                if key not in value:
                    self.problem(path, _("%(what)s is missing '%(key)s'") % {"what": where, "key": key})
        return value

    def sequence(self, path: Path_, what: str = "") -> list[Any]:
        value = self.get(path)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(
                path, _("%(what)s must be a list ('- item' lines), not %(kind)s") % {"what": what or path[-1], "kind": _kind(value)}
            )
            return []
        return value

    def text(self, path: Path_, required: bool = True, what: str = "") -> str:
        """A text value, spaces normalised; numbers and yes/no are kept as written."""
        value = self.get(path)
        where = what or "/".join(map(str, path))
        if isinstance(value, (dict, list)):
            self.problem(path, _("%(what)s must be text, not %(kind)s") % {"what": where, "kind": _kind(value)})
            return ""
        raw = self.raw.get(path, value)
        text = normalise(_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), raw if raw is not None else ""))  # \u00AD in any quotes
        comment = self.comments.get(path)
        if comment and required and not text:
            self.problem(
                path, _("%(what)s is empty: the text after # was read as a comment; put the text in double quotes") % {"what": where}
            )
        elif required and not text:
            self.problem(path, (_("%(what)s is empty") if self.has(path) else _("%(what)s is missing")) % {"what": where})
        elif comment and text:
            self.warnings.append(
                Problem(
                    self.display,
                    self.line(path),
                    _("%(what)s: the text after # (%(comment)s) was read as a comment and left out; put the whole text in double quotes")
                    % {"what": where, "comment": comment[:40]},
                )
            )
        if len(text) > 1 and text[0] in _OPENING and text[-1] in _CLOSING:
            self.warnings.append(
                Problem(
                    self.display,
                    self.line(path),
                    _("%(what)s is wrapped in typographic quotes (%(quotes)s), which will print; remove them if they are not meant to")
                    % {"what": where, "quotes": f"{text[0]}…{text[-1]}"},
                )
            )
        trouble = unprintable(text, sheets=self.sheets)
        if trouble:
            self.problem(path, _("%(what)s %(trouble)s") % {"what": where, "trouble": trouble})
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
            self.problem(path, _("%(what)s must be a whole number, not %(kind)s") % {"what": path[-1], "kind": _kind(value)})
            return default
        return value


MAX_TEXT = 3000  # characters: even an A6 card holds far fewer


# right-to-left scripts: Hebrew to NKo and Samaritan, their presentation forms, and the SMP's
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff]")


def unprintable(text: str, sheets: bool = False) -> str:
    """Why `text` cannot be printed as written, or "" when it can; `sheets`:
    it was typed in a workbook's cell, where | marks a break."""
    if len(text) > MAX_TEXT:
        return _("is %(num)s characters long; the limit is %(limit)s (a card holds a few hundred)") % {
            "num": number(len(text)),
            "limit": number(MAX_TEXT),
        }
    if text.replace("\n", "").replace(SOFT_HYPHEN, "").isprintable() and not _RTL.search(text):
        return ""  # the usual case, found fast; what it lets through the loop below would too
    for ch in text:
        if ch == "\n" or ch == SOFT_HYPHEN or (ch.isascii() and ch.isprintable()):
            continue
        category = unicodedata.category(ch)
        name = unicodedata.name(ch, "unnamed")
        if category == "Cc":
            return _("contains a control character %(char)s; remove it") % {"char": f"U+{ord(ch):04X}"}
        if category in ("Cf", "Zl", "Zp", "Cs", "Co", "Cn"):
            where = _("type | where a word may break") if sheets else _("a soft hyphen, \\u00AD, marks where a word may break")
            return _("contains an invisible character %(char)s (%(name)s); remove it (%(hint)s)") % {
                "char": f"U+{ord(ch):04X}",
                "name": name.lower(),
                "hint": where,
            }
        if unicodedata.bidirectional(ch) in ("R", "AL"):
            return _("contains right-to-left text (%(char)s): right-to-left scripts are not supported yet") % {
                "char": f"U+{ord(ch):04X} {name.lower()}"
            }
    return ""


def normalise(text: str) -> str:
    """Trim every line, fold runs of spaces, drop empty lines (paragraphs stay)."""
    if "\n" not in text and "  " not in text and "\t" not in text and text.strip() == text:
        return text  # the usual case, and the hot one in large decks
    lines = (_SPACES.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def _kind(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, dict):
        return _("a mapping")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, bool):
        return _("yes/no")
    if isinstance(value, (int, float)):
        return _("a number")
    return _("text")


def read(file: Path, display: str | None = None) -> Document:
    """Read `file` into plain data; raise ContentError if it is not plain, safe YAML."""
    display = display or shown(file)

    def fail(message: str, line: int | None = None) -> ContentError:
        return ContentError([Problem(display, line, message)])

    if not file.is_file():
        raise fail(_("file not found"))
    size = file.stat().st_size
    if size > MAX_BYTES:
        raise fail(_("file is too large (%(size)s bytes; the limit is %(limit)s)") % {"size": number(size), "limit": number(MAX_BYTES)})
    data = file.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise fail(_("not UTF-8 text (byte %(byte)s); save the file as UTF-8") % {"byte": f"0x{data[e.start]:02X}"}, line) from None
    if "\t" in text:
        line = text[: text.index("\t")].count("\n") + 1
        raise fail(_("tab character: indent YAML with spaces only"), line)
    walker = _Walker(display, text.split("\n"))
    try:
        value = walker.document(yaml.parse(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        at = mark.line + 1 if mark else None
        if "nesting depth" in str(e.problem):  # libyaml >= 0.2.6 caps nesting itself: the same message as ours
            raise fail(_("nested more than %(num)d levels deep") % {"num": MAX_DEPTH}, at) from None
        lines = text.split("\n")
        if e.context_mark and _COLOUR.search(lines[e.context_mark.line]) and not _COLOUR.search(lines[at - 1] if at else ""):
            at = e.context_mark.line + 1  # the unquoted colour that cut a {flow: mapping} short
        explained = explain(str(e.problem), lines[at - 1] if at else "")
        message = explained or _("YAML syntax error: %(problem)s") % {"problem": e.problem or e.context}
        if e.context and e.context_mark and e.problem and e.context_mark.line + 1 != at and not explained:
            message += " " + _("(%(context)s that starts at line %(line)d)") % {"context": e.context, "line": e.context_mark.line + 1}
        raise fail(message, at) from None
    except yaml.YAMLError as e:
        raise fail(_("YAML error: %(error)s") % {"error": e}) from None
    if walker.problems:
        raise ContentError(walker.problems)
    return Document(file, display, value, walker.lines, walker.raw, walker.comments)


def explain(problem: str, line: str) -> str | None:
    """The syntax errors people make most, said so that they can fix them:
    libyaml's and PyYAML's wordings of the same mistake say the same."""
    key, colon, value = line.strip().partition(": ")
    colour = _COLOUR.search(line)
    if colour:  # colour: #1F5FA8 ends in a comment, and a {flow: mapping} with it
        return _('colours must be in quotes: "%(colour)s"') % {"colour": colour.group(1)}
    if "mapping values are not allowed" in problem:
        if colon and (": " in value or value.endswith(":")):
            return _("a colon and a space inside a text: put the whole text in double quotes, e.g. %(example)s") % {
                "example": f'{key}: "{value}"'
            }
        return _("this line is indented further than the line above it: indent it as far as the other keys beside it (with spaces)")
    quoted = colon and value[:1] in "\"'"
    if quoted and ("did not find expected key" in problem or "expected <block end>, but found '<scalar>'" in problem):
        other = "'" if value[0] == '"' else '"'
        return _(
            "the text starts with a quote but goes on after the closing quote: put the whole text in the other kind of quotes, e.g. %(example)s"
        ) % {"example": f"{key}: {other}{value}{other}"}
    if ("did not find expected key" in problem or "expected <block end>" in problem) and "'-'" not in problem and "'?'" not in problem:
        return _("this line is indented differently from the lines above it: indent it as far as the other keys beside it (with spaces)")
    if "did not find expected '-' indicator" in problem or "but found '?'" in problem:
        return _(
            "an item of a list without its dash: start the line with '- ' as the items above it do, or indent it under the item it belongs to"
        )
    return None


_RESOLVER = yaml.resolver.Resolver()
_resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = _RESOLVER.resolve  # types-PyYAML leaves it unannotated
_MAP, _SEQ = "tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"
MAX_DEPTH = 50  # content is a few levels deep; a hostile file could nest thousands


class _Walker:
    """Turns parser events into dicts, lists and scalars, noting the line of
    each, and refusing what content files must not hold: tags that build
    objects, anchors and aliases (which can multiply a document a
    billionfold), duplicate keys (PyYAML keeps the last), deep nesting."""

    def __init__(self, display: str, source: list[str]):
        self.display = display
        self.source = source  # the file's lines, to see what follows a value on its line
        self.lines: dict[Path_, int | str] = {}
        self.raw: dict[Path_, str] = {}
        self.comments: dict[Path_, str] = {}  # key path: a comment that follows an unquoted value on its line
        self.problems: list[Problem] = []

    def _problem(self, event: yaml.Event, message: str) -> None:
        self.problems.append(Problem(self.display, _line(event), message))

    def document(self, events: Iterator[yaml.Event]) -> Any:
        value = None
        for event in events:
            if isinstance(event, yaml.DocumentStartEvent):
                if value is not None:
                    raise ContentError([Problem(self.display, _line(event), _("a second YAML document ('---'): a content file holds one"))])
                value = self.value(next(events), events, (), 0)
        if value is None:
            raise ContentError([Problem(self.display, None, _("the file is empty"))])
        return value

    def value(self, event: yaml.Event, events: Iterator[yaml.Event], path: Path_, depth: int) -> Any:
        _refuse_anchor(event, self.display)
        if depth > MAX_DEPTH:
            raise ContentError([Problem(self.display, _line(event), _("nested more than %(num)d levels deep") % {"num": MAX_DEPTH})])
        self.lines.setdefault(path, _line(event))
        tag = _tag(event)
        if tag not in _PLAIN_TAGS:
            short = tag.replace("tag:yaml.org,2002:", "!!")
            self._problem(event, _("tag '%(tag)s' is not allowed: content files hold only text, lists and mappings") % {"tag": short})
            if not isinstance(event, yaml.ScalarEvent):
                _skip(events)
            return None
        if isinstance(event, yaml.MappingStartEvent):
            return self.mapping(events, path, depth)
        if isinstance(event, yaml.SequenceStartEvent):
            items: list[Any] = []
            for item in events:
                if isinstance(item, yaml.SequenceEndEvent):
                    return items
                items.append(self.value(item, events, path + (len(items),), depth + 1))
        # a scalar: text as written, and its YAML value for numbers and flags
        assert isinstance(event, yaml.ScalarEvent)  # a plain tag, not a mapping or list: the parser made a scalar
        if not event.style:  # unquoted (PyYAML says None, libyaml ""): a " #" ends it, and what follows is a comment
            end = event.end_mark
            assert end is not None  # the parser marks every event
            rest = self.source[end.line][end.column :].strip() if end.line < len(self.source) else ""
            if rest.startswith("#"):
                self.comments[path] = rest
        if tag == "tag:yaml.org,2002:null" or (not event.style and event.value in _NULLS):
            return None
        if tag == "tag:yaml.org,2002:str":
            return event.value
        self.raw[path] = event.value
        return yaml.SafeLoader("").construct_object(yaml.ScalarNode(tag, event.value))

    def mapping(self, events: Iterator[yaml.Event], path: Path_, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        previous = None
        for key in events:
            if isinstance(key, yaml.MappingEndEvent):
                return out
            if not self._plain_key(key, events):
                continue
            if key.value in out:
                message = _("duplicate key '%(key)s' (first at line %(line)s)") % {
                    "key": key.value,
                    "line": self.lines[path + (key.value,)],
                }
                if previous is not None and out[previous] is None:  # "kokeilut:" indented as far as the keys of the card above
                    message += _(": if '%(key)s:' above starts a new entry, indent it as far as the entries beside it") % {"key": previous}
                self._problem(key, message)
                _skip_value(events)
                continue
            self.lines[path + (key.value,)] = _line(key)  # a value's line is its key's
            out[key.value] = self.value(next(events), events, path + (key.value,), depth + 1)
            previous = key.value
        return out

    def _plain_key(self, key: yaml.Event, events: Iterator[yaml.Event]) -> TypeGuard[yaml.ScalarEvent]:
        """Whether a mapping's key is a plain word; if not, it and its value are skipped."""
        _refuse_anchor(key, self.display)
        if isinstance(key, yaml.ScalarEvent) and _tag(key) in _PLAIN_TAGS:
            return True
        self._problem(key, _("keys must be plain words"))
        if isinstance(key, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            _skip(events)
        _skip_value(events)
        return False


def _line(event: yaml.Event) -> int:
    """The 1-based line an event starts on."""
    mark = event.start_mark
    assert mark is not None  # the parser marks every event
    return mark.line + 1


def _tag(event: yaml.Event) -> str:
    """The event's tag, resolved as PyYAML's composer would (plain 12 is an int...)."""
    if isinstance(event, (yaml.ScalarEvent, yaml.CollectionStartEvent)) and event.tag not in (None, "!"):
        return event.tag
    if isinstance(event, yaml.ScalarEvent):
        return _resolve(yaml.ScalarNode, event.value, event.implicit)
    return _MAP if isinstance(event, yaml.MappingStartEvent) else _SEQ


def _refuse_anchor(event: yaml.Event, display: str) -> None:
    """Refuse at the first anchor, before anything can be multiplied."""
    if isinstance(event, yaml.AliasEvent) or (isinstance(event, yaml.NodeEvent) and event.anchor is not None):
        raise ContentError([Problem(display, _line(event), _("anchors and aliases (& and *) are not supported in content files"))])


def _skip_value(events: Iterator[yaml.Event]) -> None:
    """Consume the next value, whole."""
    if isinstance(next(events), (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
        _skip(events)


def _skip(events: Iterator[yaml.Event]) -> None:
    """Consume the rest of a mapping or list whose start was just read."""
    depth = 1
    for event in events:
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            depth += 1
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            depth -= 1
            if not depth:
                return
