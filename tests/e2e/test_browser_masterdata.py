"""Master data in the browser: a company renamed on its overview page is found by the order
list's search under the new name; deactivated, it is marked «Deaktivert», «Ny ordre» no longer
offers it, and its overview still shows its orders. Screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import views

from .conftest import AppServer, free_port, shot
from .test_browser_forms import _settled

pytestmark = pytest.mark.browser

NEW_NAME = "Zyxelkompaniet AS"


def _field(scope, page, label: str):
    return scope.locator(".axos-field").filter(
        has=page.locator(".axos-field-label", has_text=re.compile(rf"^{label}"))
    )


def _offered_on_new_order(page, url: str) -> int:
    """How many customers named NEW_NAME «Ny ordre»'s customer picker offers."""
    page.goto(f"{url}/ny-ordre/")
    _settled(page)
    page.get_by_placeholder("Søk kunde …").first.fill("zyxel")
    _settled(page)
    # The customer picker's entries start with the name (the quote picker's mention it later).
    return page.locator("select option", has_text=re.compile(rf"^\s*{NEW_NAME}")).count()


def test_rename_and_deactivate_a_company_on_its_overview(demo_db, page):
    con = ax.connect(demo_db)
    try:
        orders = views.order_list(con, views.OrderFilter(customer_id=1), limit=1).total_count
    finally:
        con.close()
    assert orders > 0
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/firma/?id=1")
        _settled(page)
        edit = page.locator("section.axos-card", has_text="Rediger")
        form = edit.locator("marimo-form", has_text="Lagre endringer")
        _field(form, page, "Firmanavn").locator("input").fill(NEW_NAME)
        form.get_by_role("button", name="Lagre endringer").click()
        expect(edit.locator(".axos-result")).to_contain_text("Firma er lagret (Firmanavn)")
        expect(page.locator(".axos-page-title .axos-h1")).to_have_text(NEW_NAME)

        page.goto(f"{server.url}/ordrer/?q=zyxelkompaniet")
        _settled(page)
        expect(page.locator(".axos-summary")).to_contain_text(f"{orders} ordrer")
        expect(page.locator("table.axos-orders tbody")).to_contain_text(NEW_NAME)

        assert _offered_on_new_order(page, server.url) == 1

        page.goto(f"{server.url}/firma/?id=1")
        _settled(page)
        edit = page.locator("section.axos-card", has_text="Rediger")
        edit.get_by_role("button", name="Deaktiver").click()
        expect(edit.locator(".axos-result")).to_contain_text(f"«{NEW_NAME}» er deaktivert")
        expect(page.locator(".axos-page-title .axos-inactive")).to_have_text("Deaktivert")
        expect(edit.get_by_role("button", name="Aktiver")).to_be_visible()
        shot(page, "masterdata-deactivated")

        assert _offered_on_new_order(page, server.url) == 0

        # Its history stays: the overview still shows its orders.
        page.goto(f"{server.url}/firma/?id=1")
        _settled(page)
        expect(page.locator(".axos-page-title .axos-inactive")).to_have_text("Deaktivert")
        expect(page.locator(".axos-summary")).to_contain_text(f"{orders} ordrer")
        expect(page.locator("table.axos-orders tbody tr").first).to_be_visible()
    finally:
        server.stop()
