"""The finance page in a browser: it opens with the ready orders, makes a batch of two chosen
orders through the form and offers it as a zip holding manifest.json and lines.csv; then
«Purring» reminds the most overdue order and offers its Purring PDF."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data.views import invoicing

from .conftest import AppServer, free_port, shot
from .test_browser_forms import _settled

pytestmark = pytest.mark.browser


def test_make_a_batch_and_download_the_zip(demo_db, page):
    con = ax.connect(demo_db)
    ready = [r for r in invoicing.ready_for_invoicing(con) if not r["blockers"]][:2]
    con.close()
    assert len(ready) == 2, "the demo has orders ready for invoicing"
    numbers = [r["order_no"] for r in ready]
    con = ax.connect(demo_db)
    late = ax.views.overdue_orders(con)["order_no"][0]
    con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(server.url + "/okonomi/")
        _settled(page)
        expect(page.get_by_role("heading", name="Klar til fakturering")).to_be_visible()
        expect(page.locator(".axos-topbar")).to_contain_text("Økonomi")
        form = page.locator("marimo-form", has_text="Lag fakturagrunnlag")
        form.locator("select").select_option(label="Ordrenumrene under")
        form.get_by_placeholder("f.eks. 1001 1002").fill(" ".join(str(n) for n in numbers))
        form.get_by_role("button", name="Lag fakturagrunnlag").click()
        expect(page.get_by_text("er laget: 2 ordrer")).to_be_visible()
        _settled(page)
        with page.expect_download() as download:
            page.get_by_text("Last ned fakturagrunnlag-").click()
        name = download.value.suggested_filename
        assert name.startswith("fakturagrunnlag-") and name.endswith(".zip")
        data = download.value.path().read_bytes()
        shot(page, "okonomi-batch")

        dunning = page.locator("section.axos-card", has_text="Send purring")
        expect(dunning.locator(f'a[href$="order={late}"]')).to_be_visible()
        form = dunning.locator("marimo-form")
        form.locator("select").select_option(label="Ordrenumrene under")
        form.get_by_placeholder("f.eks. 1001 1002").fill(str(late))
        form.get_by_role("button", name="Send purring").click()
        expect(dunning.locator(".axos-result")).to_contain_text("Purring sendt for 1 ordrer")
        _settled(page)
        expect(form.get_by_placeholder("f.eks. 1001 1002")).to_have_value("")
        with page.expect_download() as download:
            dunning.get_by_text("Last ned purring-").click()
        with zipfile.ZipFile(io.BytesIO(download.value.path().read_bytes())) as archive:
            assert archive.namelist() == [f"purring-{late}-1.pdf"]
        shot(page, "okonomi-purring")
    finally:
        server.stop()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"manifest.json", "lines.csv"} <= set(archive.namelist())
        manifest = json.loads(archive.read("manifest.json"))
    assert manifest["order_count"] == 2
    assert Decimal(manifest["totals"]["total"]) == sum(r["total"] for r in ready)
    con = ax.connect(demo_db)
    try:
        statuses = con.execute(
            "SELECT DISTINCT status FROM orders WHERE list_contains(?, order_no)", [numbers]
        ).fetchall()
    finally:
        con.close()
    assert statuses == [("fakturert",)]
    con = ax.connect(demo_db)
    try:
        assert ax.views.order_detail(con, late).header["status"] == "purret"
    finally:
        con.close()
