"""YAML content -> model. Everything wrong is reported here, with file and line.

A deck is a folder: `deck.yaml` holds the structure (ids, order, themes,
colours) and one `<language>.yaml` per language holds the texts, keyed by the
same ids. The board's steps are shared by all decks (content/board.yaml).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from . import workbook, yamlfile
from .errors import ContentError, Problem, shown
from .i18n import _, number
from .model import SHAPES, Board, Card, Colour, Deck, Guide, LeaderStep, Phase, PlanColumn, Section, SheetPlan, Step, Theme
from .places import BOARD, BUILTIN_DECKS, GUIDES, STRINGS
from .units import MM
from .yamlfile import Document, Path_

_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")


def builtin_decks() -> list[str]:
    return sorted(p.name for p in BUILTIN_DECKS.iterdir() if (p / "deck.yaml").is_file())


def find_deck(deck: str | Path) -> Path:
    """A built-in deck by name, a user's deck folder, or a workbook (.xlsx, or a .csv of cards)."""
    if isinstance(deck, str) and deck in builtin_decks():
        return BUILTIN_DECKS / deck
    folder = Path(deck)
    if folder.suffix.lower() in workbook.SUFFIXES and folder.is_file():
        return folder
    if (folder / "deck.yaml").is_file():
        return folder
    if folder.is_dir():
        raise ContentError([Problem(shown(folder), None, _("not a deck folder: it has no deck.yaml"))])
    if folder.is_file():
        kind = workbook.OTHER_SPREADSHEETS.get(folder.suffix.lower())
        kind = _(kind) if kind else None
        raise ContentError(
            [
                Problem(
                    str(folder), None, kind or _("not a deck: a deck is a folder with deck.yaml, a workbook (.xlsx) or a card list (.csv)")
                )
            ]
        )
    raise ContentError(
        [Problem(str(deck), None, _("no such deck: not a built-in deck (%(decks)s) nor a folder") % {"decks": ", ".join(builtin_decks())})]
    )


def languages(deck: str | Path) -> list[str]:
    """The languages a deck has: one YAML file each beside deck.yaml, named by
    its language code. Any other YAML file is a mistake worth saying."""
    folder = find_deck(deck)
    if folder.is_file():
        return workbook.languages(folder)
    names = sorted(p.stem for p in folder.glob("*.yaml") if p.stem != "deck")
    stray = [n for n in names if not _LANG.match(n)]
    if stray:
        raise ContentError(
            [
                Problem(
                    shown(folder / f"{n}.yaml"),
                    None,
                    _("not a language file: name each language file by its code, e.g. fi.yaml, sv.yaml, se.yaml"),
                )
                for n in stray
            ]
        )
    return names


class _Structure(NamedTuple):
    id: str
    reference_language: str
    results_url: str
    colour: Colour
    logo: Path | None
    themes: tuple[tuple[str, Colour, str], ...]  # id, colour, shape
    cards: tuple[
        tuple[str, str | None, int | str | None], ...
    ]  # id, theme id and line (or cell), in order; the language file adds the texts
    warnings: tuple[Problem, ...] = ()


def load_deck(deck: str | Path, language: str) -> Deck:
    """One deck in one language; ContentError lists every problem found."""
    folder = find_deck(deck)
    have = languages(folder)
    if language not in have:
        raise ContentError(
            [
                Problem(
                    shown(folder),
                    None,
                    _("no language '%(language)s' in this deck (it has: %(have)s)")
                    % {"language": language, "have": ", ".join(have) or _("none")},
                )
            ]
        )
    if folder.is_file():
        structure, texts = workbook.documents(folder)
        return _read_language(_read_structure(structure, folder.parent), texts[language], language, folder)
    return _read_language(
        _read_structure(yamlfile.read(folder / "deck.yaml"), folder), yamlfile.read(folder / f"{language}.yaml"), language, folder
    )


def load_all(deck: str | Path) -> list[Deck]:
    """Every language of a deck; problems of all files are reported together."""
    folder = find_deck(deck)
    have = languages(folder)
    if not have:
        raise ContentError([Problem(shown(folder), None, _("the deck has no language files (e.g. fi.yaml)"))])
    decks, problems = [], []
    for language in have:
        try:
            decks.append(load_deck(folder, language))
        except ContentError as e:
            problems += [p for p in e.problems if p not in problems]
    if problems:
        raise ContentError(problems)
    return decks


