"""The message catalogues: every message of the code and the web page's
templates has a Finnish and a Swedish translation, none fuzzy, with the same
placeholders; the committed .pot and .mo files are what the .po files make;
plurals, dates and the command line's language."""

from __future__ import annotations

import datetime
import gettext
import io

import pytest

from osallisuuspeli import i18n
from osallisuuspeli.i18n import day, ngettext, speaking

from . import catalogues


@pytest.fixture(scope="module")
def extracted():
    return catalogues.extracted()


def _ids(catalog) -> set:
    return {m.id for m in catalog if m.id}


def test_the_template_holds_every_message_of_the_code(extracted):
    """osallisuuspeli.pot is up to date: run `python -m tests.catalogues` after changing a message."""
    with catalogues.TEMPLATE.open("rb") as f:
        committed = catalogues.read_po(f)
    assert sorted(map(str, _ids(extracted) ^ _ids(committed))) == []
    assert len(_ids(extracted)) > 450


@pytest.mark.parametrize("language", catalogues.TRANSLATED)
def test_every_message_has_a_translation(extracted, language):
    catalog = catalogues.read(language)
    untranslated = []
    for message in extracted:
        if not message.id:
            continue
        translated = catalog.get(message.id)
        strings = () if translated is None else translated.string if isinstance(translated.string, tuple) else (translated.string,)
        if translated is None or translated.fuzzy or not strings or not all(strings):
            untranslated.append(message.id)
    assert untranslated == []


@pytest.mark.parametrize("language", catalogues.TRANSLATED)
def test_every_translation_keeps_the_placeholders(language):
    """Babel's own checks: the same %(name)s placeholders, the plural forms the language has."""
    problems = [(message.id, [str(e) for e in errors]) for message, errors in catalogues.read(language).check()]
    assert problems == []


@pytest.mark.parametrize("language", catalogues.TRANSLATED)
def test_the_committed_mo_is_the_compiled_po(language):
    """setuptools ships the .mo files as they are: they must be what the .po files compile to."""
    path = catalogues.po_path(language).with_suffix(".mo")
    with path.open("rb") as f:
        committed = gettext.GNUTranslations(f)
    catalog = catalogues.read(language)
    compiled = gettext.GNUTranslations(io.BytesIO(catalogues.mo_bytes(catalog)))
    differ = []
    for message in catalog:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            said = [(t.ngettext(*message.id, n)) for t in (committed, compiled) for n in (1, 2)]
            if said[:2] != said[2:] or tuple(said[:2]) != tuple(message.string):
                differ.append(message.id)
        elif committed.gettext(message.id) != compiled.gettext(message.id) or committed.gettext(message.id) != message.string:
            differ.append(message.id)
    assert differ == []


@pytest.mark.parametrize(
    "language,one,two",
    [("fi", "1 työpaja", "2 työpajaa"), ("sv", "1 workshop", "2 workshoppar"), ("en", "1 workshop", "2 workshops")],
)
def test_counts_have_real_plural_forms(language, one, two):
    with speaking(language):
        assert [ngettext("%(num)d workshop", "%(num)d workshops", n) % {"num": n} for n in (1, 2)] == [one, two]


@pytest.mark.parametrize("language,written", [("fi", "2.12.2026"), ("sv", "2.12.2026"), ("en", "2 December 2026")])
def test_dates_are_written_as_the_reader_writes_them(language, written):
    with speaking(language):
        assert day(datetime.date(2026, 12, 2)) == written
        assert day("2026-12-02") == written
        assert day("joulukuussa") == "joulukuussa"  # a date as typed that is not one stays as it was


def test_numbers_have_the_readers_separators():
    with speaking("fi"):
        assert i18n.number(5242880) == "5\u00a0242\u00a0880"
    with speaking("en"):
        assert i18n.number(5242880) == "5,242,880"


@pytest.mark.parametrize(
    "environ,language",
    [
        ({"OSALLISUUSPELI_UI": "sv", "LANG": "fi_FI.UTF-8"}, "sv"),
        ({"LANG": "fi_FI.UTF-8"}, "fi"),
        ({"LANGUAGE": "sv_FI:fi", "LANG": "en_GB.UTF-8"}, "sv"),
        ({"LC_ALL": "sv_SE.UTF-8", "LANG": "fi_FI.UTF-8"}, "sv"),
        ({"LC_MESSAGES": "fi_FI.UTF-8", "LANG": "de_DE.UTF-8"}, "fi"),
        ({"LANG": "de_DE.UTF-8"}, "en"),
        ({"OSALLISUUSPELI_UI": "de", "LANG": "fi_FI.UTF-8"}, "fi"),  # a language the tool does not speak: the locale's
        ({}, "en"),
    ],
)
def test_the_command_line_language_follows_the_override_then_the_locale(environ, language):
    assert i18n.ui_language(environ) == language
