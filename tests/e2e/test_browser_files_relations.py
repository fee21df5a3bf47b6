"""«Filer» and «Relasjoner» on the order page in a real browser: a file picked in the picker is
stored and listed, its link downloads the same bytes through the page's login session, and
delete removes it; a relation added to another order shows on both orders' pages. Input typed
into the relation form survives an upload (the form's cell does not re-run on a write)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import views

from .conftest import AppServer, free_port, shot
from .test_browser_forms import _form, _settled

pytestmark = pytest.mark.browser

PASSWORD = "hemmelig-passord-123"
CONTENT = "Avtalt levering uke 12.\nÆØÅ æøå\n".encode()


def _card(page, title: str):
    return page.locator("section.axos-card").filter(
        has=page.locator(".axos-h2", has_text=re.compile(rf"^{title}$"))
    )


def _two_open_orders(demo_db) -> tuple[int, int]:
    """Two orders in progress with no links yet (the demo converts some quotes)."""
    con = ax.connect(demo_db)
    try:
        rows = views.order_list(con, views.OrderFilter(statuses=["under_arbeid"]), limit=50).rows
        bare = [n for n in rows["order_no"] if views.relations_of_order(con, n).is_empty()]
        return bare[0], bare[1]
    finally:
        con.close()


def _log_in(page, server: AppServer, path: str) -> None:
    page.goto(server.url + path)
    page.get_by_label("E-post").fill(server.login_email)
    page.get_by_label("Passord").fill(PASSWORD)
    page.get_by_role("button", name="Logg inn").click()
    expect(page).to_have_url(re.compile(re.escape(path)))


def test_a_file_is_uploaded_listed_downloaded_and_deleted(demo_db, page, tmp_path):
    number, other = _two_open_orders(demo_db)
    con = ax.connect(demo_db)
    try:
        admin = ax.access.acting_employee(con).id
        ax.update_settings(con, admin, max_file_mb=1)  # for the oversized file at the end
    finally:
        con.close()
    server = AppServer(demo_db, free_port(), password=PASSWORD).start()
    try:
        _log_in(page, server, f"/ordre/?order={number}")
        _settled(page)
        files = _card(page, "Filer")
        expect(files).to_contain_text("Ingen filer.")

        # Typed into the relation form first: the upload must not take it away.
        relation = _form(page, "Legg til relasjon")
        relation.get_by_placeholder("Ordrenr. eller id").fill(str(other))

        page.locator("input[type=file]").set_input_files(
            {"name": "avtale æøå.txt", "mimeType": "text/plain", "buffer": CONTENT}
        )
        expect(page.locator(".axos-result")).to_contain_text("Lastet opp «avtale æøå.txt»")
        link = files.get_by_role("link", name="avtale æøå.txt")
        expect(link).to_be_visible()
        expect(_card(page, "Aktivitetslogg")).to_contain_text("La til filen «avtale æøå.txt»")
        expect(relation.get_by_placeholder("Ordrenr. eller id")).to_have_value(str(other))
        # The picker was rebuilt after the upload: marimo's own note about it is gone.
        expect(page.get_by_text("Uploaded", exact=False)).to_have_count(0)
        shot(page, "files-uploaded")

        # The link, through the page's own session (its login cookie; tests/e2e/
        # test_file_downloads.py shows it is refused without one) …
        href = link.get_attribute("href")
        assert re.fullmatch(r"/filer/\d+", href), href
        response = page.request.get(server.url + href)
        assert response.status == 200 and response.body() == CONTENT
        assert "attachment" in response.headers["content-disposition"]
        # … and as a click saves it.
        with page.expect_download() as download:
            link.click()
        saved = tmp_path / "saved.txt"
        download.value.save_as(saved)
        assert saved.read_bytes() == CONTENT

        files.get_by_role("button", name="Slett").click()
        expect(page.locator(".axos-result")).to_contain_text("Fjernet filen «avtale æøå.txt»")
        expect(files).to_contain_text("Ingen filer.")
        expect(files.get_by_role("link")).to_have_count(0)
        assert page.request.get(server.url + href).status == 404

        # Over the size limit: marimo's picker refuses it before sending, in Norwegian.
        page.locator("input[type=file]").set_input_files(
            {"name": "stor.bin", "mimeType": "application/octet-stream", "buffer": b"x" * 2**21}
        )
        # The toast, and its copy for screen readers (role=status), both in Norwegian.
        expect(page.get_by_text("Filen ble ikke lastet opp").first).to_be_visible()
        expect(
            page.get_by_text("stor.bin (filen er større enn grensen på 1,0 MB)").first
        ).to_be_visible()
        expect(page.get_by_text("File upload failed")).to_have_count(0)
        shot(page, "files-too-large")
    finally:
        server.stop()
    con = ax.connect(demo_db)
    try:
        assert views.order_files(con, number).height == 0
    finally:
        con.close()


def test_a_relation_to_another_order_shows_on_both_pages(demo_db, page):
    number, other = _two_open_orders(demo_db)
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)
        form = _form(page, "Legg til relasjon")
        target = form.get_by_placeholder("Ordrenr. eller id")
        kind = form.locator("input").nth(1)

        # Refused (no such order): the reason is in the form, and so is what was typed.
        target.fill("99999999")
        kind.fill("tilleggsordre")
        form.get_by_role("button", name="Legg til relasjon").click()
        expect(form).to_contain_text("99999999")
        expect(target).to_have_value("99999999")
        expect(kind).to_have_value("tilleggsordre")

        target.fill(str(other))
        form.get_by_role("button", name="Legg til relasjon").click()
        expect(page.locator(".axos-result")).to_contain_text("Relasjonen er lagt til")
        relations = _card(page, "Relasjoner")
        expect(relations.get_by_role("link", name=f"Ordre {other}")).to_be_visible()
        expect(relations).to_contain_text("(tilleggsordre til)")
        expect(target).to_have_value("")  # a success empties the form
        shot(page, "relations-added")

        relations.get_by_role("link", name=f"Ordre {other}").click()
        expect(page).to_have_url(re.compile(rf"order={other}"))
        _settled(page)
        back = _card(page, "Relasjoner")
        expect(back.get_by_role("link", name=f"Ordre {number}")).to_be_visible()
        expect(back).to_contain_text("(har tilleggsordre)")

        # Removed from the other side: gone from both.
        back.get_by_role("button", name="Fjern").click()
        expect(page.locator(".axos-result")).to_contain_text(
            f"Fjernet koblingen til Ordre {number}"
        )
        expect(back).to_contain_text("Ingen relasjoner.")
        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)
        expect(_card(page, "Relasjoner")).to_contain_text("Ingen relasjoner.")
    finally:
        server.stop()