# -- deck.yaml ----------------------------------------------------------------
MAX_CARDS = workbook.MAX_CARDS  # a real deck has 40-66; beyond this a deck is refused before its cards are read


def _colour(doc: Document, path: Path_) -> Colour:
    written = doc.comments.get(path, "")
    if not doc.get(path) and _HEX.match(written.split()[0] if written else ""):  # colour: #1F5FA8 is a comment to YAML
        doc.problem(path, _('colours must be in quotes: "%(colour)s"') % {"colour": written.split()[0]})
        return Colour("#000000")
    value = doc.text(path)
    if value and not _HEX.match(value):
        example = "#0072C6" if doc.sheets else _('"#0072C6" (in quotes)')
        doc.problem(path, _("colour '%(colour)s' must be written as #RRGGBB, e.g. %(example)s") % {"colour": value, "example": example})
        return Colour("#000000")
    return Colour(value.upper() or "#000000")


def _slug(doc: Document, path: Path_, value: str, what: str) -> bool:
    if not _ID.match(value):
        if re.search(r"\s", value):
            dashed = re.sub(r"\s+", "-", value)
            doc.problem(
                path,
                _("%(what)s '%(id)s' has a space in it; write - between its words ('%(dashed)s')")
                % {"what": what, "id": value, "dashed": dashed},
            )
        else:
            doc.problem(path, _("%(what)s '%(id)s' must be lower-case letters a-z, digits and '-' only") % {"what": what, "id": value})
        return False
    return True


def _read_structure(doc: Document, folder: Path) -> _Structure:
    """deck.yaml (or a workbook's Deck, Themes and Cards sheets); `folder` holds the logo."""
    top = _top(doc)
    deck_id = doc.text(("id",))
    if deck_id:
        _slug(doc, ("id",), deck_id, _("deck id"))
    themes = _themes(doc)
    colour = _deck_colour(doc, top, themes)
    cards = _cards(doc, [theme[0] for theme in themes])
    if "cards" in top and not cards:
        doc.problem(("cards",), _("the deck has no cards"))
    logo = _logo(doc, folder, doc.text(("logo",))) if "logo" in top else None
    reference = doc.text(("reference_language",), required=False) or "fi"
    if doc.problems:
        raise ContentError(doc.problems)
    return _Structure(
        id=deck_id,
        reference_language=reference,
        results_url=doc.text(("results_url",), required=False),
        colour=colour,
        logo=logo,
        themes=tuple(themes),
        cards=tuple((cid, theme, doc.line(path)) for cid, (theme, path) in cards.items()),
        warnings=tuple(doc.warnings),
    )


def _top(doc: Document) -> dict[str, Any]:
    """The deck's own keys; a file that is not a mapping, or has too many cards, stops here."""
    top = _keys(
        doc,
        required=("id", "cards"),
        optional=("reference_language", "results_url", "colour", "logo", "themes"),
        what=_("the sheet Deck") if doc.sheets else "deck.yaml",
    )
    listed = doc.get(("cards",))
    if isinstance(listed, list) and len(listed) > MAX_CARDS:  # before any card is looked at
        doc.problem(
            ("cards",),
            _("the deck has %(num)s cards; a deck has at most %(limit)s") % {"num": number(len(listed)), "limit": number(MAX_CARDS)},
        )
        raise ContentError(doc.problems)
    return top


def _themes(doc: Document) -> list[tuple[str, Colour, str]]:
    """The themes (id, colour, shape) in order; a duplicate or a bad one is a problem, and left out."""
    themes = []
    seen: dict[str, int] = {}  # theme id: index
    for i, _item in enumerate(doc.sequence(("themes",))):
        path = ("themes", i)
        doc.mapping(path, required=("id", "colour"), optional=("shape",), what=_("a theme"))
        tid = doc.text(path + ("id",), what=_("theme id"))
        shape = doc.text(path + ("shape",), required=False) or SHAPES[i % len(SHAPES)]
        if shape not in SHAPES:
            doc.problem(
                path + ("shape",), _("unknown shape '%(shape)s' (shapes: %(shapes)s)") % {"shape": shape, "shapes": ", ".join(SHAPES)}
            )
        if tid in seen:
            doc.problem(
                path, _("duplicate theme id '%(id)s' (first at %(where)s)") % {"id": tid, "where": doc.where(("themes", seen[tid]))}
            )
        elif tid and _slug(doc, path + ("id",), tid, _("theme id")):
            seen[tid] = i
            themes.append((tid, _colour(doc, path + ("colour",)), shape))
    return themes


