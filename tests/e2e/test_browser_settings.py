"""Issue 9 in the browser: an admin adds a custom field and a status on the settings page, and
both appear on an order page (field editable, status offered) and in the list (column chosen,
filter works). An employee without the right sees no settings link and gets «Ingen tilgang».
Screenshots go to test-artifacts/e2e/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import axos_data as ax
from axos_data import views

from .conftest import AppServer, free_port, shot
from .test_app_logins import BO_PASSWORD, _log_in
from .test_browser_forms import _settled

pytestmark = pytest.mark.browser


def _open_order(path) -> int:
    con = ax.connect(path)
    try:
        page = views.order_list(con, views.OrderFilter(statuses=["under_arbeid"]), limit=1)
        return page.rows["order_no"][0]
    finally:
        con.close()


def _form(page, button: str):
    return page.locator("marimo-form", has_text=button)


def test_admin_adds_a_field_and_a_status_used_on_the_order_and_in_the_list(demo_db, page):
    number = _open_order(demo_db)
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/innstillinger/")
        _settled(page)
        expect(page.locator(".axos-topbar")).to_contain_text("Innstillinger")

        # A status half typed in one section survives a save in another: only the section
        # that acted is redrawn (a redraw of every card closed the panel and lost the input).
        page.get_by_text("Ny status", exact=True).click()
        add_status = _form(page, "Legg til status")
        status_name = add_status.get_by_placeholder("Venter på kunde", exact=True)
        status_name.fill("Venter på kunde")

        page.get_by_text("Nytt felt", exact=True).click()
        add_field = _form(page, "Legg til felt")
        add_field.get_by_placeholder("Avdeling", exact=True).fill("Avdeling")
        add_field.get_by_role("button", name="Legg til felt").click()
        expect(
            page.locator(".axos-result").filter(has_text="Feltet «Avdeling» er lagt til")
        ).to_be_visible()
        expect(page.locator("section.axos-card", has_text="Egne felt på ordrer")).to_contain_text(
            "avdeling"
        )
        _settled(page)
        expect(status_name).to_be_visible()
        expect(status_name).to_have_value("Venter på kunde")
        add_status.locator("select").nth(1).select_option(label="Under arbeid")
        add_status.get_by_role("button", name="Legg til status").click()
        expect(
            page.locator(".axos-result").filter(has_text="Statusen «Venter på kunde»")
        ).to_be_visible()
        expect(page.locator("table.axos-flow")).to_contain_text("venter_paa_kunde")
        shot(page, "settings-added")

        page.goto(f"{server.url}/ordre/?order={number}")
        _settled(page)
        fields = _form(page, "Lagre egne felt")
        fields.locator("input").first.fill("Bergen")
        fields.get_by_role("button", name="Lagre egne felt").click()
        expect(page.locator(".axos-result").filter(has_text="Lagret 1 felt")).to_be_visible()
        details = page.locator("section.axos-card", has_text="Ordredetaljer")
        expect(details).to_contain_text("Bergen")

        status_card = page.locator("section.axos-card", has_text="Endre status")
        status_card.locator("select").first.select_option(label="Venter på kunde")
        status_card.get_by_role("button", name="Endre status").click()
        expect(page.locator(".axos-page-title .axos-badge")).to_have_text("Venter på kunde")
        shot(page, "settings-order")

        page.goto(f"{server.url}/ordrer/?cols=order_no&cols=title&cols=cf_avdeling")
        _settled(page)
        table = page.locator("table.axos-orders")
        expect(table.locator("thead")).to_contain_text("Avdeling")
        expect(page.locator(".axos-summary")).not_to_contain_text(" 1 ordrer")
        custom_filter = page.locator(".axos-field").filter(
            has=page.locator(".axos-field-label", has_text=re.compile(r"^Avdeling"))
        )
        custom_filter.locator("input").fill("Bergen")
        expect(table.locator("tbody tr")).to_have_count(1)
        expect(table.locator(f'tr[data-order="{number}"]')).to_contain_text("Bergen")
        shot(page, "settings-list")
    finally:
        server.stop()


def test_an_employee_without_the_right_sees_no_settings(demo_db, page):
    con = ax.connect(demo_db)
    try:
        staff = views.employees(con)
        bo = staff.filter(staff["role"] == "user").sort("id").row(0, named=True)
        ax.set_password(con, 1, bo["id"], BO_PASSWORD)
    finally:
        con.close()
    server = AppServer(demo_db, free_port()).start()
    try:
        _log_in(page, server, bo["email"], BO_PASSWORD, "/ordrer/")
        _settled(page)
        expect(page.locator(".axos-topbar")).to_contain_text("Ordre")
        expect(page.locator(".axos-topbar")).not_to_contain_text("Innstillinger")
        page.goto(f"{server.url}/")
        expect(page.locator(".axos-topbar")).not_to_contain_text("Innstillinger")
        page.goto(f"{server.url}/innstillinger/")
        expect(page.get_by_text("Ingen tilgang.")).to_be_visible()
        expect(page.locator("marimo-form")).to_have_count(0)
        page.goto(f"{server.url}/logg/")
        expect(page.get_by_text("Ingen tilgang.")).to_be_visible()
        shot(page, "settings-no-access")
    finally:
        server.stop()
