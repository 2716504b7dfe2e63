"""The upload's limits: how many files an archive holds, how much it unpacks
to, and a member whose size in the archive is not its size."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest

pytest.importorskip("flask", reason="the web extra is not installed: pip install '.[web]'")

from osallisuuspeli.web.app import create_app

from .test_web import FORM, config, deck_zip, sentence, zipped


def posted(tmp_path, data: bytes):
    client = create_app(config(tmp_path / "web")).test_client()
    response = client.post(
        "/build?lang=en", data=FORM | {"deck": "upload", "deck_file": (io.BytesIO(data), "x.zip")}, content_type="multipart/form-data"
    )
    assert sorted((tmp_path / "web").iterdir()) == []  # nothing of a refused upload is kept
    return response.status_code, sentence(response)


def test_an_archive_of_more_than_500_files_is_refused(tmp_path):
    data = zipped({f"oma/{i}.txt": b"x" for i in range(501)})
    assert posted(tmp_path, data) == (422, "x.zip holds 501 files; a deck has far fewer than 500")


def test_an_archive_of_500_files_is_not_refused_for_their_number(tmp_path):
    data = zipped({f"oma/{i}.txt": b"x" for i in range(500)})
    assert posted(tmp_path, data) == (422, "x.zip has no deck.yaml: zip the deck folder that `osallisuuspeli init` made")


def test_an_archive_that_unpacks_to_more_than_50_mb_is_refused(tmp_path):
    megabyte = b"\0" * (1024 * 1024)  # 1 MB each: under the zip-bomb ratio's threshold, 51 of them over the total
    data = zipped({f"oma/{i}.txt": megabyte for i in range(51)})
    assert len(data) < 1024 * 1024  # well under the upload limit: refused for what it unpacks to
    assert posted(tmp_path, data) == (422, "x.zip unpacks to 53,477,376 bytes; the limit is 52,428,800")


def test_a_member_that_says_it_is_larger_than_it_is_is_refused(tmp_path):
    buffer = io.BytesIO()
    source = zipfile.ZipFile(io.BytesIO(deck_zip()))
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        for name in source.namelist():
            z.writestr(name, source.read(name))
    data = bytearray(buffer.getvalue())
    named = data.index(b"oma/deck.yaml", data.index(b"PK\x01\x02"))  # its entry in the central directory
    entry = data.rindex(b"PK\x01\x02", 0, named)
    (size,) = struct.unpack_from("<I", data, entry + 24)
    struct.pack_into("<I", data, entry + 24, size + 100)  # the archive says 100 bytes more than it holds
    assert posted(tmp_path, bytes(data)) == (422, "x.zip: 'oma/deck.yaml' is not what the archive says it is; zip the files again")
