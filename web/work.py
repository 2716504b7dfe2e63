"""What a worker process does for the page: the command line's engines, run
on one request's folder. Each returns a plain dict (the page's answer), or
raises UserError with the sentence the command line would print."""

from __future__ import annotations

from pathlib import Path


def _previews(kit: Path, into: Path) -> list[str]:
    """PNGs of the first card sheet, fronts and backs, and of every board sheet."""
    import pypdfium2 as pdfium

    made = []
    for pdf, pages, scale in (("cards.pdf", (0, 1), 0.9), ("board.pdf", None, 0.6)):
        document = pdfium.PdfDocument(kit / pdf)
        try:
            for i in pages if pages is not None else range(len(document)):
                if i >= len(document):
                    break
                name = f"preview/{Path(pdf).stem}-{i + 1}.png"
                document[i].render(scale=scale).to_pil().save(into / name)
                made.append(name)
        finally:
            document.close()
    return made


def build_kit(folder: Path, source: str, languages: list[str], options: dict) -> dict:
    """Build the kit of a built-in deck (by id) or of an upload (a path) in the
    chosen languages into folder/out; the files to download and the previews."""
    from osallisuuspeli.errors import ContentError, UserError
    from osallisuuspeli.kit.build import build, preflight
    from osallisuuspeli.kit.build import options as kit_options
    from osallisuuspeli.kit.checklist import said
    from osallisuuspeli.load import languages as deck_languages
    from osallisuuspeli.load import load_deck
    from osallisuuspeli.units import CARD_SIZES

    from .uploads import checked, unpack_deck

    deck: str | Path = source
    if source.endswith("upload.zip"):
        deck = unpack_deck(Path(source), folder / "deck", Path(source).name)
    elif source.endswith(".xlsx"):
        checked(Path(source), Path(source).name).close()  # a workbook is a zip: no bomb reaches the reader
    try:
        available = deck_languages(deck)
        missing = [lang for lang in languages if lang not in available]
        if missing:
            raise UserError(f"the deck has no texts in {', '.join(missing)}; it has {', '.join(available)}")
        decks = [load_deck(deck, lang) for lang in languages]
        chosen = {k: v for k, v in options.items() if k not in ("paper", "card_size")}
        o = kit_options(options["paper"], CARD_SIZES[options["card_size"]], **chosen, zip=True)
        warnings = [w for d in decks for w in preflight(d, o)]
    except ContentError as e:
        raise UserError(str(e).replace(str(folder / "deck") + "/", "").replace(str(folder) + "/", "")) from None
    except ValueError as e:
        raise UserError(str(e)) from None
    out = folder / "out"
    built = build(decks, out, o)
    (out / "preview").mkdir()
    return {
        "zips": [f"osallisuuspeli-{d.id}-{d.language}.zip" for d in decks],
        "languages": [d.language for d in decks],
        "files": {d.language: [f"{d.language}/{name}" for name in b.files if name.endswith(".pdf")] for d, b in zip(decks, built)},
        "previews": _previews(out / decks[0].language, out),
        "prints": [said(row, decks[0]) for row in built[0].prints],
        "warnings": warnings,
    }


def make_report(folder: Path, language: str) -> dict:
    """report.pdf and report.xlsx of the uploads in folder/in, into folder/out."""
    from osallisuuspeli.errors import UserError
    from osallisuuspeli.results.report import report_pdf, report_xlsx
    from osallisuuspeli.results.season import read_season

    season = read_season([folder / "in"], language=language)
    shown = [(s.file.split("-", 1)[1], s.reason) for s in season.skipped]  # the names as uploaded, without the order prefix
    if not season.workshops:
        raise UserError("no filled board or results sheet among the files: nothing to count")
    out = folder / "out"
    out.mkdir()
    (out / "report.pdf").write_bytes(report_pdf(season))
    (out / "report.xlsx").write_bytes(report_xlsx(season))
    return {"workshops": len(season.workshops), "skipped": shown, "files": ["report.pdf", "report.xlsx"]}
