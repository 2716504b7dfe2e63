"""The export command: a deck folder as one workbook, what it holds, and its refusals."""

from __future__ import annotations

import openpyxl

from osallisuuspeli.cli import main
from osallisuuspeli.load import load_deck


def test_export_writes_one_workbook_of_every_card_and_text_in_every_language(runner, tmp_path, decks):
    out = tmp_path / "kunta.xlsx"
    result = runner.invoke(main, ["export", "kunta", str(out)])
    assert (result.exit_code, result.output) == (0, f"Wrote {out}. Edit it, then: osallisuuspeli build --deck {out}\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunta.xlsx"]  # no temporary file left beside it
    book = openpyxl.load_workbook(out)
    assert [(s.title, s.max_row, s.max_column) for s in book.worksheets] == [
        ("Instructions", 18, 1),
        ("Deck", 7, 5),
        ("Cards", 41, 7),
        ("Texts", 43, 4),
    ]
    cards = book["Cards"]
    header = [c.value for c in cards[1]]
    assert header == ["id", "title_fi", "description_fi", "title_sv", "description_sv", "title_en", "description_en"]
    rows = [[c.value for c in row] for row in cards.iter_rows(min_row=2)]
    assert [r[0] for r in rows] == [c.id for c in decks["kunta", "fi"].cards]
    for lang in ("fi", "sv", "en"):
        titles = [c.title.replace("\u00ad", "|") for c in decks["kunta", lang].cards]  # a soft hyphen is written as |
        assert [r[header.index(f"title_{lang}")] for r in rows] == titles, lang
    built = load_deck(out, "sv")  # and it reads back as the same deck
    assert [(c.id, c.title) for c in built.cards] == [(c.id, c.title) for c in decks["kunta", "sv"].cards]


def test_export_refuses_a_name_not_xlsx_and_a_deck_that_is_a_workbook_already(runner, tmp_path):
    result = runner.invoke(main, ["export", "kunta", str(tmp_path / "kunta.csv")])
    assert (result.exit_code, result.stderr) == (2, f"osallisuuspeli: {tmp_path / 'kunta.csv'}: name the workbook .xlsx\n")
    book = tmp_path / "kunta.xlsx"
    assert runner.invoke(main, ["export", "kunta", str(book)]).exit_code == 0
    result = runner.invoke(main, ["export", str(book), str(tmp_path / "again.xlsx")])
    assert (result.exit_code, result.stderr) == (2, f"osallisuuspeli: {book}: this deck is a workbook already\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kunta.xlsx"]
