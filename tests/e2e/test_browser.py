"""The workbench in headless Chromium against `axos app` on a demo database: the whole order
workflow, two sessions at once, the login, and every page rendering. Screenshots go to
test-artifacts/e2e/."""

from __future__ import annotations

import re
import subprocess
import sys
from decimal import Decimal

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import views
from axos_data.app import ui

from .conftest import AppServer, free_port, shot
from .test_browser_forms import _settled

pytestmark = pytest.mark.browser


def _search_box(page):
    return page.get_by_placeholder("Ordrenr., tittel, kunde eller deres referanse")


def _pick_status(page, label: str) -> None:
    """The status filter is a row of checkboxes: tick the one with this label."""
    section = page.locator("section.axos-filters")
    section.get_by_role("checkbox", name=label, exact=True).check()


def _choose_line(tools, description: str) -> None:
    """The line chooser is a plain select whose options read "#n description (amount)". A
    write rebuilds it with new labels: read them only once every cell has run again."""
    _settled(tools.page)
    chooser = tools.locator("select").filter(has_text="#1 ").first
    label = next(o for o in chooser.locator("option").all_inner_texts() if description in o)
    chooser.select_option(label=label)


def _admin(con) -> int:
    staff = views.employees(con)
    return staff.filter(staff["role"] == "admin").sort("id")["id"][0]


def _open_orders(con, count: int) -> list[int]:
    page = views.order_list(con, views.OrderFilter(statuses=["under_arbeid"]), limit=count)
    return page.rows["order_no"].to_list()


def _add_line(page, description: str, price: str) -> None:
    page.get_by_text("Ny linje", exact=True).click()
    page.get_by_placeholder("Fra produktet om tom").fill(description)
    page.get_by_placeholder("stk").fill("stk")
    page.get_by_placeholder("0,00").fill(price)
    page.get_by_role("button", name="Legg til linje").click()


