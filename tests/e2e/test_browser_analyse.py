"""«Analyse» (/analyse/) on the demo database: the notebook headless, and in the browser a
click in one chart narrows the other charts and the orders table to exactly what the library's
orders_behind returns for that pick; a chart's download holds the chart's rows.
Screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import csv
import io
import os
import shutil
from pathlib import Path

import polars as pl
import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import clock, views
from axos_data.app import analyst_pages, analytics_behind
from axos_data.app.analytics_behind import BEHIND_LIMIT
from axos_data.app.analytics_filters import read_filters
from axos_data.app.analytics_picks import Pick
from axos_data.views import analytics as an

from .conftest import AppServer, free_port, html_of, load_notebook, shot
from .test_browser_forms import _settled

NO_FILTER = an.AnalyticsFilter()
EXAMPLE_NOTEBOOK = (
    Path(__file__).resolve().parents[2] / "examples" / "notebooks" / "ordrer_per_maned.py"
)


def test_the_notebook_draws_every_chart_and_the_orders_behind(app_context, monkeypatch, tmp_path):
    # Time in status counts an ongoing stay until now: one "now" for the page and the check.
    monkeypatch.setenv(clock.ENV, clock.now().isoformat())
    # An analyst notebook served by this app: the page's last card links to it.
    shutil.copyfile(EXAMPLE_NOTEBOOK, tmp_path / EXAMPLE_NOTEBOOK.name)
    os.chmod(tmp_path / EXAMPLE_NOTEBOOK.name, 0o644)
    monkeypatch.setattr(analyst_pages, "_folder", tmp_path)
    con = app_context.cursor()
    outputs, defs = load_notebook("analyse").run()
    for name in ("status_data", "funnel_data", "stay_data", "trend_data", "quote_data",
                 "dso_data", "cohort_data"):  # fmt: skip
        data = defs[name]
        assert data.error is None, name
        assert data.frame.equals(data.spec.load(con, NO_FILTER, defs["filters"])), name
    behind = defs["behind"]
    expected = an.orders_behind(con, NO_FILTER, limit=BEHIND_LIMIT)
    assert behind.rows["order_no"].to_list() == expected["order_no"].to_list()
    assert behind.count == views.order_list(con, views.OrderFilter(), limit=1).total_count
    html = html_of(outputs)
    assert "Ordrene bak utvalget" in html and "Trakt fra Under arbeid til Betalt" in html
    assert f"/ordre/?order={expected['order_no'][0]}" in html
    assert "Egne analyser" in html and '<a href="/analyse/ordrer_per_maned/"' in html
    assert "Traceback" not in html


def test_a_mistyped_date_is_shown_and_no_chart_is_drawn(app_context):
    outputs, defs = load_notebook("analyse").run(defs={"start": {"from": ["31.02.2025"]}})
    assert defs["filters"].flt is None
    html = html_of(outputs)
    assert "«31.02.2025» er ikke en gyldig dato" in html
    assert "Egne analyser" not in html  # this app serves no analyst notebooks
    assert "Traceback" not in html


def test_the_table_counts_the_whole_pick_and_links_to_the_order_list(app_context):
    con = app_context.cursor()
    filters = read_filters({"category": "closed"}, None, None)
    top = an.value_by(con, filters.flt, "customer", 10)["id"][0]
    pick = Pick(status="betalt", customer_id=top, basis=filters.flt)
    result = analytics_behind.behind(con, filters, pick)
    everything = an.orders_behind(
        con, filters.flt, status="betalt", customer_id=top, limit=an.MAX_BEHIND
    )
    assert result.count == everything.height > result.rows.height
    assert result.total == sum(everything["total"])
    assert result.list_href == f"/ordrer/?status=betalt&customer={top}"
    # Listed in «Ordre» with those filters: the same orders.
    listed = views.order_list(con, views.OrderFilter(statuses=["betalt"], customer_id=top), limit=1)
    assert listed.total_count == result.count
    # A status outside the chosen category: nothing (as orders_behind says).
    outside = Pick(status="fakturert", basis=filters.flt)
    assert analytics_behind.behind(con, filters, outside).count == 0


@pytest.fixture(scope="module")
def analyse_db(demo_template, tmp_path_factory):
    """The demo database for this module's one server (the tests only read)."""
    path = tmp_path_factory.mktemp("analyse") / "axos.duckdb"
    shutil.copy(demo_template, path)
    return path


def _expected(path, **pick) -> tuple[list[int], int]:
    """orders_behind's rows for the pick (the table's first rows) and how many orders the
    pick has in all (the page counts them with the order list's query: they must agree)."""
    con = ax.connect(path)
    try:
        shown = an.orders_behind(con, NO_FILTER, limit=BEHIND_LIMIT, **pick)
        everything = an.orders_behind(con, NO_FILTER, limit=an.MAX_BEHIND, **pick)
        return shown["order_no"].to_list(), everything.height
    finally:
        con.close()


