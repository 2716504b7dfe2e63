"""The follow-up sheet: each open action of a unit or period with its goal,
method, owner and timetable, and for each four check boxes (not started,
under way, done, dropped), a date and a note. Fillable in any PDF reader and
usable on paper, like the results sheet; it records which register and
which actions it was made from (document information KEY), so a filled copy
adds back whatever language it was printed in. Also as a workbook.

Layout first (pure records), then drawn.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import cache
from typing import Any, NamedTuple

from osallisuuspeli import fonts
from osallisuuspeli.draw.finish import finish as shipped
from osallisuuspeli.draw.forms import Field, with_fields
from osallisuuspeli.draw.painter import Painter, TextLine
from osallisuuspeli.draw.pdf import canvas
from osallisuuspeli.draw.shapes import Line, Rect
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Element, Tags, draw_pieces
from osallisuuspeli.load import strings
from osallisuuspeli.model import INK, MUTED, Colour
from osallisuuspeli.places import CONTENT
from osallisuuspeli.record import followup_field
from osallisuuspeli.units import MM

from .sheet_pages import Page, Pages

KEY = "/OsallisuuspeliFollowup"  # the document information entry that records the register and actions
FORM = "followup-sheet"
STATUSES = ("not_started", "under_way", "done", "dropped")
SHOWN = ("goal", "method", "responsible", "timetable")
MARGIN = 14 * MM
BOX = 3.6 * MM
RULE = Colour("#B4B4B4")
TEXT = 8.5  # the actions' own texts, in points


@cache
def words(language: str) -> dict[str, str]:
    """The sheet's words in `language` (English for a language it lacks)."""
    import yaml

    table = yaml.safe_load((CONTENT / "followup.yaml").read_text(encoding="utf-8"))
    lang = language if language in table else "en"
    base = strings(lang)
    shown: dict[str, str] = table[lang] | {k: base[f"action_{k}"] for k in SHOWN} | {"organisation": base["workshop_organisation"]}
    return shown


class Item(NamedTuple):
    """What the sheet shows of one action (register/actions.py ActionView has these and more)."""

    id: str
    date: str
    organisation: str
    goal: str
    method: str
    responsible: str
    timetable: str


def printable(text: str) -> str:
    """A person's text as the bundled font can draw it: a character it lacks
    (an emoji) becomes '?', the register keeping what was typed."""
    missing = set(fonts.missing_glyphs(text))
    return "".join("?" if ch in missing else ch for ch in " ".join(text.split()))


def _wrapped(text: str, width: float, size: float) -> list[str]:
    from reportlab.lib.utils import simpleSplit  # type: ignore[import-untyped]

    return simpleSplit(printable(text), fonts.REGULAR, size, width) or [""]


def _line(text: str, x: float, y: float, size: float, face: str = fonts.REGULAR, colour: Colour = INK, align: str = "left") -> TextLine:
    return TextLine(x, y, text, face, size, colour, align)


def layout(items: Sequence[Item], language: str, paper: tuple[float, float], register: str, root: Element | None = None) -> list[Page]:
    """Every page of the follow-up sheet, as records; their structure under `root`."""
    s = words(language)
    p = Pages(paper, MARGIN)
    root = root or Element("Document")
    w = paper[0] - 2 * MARGIN
    p.text(Element("H1", root), _line(s["title"], MARGIN, p.y - 18, 18, fonts.BOLD))
    p.y -= 26
    intro = Element("P", root)
    for line in _wrapped(s["intro"], w, 9):
        p.text(intro, _line(line, MARGIN, p.y - 9, 9))
        p.y -= 11.5
    p.y -= 3 * MM
    for item in items:
        _action(p, s, root, w, item)
        _status(p, s, root, item)
        _date_and_note(p, s, root, w, item)
    return p.done()


LABEL_W = 32 * MM  # the labels' column, left of an action's texts and boxes
LEAD = TEXT * 1.25


def _action(p: Pages, s: dict[str, str], root: Element, w: float, item: Item) -> None:
    """The action's heading, its workshop and its texts; on a new page unless the whole action fits."""
    blocks = [(s[k], _wrapped(getattr(item, k), w - LABEL_W, TEXT)) for k in SHOWN]
    p.room(6 * MM + sum(len(lines) for _label, lines in blocks) * LEAD + 26 * MM)
    head = f"{s['action']} {item.id}"
    p.text(Element("H2", root, title=head), _line(head, MARGIN, p.y - 10, 10, fonts.BOLD))
    where = " · ".join(printable(x) for x in (item.date, item.organisation) if x)
    p.text(Element("P", root), _line(f"{s['workshop']} {where}", MARGIN + w, p.y - 10, 8, colour=MUTED, align="right"))
    p.y -= 6 * MM
    table = Element("Table", root)
    for label, lines in blocks:
        tr = Element("TR", table)
        p.text(Element("TH", tr, scope="Row"), _line(label, MARGIN, p.y - TEXT, 7.5, colour=MUTED))
        value = Element("TD", tr)
        for line in lines:
            p.text(value, _line(line, MARGIN + LABEL_W, p.y - TEXT, TEXT))
            p.y -= LEAD
    p.y -= 2 * MM


