"""A dozen common mistakes, said in Swedish and in Finnish: on the command
line (OSALLISUUSPELI_UI) and on the web page (?lang=). Switched to Swedish or
Finnish, no English sentence for any of them; every sentence names the
user's own file, never a server prefix, a temporary folder or where pip put the tool."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from osallisuuspeli.cli import main
from osallisuuspeli.errors import UserError
from osallisuuspeli.i18n import speaking
from osallisuuspeli.kit.files import replace
from osallisuuspeli.places import BUILTIN_DECKS
from osallisuuspeli.workbook_writer import workbook

NO_SERVER_WORDS = ("/tmp", "osallisuuspeli-web-", "site-packages", "000.pdf", "000-", "deck.xlsx", "upload.zip")


def _book(change) -> bytes:
    book = openpyxl.load_workbook(io.BytesIO(workbook(BUILTIN_DECKS / "kunta")))
    change(book)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _empty_title(book):
    book["Cards"]["B3"].value = None  # the second card's Finnish title


def _misspelt_column(book):
    book["Cards"]["D1"].value = "titel_sv"  # title_sv, misspelt


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("mistakes")
    (folder / "tyhjä otsikko.xlsx").write_bytes(_book(_empty_title))
    (folder / "väärä sarake.xlsx").write_bytes(_book(_misspelt_column))
    (folder / "muistio.pdf").write_bytes(b"minutes of the meeting, not a PDF")
    (folder / "täynnä").mkdir()
    (folder / "täynnä" / "oma.txt").write_text("mine", encoding="utf-8")
    return folder


CLI = [  # the mistake, its command, and the sentence in Swedish and in Finnish (after "osallisuuspeli: ")
    (
        "a paper that is not a choice",
        ["build", "--paper", "a5"],
        "Ogiltigt värde för '--paper': 'a5' duger inte; alternativen är 'a4', 'letter', 'a3'.",
        "Virheellinen arvo valitsimelle '--paper': 'a5' ei kelpaa; vaihtoehdot ovat 'a4', 'letter', 'a3'.",
    ),
    (
        "a misspelt command",
        ["biuld"],
        "Kommandot 'biuld' finns inte.",  # click >= 8.2.1 adds "Menade ni 'build'?" / "Tarkoititteko 'build'?"
        "Komentoa 'biuld' ei ole.",
    ),
    (
        "a deck that is not there",
        ["build", "--deck", "ei-ole"],
        "ei-ole: ingen sådan kortlek: varken en inbyggd kortlek (helsinki, kunta) eller en mapp",
        "ei-ole: pakkaa ei löydy: se ei ole valmis pakka (helsinki, kunta) eikä kansio",
    ),
    (
        "a card size with a zero side",
        ["build", "--card-size", "70x0mm"],
        "Ogiltigt värde för '--card-size': '70x0mm' har en sida som är noll; ge båda sidorna en längd, till exempel 70x100mm",
        "Virheellinen arvo valitsimelle '--card-size': '70x0mm': toisen sivun pituus on nolla; antakaa molemmille sivuille pituus, esimerkiksi 70x100mm",
    ),
    (
        "an empty title",
        ["validate", "{files}/tyhjä otsikko.xlsx"],
        "{files}/tyhjä otsikko.xlsx, bladet Cards, rad 3, kolumn title_fi: titeln på kortet 'avoin-valmistelu' är tom",
        "{files}/tyhjä otsikko.xlsx, välilehti Cards, rivi 3, sarake title_fi: kortin 'avoin-valmistelu' otsikko on tyhjä",
    ),
    (
        "a misspelt column",
        ["validate", "{files}/väärä sarake.xlsx"],
        "{files}/väärä sarake.xlsx, bladet Cards, kolumn D: 'titel_sv' är ingen kolumn på det här bladet; menade ni 'title_sv'?",
        "{files}/väärä sarake.xlsx, välilehti Cards, sarake D: 'titel_sv' ei ole tämän välilehden sarake; tarkoititteko 'title_sv'?",
    ),
    (
        "a file that is not a PDF among the results",
        ["results", "{files}/muistio.pdf"],
        "muistio.pdf: ingen PDF-fil; hoppades över",
        "muistio.pdf: ei ole PDF-tiedosto; ohitettiin",
    ),
    (
        "a date that is not one",
        ["report", "{files}/muistio.pdf", "--since", "32.13.2026"],
        "Ogiltigt värde för '--since': 32.13.2026: inget datum; skriv det som 2.12.2026 eller 2026-12-02",
        "Virheellinen arvo valitsimelle '--since': 32.13.2026: ei ole päivämäärä; kirjoittakaa se muodossa 2.12.2026 tai 2026-12-02",
    ),
    (
        "a new deck into a folder that is not empty",
        ["init", "{files}/täynnä"],
        "{files}/täynnä: mappen finns redan och är inte tom; välj en ny mapp",
        "{files}/täynnä: kansio on jo olemassa eikä ole tyhjä; valitkaa uusi kansio",
    ),
    (
        "a workbook named as another kind",
        ["export", "kunta", "{files}/kunta.ods"],
        "{files}/kunta.ods: ge arbetsboken ändelsen .xlsx",
        "{files}/kunta.ods: antakaa työkirjan nimen päätteeksi .xlsx",
    ),
    (
        "a fillable board on A4",
        ["build", "--fillable", "--board-paper", "a4"],
        "--fillable behöver --board-paper a3: ett formulärfält kan inte delas på två A4-sidor",
        "--fillable tarvitsee valinnan --board-paper a3: lomakekenttää ei voi jakaa kahdelle A4-sivulle",
    ),
    (
        "a language code left out",
        ["build", "--lang", ","],
        "--lang behöver en språkkod, till exempel fi, flera (fi,sv) eller all",
        "--lang tarvitsee kielen koodin, esimerkiksi fi, useamman (fi,sv) tai all",
    ),
]


@pytest.mark.parametrize("language", ["sv", "fi"])
@pytest.mark.parametrize("mistake,args,sv,fi", CLI, ids=[c[0] for c in CLI])
def test_a_mistake_on_the_command_line_is_said_in_the_users_language(files, language, mistake, args, sv, fi):
    result = CliRunner().invoke(main, [a.format(files=files) for a in args], env={"OSALLISUUSPELI_UI": language})
    assert result.exit_code == 2
    said = {"sv": sv, "fi": fi}[language].format(files=files)
    first = result.stderr.splitlines()[0]
    assert first == f"osallisuuspeli: {said}" or (mistake == "a misspelt command" and first.startswith(f"osallisuuspeli: {said} "))


def test_the_global_option_chooses_the_language_too(files):
    result = CliRunner().invoke(main, ["--ui", "sv", "build", "--paper", "a5"], env={"OSALLISUUSPELI_UI": "fi"})
    assert result.stderr == "osallisuuspeli: Ogiltigt värde för '--paper': 'a5' duger inte; alternativen är 'a4', 'letter', 'a3'.\n"


def test_the_help_is_swedish_under_osallisuuspeli_ui_sv():
    result = CliRunner().invoke(main, ["--help"], env={"OSALLISUUSPELI_UI": "sv"})
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0] == "Användning: osallisuuspeli [OPTIONS] COMMAND [ARGS]..."
    assert "  Utskriftspaket för Delaktighetsspelet (Osallisuuspeli / Delaktighetsspelet)." in lines
    assert "Alternativ:" in lines and "Kommandon:" in lines
    assert any(line.split() == ["-h,", "--help", "Visar", "den", "här", "hjälpen."] for line in lines)
    build = CliRunner().invoke(main, ["build", "--help"], env={"OSALLISUUSPELI_UI": "sv"}).output
    assert "Gör utskriftspaketet: spelledarens guide, metodkort, spelledarkort," in build
    assert "Build the print kit" not in build and "Folder to write" not in build
    english = CliRunner().invoke(main, ["build", "--help"], env={"OSALLISUUSPELI_UI": "en"}).output  # and back again
    assert "Build the print kit: facilitator's guide" in english and "Usage: osallisuuspeli build" in english


@pytest.mark.parametrize(
    "language,said",
    [
        ("sv", "filen är öppen i ett annat program; stäng den och kör kommandot igen"),
        ("fi", "tiedosto on auki toisessa ohjelmassa; sulkekaa se ja antakaa komento uudelleen"),
    ],
)
def test_a_pdf_left_open_is_named_in_the_users_language(tmp_path, monkeypatch, language, said):
    def refused(source, target):
        raise PermissionError("in use")

    monkeypatch.setattr("osallisuuspeli.kit.files.os.replace", refused)
    monkeypatch.setattr("osallisuuspeli.kit.files.PAUSE", 0)
    held = tmp_path / "kit" / "cards.pdf"  # not a PDF, only its name: the file a reader holds
    with speaking(language), pytest.raises(UserError) as e:
        replace(tmp_path / "new", tmp_path / "kit", held)
    assert str(e.value) == f"{held}: {said}"


# -- the web page --------------------------------------------------------------

pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.web.app import create_app  # noqa: E402

from .test_web import FORM, sentence  # noqa: E402


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    app = create_app(
        {
            "ROOT": tmp_path_factory.mktemp("web"),
            "FREE_SPACE": 0,
            "WORKERS": 2,
            "WAITING": 4,
            "JOB_TIMEOUT": 120,
            "MAX_CONTENT_LENGTH": 3 * 1024 * 1024,
        }
    )
    return app.test_client()


def _upload(client, language, name, data, **fields):
    return client.post(
        f"/build?lang={language}",
        data=FORM | fields | {"deck": "upload", "deck_file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


WEB = [  # the mistake, how it is made, and the sentence on a Swedish and on a Finnish page
    (
        "an upload that is not a zip",
        lambda c, lang: _upload(c, lang, "pakka.zip", b"PK but not really"),
        "pakka.zip är ingen zip-fil; gör zip-filen på nytt eller välj filerna utan att packa dem",
        "pakka.zip ei ole zip-tiedosto; tehkää zip-tiedosto uudelleen tai valitkaa tiedostot pakkaamatta niitä",
    ),
    (
        "an empty title",
        lambda c, lang: _upload(c, lang, "oma pakka.xlsx", _book(_empty_title)),
        "oma pakka.xlsx, bladet Cards, rad 3, kolumn title_fi: titeln på kortet 'avoin-valmistelu' är tom",
        "oma pakka.xlsx, välilehti Cards, rivi 3, sarake title_fi: kortin 'avoin-valmistelu' otsikko on tyhjä",
    ),
    (
        "a misspelt column",
        lambda c, lang: _upload(c, lang, "oma pakka.xlsx", _book(_misspelt_column)),
        "oma pakka.xlsx, bladet Cards, kolumn D: 'titel_sv' är ingen kolumn på det här bladet; menade ni 'title_sv'?",
        "oma pakka.xlsx, välilehti Cards, sarake D: 'titel_sv' ei ole tämän välilehden sarake; tarkoititteko 'title_sv'?",
    ),
    (
        "a zipped deck without its deck.yaml",
        lambda c, lang: _upload(c, lang, "kevät.zip", _zip({"muistiinpanot.txt": b"x"})),
        "kevät.zip har ingen deck.yaml: packa den kortleksmapp som `osallisuuspeli init` gjorde",
        "tiedostossa kevät.zip ei ole deck.yaml-tiedostoa: pakatkaa se pakan kansio, jonka `osallisuuspeli init` teki",
    ),
    (
        "a deck saved as .ods",
        lambda c, lang: _upload(c, lang, "pakka.ods", b"PK"),
        "pakka.ods är ingen .xlsx-arbetsbok. Spara den först i .xlsx-format (LibreOffice: Arkiv › Spara som › Excel 2007–365) och välj den sedan.",
        "pakka.ods ei ole .xlsx-työkirja. Tallentakaa se ensin .xlsx-muodossa (LibreOffice: Tiedosto › Tallenna nimellä › Excel 2007–365) ja valitkaa sitten se.",
    ),
    (
        "a file of another kind",
        lambda c, lang: _upload(c, lang, "muistio.docx", b"PK"),
        "muistio.docx är varken en arbetsbok (.xlsx), en korttabell (.csv) eller en zip-fil. Välj en av dem.",
        "muistio.docx ei ole työkirja (.xlsx), korttitaulukko (.csv) eikä zip-tiedosto. Valitkaa jokin niistä.",
    ),
    (
        "no file chosen for one's own deck",
        lambda c, lang: c.post(f"/build?lang={lang}", data=FORM | {"deck": "upload"}),
        "Välj först en fil.",
        "Valitkaa ensin tiedosto.",
    ),
    (
        "no language chosen",
        lambda c, lang: c.post(f"/build?lang={lang}", data={k: v for k, v in FORM.items() if k != "lang"}),
        "Välj minst ett språk.",
        "Valitkaa vähintään yksi kieli.",
    ),
    (
        "a back offset that is not X,Y",
        lambda c, lang: c.post(f"/build?lang={lang}", data=FORM | {"back_offset": "1;2"}),
        "Skriv baksidornas förskjutning som X,Y i millimeter, till exempel 1,-0.5 (högst 20\u00a0mm vardera).",
        "Kirjoittakaa takapuolten siirto muodossa X,Y millimetreinä, esimerkiksi 1,-0.5 (kumpikin enintään 20\u00a0mm).",
    ),
    (
        "a file too big",
        lambda c, lang: _upload(c, lang, "iso.xlsx", b"x" * (4 * 1024 * 1024)),
        "Filen är för stor; gränsen är 3\u00a0MB.",
        "Tiedosto on liian suuri; raja on 3\u00a0Mt.",
    ),
    (
        "a PDF that is not a sheet, alone in the report",
        lambda c, lang: c.post(
            f"/report?lang={lang}", data={"pdfs": [(io.BytesIO(b"minutes"), "muistio.pdf")]}, content_type="multipart/form-data"
        ),
        "bland filerna finns ingen ifylld spelplan eller resultattabell: inget att räkna",
        "tiedostojen joukossa ei ole täytettyä pelilautaa eikä tulostaulukkoa: laskettavaa ei ole",
    ),
    (
        "an address that is not a page",
        lambda c, lang: c.get(f"/ei-ole?lang={lang}"),
        "Det finns ingen sådan sida. Kontrollera adressen eller gå tillbaka till början.",
        "Tällaista sivua ei ole. Tarkistakaa osoite tai palatkaa alkuun.",
    ),
    (
        "a form sent the wrong way",
        lambda c, lang: c.get(f"/build?lang={lang}"),
        "Den här adressen tar inte emot en sådan begäran. Gå tillbaka till början och använd sidans formulär.",
        "Tähän osoitteeseen ei voi lähettää tällaista pyyntöä. Palatkaa alkuun ja käyttäkää sivun lomakkeita.",
    ),
]


@pytest.mark.parametrize("language", ["sv", "fi"])
@pytest.mark.parametrize("mistake,make,sv,fi", WEB, ids=[w[0] for w in WEB])
def test_a_mistake_on_the_page_is_said_in_the_pages_language(client, language, mistake, make, sv, fi):
    response = make(client, language)
    assert response.status_code >= 400
    said = sentence(response).splitlines()[0]  # the first line: a misspelt title column is followed by what it leaves orphaned
    assert said == {"sv": sv, "fi": fi}[language]
    assert not any(word in said for word in NO_SERVER_WORDS)
    assert f'<html lang="{language}">' in response.get_data(as_text=True)


@pytest.mark.parametrize(
    "language,reason",
    [("sv", "<li>muistio.pdf: ingen PDF-fil; hoppades över</li>"), ("fi", "<li>muistio.pdf: ei ole PDF-tiedosto; ohitettiin</li>")],
)
def test_a_refused_report_names_each_file_as_sent_with_its_reason(client, language, reason):
    response = client.post(
        f"/report?lang={language}",
        data={"pdfs": [(io.BytesIO(b"minutes"), "muistio.pdf"), (io.BytesIO(_zip({"kevät/lista.pdf": b"%PDF-1.4 cut"})), "kevät.zip")]},
        content_type="multipart/form-data",
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and reason in page
    assert "<li>kevät.zip: kevät/lista.pdf: " in page  # the name in the zip, under the zip's own name
    assert not any(word in page for word in ("/tmp", "000.pdf", "000-0000.pdf", "osallisuuspeli-web-"))