def _deck_colour(doc: Document, top: dict[str, Any], themes: list[tuple[str, Colour, str]]) -> Colour:
    """The deck's own colour, else its first theme's; a deck without either is told to give one."""
    if "colour" in top:
        return _colour(doc, ("colour",))
    if themes:
        return themes[0][1]
    doc.problem(
        (),
        _("the sheet Deck needs a row colour (#RRGGBB, e.g. #0072C6) for a deck without themes")
        if doc.sheets
        else _("deck.yaml needs a 'colour' for a deck without themes"),
    )
    return Colour("#000000")


def _cards(doc: Document, theme_ids: list[str]) -> dict[str, tuple[str | None, Path_]]:
    """The cards by id (their theme and where they are written), in order; a duplicate is a problem, and left out."""
    cards: dict[str, tuple[str | None, Path_]] = {}
    for i, item in enumerate(doc.sequence(("cards",))):
        path = ("cards", i)
        if isinstance(item, dict):
            doc.mapping(path, required=("id",), optional=("theme",), what=_("a card"))
            cid = doc.text(path + ("id",), what=_("card id"))
            theme = doc.text(path + ("theme",), required=False) or None
        else:
            cid, theme = doc.text(path, what=_("card id")), None
        if not cid or not _slug(doc, path, cid, _("card id")):
            continue
        if cid in cards:
            doc.problem(path, _("duplicate card id '%(id)s' (first at %(where)s)") % {"id": cid, "where": doc.where(cards[cid][1])})
            continue
        cards[cid] = theme, path
        known = _("themes: %(themes)s") % {"themes": ", ".join(theme_ids)} if theme_ids else _("this deck has no themes")
        if theme is None and theme_ids:
            doc.problem(path, _("card '%(card)s' has no theme (themes: %(themes)s)") % {"card": cid, "themes": ", ".join(theme_ids)})
        elif theme is not None and theme not in theme_ids:
            doc.problem(
                path + ("theme",),
                _("card '%(card)s' has an unknown theme '%(theme)s' (%(known)s)") % {"card": cid, "theme": theme, "known": known},
            )
    return cards


LOGO_MAX_BYTES = 5 * 1024 * 1024
LOGO_MAX_SIDE = 5000  # pixels on the longer side: a logo printed 60 mm wide needs under 1,000


def _logo(doc: Document, folder: Path, name: str) -> Path | None:
    """The logo file, checked as an image before anything is drawn with it."""
    if not name:
        return None
    path = (folder / name).resolve()
    problem = None
    if not path.is_relative_to(folder.resolve()):
        problem = _("logo '%(name)s' must be a file inside the deck folder") % {"name": name}
    elif path.suffix.lower() not in (".png", ".jpg", ".jpeg"):
        problem = _("logo '%(name)s' must be a PNG or JPEG file") % {"name": name}
    elif not path.is_file():
        problem = _("logo file '%(name)s' not found in the deck folder") % {"name": name}
    elif path.stat().st_size > LOGO_MAX_BYTES:
        problem = _("logo '%(name)s' is %(size)s bytes; the limit is %(limit)s") % {
            "name": name,
            "size": number(path.stat().st_size),
            "limit": number(LOGO_MAX_BYTES),
        }
    else:
        problem = _image_problem(path, name)
    if problem:
        doc.problem(("logo",), problem)
        return None
    return path