def _status(p: Pages, s: dict[str, str], root: Element, item: Item) -> None:
    """Four check boxes, each with its word: not started, under way, done, dropped."""
    p.text(Element("P", root), _line(s["status"], MARGIN, p.y - BOX + 0.2 * MM, 7.5, colour=MUTED))
    x = MARGIN + LABEL_W
    for code in STATUSES:
        box = Rect(x, p.y - BOX - 0.5 * MM, BOX, BOX)
        p.rules.extend((Line(box.x, box.y, box.right, box.y), Line(box.right, box.y, box.right, box.top)))
        p.rules.extend((Line(box.right, box.top, box.x, box.top), Line(box.x, box.top, box.x, box.y)))
        form = Element("Form", root)
        p.field(form, Field(p.page, followup_field(item.id, code), box, f"{s['action']} {item.id} · {s[code]}", check=True))
        p.text(form, _line(s[code], x + BOX + 1.5 * MM, box.y + 0.6 * MM, 8.5))
        x += BOX + 3 * MM + fonts.width(s[code], fonts.REGULAR, 8.5) + 4 * MM
    p.y -= 6 * MM


def _date_and_note(p: Pages, s: dict[str, str], root: Element, w: float, item: Item) -> None:
    """The status's date and a note, on lines to write on; a rule under the action."""
    date_w = 34 * MM
    date, note_form = Element("Form", root), Element("Form", root)
    p.text(date, _line(s["date"], MARGIN, p.y - 7, 7.5, colour=MUTED))
    base = p.y - 9 * MM
    p.rules.append(Line(MARGIN, base, MARGIN + date_w, base))
    p.rules.append(Line(MARGIN + date_w + 4 * MM, base, MARGIN + w, base))
    tip = f"{s['action']} {item.id} · "
    when = Rect(MARGIN, base + 0.3 * MM, date_w, 5.6 * MM)
    p.field(date, Field(p.page, followup_field(item.id, "date"), when, tip + s["date"], size=9, multiline=False))
    p.text(note_form, _line(s["note"], MARGIN + date_w + 4 * MM, p.y - 7, 7.5, colour=MUTED))
    note = Rect(MARGIN + date_w + 4 * MM, base + 0.3 * MM, w - date_w - 4 * MM, 5.6 * MM)
    p.field(note_form, Field(p.page, followup_field(item.id, "note"), note, tip + s["note"], size=9, multiline=False))
    p.y = base - 5 * MM
    p.rules.append(Line(MARGIN, p.y, MARGIN + w, p.y))
    p.y -= 4 * MM


def record_of(register: str, language: str, items: Sequence[Item]) -> str:
    return json.dumps({"form": FORM, "register": register, "language": language, "actions": [i.id for i in items]}, separators=(",", ":"))


def followup_pdf(items: Sequence[Item], language: str, paper: tuple[float, float], register: str) -> bytes:
    s = words(language)
    tags = Tags()
    pages = layout(items, language, paper, register, tags.root)
    c, out = canvas(paper, title=s["title"], subject=s["made"].format(register=register), language=language)
    painter = Painter(c, False)
    for n, page in enumerate(pages, 1):
        draw_pieces(tags, painter, page.content)
        painter.lines(page.rules, RULE)
        foot = f"{s['made'].format(register=register)} · {n}/{len(pages)}"
        with tags.artifact(c, "Pagination"):
            painter.texts((_line(foot, paper[0] - MARGIN, MARGIN - 4 * MM, 7.5, colour=MUTED, align="right"),), 0, 0)
        c.showPage()
    c.save()
    fields = [f for page in pages for f in page.fields]
    filled = with_fields(out.getvalue(), fields, {KEY: record_of(register, language, items)})
    tagged = finish(filled, tags, title=s["title"], language=language)
    return shipped(tagged, author=s["title"])  # subsets named by their programs, XMP, as every file of the kit


RECORD_SHEET = "record"  # the workbook's hidden sheet that holds the record


def followup_xlsx(items: Sequence[Item], language: str, register: str) -> bytes:
    """The same as a workbook: a row per action, the status chosen from a list
    in the sheet's language (or typed: any language's word or code is read)."""
    import io

    from openpyxl import Workbook  # type: ignore[import-untyped]
    from openpyxl.worksheet.datavalidation import DataValidation  # type: ignore[import-untyped]

    from osallisuuspeli.cells import safe

    s = words(language)
    book = Workbook()
    sheet = book.active
    sheet.title = s["sheet"]
    header = [s["action"], s["workshop"], s["organisation"], *(s[k] for k in SHOWN), s["status"], s["date"], s["note"]]
    sheet.append(header)
    for item in items:
        row: list[Any] = [item.id, item.date, item.organisation, *(getattr(item, k) for k in SHOWN), "", "", ""]
        sheet.append([safe(v) for v in row])
    choice = DataValidation(type="list", formula1='"' + ",".join(s[c] for c in STATUSES) + '"', allow_blank=True)
    sheet.add_data_validation(choice)
    if items:
        col = len(header) - 2
        letter = sheet.cell(row=1, column=col).column_letter
        choice.add(f"{letter}2:{letter}{len(items) + 1}")
    for i, width in enumerate((8, 11, 24, 36, 28, 22, 18, 14, 12, 30), 1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = width
    hidden = book.create_sheet(RECORD_SHEET)
    hidden["A1"] = record_of(register, language, items)
    hidden["A1"].data_type = "s"
    hidden.sheet_state = "hidden"
    raw = io.BytesIO()
    book.save(raw)
    return raw.getvalue()
