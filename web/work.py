"""What a worker process does for the page: the command line's engines, run
on one request's folder. Each returns a plain dict (the page's answer), or
raises UserError with the sentence the command line would print."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from osallisuuspeli.i18n import _

if TYPE_CHECKING:
    from osallisuuspeli.register.data import Register
    from osallisuuspeli.results.season import Season

CARD_SCALE, BOARD_SCALE = 0.7, 0.6  # preview pixels a PDF point


def _previews(kit: Path, into: Path, language: str, duplex: bool) -> list[dict[str, Any]]:
    """PNGs of every card sheet (fronts and backs) and every board sheet of one
    language. PDFium draws them one at a time (it is not thread-safe); the PNGs
    are compressed side by side, a thread a core (zlib lets go of the GIL), at
    level 1: 3 % larger files than level 6 in a third of the time."""
    import pypdfium2 as pdfium  # type: ignore[import-untyped]

    made = []
    (into / "preview" / language).mkdir(parents=True)
    documents = [
        (pdfium.PdfDocument(kit / pdf), Path(pdf).stem, scale) for pdf, scale in (("cards.pdf", CARD_SCALE), ("board.pdf", BOARD_SCALE))
    ]
    try:
        with ThreadPoolExecutor(os.cpu_count() or 1) as pool:
            saving = []  # each with its bitmap, whose memory the image shares, until saved
            for document, stem, scale in documents:
                for i in range(len(document)):
                    name = f"preview/{language}/{stem}-{i + 1}.png"
                    bitmap = document[i].render(scale=scale)
                    saving.append((bitmap, pool.submit(bitmap.to_pil().save, into / name, compress_level=1)))
                    if stem == "board":
                        made.append({"file": name, "what": "board", "n": i + 1, "side": ""})
                    elif duplex:
                        made.append({"file": name, "what": "cards", "n": i // 2 + 1, "side": "front" if i % 2 == 0 else "back"})
                    else:
                        made.append({"file": name, "what": "page", "n": i + 1, "side": ""})
            for _bitmap, saved in saving:
                saved.result()  # a full disk says so here
    finally:
        for document, _, _ in documents:
            document.close()
    return made


def _deck_source(folder: Path, source: str) -> str | Path:
    """The deck to load: a built-in deck's name, or the upload's workbook or folder."""
    from .uploads import unpack_deck, whole

    path = Path(source)
    if path.name == "upload.zip":
        return unpack_deck(path, folder / "deck", path.name)
    if path.suffix == ".xlsx":
        whole(path, path.name)  # a workbook is a zip: no bomb nor damaged member reaches the reader
        return path
    return path if path.suffix == ".csv" else source


def build_kit(folder: Path, source: str, languages: list[str], options: dict[str, Any]) -> dict[str, Any]:
    """Build the kit of a built-in deck (by id) or of an upload (a path) in the
    chosen languages into folder/out; the files to download and the previews."""
    from osallisuuspeli.errors import ContentError, UserError
    from osallisuuspeli.kit.build import build, preflight
    from osallisuuspeli.kit.build import options as kit_options
    from osallisuuspeli.kit.checklist import describe
    from osallisuuspeli.load import languages as deck_languages
    from osallisuuspeli.load import load_deck
    from osallisuuspeli.units import CARD_SIZES

    deck = _deck_source(folder, source)
    try:
        available = deck_languages(deck)
        missing = [lang for lang in languages if lang not in available]
        if missing:
            raise UserError(
                _("the deck has no texts in %(missing)s; it has %(have)s: choose those")
                % {"missing": ", ".join(missing), "have": ", ".join(available)}
            )
        decks = [load_deck(deck, lang) for lang in languages]
        if options.get("results_url"):  # a workshop's kit: its board's QR code and address open that workshop's form
            decks = [d._replace(results_url=options["results_url"]) for d in decks]
        chosen = {k: v for k, v in options.items() if k not in ("paper", "card_size", "results_url")}
        chosen["back_offset"] = tuple(chosen.get("back_offset", (0.0, 0.0)))
        o = kit_options(options["paper"], CARD_SIZES[options["card_size"]], **chosen, zip=True)
        warnings = [w for d in decks for w in preflight(d, o)]
    except ContentError as e:
        raise UserError(str(e).replace(str(folder / "deck") + "/", "").replace(str(folder) + "/", "")) from None
    except ValueError as e:
        raise UserError(str(e)) from None
    out = folder / "out"
    built = build(decks, out, o)
    return {
        "deck": {"name": " – ".join(filter(None, (decks[0].name, decks[0].edition))), "cards": len(decks[0].cards)},
        "zips": [f"osallisuuspeli-{d.id}-{d.language}.zip" for d in decks],
        "languages": [d.language for d in decks],
        "files": {d.language: [f"{d.language}/{name}" for name in b.files if name.endswith(".pdf")] for d, b in zip(decks, built)},
        "previews": {d.language: _previews(out / d.language, out, d.language, options["mode"] == "duplex") for d in decks},
        "prints": {d.language: [describe(row) for row in b.prints] for d, b in zip(decks, built)},  # in the page's language
        "warnings": warnings,
    }


def read_results(folder: Path, language: str) -> tuple[Season, list[tuple[str, str]]]:
    """The season of the PDFs in `folder`, and the files not counted as
    (file name, reason): the one place the page calls the results reader."""
    from osallisuuspeli.results.season import read_season

    season = read_season([folder], language=language)
    return season, [(s.file, s.reason) for s in season.skipped]


def make_report(folder: Path, language: str) -> dict[str, Any]:
    """report.pdf and report.xlsx of the uploads in folder/in (PDFs, and zips
    of PDFs), into folder/out; their names as sent are in folder/names.json."""
    from osallisuuspeli.errors import UserError
    from osallisuuspeli.results.report import report_pdf, report_xlsx

    from .uploads import unpack_sheets

    into = folder / "in"
    names: dict[str, str] = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    refused = []
    for archive in sorted(into.glob("*.zip")):
        try:
            names |= unpack_sheets(archive, into, names[archive.name])
        except UserError as e:
            refused.append((names[archive.name], _("%(reason)s; skipped") % {"reason": e}))
        archive.unlink()
    season, skipped = read_results(into, language)
    shown = refused + [(names.get(file, file), reason) for file, reason in skipped]
    if not season.workshops:  # the sentence, then each file with its reason (the page lists them under it)
        lines = [_("no filled board or results sheet among the files: nothing to count")]
        raise UserError("\n".join(lines + [f"{name}: {reason}" for name, reason in shown]))
    out = folder / "out"
    out.mkdir()
    (out / "report.pdf").write_bytes(report_pdf(season))
    (out / "report.xlsx").write_bytes(report_xlsx(season))
    return {"workshops": len(season.workshops), "skipped": shown, "files": ["report.pdf", "report.xlsx"]}


def add_to_register(folder: Path, database: str) -> dict[str, Any]:
    """The filled PDFs in folder/in added to the register (as `register add`
    does); their names as sent are in folder/names.json."""
    from osallisuuspeli.register.data import Register
    from osallisuuspeli.register.store import open_register
    from osallisuuspeli.results.season import read_files

    names: dict[str, str] = json.loads((folder / "names.json").read_text(encoding="utf-8"))
    reads, skipped = read_files([folder / "in"])
    done = Register(open_register(database)).add(reads) if reads else None
    return {
        "added": len(done.added) if done else 0,
        "merged": len(done.merged) if done else 0,
        "already": [(names.get(file, file), number) for file, number in (done.already if done else ())],
        "skipped": [(names.get(s.file, s.file), s.reason) for s in skipped],
    }


def register_season(reg: Register, chosen: dict[str, Any], lang: str) -> Season | None:
    """The register's workshops chosen (since, until, unit, deck), as the season
    the report counts, in `lang`; None when there are none."""
    from osallisuuspeli.record import Record
    from osallisuuspeli.results.season import Read, season_of

    stored = reg.workshops(**chosen)
    records = reg.records()
    by_key = {(r.deck, r.version, r.language): r for r in records}
    by_deck: dict[str, Record] = {}
    for r in records:
        by_deck.setdefault(r.deck, r)
    reads = []
    for s in stored:
        w = s.workshop
        record = next((by_key[k] for v in w.versions for k in [(w.deck, v, w.language)] if k in by_key), None) or by_deck.get(w.deck)
        if record is not None:
            reads.append(Read(w, record))
    return season_of(reads, deck=chosen.get("deck"), language=lang) if reads else None


def register_report(folder: Path, database: str, chosen: dict[str, Any], lang: str, kind: str) -> dict[str, Any]:
    """report.pdf or report.xlsx of the register's workshops chosen, into folder/out."""
    from osallisuuspeli.i18n import speaking
    from osallisuuspeli.register.data import Register
    from osallisuuspeli.register.store import open_register
    from osallisuuspeli.results.report import report_pdf, report_xlsx

    with speaking(lang):
        season = register_season(Register(open_register(database)), chosen, lang)
        if season is None:
            return {"empty": True}
        out = folder / "out"
        out.mkdir()
        (out / f"report.{kind}").write_bytes(report_pdf(season) if kind == "pdf" else report_xlsx(season))
    return {"files": [f"report.{kind}"]}
