"""Tagged PDF (PDF/UA-1) for the papers a city publishes: the guide, the
checklist, the report, the results and follow-up sheets, and kit.pdf.

Two independent checks (tests/pdfua.py): the structure and the content
streams read with pikepdf, and Poppler's text of the structure against the
text the pages show. The pages themselves look as before (only markers were
added): tests/test_print_files.py and the other kit tests still hold.
"""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pytest

from tests.pdfua import check, poppler_problems, struct_text

LANGUAGES = ("fi", "sv", "en")
PAPERS = ("guide.pdf", "checklist.pdf", "results-sheet.pdf", "kit.pdf")


@pytest.mark.parametrize("lang", LANGUAGES)
@pytest.mark.parametrize("name", PAPERS)
def test_the_papers_a_city_publishes_pass_both_checks(kit, lang, name):
    out, _ = kit
    path = out / lang / name
    assert check(path) == []
    assert poppler_problems(path) == []
    with pikepdf.open(path) as pdf:
        assert str(pdf.Root.Lang) == lang
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_guide_has_bookmarks_for_its_sections_and_steps(kit, lang):
    out, _ = kit
    with pikepdf.open(out / lang / "guide.pdf") as pdf, pdf.open_outline() as outline:
        top = [item.title for item in outline.root]
        steps = [child.title for item in outline.root for child in item.children]
        assert pdf.Root.PageMode == pikepdf.Name.UseOutlines
    text = struct_text(out / lang / "guide.pdf")
    assert len(top) >= 10 and all(title in text for title in top)
    assert [s.split(" ", 1)[0] for s in steps] == ["1", "2", "3", "4", "5", "6", "7"]  # the board's seven steps, under their section


def test_the_guide_schedule_is_a_table_with_header_cells(kit):
    out, _ = kit
    with pikepdf.open(out / "en" / "guide.pdf") as pdf:
        tables = [e for e in _elements(pdf.Root.StructTreeRoot) if str(e.S) == "/Table"]
        assert len(tables) == 1
        rows = list(tables[0].K)
        head = [str(c.S) for c in rows[0].K]
        assert head == ["/TH", "/TH", "/TH"]
        assert all(c.A.Scope == pikepdf.Name.Column for c in rows[0].K)
        phases = [r for r in rows if len(r.K) == 1]  # a phase's row: one header cell across the three columns
        assert len(phases) == 3 and all(r.K[0].A.ColSpan == 3 and r.K[0].A.Scope == pikepdf.Name.Row for r in phases)


def test_the_check_finds_what_it_is_for(kit, tmp_path):
    """Broken on purpose: two paragraphs swapped in the structure, a rule drawn untagged, a table's header cells made data cells."""
    out, _ = kit
    with pikepdf.open(out / "en" / "checklist.pdf") as pdf:
        document = pdf.Root.StructTreeRoot.K[0]
        kids = list(document.K)
        kids[1], kids[2] = kids[2], kids[1]
        document.K = pikepdf.Array(kids)
        page = pdf.pages[0]
        page.contents_add(pdf.make_stream(b"0 0 m 100 100 l S"), prepend=False)
        for e in _elements(pdf.Root.StructTreeRoot):
            if str(e.S) == "/TH":
                e.S = pikepdf.Name.TD
        pdf.save(tmp_path / "broken-checklist.pdf")
    problems = check(tmp_path / "broken-checklist.pdf")
    assert any(p.startswith("reading order") for p in problems)
    assert "page 1: 1 drawing operators neither tagged nor artifacts" in problems
    assert "a table without header cells" in problems


def _elements(node):
    kids = node.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            yield kid
            yield from _elements(kid)