def test_order_workflow(demo_db, page):
    con = ax.connect(demo_db)
    target_title = views.order_detail(con, _open_orders(con, 1)[0]).header["title"]
    term = target_title.split()[0].lower()
    searched = views.order_list(con, views.OrderFilter(search=term))
    filtered = views.order_list(con, views.OrderFilter(search=term, statuses=["under_arbeid"]))
    number = filtered.rows["order_no"][0]
    admin = _admin(con)
    con.close()

    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(server.url + "/")
        expect(page).to_have_url(re.compile(r"/min-dag/$"))
        expect(page.locator(".axos-topbar")).to_contain_text("Min dag")
        shot(page, "01-start")
        page.locator(".axos-topbar a.axos-nav-link", has_text=re.compile(r"^Ordre$")).click()
        expect(page.locator(".axos-orders")).to_be_visible()
        expect(page.locator(".axos-summary")).to_contain_text(ui.count(400))
        shot(page, "02-order-list")
        page.get_by_role("button", name="Neste ›").click()
        expect(page.locator(".axos-summary")).to_contain_text("Viser 51–100")
        expect(page).to_have_url(re.compile(r"page=2"))

        _search_box(page).fill(term)
        expect(page.locator(".axos-summary")).to_contain_text(
            f"{ui.count(searched.total_count)} ordrer"
        )
        _pick_status(page, "Under arbeid")
        summary = page.locator(".axos-summary")
        expect(summary).to_contain_text(f"{ui.count(filtered.total_count)} ordrer")
        expect(summary).to_contain_text(ui.nok(filtered.total_sum))
        badges = page.locator(".axos-orders tbody .axos-badge")
        expect(badges.first).to_have_text("Under arbeid")
        assert set(badges.all_inner_texts()) == {"Under arbeid"}
        expect(page).to_have_url(re.compile(r"status=under_arbeid"))
        shot(page, "03-order-list-filtered")

        with page.expect_download() as download:
            page.get_by_text("Last ned CSV").click()
        csv = download.value.path().read_bytes().decode("utf-8-sig").splitlines()
        assert csv[0].startswith("Ordrenr.;Tittel;Status")
        assert len(csv) == filtered.total_count + 1

        page.locator(f'.axos-orders tr[data-order="{number}"] a.axos-rowlink').first.click()
        expect(page).to_have_url(re.compile(rf"/ordre/\?order={number}"))
        expect(page.locator(".axos-lines")).to_be_visible()
        expect(page.locator(".axos-page-title")).to_contain_text(str(number))
        shot(page, "04-order-page")

        _add_line(page, "Rigging fra nettleseren", "1 250,50")
        expect(page.locator(".axos-result")).to_contain_text("Linjen er lagt til")
        expect(page.locator(".axos-lines")).to_contain_text("Rigging fra nettleseren")
        expect(page.locator(".axos-lines")).to_contain_text(ui.nok(Decimal("1250.50")))
        shot(page, "05-line-added")

        status_card = page.locator("section.axos-card", has_text="Endre status")
        status_card.locator("select").first.select_option(label="Klar til fakturering")
        status_card.get_by_placeholder("Valgfritt notat").fill("Klar fra nettleseren")
        status_card.get_by_role("button", name="Endre status").click()
        expect(page.locator(".axos-result")).to_contain_text("Klar til fakturering")
        expect(page.locator(".axos-page-title .axos-badge")).to_have_text("Klar til fakturering")
        expect(page.get_by_text("Linjene er låst i denne statusen.")).to_be_visible()
        shot(page, "06-status-changed")

        page.get_by_placeholder("Skriv en kommentar …").fill("Kunden har bekreftet leveringen.")
        page.get_by_role("button", name="Legg til kommentar").click()
        activity_card = page.locator("section.axos-card", has_text="Aktivitetslogg")
        expect(activity_card).to_contain_text("Kunden har bekreftet leveringen.")
        shot(page, "07-comment-added")
    finally:
        server.stop()

    con = ax.connect(demo_db)
    try:
        detail = views.order_detail(con, number)
        line = detail.lines.filter(detail.lines["description"] == "Rigging fra nettleseren")
        assert line.height == 1 and str(line["amount"][0]) == "1250.50"
        assert detail.header["status"] == "klar_til_fakturering"
        history = views.status_history(con, number)
        assert history["note"].to_list()[-1] == "Klar fra nettleseren"
        activity = views.order_activity(con, number).to_dicts()
        comment = [a for a in activity if a["kind"] == "comment"][-1]
        assert comment["message"] == "Kunden har bekreftet leveringen."
        assert {a["actor_id"] for a in activity[-3:]} == {admin}
        assert views.totals_mismatches(con, [number]).height == 0
    finally:
        con.close()


