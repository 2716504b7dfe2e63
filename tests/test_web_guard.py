"""The web page's defences (issue 21): slow and oversized requests against
the real server on 127.0.0.1 (bounded in count and time), security headers on
every response, the proxy's prefix trusted only as a plain path, cross-site
form posts refused, and every error a sentence in the page's language."""

from __future__ import annotations

import html
import io
import socket
import threading
import time
import urllib.request
from contextlib import contextmanager, suppress

import pytest

pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")
pytest.importorskip("cheroot.wsgi", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.web.app import create_app
from osallisuuspeli.web.app import server as server_of
from osallisuuspeli.web.slow import TOO_SLOW

from .test_web import FORM, config, sentence


@contextmanager
def serving(root, threads=8, **settings):
    server = server_of(create_app(config(root, **settings)), threads=threads)
    threading.Thread(target=server.serve, daemon=True).start()
    try:
        yield server.bind_addr[1]
    finally:
        server.stop()


def exchange(port: int, data: bytes) -> str:
    """What the server answers to `data`, read until it closes the connection."""
    with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
        s.sendall(data)
        chunks = []
        try:
            while chunk := s.recv(65536):
                chunks.append(chunk)
        except ConnectionResetError:
            pass
    return b"".join(chunks).decode("utf-8", "replace")


def answer_of(s: socket.socket) -> tuple[str, str]:
    """The status and sentence a connection was answered with, ("closed", "") if
    it was closed without one, ("open", "") if the server still holds it."""
    chunks = []
    try:
        while chunk := s.recv(65536):
            chunks.append(chunk)
    except ConnectionResetError:
        pass
    except TimeoutError:
        return ("open", "")
    data = b"".join(chunks).decode("utf-8", "replace")
    if not data:
        return ("closed", "")
    head, _, body = data.partition("\r\n\r\n")
    code = head.split(" ", 2)[1]
    if 'role="alert">' in body:
        body = html.unescape(body.split('role="alert">', 1)[1].split("</", 1)[0].strip())
    return (code, body)


def let_go(connections: list[socket.socket], within: float = 20.0) -> list[tuple[str, str]]:
    """What each connection was answered, waiting at most `within` seconds in
    all (a connection the trickle stopped feeding is let go by cheroot's own
    10 s socket timeout at the latest)."""
    deadline = time.monotonic() + within
    said = []
    for s in connections:
        s.settimeout(max(0.1, deadline - time.monotonic()))
        said.append(answer_of(s))
        s.close()
    return said


@pytest.fixture
def client(tmp_path):
    return create_app(config(tmp_path / "web")).test_client()


@pytest.mark.parametrize("header_timeout", [1.0, 30.0])  # cut at the deadline; cut sooner while they crowd the threads
def test_forty_slow_connections_do_not_stop_a_normal_client_being_answered(tmp_path, header_timeout):
    with serving(tmp_path / "web", threads=8, HEADER_TIMEOUT=header_timeout) as port:
        slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(40)]
        stop = threading.Event()

        def trickle():  # a byte every two seconds on each, for at most 12 s
            for n in range(6):
                for s in slow:
                    with suppress(OSError):
                        s.send(b"G" if n == 0 else b"X")
                if stop.wait(2):
                    return

        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        time.sleep(0.5)
        answers = []
        try:
            for _ in range(5):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=en", timeout=8) as r:
                    answers.append((r.status, "Make a print kit" in r.read().decode()))
        finally:
            stop.set()
            sender.join()
            said = let_go(slow)
        assert answers == [(200, True)] * 5
        assert {code for code, _ in said} <= {"408", "closed"}, said  # every slow connection was let go by the server
        assert ("408", TOO_SLOW) in said  # with the page's sentence (one cut by cheroot's own socket timeout may carry none)