def test_tagged_papers_are_the_same_bytes_each_build(tmp_path: Path):
    from osallisuuspeli.kit.checklist import checklist_pdf, plan
    from osallisuuspeli.kit.guide import guide_pdf
    from osallisuuspeli.load import load_deck
    from osallisuuspeli.units import PAPERS as SIZES

    deck = load_deck("helsinki", "sv")
    assert guide_pdf(deck, SIZES["a4"]) == guide_pdf(deck, SIZES["a4"])
    names = ["calibrate.pdf", "cards.pdf", "leader-cards.pdf", "board.pdf", "tokens.pdf", "results-sheet.pdf", "guide.pdf"]
    rows = plan("duplex", "long", dict.fromkeys(names, 2), dict.fromkeys(names, "A4"), False)
    assert checklist_pdf(deck, rows, SIZES["a4"]) == checklist_pdf(deck, rows, SIZES["a4"])


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    from osallisuuspeli.results.report import report_pdf
    from tests.test_report import helsinki_season

    out = tmp_path_factory.mktemp("reports")
    for lang in LANGUAGES:
        (out / f"report-{lang}.pdf").write_bytes(report_pdf(helsinki_season(lang)))
    return out


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_report_passes_both_checks(reports, lang):
    path = reports / f"report-{lang}.pdf"
    assert check(path) == []
    assert poppler_problems(path) == []


def test_the_report_charts_say_their_numbers_and_its_parts_have_bookmarks(reports):
    with pikepdf.open(reports / "report-en.pdf") as pdf, pdf.open_outline() as outline:
        figures = [e for e in _elements(pdf.Root.StructTreeRoot) if str(e.S) == "/Figure"]
        alt = " ".join(str(f.Alt) for f in figures)
        marks = {item.title: [c.title for c in item.children] for item in outline.root}
    # Kokeilut (7): worth trying in three workshops, done well in two, kept by four; Palvelumuotoilu (2) done well in all five
    assert "7 Experiments: We already do well 2, We have tried 0, Worth trying 3; Green token 4, Red token 0" in alt
    assert "2 Service design: We already do well 5," in alt
    assert len(figures) >= 5  # a chart a theme, a part a page
    assert marks["Participation Game results"][0] == "By organisation and unit"
    assert sum(title.startswith("Workshop W") for title in marks) == 6


def test_every_field_of_the_results_sheet_is_in_the_structure_in_reading_order(kit):
    out, _ = kit
    with pikepdf.open(out / "fi" / "results-sheet.pdf") as pdf:
        forms = [e for e in _elements(pdf.Root.StructTreeRoot) if str(e.S) == "/Form"]
        widgets = [a for page in pdf.pages for a in page.obj.Annots]
        in_tree = [k.Obj.objgen for f in forms for k in f.K if isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR"]
        assert len(in_tree) == len(widgets) == 6 + 66 * 5 + 3 * 2 + 3 * 6  # details, five boxes a card, own methods, actions
        assert in_tree == [w.objgen for w in widgets]  # tab order (/Tabs /S) is the order the sheet is read in
        assert all(page.obj.Tabs == pikepdf.Name.S for page in pdf.pages)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_follow_up_sheet_passes_both_checks(tmp_path, lang):
    from osallisuuspeli.kit.followup_sheet import Item, followup_pdf
    from osallisuuspeli.units import PAPERS as SIZES

    items = [Item(f"{n}-1", "2026-02-10", "Kulttuuri", "Tavoite " * (5 + n), "Kokeilut", "Vastaava", "kevät 2027") for n in range(1, 13)]
    path = tmp_path / "followup.pdf"
    path.write_bytes(followup_pdf(items, lang, SIZES["a4"], "r" * 32))
    assert check(path) == []
    assert poppler_problems(path) == []
    with pikepdf.open(path) as pdf:
        assert len([a for page in pdf.pages for a in page.obj.Annots]) == 12 * 6


def test_kit_pdf_keeps_the_structure_of_its_parts_in_page_order(kit):
    out, _ = kit
    with pikepdf.open(out / "sv" / "kit.pdf") as kit_pdf, pikepdf.open(out / "sv" / "guide.pdf") as guide:
        parts = [e for e in kit_pdf.Root.StructTreeRoot.K[0].K]
        titles = [str(p.T) for p in parts]
        guide_roles = [str(e.S) for e in _elements(guide.Root.StructTreeRoot.K[0])]
        kit_guide = next(p for p in parts if any(str(e.S) == "/L" for e in _elements(p)))  # the one with lists
        kit_roles = [str(e.S) for e in _elements(kit_guide)]
    assert all(str(p.S) == "/Part" for p in parts)
    assert len(titles) == 8  # every part of the kit, in print order
    assert kit_roles == guide_roles  # every heading, paragraph, list and table of the guide, in its order


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_title_broken_at_a_hyphen_is_found_whole_on_both_sides_of_its_card(kit, decks, lang):
    """The hyphen a line break adds is not in the text, and the text's own stays: PDFium
    (Chrome's engine) finds every card's title twice (its title side and its back), where
    "Yhteis-" / "kehittäminen" or "Co-" / "development" are set on two lines; Poppler too
    for the added hyphens (it drops every line-end hyphen by its own guess)."""
    import re
    import subprocess

    import pypdfium2 as pdfium

    from osallisuuspeli.model import plain

    out, _ = kit
    path = out / lang / "cards.pdf"
    document = pdfium.PdfDocument(path)
    try:
        shown = re.sub(r"\s+", "", "".join(page.get_textpage().get_text_bounded() for page in document))
        pages = [i for i, page in enumerate(document) if page.get_textpage().search("Yhteiskehittäminen").get_next()]
    finally:
        document.close()
    titles = {c.number: re.sub(r"\s+", "", plain(c.title)) for c in decks["helsinki", lang].cards}
    assert [n for n, title in titles.items() if shown.count(title) < 2] == []
    poppler = re.sub(
        r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True).stdout
    )
    assert [n for n, title in titles.items() if "-" not in title and poppler.count(title) < 2] == []
    if lang == "fi":
        assert pages == [0, 1]  # card 1: its title side, set "Yhteis-" / "kehittäminen", and its back