def _image_problem(path: Path, name: str) -> str | None:
    from PIL import Image

    try:
        with Image.open(path) as image:  # reads the header only
            if image.format not in ("PNG", "JPEG"):
                return _("logo '%(name)s' is not a PNG or JPEG image (it is %(format)s)") % {"name": name, "format": image.format}
            w, h = image.size
            if max(w, h) > LOGO_MAX_SIDE:
                return _("logo '%(name)s' is %(width)s x %(height)s pixels; the limit is %(limit)s on its longer side (scale it down)") % {
                    "name": name,
                    "width": number(w),
                    "height": number(h),
                    "limit": number(LOGO_MAX_SIDE),
                }
            image.load()  # decodes it all: a truncated or corrupt file fails here
    except Image.DecompressionBombError:
        return _("logo '%(name)s' is far more than %(limit)s pixels on its longer side (scale it down)") % {
            "name": name,
            "limit": number(LOGO_MAX_SIDE),
        }
    except (OSError, SyntaxError, ValueError) as e:
        return _("logo '%(name)s' is not a readable PNG or JPEG image (%(error)s)") % {"name": name, "error": e}
    return None


# -- <language>.yaml ------------------------------------------------------------
def _read_language(st: _Structure, doc: Document, language: str, source: Path) -> Deck:
    """<language>.yaml (or a workbook's columns of one language); `source` is the deck's folder or workbook."""
    top = _keys(
        doc,
        required=("name", "cards", "board"),
        optional=("language", "edition", "organisation", "themes", "strings", "guide"),
        what=_("the workbook") if doc.sheets else doc.file.name,
    )
    if "language" in top and doc.text(("language",)) != language:
        doc.problem(
            ("language",),
            _("language '%(language)s' does not match the file name '%(file)s'")
            % {"language": doc.text(("language",)), "file": f"{language}.yaml"},
        )
    themes = _theme_texts(st, doc, top)
    cards = _card_texts(st, doc, themes)  # before the name and edition, so that problems are listed as before
    deck = Deck(
        id=st.id,
        language=language,
        name=doc.text(("name",)),
        edition=doc.text(("edition",), required=False),
        organisation=doc.text(("organisation",), required=False),
        colour=st.colour,
        themes=tuple(themes.values()),
        cards=cards,
        board=_read_board(doc),
        strings=_strings(doc, language, st.reference_language),
        guide=_read_guide(doc, language),
        results_url=st.results_url,
        logo=st.logo,
        source=source,
    )
    if doc.problems:
        raise ContentError(doc.problems)
    return deck._replace(warnings=tuple(str(w) for w in (*st.warnings, *doc.warnings)))


def _keys(doc: Document, required: tuple[str, ...], optional: tuple[str, ...], what: str) -> dict[str, Any]:
    """A file's own keys; a file that is not a mapping stops here."""
    top = doc.mapping((), required=required, optional=optional, what=what)
    if not isinstance(doc.data, dict):  # a list or a text where the file's keys belong: say that, not every key it lacks
        raise ContentError(doc.problems)
    return top


def _theme_texts(st: _Structure, doc: Document, top: dict[str, Any]) -> dict[str, Theme]:
    """Each theme of deck.yaml with its texts in this language, by id; a theme missing on either side is a problem."""
    themes = {}
    theme_texts = doc.mapping(("themes",), what="themes") if st.themes or "themes" in top else {}
    for position, (tid, colour, shape) in enumerate(st.themes, 1):
        path = ("themes", tid)
        if tid not in theme_texts:
            doc.problem(("themes",), _("theme '%(theme)s' of deck.yaml has no text in %(file)s") % {"theme": tid, "file": doc.file.name})
            continue
        doc.mapping(path, required=("name", "short"), optional=("question", "measures"), what=_("theme '%(theme)s'") % {"theme": tid})
        themes[tid] = Theme(
            id=tid,
            number=position,
            colour=colour,
            shape=shape,
            name=doc.text(path + ("name",)),
            short=doc.text(path + ("short",)),
            question=doc.text(path + ("question",), required=False),
            measures=doc.texts(path + ("measures",)),
        )
    for tid in theme_texts:
        if tid not in {t[0] for t in st.themes}:
            doc.problem(("themes", tid), _("theme '%(theme)s' is not in deck.yaml") % {"theme": tid})
    return themes


