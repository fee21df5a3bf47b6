"""GET /filer/ID on the running `axos app`: behind the login gate and the Host/Origin guard,
verified before it is sent, and never shown by the browser as a page of this site."""

from __future__ import annotations

import hashlib

import pytest

import axos_data as ax
from axos_data import filestore
from tests.e2e.conftest import AppServer, free_port
from tests.e2e.test_app_security import EVIL, PASSWORD, call, login, session_cookie

HOSTILE = '../../Tilbud "endelig"\r\nSet-Cookie: x=1 blåbær.html'
PAGE = b"<script>alert(document.cookie)</script>"


@pytest.fixture(scope="module")
def server_with_files(demo_template, tmp_path_factory):
    folder = tmp_path_factory.mktemp("files")
    path = folder / "axos.duckdb"
    path.write_bytes(demo_template.read_bytes())
    con = ax.connect(path)
    try:
        ids = {
            "plain": ax.add_file(con, 1, 10001, "tilbud.pdf", b"%PDF plain"),
            "hostile": ax.add_file(con, 1, 10001, HOSTILE, PAGE),
            "damaged": ax.add_file(con, 1, 10002, "skadet.txt", b"original"),
        }
    finally:
        con.close()
    damaged = filestore.blob_path(folder / "files", hashlib.sha256(b"original").hexdigest())
    damaged.write_bytes(b"tampered")
    server = AppServer(path, free_port(), password=PASSWORD).start()
    yield server, ids
    server.stop()


def test_a_download_needs_a_session(server_with_files):
    server, ids = server_with_files
    reply = call(server, "GET", f"/filer/{ids['plain']}")
    assert reply.status == 303 and reply.header("location").startswith("/login")
    assert b"PDF" not in reply.body


def test_a_download_from_a_foreign_host_or_origin_is_refused(server_with_files):
    server, ids = server_with_files
    cookie = session_cookie(login(server))
    reply = call(
        server, "GET", f"/filer/{ids['plain']}", {"Host": "evil.example", "Cookie": cookie}
    )
    assert reply.status == 400 and b"PDF" not in reply.body
    reply = call(server, "GET", f"/filer/{ids['plain']}", {"Origin": EVIL, "Cookie": cookie})
    assert reply.status == 403 and b"PDF" not in reply.body


def test_a_logged_in_download_is_the_verified_content_as_an_attachment(server_with_files):
    server, ids = server_with_files
    cookie = session_cookie(login(server))
    reply = call(server, "GET", f"/filer/{ids['plain']}", {"Cookie": cookie})
    assert reply.status == 200 and reply.body == b"%PDF plain"
    assert reply.header("content-type") == "application/pdf"
    assert reply.header("content-disposition") == (
        "attachment; filename=\"tilbud.pdf\"; filename*=UTF-8''tilbud.pdf"
    )


def test_a_hostile_name_and_html_content_stay_an_inert_attachment(server_with_files):
    server, ids = server_with_files
    cookie = session_cookie(login(server))
    reply = call(server, "GET", f"/filer/{ids['hostile']}", {"Cookie": cookie})
    assert reply.status == 200 and reply.body == PAGE
    disposition = reply.header("content-disposition")
    assert disposition.startswith("attachment; filename=")
    assert "\r" not in disposition and "\n" not in disposition and "/" not in disposition
    assert all(0x20 <= ord(c) < 0x7F for c in disposition)
    assert not [c for c in reply.cookies if c.startswith("x=")]
    assert reply.header("x-content-type-options") == "nosniff"
    assert "sandbox" in reply.header("content-security-policy")


def test_a_damaged_or_unknown_file_is_not_served(server_with_files):
    server, ids = server_with_files
    cookie = session_cookie(login(server))
    reply = call(server, "GET", f"/filer/{ids['damaged']}", {"Cookie": cookie})
    assert reply.status == 500
    assert "skadet" in reply.body.decode() and b"tampered" not in reply.body
    for path in ("/filer/99999", "/filer/abc", "/filer/../axos.duckdb", "/filer/"):
        assert call(server, "GET", path, {"Cookie": cookie}).status == 404
