"""Issue 8 in the browser: no English UI words on any page, dates refused as typed, the
overviews' empty and "finnes ikke" states, per-status links, sortable headers, the quote
chooser's order, line numbers as shown, and reopening a final order with a reason.
Screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import views

from .conftest import AppServer, free_port, shot

pytestmark = pytest.mark.browser

# Words of marimo's and Vega-Embed's English UI, and of a bare server error page.
ENGLISH = [
    "Select",
    "Search",
    "Nothing found",
    "Save as",
    "View Source",
    "Open in",
    "Not Found",
    "Loading",
    "Submit",
    "Cancel",
    "Download",
    "Deselect",
    "No options",
    "Clear",
]
PAGES = [
    "/",
    "/ordrer/",
    "/ordre/?order={order}",
    "/ny-ordre/",
    "/firma/?id=1",
    "/kontakt/?id=1",
    "/ansatt/?id=1",
    "/prosjekt/?id=1",
    "/innstillinger/",
    "/logg/",
    "/okonomi/",
    "/analyse/",
    "/finnes-ikke/",
]
VISIBLE_TEXT = """() => {
  const parts = [document.body.innerText];
  const walk = (root) => root.querySelectorAll('*').forEach((el) => {
    if (el.shadowRoot) { parts.push(el.shadowRoot.textContent || ''); walk(el.shadowRoot); }
  });
  walk(document);
  document.querySelectorAll('input[placeholder], textarea[placeholder]')
    .forEach((el) => parts.push(el.placeholder));
  return parts.join('\\n');
}"""


def _english_words(text: str) -> list[str]:
    return [w for w in ENGLISH if re.search(rf"\b{re.escape(w)}", text)]


def _settled(page) -> None:
    """Every cell has run: marimo shows no running or queued cell and the header is there."""
    expect(page.locator(".axos-topbar, .axos-card").first).to_be_visible()
    # marimo's own marks in the app view: an output whose cell is queued or running again is
    # "stale", one still loading is "loading" (app mode has no per-cell status icons).
    expect(page.locator(".marimo-output-stale, .marimo-output-loading")).to_have_count(0)
    # marimo shows "Loading chart..." for the moment its Vega bundle loads; that text is built
    # into its frontend (no setting). It is transient: wait for the chart, then read the page.
    expect(page.get_by_text("Loading chart...")).to_have_count(0)


def _open_order(con) -> int:
    page = views.order_list(con, views.OrderFilter(statuses=["under_arbeid"]), limit=1)
    return page.rows["order_no"][0]


def test_every_page_speaks_norwegian(demo_db, page):
    con = ax.connect(demo_db)
    order = _open_order(con)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    found: dict[str, list[str]] = {}
    try:
        for path in PAGES:
            url = server.url + path.format(order=order)
            response = page.goto(url)
            if path == "/finnes-ikke/":
                assert response.status == 404
                expect(page.get_by_text("Siden finnes ikke")).to_be_visible()
            else:
                _settled(page)
            if "?id=" in path or path == "/analyse/":  # charts show "Loading chart..." first
                expect(page.locator("canvas, svg.marks").first).to_be_visible()
                expect(page.get_by_text("Loading chart...")).to_have_count(0)
            texts = [page.evaluate(VISIBLE_TEXT)]
            # Open what can be opened: native selects list their options in the text above;
            # the chart's actions menu and marimo popups would add their words here.
            for opener in page.locator("details > summary").all()[:6]:
                opener.click()
            for button in page.locator("marimo-dropdown button, marimo-multiselect button").all():
                button.click()
                texts.append(page.evaluate(VISIBLE_TEXT))
                page.keyboard.press("Escape")
            texts.append(page.evaluate(VISIBLE_TEXT))
            name = path.strip("/").split("/")[0] or "start"
            shot(page, f"norsk-{name}")
            words = _english_words("\n".join(texts))
            if words:
                found[path] = words
    finally:
        server.stop()
    assert not found, f"English UI words: {found}"


def test_chart_has_no_actions_menu(app_server, page):
    page.goto(app_server.url + "/firma/?id=1")
    expect(page.locator(".vega-embed").first).to_be_visible()
    expect(page.locator(".vega-embed details, .vega-actions")).to_have_count(0)


def test_a_mistyped_date_is_quoted_as_typed(demo_db, page):
    con = ax.connect(demo_db)
    order = _open_order(con)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={order}")
        expect(page.locator(".axos-lines")).to_be_visible()
        _settled(page)  # a value typed before the form's cell has run would be dropped
        page.get_by_text("Endre ordrehode", exact=True).click()
        card = page.locator("marimo-form", has_text="Lagre ordrehode")
        delivery = card.get_by_placeholder("dd.mm.åååå")
        delivery.fill("31.02.2026")
        expect(delivery).to_have_value("31.02.2026")
        card.get_by_role("button", name="Lagre ordrehode").click()
        # The refusal shows inside the form, beside what was typed.
        expect(card).to_contain_text("«31.02.2026» er ikke en gyldig dato (dd.mm.åååå)")
        expect(card).not_to_contain_text("2026-02-31")
        shot(page, "norsk-date-refused")
    finally:
        server.stop()


def test_overview_empty_state_and_missing_record(app_server, page):
    page.goto(app_server.url + "/firma/")
    expect(page.locator(".axos-empty")).to_contain_text("Ingen firma valgt")
    expect(page.locator("section.axos-filters")).to_have_count(0)
    shot(page, "norsk-overview-empty")
    page.goto(app_server.url + "/firma/?id=999999")
    expect(page.locator(".axos-missing")).to_contain_text("Firma 999999 finnes ikke.")
    expect(page.locator("section.axos-filters")).to_have_count(0)
    shot(page, "norsk-overview-missing")


def test_status_row_opens_the_filtered_order_list(demo_db, page):
    con = ax.connect(demo_db)
    overview = views.overview(con, "customer", 1, recent=0)
    row = overview.by_status.to_dicts()[0]
    expected = views.order_list(
        con, views.OrderFilter(statuses=[row["status"]], customer_id=1), limit=1
    ).total_count
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(server.url + "/firma/?id=1")
        card = page.locator("section.axos-card", has_text="Per status")
        card.locator("a", has_text=row["status_label"]).first.click()
        expect(page).to_have_url(re.compile(r"/ordrer/\?"))
        assert f"status={row['status']}" in page.url and "customer=1" in page.url
        summary = page.locator(".axos-summary")
        expect(summary).to_contain_text(f"{expected} ordrer")
        badges = page.locator(".axos-orders tbody .axos-badge")
        expect(badges.first).to_have_text(row["status_label"])
        assert set(badges.all_inner_texts()) == {row["status_label"]}
        shot(page, "norsk-status-link")
    finally:
        server.stop()


def test_clicking_a_column_heading_sorts_and_the_control_follows(app_server, page):
    page.goto(app_server.url + "/ordrer/")
    table = page.locator(".axos-orders")
    expect(table).to_be_visible()
    table.locator("th a.axos-sort", has_text="Totalt").click()
    expect(page).to_have_url(re.compile(r"sort=total"))
    expect(table.locator("th[aria-sort='ascending']")).to_contain_text("Totalt")
    sort_select = page.locator("section.axos-filters select").filter(has_text="Ordrenr.").first
    expect(sort_select).to_have_value(re.compile(".+"))
    assert sort_select.evaluate("s => s.options[s.selectedIndex].text") == "Totalt"
    direction = page.locator("section.axos-filters select").filter(has_text="Stigende").first
    assert direction.evaluate("s => s.options[s.selectedIndex].text") == "Stigende"
    totals = _amounts(table)
    assert totals == sorted(totals)
    table.locator("th a.axos-sort", has_text="Totalt").click()
    expect(page).to_have_url(re.compile(r"sort=-total"))
    expect(table.locator("th[aria-sort='descending']")).to_contain_text("Totalt")
    totals = _amounts(table)
    assert totals == sorted(totals, reverse=True)
    shot(page, "norsk-sorted-by-total")


def _amounts(table) -> list[float]:
    expect(table.locator("tbody tr").first).to_be_visible()
    texts = table.locator("tbody tr td:last-child").all_inner_texts()
    return [float(t.replace("\u00a0", "").replace(" ", "").replace(",", ".")) for t in texts]


def test_quote_chooser_lists_newest_first(app_server, page):
    page.goto(app_server.url + "/ny-ordre/")
    chooser = page.locator("section.axos-card", has_text="Konverter tilbud").last
    expect(chooser.locator("select option").nth(6)).to_be_attached()
    options = chooser.locator("select option").all_inner_texts()
    dated = [o for o in options if re.match(r"\d\d\.\d\d\.\d{4} · Tilbud ", o)]
    assert len(dated) > 5, options[:10]
    dates = [dt.datetime.strptime(o[:10], "%d.%m.%Y").date() for o in dated]
    assert dates == sorted(dates, reverse=True)


def test_lines_are_numbered_in_the_order_shown(demo_db, page):
    con = ax.connect(demo_db)
    admin = views.employees(con).filter(pl_role_admin()).sort("id")["id"][0]
    order = ax.create_order(con, admin, customer_id=1, title="Nummerering", our_contact_id=admin)
    group = ax.add_group(con, admin, order, "Arbeid")
    for text in ("Først i gruppen", "Andre i gruppen"):
        ax.add_line(
            con,
            admin,
            order,
            description=text,
            quantity=1,
            unit="stk",
            unit_price="100",
            vat_rate=25,
            group_id=group,
        )
    ax.add_line(
        con,
        admin,
        order,
        description="Uten gruppe",
        quantity=1,
        unit="stk",
        unit_price="50",
        vat_rate=25,
    )
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={order}")
        rows = page.locator(".axos-lines tbody tr[data-line]")
        expect(rows).to_have_count(3)
        numbers = [r.locator("td").first.inner_text() for r in rows.all()]
        firsts = [r.locator("td").nth(1).inner_text() for r in rows.all()]
        assert numbers == ["1", "2", "3"]
        assert firsts[0].startswith("Uten gruppe")
        shot(page, "norsk-line-numbers")
    finally:
        server.stop()


def pl_role_admin():
    import polars as pl

    return pl.col("role") == "admin"


def test_reopening_a_cancelled_order_asks_for_reason_and_confirmation(demo_db, page):
    con = ax.connect(demo_db)
    order = _open_order(con)
    admin = views.employees(con).filter(pl_role_admin()).sort("id")["id"][0]
    ax.change_status(con, admin, order, "kansellert")
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={order}")
        card = page.locator("section.axos-card", has_text="Endre status").last
        expect(card.locator(".axos-warning")).to_contain_text("som er endelig")
        reopen = card.get_by_role("button", name="Gjenåpne ordren")
        # A refusal shows inside the form, which keeps what was typed.
        flash = card.locator("marimo-form")

        card.locator("select").first.select_option(label="Under arbeid")
        card.get_by_placeholder("Hvorfor gjenåpnes ordren?").fill("Kunden angret")
        reopen.click()
        expect(flash).to_contain_text("Kryss av for at du vil gjenåpne ordren")
        expect(page.locator(".axos-page-title .axos-badge")).to_have_text("Kansellert")

        card.locator("select").first.select_option(label="Under arbeid")
        card.get_by_placeholder("Hvorfor gjenåpnes ordren?").fill("")
        card.get_by_role("checkbox").check()
        reopen.click()
        expect(flash).to_contain_text("hvorfor")
        expect(page.locator(".axos-page-title .axos-badge")).to_have_text("Kansellert")
        shot(page, "norsk-reopen-refused")

        card.locator("select").first.select_option(label="Under arbeid")
        card.get_by_placeholder("Hvorfor gjenåpnes ordren?").fill("Kunden angret")
        card.get_by_role("checkbox").check()
        reopen.click()
        expect(page.locator(".axos-page-title .axos-badge")).to_have_text("Under arbeid")
        shot(page, "norsk-reopened")
    finally:
        server.stop()
    con = ax.connect(demo_db)
    try:
        history = views.status_history(con, order).to_dicts()
        assert (history[-1]["to_status"], history[-1]["note"]) == ("under_arbeid", "Kunden angret")
    finally:
        con.close()