def _card_texts(st: _Structure, doc: Document, themes: dict[str, Theme]) -> tuple[Card, ...]:
    """Each card of deck.yaml with its texts in this language, in order; a card missing on either side is a problem."""
    texts = doc.mapping(("cards",), what="cards")
    listed = {cid for cid, _theme, _line in st.cards}
    for cid in texts:
        if cid not in listed:
            doc.problem(("cards", cid), _("card '%(card)s' is not in deck.yaml") % {"card": cid})
    cards = []
    for position, (cid, theme, line) in enumerate(st.cards, 1):
        path = ("cards", cid)
        if cid not in texts:
            doc.problem(
                ("cards",),
                _("card '%(card)s' (deck.yaml line %(line)s) has no text in %(file)s") % {"card": cid, "line": line, "file": doc.file.name},
            )
            continue
        doc.mapping(path, required=("title",), optional=("description",), what=_("card '%(card)s'") % {"card": cid})
        title = doc.text(path + ("title",), what=_("title of card '%(card)s'") % {"card": cid})
        description = doc.text(path + ("description",), required=False, what=_("description of card '%(card)s'") % {"card": cid})
        cards.append(Card(cid, position, title, description, themes.get(theme) if theme else None))
    return tuple(cards)


def _read_board(doc: Document) -> Board:
    structure = yamlfile.read(BOARD)
    b = ("board",)
    doc.mapping(b, required=("title", "postit", "columns", "deck_place", "results", "credit", "steps"), optional=("links",), what="board")
    columns = doc.texts(b + ("columns",))
    if len(columns) != 3:
        doc.problem(b + ("columns",), _("board columns must be three texts, not %(num)d") % {"num": len(columns)})
        columns = (columns + ("", "", ""))[:3]
    doc.mapping(b + ("results",), required=("title", "text"), optional=("offline",), what=_("board results"))
    step_texts = doc.mapping(b + ("steps",), what=_("board steps"))
    steps = []
    for position, _item in enumerate(structure.sequence(("steps",)), 1):
        sid = structure.text(("steps", position - 1, "id"))
        kind = structure.text(("steps", position - 1, "kind"))
        path = b + ("steps", sid)
        if sid not in step_texts:
            doc.problem(b + ("steps",), _("board step '%(step)s' has no text") % {"step": sid})
            continue
        plan = kind == "plan"
        doc.mapping(
            path,
            required=("title",) + (("columns",) if plan else ()),
            optional=("questions",),
            what=_("board step '%(step)s'") % {"step": sid},
        )
        plan_columns = []
        if plan:
            for cid in doc.mapping(path + ("columns",), what=_("plan columns")):
                cpath = path + ("columns", cid)
                doc.mapping(cpath, required=("title",), optional=("questions",), what=_("column '%(column)s'") % {"column": cid})
                plan_columns.append(PlanColumn(cid, doc.text(cpath + ("title",)), doc.texts(cpath + ("questions",))))
        steps.append(
            Step(
                id=sid,
                number=position,
                kind=kind,
                title=doc.text(path + ("title",)),
                questions=doc.texts(path + ("questions",)),
                columns=tuple(plan_columns),
                rows=structure.integer(("steps", position - 1, "rows"), 0),
                minutes=_minutes(structure, ("steps", position - 1, "minutes")),
            )
        )
    for sid in step_texts:
        if sid not in {s.id for s in steps}:
            doc.problem(b + ("steps", sid), _("board step '%(step)s' is not a step of the game") % {"step": sid})
    return Board(
        title=doc.text(b + ("title",)),
        postit=doc.text(b + ("postit",)),
        columns=tuple(columns),  # type: ignore[arg-type]
        deck_place=doc.text(b + ("deck_place",)),
        results_title=doc.text(b + ("results", "title")),
        results_text=doc.text(b + ("results", "text")),
        results_offline=doc.text(b + ("results", "offline"), required=False),
        credit=doc.text(b + ("credit",)),
        links=doc.texts(b + ("links",)),
        steps=tuple(steps),
        sheets=_sheet_plan(structure),
    )


