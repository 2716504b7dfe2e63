"""The web page without a browser: its forms, and hostile and careless input.
Every refusal is a 4xx with a sentence, never a traceback or a 500, and the
server answers the next request as before."""

from __future__ import annotations

import html
import io
import re
import socket
import threading
import time
import zipfile
from pathlib import Path

import openpyxl
import pypdf
import pytest

flask = pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")
pytest.importorskip("cheroot.wsgi", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.load import BUILTIN_DECKS  # noqa: E402
from osallisuuspeli.web import building, folders  # noqa: E402
from osallisuuspeli.web.app import create_app  # noqa: E402
from osallisuuspeli.web.app import server as server_of  # noqa: E402
from osallisuuspeli.web.jobs import Busy, Jobs, TimedOut  # noqa: E402

FORM = {"deck": "kunta", "lang": "fi", "paper": "a4", "card_size": "poker", "mode": "duplex", "flip": "long", "board_paper": "a3"}


def held(folder: Path, *args) -> dict:
    """A job that says it started (a file "started") and runs until told to end (a file "release"), both in the
    nearest folder above its own marked with a file "held" (else its own). Not by the environment: page jobs fork
    from a server started once, which keeps the environment it started with."""
    signals = next((p for p in (folder, *folder.parents) if (p / "held").exists()), folder)
    (signals / "started").touch()
    for _ in range(1200):
        if (signals / "release").exists():
            return {"error": "released"}
        time.sleep(0.05)
    return {"error": "never released"}


def wait_for(path: Path) -> None:
    """Until `path` exists (a worker starts slowly on a loaded machine); a minute at most, then the test fails."""
    for _ in range(600):
        if path.exists():
            return
        time.sleep(0.1)
    raise AssertionError(f"{path} never appeared")


@pytest.fixture
def client(tmp_path_factory):
    app = create_app(
        config(tmp_path_factory.mktemp("web"), WORKERS=2, WAITING=2, JOB_TIMEOUT=60)
    )  # not tmp_path: uploads may be broken on purpose
    return app.test_client()


def config(root: Path, **settings) -> dict:
    """The page's settings for a test: its own root, no free-space margin (a test machine's disk may be small)."""
    return {"ROOT": root, "FREE_SPACE": 0, **settings}


def alive(client) -> None:
    assert client.get("/?lang=en").status_code == 200


def sentence(response) -> str:
    """The text of the page's alert: the sentence a person reads."""
    text = response.get_data(as_text=True)
    if 'role="alert">' not in text:
        return ""
    alert = text.split('role="alert">', 1)[1].removeprefix("<pre>")
    return html.unescape(alert.split("</", 1)[0].strip())


@pytest.mark.parametrize("header,lang", [("sv-FI,sv;q=0.9", "sv"), ("en-GB", "en"), ("fi", "fi"), ("de", "fi")])
def test_the_page_speaks_the_browsers_language(client, header, lang):
    page = client.get("/", headers={"Accept-Language": header}).get_data(as_text=True)
    assert f'<html lang="{lang}">' in page
    assert client.get("/?lang=sv").get_data(as_text=True).count('<html lang="sv">') == 1


def test_a_kit_is_built_previewed_and_downloaded(client):
    response = client.post("/build", data=FORM | {"lang": ["fi", "sv"]})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    links = [part.split('"', 1)[0] for part in page.split('href="/files/')[1:]]
    assert [link.split("/", 1)[1] for link in links[:2]] == ["osallisuuspeli-kunta-fi.zip", "osallisuuspeli-kunta-sv.zip"]
    previews = [part.split('"', 1)[0] for part in page.split('<img src="/files/')[1:]]
    data = client.get(f"/files/{links[0]}").data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert "fi/cards.pdf" in z.namelist() and "fi/checklist.pdf" in z.namelist()
        sheets = len(pypdf.PdfReader(io.BytesIO(z.read("fi/cards.pdf"))).pages)
    assert sheets == 12  # fronts and backs of six sheets
    assert [p.split("/", 1)[1] for p in previews] == [  # every card sheet and board sheet of every language built
        f"preview/{lang}/{name}"
        for lang in ("fi", "sv")
        for name in [f"cards-{n}.png" for n in range(1, 13)] + [f"board-{n}.png" for n in range(1, 5)]
    ]
    assert 'alt="Korttiarkki 6, takapuolet"' in page and 'alt="Pelilauta, arkki 4"' in page
    assert '<p class="deck">Osallisuuspeli – Kuntaversio: 40 korttia; kielet: suomi, ruotsi.</p>' in page
    assert client.get(f"/files/{previews[0]}").data.startswith(b"\x89PNG")
    assert (
        "cards.pdf: 6\u00a0arkkia A4-kartonkia (250–300\u00a0g/m²), kaksipuolinen, kääntö pitkän reunan yli" in page
    )  # how to print, in the page's language, for each language built
    assert "<h3>Paketti, kieli: ruotsi</h3>" in page


def test_a_workbook_downloads_edits_and_uploads_back_with_its_errors_shown_by_sheet_row_and_column(client, tmp_path):
    data = client.get("/workbook/kunta.xlsx").data
    book = openpyxl.load_workbook(io.BytesIO(data))
    book["Cards"]["B3"].value = None  # the second card's Finnish title, emptied
    broken = io.BytesIO()
    book.save(broken)
    response = client.post(
        "/build?lang=en",
        data=FORM | {"deck": "upload", "deck_file": (io.BytesIO(broken.getvalue()), "oma pakka.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    header = [c.value for c in book["Cards"][1]]
    assert sentence(response).startswith(f"oma pakka.xlsx, sheet Cards, row 3, column {header[1]}:")
    good = client.post(
        "/build?lang=en",
        data=FORM | {"deck": "upload", "deck_file": (io.BytesIO(data), "oma pakka.xlsx")},
        content_type="multipart/form-data",
    )
    assert good.status_code == 200


def zipped(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return out.getvalue()


def deck_zip(change: dict[str, bytes] | None = None) -> bytes:
    files = {f"oma/{p.name}": p.read_bytes() for p in (BUILTIN_DECKS / "kunta").iterdir() if p.is_file()}
    return zipped(files | (change or {}))


HOSTILE = [
    (
        "a path that climbs out",
        zipped({"../../evil.yaml": b"x"}),
        "x.zip: the file name '../../evil.yaml' points outside the upload; zip the folder again",
    ),
    (
        "an absolute path",
        zipped({"/etc/evil.yaml": b"x"}),
        "x.zip: the file name '/etc/evil.yaml' points outside the upload; zip the folder again",
    ),
    (
        "a zip bomb",
        zipped({"oma/deck.yaml": b"\0" * (30 * 1024 * 1024)}),
        "x.zip: 'oma/deck.yaml' unpacks to 31,457,280 bytes from {packed:,}; refused as a zip bomb",
    ),
    ("not a zip", b"PK but not really", "x.zip is not a zip file; make the zip file again, or choose the files without zipping them"),
    ("no deck inside", zipped({"notes.txt": b"hello"}), "x.zip has no deck.yaml: zip the deck folder that `osallisuuspeli init` made"),
]


@pytest.mark.parametrize("what,data,message", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_zip_is_refused_with_a_sentence(client, what, data, message):
    response = client.post(
        "/build?lang=en", data=FORM | {"deck": "upload", "deck_file": (io.BytesIO(data), "x.zip")}, content_type="multipart/form-data"
    )
    packed = zipfile.ZipFile(io.BytesIO(data)).infolist()[0].compress_size if data.startswith(b"PK\x03") else 0
    assert (response.status_code, sentence(response)) == (422, message.format(packed=packed))
    alive(client)


def test_a_deck_cannot_name_a_file_outside_its_upload(client):
    yaml_text = (BUILTIN_DECKS / "kunta" / "deck.yaml").read_text(encoding="utf-8") + "logo: ../../../../etc/hostname.png\n"
    response = client.post(
        "/build?lang=en",
        data=FORM | {"deck": "upload", "deck_file": (io.BytesIO(deck_zip({"oma/deck.yaml": yaml_text.encode()})), "x.zip")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert sentence(response) == "oma/deck.yaml:52: logo '../../../../etc/hostname.png' must be a file inside the deck folder"


def test_an_xlsx_bomb_is_refused_before_the_workbook_is_read(client):
    bomb = zipped({"[Content_Types].xml": b"<x/>", "xl/worksheets/sheet1.xml": b" " * (40 * 1024 * 1024)})
    response = client.post(
        "/build?lang=en", data=FORM | {"deck": "upload", "deck_file": (io.BytesIO(bomb), "pakka.xlsx")}, content_type="multipart/form-data"
    )
    assert response.status_code == 422
    packed = zipfile.ZipFile(io.BytesIO(bomb)).getinfo("xl/worksheets/sheet1.xml").compress_size
    assert (
        sentence(response) == f"pakka.xlsx: 'xl/worksheets/sheet1.xml' unpacks to 41,943,040 bytes from {packed:,}; refused as a zip bomb"
    )


@pytest.mark.parametrize(
    "change,status,message",
    [
        ({"mode": "evil"}, 400, "mode = evil is not a choice; the choices: duplex, gutterfold, single."),
        ({"card_size": "<script>"}, 400, "card_size = <script> is not a choice; the choices: poker, bridge, mini, tarot, a7, a6."),
        ({"deck": "../../etc"}, 400, "deck = ../../etc is not a choice; the choices: helsinki, kunta, upload."),
        ({"lang": "de"}, 400, "Choose at least one language."),
        ({"deck": "upload"}, 400, ""),
    ],
)
def test_parameters_are_the_command_lines_choices(client, change, status, message):
    response = client.post("/build?lang=en", data=FORM | change)
    assert response.status_code == status
    assert "<script>" not in response.get_data(as_text=True)  # what was sent comes back escaped
    assert sentence(response) == (message or "Choose a file first.")
    alive(client)


@pytest.mark.parametrize(
    "path,status", [("/files/nothere/x.zip", 404), ("/files/x/../../etc/passwd", 404), ("/workbook/../x.xlsx", 404), ("/build", 405)]
)
def test_wrong_addresses_are_a_sentence_not_a_traceback(client, path, status):
    response = client.get(path + ("?lang=en" if "?" not in path else ""))
    assert response.status_code == status
    assert sentence(response) and "Traceback" not in response.get_data(as_text=True)


def test_a_report_from_uploads_lists_the_files_it_could_not_count(client, tmp_path):
    from .workshops import team

    built = client.post("/build", data=FORM | {"deck": "helsinki"}).get_data(as_text=True)
    sheet_link = next(
        part.split('"', 1)[0]
        for part in built.split('href="/files/')[1:]
        if part.startswith(part.split("/", 1)[0] + "/fi/results-sheet.pdf")
    )
    (tmp_path / "sheet.pdf").write_bytes(client.get(f"/files/{sheet_link}").data)
    uploads = []
    for i in range(5):
        team(
            tmp_path / "sheet.pdf",
            tmp_path / f"t{i}.pdf",
            {"date": f"2026-11-0{i + 1}", "organisation": f"yksikkö {i}"},
            {"kokeilut": "worth_trying"},
        )
        uploads.append((io.BytesIO((tmp_path / f"t{i}.pdf").read_bytes()), f"tiimi {i}.pdf"))
    uploads.append((io.BytesIO(b"not a pdf"), "muistio.pdf"))
    response = client.post("/report?lang=fi", data={"pdfs": uploads}, content_type="multipart/form-data")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Luettu 5 työpajaa." in page and "<strong>muistio.pdf</strong>: ei ole PDF-tiedosto; ohitettiin" in page
    links = [part.split('"', 1)[0] for part in page.split('href="/files/')[1:]]
    assert client.get(f"/files/{links[0]}").data.startswith(b"%PDF")


def test_the_pool_says_busy_while_its_one_place_is_taken_and_stops_a_job_that_runs_too_long(tmp_path):
    jobs = Jobs(workers=1, waiting=0, timeout=60)
    answers = []
    first = threading.Thread(target=lambda: answers.append(jobs.run(held, tmp_path)))
    first.start()
    wait_for(tmp_path / "started")
    with pytest.raises(Busy):
        jobs.run(held, tmp_path)
    assert first.is_alive() and answers == []  # Busy without waiting for the running job
    (tmp_path / "release").touch()
    first.join()
    assert answers == [{"error": "released"}]
    never = tmp_path / "never"
    never.mkdir()
    with pytest.raises(TimedOut):  # a budget far below the job's own minute, which it would end with an answer
        Jobs(workers=1, waiting=0, timeout=1).run(held, never)


def test_a_busy_server_answers_503_with_a_sentence(tmp_path, monkeypatch):
    monkeypatch.setattr(building, "build_kit", held)
    (tmp_path / "held").touch()  # the job's signals here
    client = create_app(config(tmp_path / "web", WORKERS=1, WAITING=0, JOB_TIMEOUT=60)).test_client()
    first = threading.Thread(target=client.post, args=("/build",), kwargs={"data": FORM})
    first.start()
    wait_for(tmp_path / "started")
    response = client.post("/build?lang=en", data=FORM)
    assert (response.status_code, sentence(response)) == (503, "The server is busy just now. Please try again in a moment.")
    assert first.is_alive()
    (tmp_path / "release").touch()
    first.join()


def test_an_upload_over_the_limit_is_refused_before_its_body_is_read(tmp_path):
    server = server_of(create_app(config(tmp_path / "web")), threads=4)
    threading.Thread(target=server.serve, daemon=True).start()
    try:  # the answer comes although no byte of the body is sent: a server waiting for it would time the socket out
        with socket.create_connection(("127.0.0.1", server.bind_addr[1]), timeout=30) as s:
            head = "POST /build?lang=en HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 104857600\r\n\r\n"
            s.sendall(head.encode())  # 100 MB announced, none sent
            chunks = []
            while chunk := s.recv(65536):  # the server closes the connection after its answer
                chunks.append(chunk)
            answer = b"".join(chunks).decode("utf-8", "replace")
        assert answer.startswith("HTTP/1.1 413")
        assert "The file is too large; the limit is 20 MB." in answer
    finally:
        server.stop()


def test_after_an_upload_error_the_form_keeps_what_was_chosen(client):
    chosen = FORM | {"deck": "upload", "lang": ["sv", "en"], "paper": "letter", "mode": "gutterfold", "fillable": "on"}
    page = client.post("/build?lang=en", data=chosen).get_data(as_text=True)
    assert 'value="upload" checked' in page and 'id="lang-sv" name="lang" value="sv" checked' in page and 'value="fi" checked' not in page
    assert '<option value="letter" selected>' in page and '<option value="gutterfold" selected>' in page
    assert 'id="fillable" name="fillable" checked' in page


def test_serve_says_where_it_listens_answers_and_stops_cleanly():
    import re
    import signal
    import subprocess
    import sys
    import urllib.request

    proc = subprocess.Popen(
        [sys.executable, "-m", "osallisuuspeli", "serve", "--port", "0", "--no-browser"], stdout=subprocess.PIPE, text=True
    )
    try:
        line = proc.stdout.readline()
        assert re.fullmatch(r"Serving on http://127\.0\.0\.1:\d+/ - press Ctrl\+C to stop\n", line)
        with urllib.request.urlopen(line.split()[2] + "?lang=sv", timeout=10) as r:
            assert r.status == 200 and '<html lang="sv">' in r.read().decode()
    finally:
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(15) == 0


def test_every_request_folder_name_serves_its_files(client, monkeypatch):
    """Folder names may begin or end with - or _ (token_urlsafe): each one still serves its files."""
    for token in ("_" + "a" * 21, "b" * 21 + "_", "-" + "c" * 20 + "-"):
        monkeypatch.setattr(folders.secrets, "token_urlsafe", lambda n, token=token: token)
        page = client.post("/build", data=FORM).get_data(as_text=True)
        assert f'href="/files/{token}/osallisuuspeli-kunta-fi.zip"' in page
        assert client.get(f"/files/{token}/osallisuuspeli-kunta-fi.zip").status_code == 200


def test_a_chosen_file_is_the_deck_whatever_the_radio_says_and_the_page_names_it(client):
    data = client.get("/workbook/kunta.xlsx").data
    page = client.post(
        "/build", data=FORM | {"deck": "helsinki", "deck_file": (io.BytesIO(data), "oma.xlsx")}, content_type="multipart/form-data"
    ).get_data(as_text=True)
    assert '<p class="deck">Osallisuuspeli – Kuntaversio: 40 korttia; kielet: suomi.</p>' in page


@pytest.mark.parametrize("kind", ["csv", "zip of a workbook and its logo", "zip of the folder init --format xlsx makes"])
def test_the_page_takes_what_the_command_line_takes(client, tmp_path, kind):
    from click.testing import CliRunner

    from osallisuuspeli.cli import main

    if kind == "csv":
        rows = ["id;title_fi;description_fi", "lukupiiri;Lukupiiri;Asukkaat lukevat yhdessä.", "kavelyt;Kävelykierrokset;"]
        upload, name = "\r\n".join(rows).encode("utf-8-sig"), "kortit.csv"
    else:
        assert CliRunner().invoke(main, ["init", str(tmp_path / "oma"), "--from", "kunta", "--format", "xlsx"]).exit_code == 0
        book = (tmp_path / "oma" / "deck.xlsx").read_bytes()
        if kind.startswith("zip of a workbook"):
            from PIL import Image

            logo = io.BytesIO()
            Image.new("RGB", (40, 40), "#0000bf").save(logo, "PNG")
            upload = zipped({"deck.xlsx": book, "logo.png": logo.getvalue()})
        else:
            upload = zipped({"oma/deck.xlsx": book, "oma/~$deck.xlsx": b"lock"})
        name = "oma.zip"
    response = client.post("/build", data=FORM | {"deck_file": (io.BytesIO(upload), name)}, content_type="multipart/form-data")
    assert response.status_code == 200, sentence(response)
    cards = 2 if kind == "csv" else 40
    assert f"{cards} korttia; kielet: suomi.</p>" in response.get_data(as_text=True)


def test_a_single_file_downloads_with_its_language_in_its_name_and_the_back_offset_is_a_field(client):
    page = client.post("/build", data=FORM | {"lang": ["fi", "sv"], "back_offset": "1,-0.5"}).get_data(as_text=True)
    link = next(p.split('"', 1)[0] for p in page.split('href="/files/')[1:] if p.split('"', 1)[0].endswith("/sv/cards.pdf"))
    response = client.get(f"/files/{link}")
    assert response.headers["Content-Disposition"] == "attachment; filename=cards-sv.pdf"
    wrong = client.post("/build?lang=en", data=FORM | {"back_offset": "1;2"})
    assert (wrong.status_code, sentence(wrong)) == (
        400,
        "Write the back offset as X,Y in millimetres, for example 1,-0.5 (at most 20 mm each).",
    )
    assert 'id="back_offset" name="back_offset" value="1;2"' in wrong.get_data(as_text=True)


def test_serve_help_keeps_the_page_on_loopback():
    from click.testing import CliRunner

    from osallisuuspeli.cli import main

    text = CliRunner().invoke(main, ["serve", "--help"]).output
    assert "0.0.0.0" not in text and "behind the organisation's HTTPS proxy" in text


def test_the_back_offset_typed_on_the_page_moves_the_backs_of_the_built_pdf(client):
    """The measured offset reaches the build: the first back on the backs page
    sits where it did without one, moved by the millimetres typed."""

    def first_back_origin(offset: str | None) -> tuple[float, float]:
        page = client.post("/build", data=FORM | ({"back_offset": offset} if offset is not None else {})).get_data(as_text=True)
        link = next(p.split('"', 1)[0] for p in page.split('href="/files/')[1:] if p.split('"', 1)[0].endswith("/fi/cards.pdf"))
        reader = pypdf.PdfReader(io.BytesIO(client.get(f"/files/{link}").data))
        content = reader.pages[1].get_contents().get_data().decode("latin-1")
        x, y = re.search(r"q\s+1 0 0 1 ([\d.]+) ([\d.]+) cm\s+/\S+ Do\s+Q", content).groups()
        return float(x), float(y)

    x0, y0 = first_back_origin(None)
    x1, y1 = first_back_origin("1,-0.5")
    x2, y2 = first_back_origin(" -1.5 , 2 ")
    mm = 72 / 25.4
    assert (round((x1 - x0) / mm, 2), round((y1 - y0) / mm, 2)) == (1.0, -0.5)
    assert (round((x2 - x0) / mm, 2), round((y2 - y0) / mm, 2)) == (-1.5, 2.0)