def test_lines_joined_at_a_hyphen_read_as_the_text_has_it():
    from osallisuuspeli.draw.text import joined

    assert joined(("Yhteis-", "kehittäminen"), "Yhteis\u00adkehittäminen") == ((0, 2, "Yhteiskehittäminen"),)
    assert joined(("Co-", "development"), "Co-development") == ((0, 2, "Co-development"),)
    assert joined(("Utvecklar-", "samman-", "slutningar"), "Utvecklar\u00adsamman\u00adslutningar") == (
        (0, 3, "Utvecklarsammanslutningar"),
    )
    assert joined(("Organisations-", "och företags-", "samarbete"), "Organisations- och företags\u00adsamarbete") == (
        (0, 3, "Organisations- och företagssamarbete"),
    )
    assert joined(("Asukkaat ja", "yritykset"), "Asukkaat ja yritykset") == ()


def test_a_fillable_board_and_its_kit_have_every_field_in_the_structure(build_kit):
    folder = build_kit("--fillable") / "fi"
    for name in ("board.pdf", "kit.pdf"):
        assert check(folder / name) == [], name
    with pikepdf.open(folder / "board.pdf") as pdf:
        assert sum(len(page.obj.get("/Annots", [])) for page in pdf.pages) > 20


def test_the_report_names_its_title_and_language_once_in_xmp_and_says_pdf_ua(reports):
    """report.pdf is shipped before it is tagged: the UA identification joins the shipped packet, nothing twice."""
    with pikepdf.open(reports / "report-sv.pdf") as pdf:
        packet = pdf.Root.Metadata.read_bytes().decode()
    assert packet.count("<dc:title>") == 1
    assert packet.count("<dc:language>") == 1
    assert packet.count("<pdfuaid:part>1</pdfuaid:part>") == 1


def test_the_same_tags_written_twice_give_the_same_bytes():
    """The writer numbers elements on them while it writes and leaves them as it found them."""
    import io

    from reportlab.pdfgen.canvas import Canvas

    from osallisuuspeli.draw.structure import append
    from osallisuuspeli.draw.tags import Tags

    tags = Tags()
    out = io.BytesIO()
    c = Canvas(out, invariant=1)
    table = tags.add("Table")
    for row in range(3):
        tr = tags.add("TR", table)
        for col in range(2):
            with tags.content(c, tags.add("TD", tr)):
                c.drawString(72 + 200 * col, 700 - 20 * row, f"{row}.{col}")
    c.showPage()
    c.save()
    first = append(out.getvalue(), tags, title="T", language="fi")
    assert append(out.getvalue(), tags, title="T", language="fi") == first
    with pikepdf.open(io.BytesIO(first)) as pdf:
        root = pdf.Root.StructTreeRoot.K[0]
        rows = root.K[0].K
        assert str(root.S) == "/Document" and len(rows) == 3
        assert [str(td.S) for td in rows[2].K] == ["/TD", "/TD"]
        assert len(pdf.Root.StructTreeRoot.ParentTree.Nums[1]) == 6  # the page's six marked pieces, each its cell