def _sheet_plan(structure: Document) -> tuple[SheetPlan, ...]:
    """board.yaml's `sheets`: every step on exactly one sheet."""
    ids = [structure.text(("steps", i, "id")) for i, _item in enumerate(structure.sequence(("steps",)))]
    plan = []
    for i, _item in enumerate(structure.sequence(("sheets",))):
        path = ("sheets", i)
        structure.mapping(path, required=("steps",), optional=("side", "details"), what=_("a board sheet"))
        steps = structure.texts(path + ("steps",))
        side = structure.integer(path + ("side",), 0)
        details = structure.integer(path + ("details",), 0)
        plan.append(SheetPlan(steps, side * MM, details * MM))
    placed = [s for sheet in plan for s in sheet.steps]
    if sorted(placed) != sorted(ids):
        structure.problem(("sheets",), _("the sheets must show every step once (steps: %(steps)s)") % {"steps": ", ".join(ids)})
    if structure.problems:
        raise ContentError(structure.problems)
    return tuple(plan)


def strings(language: str) -> dict[str, str]:
    """The built-in interface strings of `language` (Finnish if there are none)."""
    file = STRINGS / f"{language}.yaml"
    base = yamlfile.read(file if file.is_file() else STRINGS / "fi.yaml")
    return {k: base.text((k,)) for k in base.mapping(())}


def _strings(doc: Document, language: str, reference: str) -> dict[str, str]:
    """Built-in interface strings of the language (or the reference language), then the deck's own."""
    base_file = STRINGS / f"{language}.yaml"
    if not base_file.is_file():
        base_file = STRINGS / f"{reference}.yaml"
    base = yamlfile.read(base_file)
    strings = {k: base.text((k,)) for k in base.mapping(())}
    own = doc.mapping(("strings",), what="strings") if "strings" in (doc.data or {}) else {}
    for key in own:
        if key not in strings:
            doc.problem(
                ("strings", key),
                _("unknown interface string '%(key)s' (known: %(known)s)") % {"key": key, "known": ", ".join(sorted(strings))},
            )
        else:
            strings[key] = doc.text(("strings", key))
    return strings


def _minutes(doc: Document, path: Path_) -> tuple[int, int]:
    values = doc.sequence(path)
    if len(values) != 2 or not all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values):
        doc.problem(path, _("minutes must be two whole numbers: [2-hour workshop, 90-minute workshop]"))
        return (0, 0)
    return values[0], values[1]


def _read_guide(deck_doc: Document, language: str) -> Guide | None:
    """The facilitator's guide and leader cards: the deck file's own `guide:`
    section if it has one (a language the tool does not ship), else the built-in one."""
    base: Path_
    if "guide" in (deck_doc.data or {}):
        doc, base = deck_doc, ("guide",)
    elif (GUIDES / f"{language}.yaml").is_file():
        doc, base = yamlfile.read(GUIDES / f"{language}.yaml"), ()
    else:
        return None
    structure = yamlfile.read(BOARD)
    doc.mapping(
        base, required=("title", "subtitle", "phases", "schedule", "leader", "tokens", "sections"), optional=("language",), what="guide"
    )
    phases = []
    for i, _item in enumerate(structure.sequence(("phases",))):
        pid = structure.text(("phases", i, "id"))
        steps = structure.texts(("phases", i, "steps"))
        phases.append(Phase(pid, doc.text(base + ("phases", pid), what=_("guide phase '%(phase)s'") % {"phase": pid}), steps))
    labels = _guide_labels(doc, base)
    leader = _leader_steps(doc, base, structure)
    sections = _guide_sections(doc, base)
    guide = Guide(
        title=doc.text(base + ("title",)),
        subtitle=doc.text(base + ("subtitle",)),
        phases=tuple(phases),
        opening=_minutes(structure, ("opening",)),
        closing=_minutes(structure, ("closing",)),
        labels=labels,
        leader=leader,
        sections=sections,
    )
    if doc is not deck_doc:
        deck_doc.warnings += doc.warnings
    if doc is not deck_doc and doc.problems:  # the deck file's own problems are raised with the deck's
        raise ContentError(doc.problems)
    return guide


def _guide_labels(doc: Document, base: Path_) -> dict[str, str]:
    """The guide's words for the schedule, the game leader's card and the tokens, by "group.key"."""
    labels = {}
    for group, keys in (
        ("schedule", ("opening", "closing", "total", "minutes")),
        ("leader", ("name", "edition", "goal", "ask", "time")),
        ("tokens", ("title", "note")),
    ):
        doc.mapping(
            base + (group,),
            required=keys + (("columns",) if group == "schedule" else ()) + (("steps",) if group == "leader" else ()),
            what=f"guide {group}",
        )
        for key in keys:
            labels[f"{group}.{key}"] = doc.text(base + (group, key))
    columns = doc.texts(base + ("schedule", "columns"))
    if len(columns) != 3:
        doc.problem(base + ("schedule", "columns"), _("schedule columns must be three texts"))
    for i, column in enumerate(columns[:3]):
        labels[f"schedule.column{i}"] = column
    return labels


