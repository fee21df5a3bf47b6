"""Forms and filters in the browser (issue 8, items 1, 5, 6, 7): a refused form keeps what was
typed and shows why inside it; a customer search never picks for the user; every filter
field applies as you type; a conflict offers a reload that keeps the user's input."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import views
from axos_data.app import ui

from .conftest import AppServer, free_port, shot

pytestmark = pytest.mark.browser


# Quiet means no output marked stale or loading for this long. marimo gives a cell no mark
# between its first run and the re-run a state change queues, nor before its first run, so a
# single look can catch the page between two runs and a value typed then is dropped.
QUIET_MS = 400

_QUIET = """quietMs => {
  const busy = document.querySelector(
    '#axos-first-paint, .marimo-output-stale, .marimo-output-loading');
  const now = performance.now();
  if (busy) window.__axosQuietSince = undefined;
  else if (window.__axosQuietSince === undefined) window.__axosQuietSince = now;
  return !busy && now - window.__axosQuietSince >= quietMs;
}"""


def _settled(page) -> None:
    """Every cell has run and none is queued again: a value typed before a form's cell has
    run (or re-run) would be dropped."""
    # #root is marimo's; the server-rendered first paint (app/first_paint.py) sits outside it.
    expect(page.locator("#root .axos-topbar, #root .axos-card").first).to_be_visible()
    # marimo's own marks in the app view: an output whose cell is queued or running again is
    # "stale", one still loading is "loading" (app mode has no per-cell status icons); the
    # first paint is gone once marimo has rendered the same content.
    page.evaluate("() => { window.__axosQuietSince = undefined; }")
    page.wait_for_function(_QUIET, arg=QUIET_MS, polling=50, timeout=30_000)


def _open_order(con) -> int:
    page = views.order_list(con, views.OrderFilter(statuses=["under_arbeid"]), limit=1)
    return page.rows["order_no"][0]


def _form(page, button: str):
    return page.locator("marimo-form", has_text=button)


def _field(page, label: str):
    """A filter field by its label (exact: "Kunde" is also a column checkbox)."""
    return page.locator(".axos-field").filter(
        has=page.locator(".axos-field-label", has_text=re.compile(rf"^{label}"))
    )


def test_refused_forms_keep_the_input_and_show_why(demo_db, page):
    con = ax.connect(demo_db)
    number = _open_order(con)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)

        # New line: quantity 0 is refused; everything typed stays, the reason is in the form.
        page.get_by_text("Ny linje", exact=True).click()
        add = _form(page, "Legg til linje")
        add.get_by_placeholder("Fra produktet om tom").fill("Beholdt linje")
        add.get_by_placeholder("stk").fill("t")
        add.get_by_placeholder("0,00").fill("150")
        quantity = add.locator("input").nth(1)
        quantity.fill("0")
        add.get_by_role("button", name="Legg til linje").click()
        expect(add).to_contain_text("Antall må være større enn 0")
        expect(add.get_by_placeholder("Fra produktet om tom")).to_have_value("Beholdt linje")
        expect(add.get_by_placeholder("0,00")).to_have_value("150")
        expect(quantity).to_have_value("0")
        expect(page.locator(".axos-lines")).not_to_contain_text("Beholdt linje")
        shot(page, "forms-line-refused")

        # Corrected and saved: the line is there, the outcome is shown right below the form,
        # and only now the form is empty again (the same form: its cell did not re-run).
        quantity.fill("2")
        add.get_by_role("button", name="Legg til linje").click()
        expect(page.locator(".axos-result")).to_contain_text("Linjen er lagt til")
        expect(page.locator(".axos-lines")).to_contain_text("Beholdt linje")
        expect(page.locator(".axos-lines")).to_contain_text(ui.nok(Decimal("300")))
        expect(add.get_by_placeholder("Fra produktet om tom")).to_have_value("")
        expect(add.get_by_placeholder("0,00")).to_have_value("")
        expect(quantity).to_have_value("1")

        # Header: a refused date stays as typed, next to the reason.
        page.get_by_text("Endre ordrehode", exact=True).click()
        header = _form(page, "Lagre ordrehode")
        header.locator("input").first.fill("Tittel som beholdes")
        delivery = header.get_by_placeholder("dd.mm.åååå")
        delivery.fill("31.02.2026")
        header.get_by_role("button", name="Lagre ordrehode").click()
        expect(header).to_contain_text("«31.02.2026» er ikke en gyldig dato")
        expect(delivery).to_have_value("31.02.2026")
        expect(header.locator("input").first).to_have_value("Tittel som beholdes")

        # Groups: an empty title is refused, and the form says so.
        page.get_by_text("Grupper", exact=True).click()
        groups = _form(page, "Legg til gruppe")
        groups.get_by_placeholder("F.eks. «Arbeid» eller «Materiell»").fill("   ")
        groups.get_by_role("button", name="Legg til gruppe").click()
        expect(groups).to_contain_text("Gruppetittel")
        expect(groups.get_by_placeholder("F.eks. «Arbeid» eller «Materiell»")).to_have_value("   ")

        # Status: a note without a status is refused; the note stays.
        status = _form(page, "Endre status")
        status.get_by_placeholder("Valgfritt notat").fill("Notat som beholdes")
        status.get_by_role("button", name="Endre status").click()
        expect(status).to_contain_text("Velg en ny status først")
        expect(status.get_by_placeholder("Valgfritt notat")).to_have_value("Notat som beholdes")
        shot(page, "forms-refusals-beside-the-forms")
    finally:
        server.stop()
    con = ax.connect(demo_db)
    try:
        detail = views.order_detail(con, number)
        assert detail.lines.filter(detail.lines["description"] == "Beholdt linje").height == 1
        assert detail.header["title"] != "Tittel som beholdes"
    finally:
        con.close()


def test_a_write_does_not_clear_another_open_form(demo_db, page):
    """Typed into «Ny linje» and «Endre ordrehode», then a comment and a status change are
    saved: both forms still hold what was typed (only the cells that show data re-ran)."""
    con = ax.connect(demo_db)
    number = _open_order(con)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)
        page.get_by_text("Ny linje", exact=True).click()
        add = _form(page, "Legg til linje")
        add.get_by_placeholder("Fra produktet om tom").fill("Halvferdig linje")
        add.get_by_placeholder("0,00").fill("75")
        page.get_by_text("Endre ordrehode", exact=True).click()
        header = _form(page, "Lagre ordrehode")
        header.locator("input").first.fill("Halvferdig tittel")

        page.get_by_placeholder("Skriv en kommentar …").fill(
            "Kommentar mens andre skjemaer er åpne"
        )
        page.get_by_role("button", name="Legg til kommentar").click()
        activity = page.locator("section.axos-card", has_text="Aktivitetslogg")
        expect(activity).to_contain_text("Kommentar mens andre skjemaer er åpne")
        expect(page.locator(".axos-result")).to_contain_text("Kommentaren er lagt til")
        expect(page.get_by_placeholder("Skriv en kommentar …")).to_have_value("")

        status = _form(page, "Endre status")
        status.locator("select").first.select_option(label="Klar til fakturering")
        status.get_by_role("button", name="Endre status").click()
        expect(page.locator(".axos-page-title .axos-badge")).to_have_text("Klar til fakturering")
        expect(page.locator(".axos-result")).to_contain_text("Klar til fakturering")

        # The status change locked the lines (so «Ny linje» is gone), but the header form is
        # still editable in this status and still holds the typed title.
        expect(header.locator("input").first).to_have_value("Halvferdig tittel")
        expect(page.get_by_text("Linjene er låst i denne statusen.")).to_be_visible()
        shot(page, "forms-other-form-kept")
    finally:
        server.stop()


def test_a_header_save_keeps_the_new_line_input(demo_db, page):
    """A header saved while «Ny linje» holds typed values leaves them there."""
    con = ax.connect(demo_db)
    number = _open_order(con)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)
        page.get_by_text("Ny linje", exact=True).click()
        add = _form(page, "Legg til linje")
        add.get_by_placeholder("Fra produktet om tom").fill("Halvferdig linje")
        add.get_by_placeholder("0,00").fill("75")
        page.get_by_text("Endre ordrehode", exact=True).click()
        header = _form(page, "Lagre ordrehode")
        header.locator("input").first.fill("Lagret tittel")
        # A slow first run may still redraw the form: save only what is really typed there.
        expect(header.locator("input").first).to_have_value("Lagret tittel")
        header.get_by_role("button", name="Lagre ordrehode").click()
        expect(page.locator(".axos-page-title")).to_contain_text("Lagret tittel")
        expect(page.locator(".axos-result")).to_contain_text("Ordrehodet er lagret")
        expect(add.get_by_placeholder("Fra produktet om tom")).to_have_value("Halvferdig linje")
        expect(add.get_by_placeholder("0,00")).to_have_value("75")
    finally:
        server.stop()


def test_a_refused_new_order_keeps_the_input(app_server, page):
    page.goto(app_server.url + "/ny-ordre/")
    _settled(page)
    page.get_by_placeholder("Søk kunde …").fill("Havbris")
    by_hand = page.locator("section.axos-card", has_text="Opprett ordre")
    chooser = by_hand.locator("select").first
    # The search narrows the list to its one match, which the user then picks.
    expect(chooser.locator("option")).to_have_count(2)
    expect(by_hand).to_contain_text("Velg kunden først.")
    chooser.select_option(index=1)
    form = _form(page, "Opprett ordre")
    expect(form.get_by_placeholder("Hva ordren gjelder")).to_be_visible()
    _settled(page)
    form.get_by_placeholder("Hva ordren gjelder").fill("Ordre som beholdes")
    form.get_by_placeholder("dd.mm.åååå").fill("31.02.2026")
    form.get_by_role("button", name="Opprett ordre").click()
    expect(form).to_contain_text("«31.02.2026» er ikke en gyldig dato")
    expect(form.get_by_placeholder("Hva ordren gjelder")).to_have_value("Ordre som beholdes")
    expect(form.get_by_placeholder("dd.mm.åååå")).to_have_value("31.02.2026")
    form.get_by_placeholder("dd.mm.åååå").fill("")
    form.get_by_role("button", name="Opprett ordre").click()
    expect(page).to_have_url(re.compile(r"/ordre/\?order=\d+"), timeout=20_000)
    expect(page.locator(".axos-page-title")).to_contain_text("Ordre som beholdes")


def _matched_term(con) -> tuple[str, list[str]]:
    """A company word with several matching companies (the demo names repeat words)."""
    for word in ("Havbris", "Dal", "Stein", "Polar", "Nøkken"):
        names = views.companies(con, word, limit=50)["name"].to_list()
        if len(names) >= 2:
            return word, names
    raise AssertionError("the demo database has no company word with two matches")


def test_customer_search_shows_matches_and_lets_the_user_pick(demo_db, page):
    con = ax.connect(demo_db)
    term, names = _matched_term(con)
    total = views.order_list(con, views.OrderFilter()).total_count
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(server.url + "/ordrer/")
        _settled(page)
        summary = page.locator(".axos-summary")
        expect(summary).to_contain_text(f"{ui.count(total)} ordrer")
        page.get_by_placeholder("Søk kunde …").fill(term)
        picker = _field(page, "Kunde").locator("select")
        expect(picker.locator("option", has_text=names[0])).to_be_attached()
        expect(picker.locator("option", has_text=names[1])).to_be_attached()
        _settled(page)
        # Nothing chosen for the user: the list is still the whole list.
        expect(summary).to_contain_text(f"{ui.count(total)} ordrer")
        expect(page).not_to_have_url(re.compile(r"customer="))
        shot(page, "forms-customer-matches")

        label = next(
            o for o in picker.locator("option").all_inner_texts() if o.startswith(names[1])
        )
        picker.select_option(label=label)
        expect(page).to_have_url(re.compile(r"customer=\d+"))
        customer_id = int(re.search(r"customer=(\d+)", page.url).group(1))
    finally:
        server.stop()
    con = ax.connect(demo_db)
    try:
        assert views.overview_record(con, "customer", customer_id)["name"] == names[1]
    finally:
        con.close()


def test_overview_search_does_not_choose_a_company(app_server, page):
    page.goto(app_server.url + "/firma/")
    _settled(page)
    page.get_by_placeholder("Søk firma").first.fill("a")
    _settled(page)
    expect(page.locator(".axos-empty")).to_contain_text("Velg firma i listen")
    expect(page).not_to_have_url(re.compile(r"id="))


def test_date_and_amount_filters_apply_as_you_type_like_the_search(demo_db, page):
    con = ax.connect(demo_db)
    total = views.order_list(con, views.OrderFilter()).total_count
    dates = views.order_list(con, views.OrderFilter(), limit=total).rows["order_date"].sort()
    middle = dates[len(dates) // 2]
    since = views.order_list(con, views.OrderFilter(date_from=middle)).total_count
    both = views.order_list(
        con, views.OrderFilter(date_from=middle, min_total=Decimal("10000"))
    ).total_count
    con.close()
    assert total > since > both
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(server.url + "/ordrer/")
        _settled(page)
        summary = page.locator(".axos-summary")
        expect(summary).to_contain_text(f"{ui.count(total)} ordrer")
        # Typed only: no Enter, no leaving the field (the search applies the same way).
        date_from = _field(page, "Ordredato").locator("input").first
        date_from.fill(ui.date(middle))
        expect(summary).to_contain_text(f"{ui.count(since)} ordrer")
        expect(date_from).to_be_focused()
        minimum = _field(page, "Totalbeløp").locator("input").first
        minimum.fill("10 000")
        expect(summary).to_contain_text(f"{ui.count(both)} ordrer")
        expect(minimum).to_be_focused()
        shot(page, "forms-filters-as-you-type")
    finally:
        server.stop()


def test_a_conflict_offers_a_reload_that_keeps_the_input(demo_db, browser):
    con = ax.connect(demo_db)
    number = _open_order(con)
    con.close()
    server = AppServer(demo_db, free_port()).start()
    contexts = [browser.new_context(viewport={"width": 1440, "height": 1000}) for _ in range(2)]
    try:
        mine, theirs = (c.new_page() for c in contexts)
        for tab in (mine, theirs):
            tab.set_default_timeout(20_000)
            tab.goto(f"{server.url}/ordre/?order={number}")
            expect(tab.locator(".axos-lines")).to_be_visible()
            _settled(tab)

        status = _form(mine, "Endre status")
        status.locator("select").first.select_option(label="Klar til fakturering")
        status.get_by_placeholder("Valgfritt notat").fill("Mitt notat etter konflikten")

        # Someone else adds a line meanwhile.
        theirs.get_by_text("Ny linje", exact=True).click()
        other = _form(theirs, "Legg til linje")
        other.get_by_placeholder("Fra produktet om tom").fill("Linje fra kollegaen")
        other.get_by_placeholder("stk").fill("t")
        other.get_by_placeholder("0,00").fill("10")
        other.get_by_role("button", name="Legg til linje").click()
        expect(theirs.locator(".axos-result")).to_contain_text("Linjen er lagt til")

        status.get_by_role("button", name="Endre status").click()
        expect(status).to_contain_text("er endret av noen andre")
        shot(mine, "forms-conflict")

        mine.get_by_role("button", name="Last inn på nytt").click()
        # The activity log is the page's last cell: once it shows the colleague's line, the
        # reload has re-run every cell (app mode marks no running cells to wait for).
        activity = mine.locator("section.axos-card", has_text="Aktivitetslogg")
        expect(activity).to_contain_text("Linje fra kollegaen")
        expect(mine.locator(".axos-lines")).to_contain_text("Linje fra kollegaen")
        status = _form(mine, "Endre status")
        expect(status.get_by_placeholder("Valgfritt notat")).to_have_value(
            "Mitt notat etter konflikten"
        )
        expect(status.locator("select").first).to_have_value(re.compile(".+"))
        status.get_by_role("button", name="Endre status").click()
        expect(mine.locator(".axos-result")).to_contain_text("Klar til fakturering")
        expect(mine.locator(".axos-page-title .axos-badge")).to_have_text("Klar til fakturering")
        shot(mine, "forms-reloaded-and-saved")
    finally:
        for c in contexts:
            c.close()
        server.stop()
    con = ax.connect(demo_db)
    try:
        history = views.status_history(con, number).to_dicts()
        assert (history[-1]["to_status"], history[-1]["note"]) == (
            "klar_til_fakturering",
            "Mitt notat etter konflikten",
        )
        assert (
            "Linje fra kollegaen" in views.order_detail(con, number).lines["description"].to_list()
        )
    finally:
        con.close()
