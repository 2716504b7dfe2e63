"""The message catalogues, made the ecosystem's way (Babel): extract every
message of the code and the web page's templates into osallisuuspeli.pot,
merge it into the fi and sv .po files, compile those into the .mo files that
ship (setuptools does not compile them). Run after changing a message:

    python -m tests.catalogues          # then translate the new or fuzzy entries of the .po files, and run it again

The same as `pybabel extract -F babel.cfg -o osallisuuspeli/locale/osallisuuspeli.pot .`,
`pybabel update ...` and `pybabel compile ...`, with the project's settings in one place.
"""

from __future__ import annotations

import configparser
import datetime
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "osallisuuspeli" / "locale"
TEMPLATE = LOCALE / "osallisuuspeli.pot"
TRANSLATED = ("fi", "sv")  # English is the code's own words
WIDTH = 120
FIXED = datetime.datetime(2026, 12, 1, tzinfo=datetime.UTC)


def method_map() -> list[tuple[str, str]]:
    """babel.cfg's sections, [method: pattern], in order."""
    parser = configparser.RawConfigParser()
    parser.read(ROOT / "babel.cfg", encoding="utf-8")
    return [(section.split(":", 1)[1].strip(), section.split(":", 1)[0].strip()) for section in parser.sections()]


def extracted() -> Catalog:
    """Every message of the code and templates, as `pybabel extract` finds it."""
    catalog = Catalog(project="osallisuuspeli", msgid_bugs_address="", charset="utf-8")
    for filename, lineno, message, comments, context in extract_from_dir(
        ROOT, method_map(), {}, keywords=DEFAULT_KEYWORDS, comment_tags=("TRANSLATORS:",), strip_comment_tags=True
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE / language / "LC_MESSAGES" / "osallisuuspeli.po"


def read(language: str) -> Catalog:
    with po_path(language).open("rb") as f:
        return read_po(f, locale=language)


def po_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_po(out, catalog, width=WIDTH, omit_header=False, sort_output=False, include_lineno=False, ignore_obsolete=True)
    return out.getvalue()


def mo_bytes(catalog: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, catalog, use_fuzzy=False)
    return out.getvalue()


def main() -> None:
    template = extracted()
    template.creation_date = FIXED
    TEMPLATE.write_bytes(po_bytes(template))
    for language in TRANSLATED:
        path = po_path(language)
        if path.exists():
            catalog = read(language)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            catalog = Catalog(locale=language, project="osallisuuspeli", charset="utf-8")
        catalog.update(template, no_fuzzy_matching=True)
        catalog.fuzzy = False
        catalog.creation_date = catalog.revision_date = FIXED  # no churn in the files from one run to the next
        catalog.last_translator = "osallisuuspeli"
        catalog.language_team = {"fi": "suomi", "sv": "svenska"}[language]
        path.write_bytes(po_bytes(catalog))
        path.with_suffix(".mo").write_bytes(mo_bytes(read(language)))
        untranslated = [
            m.id for m in read(language) if m.id and (m.fuzzy or not all(m.string if isinstance(m.string, tuple) else (m.string,)))
        ]
        print(f"{language}: {len(catalog)} messages, {len(untranslated)} to translate")


if __name__ == "__main__":
    main()