def test_forty_slow_bodies_do_not_stop_a_normal_client_being_answered(tmp_path):
    """Honest headers with a large Content-Length, then a byte every two seconds:
    the ones over the page's share of threads hear "busy" at once, the others are
    cut once they fall behind the least rate, and a normal client is answered throughout."""
    with serving(tmp_path / "web", threads=8, BODY_GRACE=1.0) as port:
        head = (
            f"POST /build?lang=en HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: multipart/form-data; boundary=b\r\nContent-Length: 10000000\r\n\r\n"
        ).encode()
        slow = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(40)]
        for s in slow:
            s.sendall(head)
        stop = threading.Event()

        def trickle():  # a byte every two seconds on each, for at most 12 s
            for n in range(6):
                for s in slow:
                    with suppress(OSError):
                        s.send(b"--b\r\n"[n : n + 1] or b"x")
                if stop.wait(2):
                    return

        sender = threading.Thread(target=trickle, daemon=True)
        sender.start()
        answers = []
        try:
            for _ in range(5):
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/?lang=en", timeout=8) as r:
                    answers.append((r.status, "Make a print kit" in r.read().decode()))
                time.sleep(0.5)
        finally:
            stop.set()
            sender.join()
            said = let_go(slow)
        assert set(said) <= {
            ("408", "The request arrived too slowly and the connection was closed. Please try again."),
            ("503", "The server is busy just now. Please try again in a moment."),
            ("closed", ""),
        }, said
        assert ("408", "The request arrived too slowly and the connection was closed. Please try again.") in said


