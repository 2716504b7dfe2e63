"""Drawing laid-out faces onto imposed pages with reportlab; no layout here.

What every card of a theme shares on one side (band, badge, theme name, deck
name) is drawn once as a form XObject and placed by reference, which keeps
files small.
"""

from __future__ import annotations

from osallisuuspeli.draw.painter import Painter
from osallisuuspeli.draw.pdf import canvas
from osallisuuspeli.draw.structure import finish
from osallisuuspeli.draw.tags import Tags
from osallisuuspeli.model import BLACK, GUIDE, Deck, plain

from .faces import blank, face, is_blank
from .geometry import Imposition, SheetSpec, impose


def cards_pdf(deck: Deck, spec: SheetSpec, *, corners: float = 0.0, cmyk: bool = False, blanks: bool = False) -> bytes:
    """Every card of `deck`, imposed by `spec.mode`; bookmarks per sheet, or
    per card in single mode. `blanks`: then a sheet of blank cards for each
    theme (or for the deck without themes), for a team's own new methods."""
    imposition: Imposition = impose(spec)
    duplex = spec.flip if spec.mode == "duplex" else ""  # print dialogs that read it preselect two-sided, flipped as the sheets expect
    title = f"{deck.name}: {deck.string('cards')}"
    c, out = canvas(imposition.pages[0].size, title=title, subject=deck.edition or deck.name, language=deck.language, duplex=duplex)
    tags = Tags()
    painter = Painter(c, cmyk, tags)
    n = imposition.per_sheet
    chunks = [deck.cards[start : start + n] for start in range(0, len(deck.cards), n)]
    if blanks:
        chunks += [tuple(blank(theme, i) for i in range(1, n + 1)) for theme in (deck.themes or (None,))]
    for index, chunk in enumerate(chunks, 1):
        key = f"sheet{index}"
        c.bookmarkPage(key)
        if is_blank(chunk[0]):
            theme = chunk[0].theme
            c.addOutlineEntry(deck.string("blank_cards", theme=theme.short if theme else deck.edition or deck.name), key, level=0)
        elif n == 1:
            c.addOutlineEntry(f"{chunk[0].number}. {plain(chunk[0].title)}", key, level=0)
        else:
            c.addOutlineEntry(f"{deck.string('sheet', n=index)} ({chunk[0].number}–{chunk[-1].number})", key, level=0)
        for page in imposition.pages:
            c.setPageSize(page.size)
            if page.trim_box is not None and page.bleed_box is not None:
                c.setTrimBox([page.trim_box.x, page.trim_box.y, page.trim_box.right, page.trim_box.top])
                c.setBleedBox([page.bleed_box.x, page.bleed_box.y, page.bleed_box.right, page.bleed_box.top])
            for placement in page.placements:
                if placement.slot < len(chunk):
                    f = face(chunk[placement.slot], deck, placement.side, spec.card, spec.bleed, corners)
                    painter.face(f, placement.trim.x, placement.trim.y, spec.bleed, spec.card, placement.clip)
            painter.lines(page.marks)
            painter.lines(page.folds, GUIDE, (3, 2))
            c.showPage()
    c.save()
    return finish(out.getvalue(), tags, title=title, language=deck.language, pack=False)


def calibration_pdf(paper: tuple[float, float], strings: dict[str, str], language: str, *, flip: str = "long", cmyk: bool = False) -> bytes:
    """The two-sided calibration sheet (see deck/calibrate.py)."""
    from .calibrate import calibration

    c, out = canvas(paper, title=strings["calibrate_title"], subject=strings["calibrate_title"], language=language, duplex=flip)
    tags = Tags()
    painter = Painter(c, cmyk, tags)
    for page in calibration(paper, strings, language):
        painter.lines(page.lines, BLACK)
        painter.items(page.texts, 0, 0)
        c.showPage()
    c.save()
    return finish(out.getvalue(), tags, title=strings["calibrate_title"], language=language, pack=False)