def _table(page) -> list[int]:
    cells = page.locator('section[data-chart="orders_behind"] tbody tr[data-order]')
    return [int(n) for n in cells.evaluate_all("rows => rows.map(r => r.dataset.order)")]


def _count(page):
    return page.locator('section[data-chart="orders_behind"] [data-count]')


def _chart(page, key: str):
    return page.locator(f'section[data-chart="{key}"]')


@pytest.mark.browser
def test_a_click_in_a_chart_narrows_the_table_and_the_other_charts(analyse_db, page):
    con = ax.connect(analyse_db)
    try:
        top = an.value_by(con, NO_FILTER, "customer", 10).row(0, named=True)
        funnel = an.funnel(con, NO_FILTER)
        months = an.status_over_time(con, NO_FILTER, "month")
        busiest = months.sort("order_count", descending=True).row(0, named=True)
        # What the employee chart shows once the customer is picked (the status is not).
        for_customer = an.value_by(con, an.AnalyticsFilter(customer_id=top["id"]), "employee", 10)
    finally:
        con.close()
    all_rows, all_count = _expected(analyse_db)
    paid_rows, paid_count = _expected(analyse_db, status="betalt")
    both_rows, both_count = _expected(analyse_db, status="betalt", customer_id=top["id"])
    month_rows, month_count = _expected(
        analyse_db, period=busiest["period"], grain="month", status=busiest["status"]
    )
    since = busiest["period"]
    con = ax.connect(analyse_db)
    try:
        dated = an.AnalyticsFilter(date_from=since)
        since_rows = an.orders_behind(con, dated, limit=BEHIND_LIMIT)
        since_rows = since_rows["order_no"].to_list()
        since_count = an.orders_behind(con, dated, limit=an.MAX_BEHIND).height
    finally:
        con.close()
    assert 0 < both_count < paid_count < all_count  # the demo data makes each step narrower
    assert since_count not in (all_count, month_count)

    server = AppServer(analyse_db, free_port()).start()
    try:
        page.goto(server.url + "/analyse/")
        _settled(page)
        expect(_chart(page, "funnel").locator("svg.marks")).to_be_visible()
        expect(_count(page)).to_have_attribute("data-count", str(all_count))
        assert _table(page) == all_rows

        # A chart's download holds the rows it was drawn from.
        with page.expect_download() as download:
            _chart(page, "funnel").get_by_text("CSV", exact=True).click()
        text = Path(download.value.path()).read_text(encoding="utf-8-sig")
        rows = list(csv.reader(io.StringIO(text), delimiter=";"))
        assert rows[0] == funnel.columns
        assert [r[0] for r in rows[1:]] == funnel["status"].to_list()
        assert [int(r[rows[0].index("reached")]) for r in rows[1:]] == funnel["reached"].to_list()
        with page.expect_download() as download:
            _chart(page, "funnel").get_by_text("Parquet", exact=True).click()
        assert pl.read_parquet(download.value.path()).equals(funnel)

        # Betalt in the funnel: the table lists the paid orders.
        _chart(page, "funnel").locator('path[aria-label="Betalt"]').first.click()
        expect(_count(page)).to_have_attribute("data-count", str(paid_count))
        _settled(page)
        assert _table(page) == paid_rows
        expect(page.get_by_text("Status: Betalt ✕")).to_be_visible()

        # The biggest customer on top: the other charts follow, the table has both.
        customers = _chart(page, "value_customer")
        customers.locator("path[aria-label]").first.click()
        expect(_count(page)).to_have_attribute("data-count", str(both_count))
        _settled(page)
        assert _table(page) == both_rows
        # The employee chart is drawn for that customer only (its download says so).
        with page.expect_download() as download:
            _chart(page, "value_employee").get_by_text("Parquet", exact=True).click()
        assert pl.read_parquet(download.value.path()).equals(for_customer)
        shot(page, "analyse-picked")

        # A bar of the status chart picks its month and status (and replaces Betalt).
        page.get_by_role("button", name="Fjern utvalget").click()
        expect(_count(page)).to_have_attribute("data-count", str(all_count))
        _settled(page)
        label = f"{busiest['status_label']} {busiest['period_label']}"
        _chart(page, "status_over_time").locator(f'path[aria-label="{label}"]').click()
        expect(_count(page)).to_have_attribute("data-count", str(month_count))
        _settled(page)
        assert _table(page) == month_rows
        shot(page, "analyse-month")

        # A typed date applies as on the order list, and the pick made before it is gone.
        page.get_by_placeholder("dd.mm.åååå").first.fill(since.strftime("%d.%m.%Y"))
        expect(_count(page)).to_have_attribute("data-count", str(since_count))
        _settled(page)
        assert _table(page) == since_rows
        expect(page.get_by_role("button", name="Fjern utvalget")).to_have_count(0)
    finally:
        server.stop()