def test_a_body_over_its_time_limit_is_cut_and_a_body_in_chunks_is_refused(tmp_path):
    with serving(tmp_path / "web", BODY_GRACE=60.0, BODY_TIMEOUT=1.5) as port:
        head = (
            f"POST /build?lang=sv HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(head + b"deck=kunta&")  # within the grace's rate, but never all of it
            assert answer_of(s) == ("408", "Begäran kom för långsamt och förbindelsen stängdes. Försök igen.")
        chunked = (
            f"POST /build?lang=en HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nlang=\r\n"
        ).encode()
        with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
            s.sendall(chunked)
            assert answer_of(s) == ("411", "The page takes a request's body only with its length (Content-Length), not in chunks.")


def test_headers_over_the_limits_are_431_and_a_long_address_414_with_a_sentence(tmp_path, client):
    with serving(tmp_path / "web") as port:
        answer = exchange(port, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n")
        assert answer.startswith("HTTP/1.1 431 Request Header Fields Too Large\r\n")
        assert answer.endswith("Pyynnön otsakkeet ovat liian suuret. Begärans rubriker är för stora. The request's headers are too large.")
        many = "".join(f"X-{i}: {i}\r\n" for i in range(150)).encode()
        answer = exchange(port, b"GET /?lang=en HTTP/1.1\r\nHost: x\r\nConnection: close\r\n" + many + b"\r\n")
        assert answer.startswith("HTTP/1.1 431 ")
        assert "The request&#39;s headers are too large. Clear your browser&#39;s cookies for this site and try again." in answer
        answer = exchange(port, b"GET /?lang=sv&x=" + b"a" * 9000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert answer.startswith("HTTP/1.1 414 ") and "Adressen är för lång. Gå tillbaka till början och använd sidans formulär." in answer


def test_every_response_carries_the_security_headers_and_results_are_not_stored(client):
    built = client.post("/build?lang=en", data=FORM)
    link = built.get_data(as_text=True).split('href="/files/')[1].split('"', 1)[0]
    for response in (client.get("/"), built, client.get(f"/files/{link}"), client.get("/nothere"), client.get("/static/style.css")):
        assert response.headers["Content-Security-Policy"] == (
            "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
        )
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
        assert response.headers["X-Frame-Options"] == "DENY"
    assert built.headers["Cache-Control"] == "no-store"
    assert client.get(f"/files/{link}").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize(
    "prefix,action",
    [
        ("/osallisuuspeli", '/osallisuuspeli/build?lang=en"'),
        ("//evil.example", '"/build?lang=en"'),
        ("https://evil.example", '"/build?lang=en"'),
        ("javascript:alert(1)", '"/build?lang=en"'),
        ('/a"><script>', '"/build?lang=en"'),
        ("/ok, //evil.example", '"/build?lang=en"'),
    ],
)
def test_behind_a_proxy_only_a_plain_path_prefix_is_trusted(tmp_path, prefix, action):
    client = create_app(config(tmp_path / "web", BEHIND_PROXY=True)).test_client()
    page = client.get("/?lang=en", headers={"X-Forwarded-Prefix": prefix}).get_data(as_text=True)
    assert f'action="{action.lstrip(chr(34))}' in page if action.startswith("/") else f"action={action}" in page
    assert "evil" not in page and "<script>" not in page and "javascript:" not in page


@pytest.mark.parametrize(
    "headers,status",
    [
        ({"Origin": "https://evil.example"}, 403),
        ({"Sec-Fetch-Site": "cross-site", "Origin": "null"}, 403),
        ({"Referer": "https://evil.example/form.html"}, 403),
        ({"Origin": "http://localhost"}, 400),  # the page's own host: on to the form's own check
        ({"Sec-Fetch-Site": "same-origin", "Origin": "null"}, 400),  # a browser under no-referrer says null
        ({}, 400),  # no header: a script on the machine, not a page elsewhere
    ],
)
def test_a_cross_site_post_is_refused_with_a_sentence(client, headers, status):
    response = client.post("/build?lang=en", data=FORM | {"lang": "de"}, headers=headers)
    expected = (
        "The form was sent from another site. Open the page at its own address and send the form from there."
        if status == 403
        else "Choose at least one language."
    )
    assert (response.status_code, sentence(response)) == (status, expected)


def test_errors_are_sentences_in_the_pages_language_never_werkzeugs(client):
    big = client.post(  # no ?lang= and no form to read it from: the browser's language
        "/build",
        data=b"x" * 100,
        headers={"Accept-Language": "sv"},
        content_type="multipart/form-data; boundary=b",
        environ_overrides={"CONTENT_LENGTH": str(30 * 1024 * 1024)},
    )
    assert (big.status_code, sentence(big)) == (413, "Filen är för stor; gränsen är 20\u00a0MB.")
    nul = client.get("/files/" + "a" * 22 + "/fi/%00cards.pdf?lang=fi")
    assert (nul.status_code, sentence(nul)) == (404, "Tiedostoa ei löydy. Se on ehkä jo poistettu; tehkää paketti uudelleen.")
    wrong = client.get("/report?lang=fi")
    assert wrong.status_code == 405 and wrong.headers["Allow"] == "OPTIONS, POST"
    assert sentence(wrong) == "Tähän osoitteeseen ei voi lähettää tällaista pyyntöä. Palatkaa alkuun ja käyttäkää sivun lomakkeita."
    missing = client.get("/no/such/page?lang=sv")
    assert (missing.status_code, sentence(missing)) == (
        404,
        "Det finns ingen sådan sida. Kontrollera adressen eller gå tillbaka till början.",
    )
    for response in (big, nul, wrong, missing):
        text = response.get_data(as_text=True)
        assert "The method is not allowed" not in text and "The requested URL" not in text and "Request Entity" not in text


def test_a_deck_file_of_a_kind_to_save_as_xlsx_first(client):
    response = client.post(
        "/build?lang=fi", data=FORM | {"deck_file": (io.BytesIO(b"PK"), "oma pakka.ods")}, content_type="multipart/form-data"
    )
    assert (response.status_code, sentence(response)) == (
        422,
        "oma pakka.ods ei ole .xlsx-työkirja. Tallentakaa se ensin .xlsx-muodossa "
        "(LibreOffice: Tiedosto › Tallenna nimellä › Excel 2007–365) ja valitkaa sitten se.",
    )
    response = client.post("/build?lang=en", data=FORM | {"deck_file": (io.BytesIO(b"x"), "deck.xls")}, content_type="multipart/form-data")
    assert sentence(response) == (
        "deck.xls is not an .xlsx workbook. Save it as .xlsx first (LibreOffice: File › Save As › Excel 2007-365), then choose that file."
    )