def test_order_confirmation_pdf_download(demo_db, page):
    """The confirmation downloads as a PDF of this order, and the log shows it."""
    con = ax.connect(demo_db)
    number = _open_orders(con, 1)[0]
    before = views.order_activity(con, number).height
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={number}")
        expect(page.locator(".axos-lines")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_text("Ordrebekreftelse (PDF)").click()
        assert download.value.suggested_filename == f"ordrebekreftelse-{number}.pdf"
        assert download.value.path().read_bytes().startswith(b"%PDF")
        shot(page, "08-pdf")
    finally:
        server.stop()
    con = ax.connect(demo_db)
    assert views.order_activity(con, number).height == before + 1
    con.close()


def test_two_sessions_edit_different_orders_at_once(demo_db, browser):
    con = ax.connect(demo_db)
    first, second = _open_orders(con, 2)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    contexts = [browser.new_context(viewport={"width": 1440, "height": 1000}) for _ in range(2)]
    try:
        pages = [c.new_page() for c in contexts]
        for tab, number in zip(pages, (first, second), strict=True):
            tab.set_default_timeout(20_000)
            tab.goto(f"{server.url}/ordre/?order={number}")
            expect(tab.locator(".axos-lines")).to_be_visible()
            tab.get_by_text("Ny linje", exact=True).click()
            tab.get_by_placeholder("Fra produktet om tom").fill(f"Samtidig linje {number}")
            tab.get_by_placeholder("stk").fill("t")
            tab.get_by_placeholder("0,00").fill("100")
        # Submit both before waiting for either: the two sessions' kernels write at once.
        for tab in pages:
            tab.get_by_role("button", name="Legg til linje").click(no_wait_after=True)
        for tab, number in zip(pages, (first, second), strict=True):
            expect(tab.locator(".axos-result")).to_contain_text("Linjen er lagt til")
            expect(tab.locator(".axos-lines")).to_contain_text(f"Samtidig linje {number}")
        shot(pages[1], "09-second-session")
    finally:
        for c in contexts:
            c.close()
        server.stop()
    con = ax.connect(demo_db)
    for number in (first, second):
        lines = views.order_detail(con, number).lines
        assert f"Samtidig linje {number}" in lines["description"].to_list()
    con.close()


def test_every_page_renders(app_server, page):
    pages_to_visit = [
        ("/ny-ordre/", "Konverter tilbud", "10-new-order"),
        ("/firma/?id=1", "Per status", "11-company"),
        ("/kontakt/?id=1", "Per status", "12-contact"),
        ("/ansatt/?id=1", "Per status", "13-employee"),
        ("/prosjekt/?id=1", "Per status", "14-project"),
        ("/ordre/?order=1", "finnes ikke", "15-missing-order"),
    ]
    for path, text, name in pages_to_visit:
        page.goto(app_server.url + path)
        expect(page.get_by_text(text).first).to_be_visible()
        expect(page.locator(".axos-topbar")).to_contain_text("Axos Ordre")
        if "Per status" in text:
            expect(page.locator(".axos-orders")).to_be_visible()
            expect(page.locator("canvas, svg.marks").first).to_be_visible()
        shot(page, name)


def test_new_order_by_hand_lands_on_the_order(app_server, page):
    page.goto(app_server.url + "/ny-ordre/")
    page.get_by_placeholder("Søk kunde …").fill("Havbris")
    by_hand = page.locator("section.axos-card", has_text="Opprett ordre")
    chooser = by_hand.locator("select").first
    expect(chooser.locator("option")).to_have_count(2)  # "--" and the one match: not chosen
    chooser.select_option(index=1)
    page.get_by_placeholder("Hva ordren gjelder").fill("Ordre fra nettleseren")
    page.get_by_role("button", name="Opprett ordre").click()
    expect(page).to_have_url(re.compile(r"/ordre/\?order=\d+"), timeout=20_000)
    expect(page.locator(".axos-page-title")).to_contain_text("Ordre fra nettleseren")
    shot(page, "16-new-order-created")


def test_login_guards_pages_and_websockets(demo_db, page):
    server = AppServer(demo_db, free_port(), password="fjord-hemmelig").start()
    try:
        page.goto(server.url + "/ordrer/")
        expect(page).to_have_url(re.compile(r"/login"))
        page.get_by_label("E-post").fill(server.login_email)
        page.get_by_label("Passord").fill("feil")
        page.get_by_role("button", name="Logg inn").click()
        expect(page.get_by_text("Feil e-post eller passord")).to_be_visible()
        shot(page, "17-login")
        page.get_by_label("E-post").fill(server.login_email)
        page.get_by_label("Passord").fill("fjord-hemmelig")
        page.get_by_role("button", name="Logg inn").click()
        expect(page).to_have_url(re.compile(r"/ordrer/"))
        expect(page.locator(".axos-orders")).to_be_visible()
        expect(page.locator(".axos-topbar")).to_contain_text("Logg ut")
    finally:
        server.stop()


def test_app_refuses_network_host_without_password(demo_db):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from axos_data.cli import main; main()",
            "--db",
            str(demo_db),
            "app",
            "--host",
            "0.0.0.0",
            "--port",
            str(free_port()),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        env={"PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 1
    assert "axos user set-password" in result.stderr


def test_groups_and_line_tools(demo_db, page):
    """Add a group, move a line into it, change the line and remove it."""
    con = ax.connect(demo_db)
    number = next(n for n in _open_orders(con, 20) if views.order_detail(con, n).lines.height >= 2)
    first_line = views.order_detail(con, number).lines.row(0, named=True)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={number}")
        expect(page.locator(".axos-lines")).to_be_visible()
        tools = page.locator("section.axos-card", has_text="Endre, flytt eller fjern linje")

        page.get_by_text("Grupper", exact=True).click()
        page.get_by_placeholder("F.eks. «Arbeid» eller «Materiell»").fill("Montasje")
        page.get_by_role("button", name="Legg til gruppe").click()
        expect(page.locator(".axos-result")).to_contain_text("Gruppen er lagt til")
        expect(page.locator(".axos-lines")).to_contain_text("Delsum Montasje")

        page.get_by_text("Endre, flytt eller fjern linje", exact=True).click()
        _choose_line(tools, first_line["description"])
        tools.locator("select").filter(has_text="Uten gruppe").last.select_option(label="Montasje")
        tools.get_by_role("button", name="Flytt til gruppe").click()
        expect(page.locator(".axos-result")).to_contain_text("Linjen er flyttet")
        group_rows = page.locator(".axos-lines tr.axos-group-row + tr")
        expect(group_rows.first).to_contain_text(first_line["description"])

        _choose_line(tools, first_line["description"])
        expect(tools.get_by_role("button", name="Lagre linje")).to_be_visible()
        quantity = tools.locator("marimo-form").last.locator("input").nth(1)
        quantity.fill("7")
        tools.get_by_role("button", name="Lagre linje").click()
        expect(page.locator(".axos-result")).to_contain_text("Linjen er endret")
        shot(page, "18-line-tools")

        _choose_line(tools, first_line["description"])
        remove = tools.get_by_role("button", name="Fjern linje", exact=True)
        expect(remove).to_be_visible()
        remove.click()
        expect(page.locator(".axos-result")).to_contain_text("Linjen er fjernet")
        expect(page.locator(".axos-lines")).not_to_contain_text(first_line["description"])

        # The header tools live in a cell a line write does not re-run: opened now, they stay.
        side = page.locator("section.axos-card", has_text="Endre ordrehode")
        side.get_by_text("Endre ordrehode", exact=True).click()
        save = side.get_by_role("button", name="Lagre ordrehode")
        expect(save).to_be_visible()
        title = side.locator("input").first
        title.fill("Ny tittel fra nettleseren")
        expect(title).to_have_value("Ny tittel fra nettleseren")
        save.click()
        expect(page.locator(".axos-result")).to_contain_text("Ordrehodet er lagret")
        expect(page.locator(".axos-page-title")).to_contain_text("Ny tittel fra nettleseren")
        shot(page, "19-header-saved")
    finally:
        server.stop()
    con = ax.connect(demo_db)
    try:
        detail = views.order_detail(con, number)
        assert first_line["id"] not in detail.lines["id"].to_list()
        assert detail.groups["title"].to_list()[-1] == "Montasje"
        kinds = [a["kind"] for a in views.order_activity(con, number).to_dicts()]
        for kind in ("group_added", "line_moved", "line_changed", "line_removed", "header_changed"):
            assert kind in kinds
        assert views.totals_mismatches(con, [number]).height == 0
        assert detail.header["title"] == "Ny tittel fra nettleseren"
    finally:
        con.close()


def test_convert_quote_lands_on_the_new_order(demo_db, page):
    con = ax.connect(demo_db)
    quote = views.quotes(con, ["accepted"], limit=1).row(0, named=True)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ny-ordre/?quote={quote['id']}")
        preview = page.locator("section.axos-card", has_text="Konverter tilbud")
        expect(preview).to_contain_text(f"Tilbud {quote['id']}")
        expect(preview).to_contain_text(ui.nok(quote["total"]))
        shot(page, "20-quote-preview")
        page.get_by_role("button", name="Konverter til ordre").click()
        expect(page).to_have_url(re.compile(r"/ordre/\?order=\d+"))
        expect(page.locator(".axos-page-title")).to_contain_text(quote["title"])
        expect(page.locator("section.axos-card", has_text="Ordredetaljer")).to_contain_text(
            f"Tilbud {quote['id']}"
        )
        shot(page, "21-converted-order")
        number = int(page.url.split("order=")[1])
    finally:
        server.stop()
    con = ax.connect(demo_db)
    try:
        header = views.order_detail(con, number).header
        assert header["quote_id"] == quote["id"] and header["total"] == quote["total"]
        assert views.quote_detail(con, quote["id"])[0]["status"] == "converted"
    finally:
        con.close()