def _leader_steps(doc: Document, base: Path_, structure: Document) -> dict[str, LeaderStep]:
    """The game leader's card of each of the board's steps, by step id; a missing one is a problem."""
    leader = {}
    step_ids = [structure.text(("steps", i, "id")) for i, _item in enumerate(structure.sequence(("steps",)))]
    texts = doc.mapping(base + ("leader", "steps"), what=_("leader steps"))
    for sid in step_ids:
        path = base + ("leader", "steps", sid)
        if sid not in texts:
            doc.problem(base + ("leader", "steps"), _("leader card for step '%(step)s' is missing") % {"step": sid})
            continue
        doc.mapping(path, required=("goal", "question", "play"), what=_("leader card '%(step)s'") % {"step": sid})
        leader[sid] = LeaderStep(doc.text(path + ("goal",)), doc.text(path + ("question",)), doc.text(path + ("play",)))
    return leader


def _guide_sections(doc: Document, base: Path_) -> tuple[Section, ...]:
    """The guide's sections in order, each shown always or only with or without a results address (`when`)."""
    sections = []
    for i, _item in enumerate(doc.sequence(base + ("sections",))):
        section: Path_ = base + ("sections", i)
        doc.mapping(section, required=("heading",), optional=("text", "list", "schedule", "steps", "when"), what=_("a guide section"))
        when = doc.text(section + ("when",), required=False)
        if when not in ("", "results_url", "no_results_url"):
            doc.problem(section + ("when",), _("'when' must be results_url or no_results_url, not '%(when)s'") % {"when": when})
        sections.append(
            Section(
                doc.text(section + ("heading",)),
                doc.text(section + ("text",), required=False),
                doc.texts(section + ("list",)),
                doc.get(section + ("schedule",)) is True,
                doc.get(section + ("steps",)) is True,
                when,
            )
        )
    return tuple(sections)


def _plain(text: str) -> str:
    return " ".join(text.replace("\u00ad", "").split()).casefold()


def _values(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, str]]:
    """Every text in a document's data, with its key path."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _values(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _values(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


def place_of_text(deck: Deck, text: str | None, prefer: Path_ = ()) -> str | None:
    """Where a workbook deck's text that is not a card's own is typed - a
    theme's name, a Texts row, the deck's name - found by the text itself
    (a `{placeholder}` in a cell matches whatever it became): "deck.xlsx,
    sheet Texts, row 14, column fi". Paths starting with `prefer` win over
    others with the same text. None for a deck of YAML files, or if no cell has it."""
    if not text or deck.source is None or not deck.source.is_file():
        return None
    try:
        _, texts = workbook.documents(deck.source)
        doc = texts[deck.language]
    except (ContentError, KeyError):
        return None
    wanted = _plain(text)
    found = []
    for path, value in _values(doc.data):
        typed = _plain(value)
        head = typed.split("{", 1)[0]
        if typed == wanted or ("{" in typed and len(head) >= 8 and wanted.startswith(head)):
            found.append(path)
    found.sort(key=lambda path: path[: len(prefer)] != prefer)
    where = doc.line(found[0]) if found and found[0] in doc.lines else None
    return f"{deck.source}, {where}" if isinstance(where, str) else None


def place(deck: Deck, card_id: str, field: str) -> str | None:
    """Where a card's text is typed, for a message about it: a workbook's
    "deck.xlsx, sheet Cards, row 14, column description_sv"; None for a deck
    of YAML files (its messages name the card, as the file has it)."""
    if deck.source is None or not deck.source.is_file():
        return None
    try:
        _structure, texts = workbook.documents(deck.source)
        where = texts[deck.language].line(("cards", card_id, field))
    except (ContentError, KeyError):  # read once already; changed since, the card's name must do
        return None
    return f"{deck.source}, {where}" if isinstance(where, str) else None
