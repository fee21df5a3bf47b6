"""Hostile text in the app: markup, script, right-to-left, emoji and Sami letters typed into an
order are shown as the text they are on the order page and in the list, never run as HTML."""

from __future__ import annotations

from playwright.sync_api import expect

import axos_data as ax

from .conftest import AppServer, free_port, shot

TITLE = '<img src=x onerror="window.__xss=1">Kantine «Áššu» 🧑🏽‍💻 \u202eطلب'
CUSTOMER = "<b>Fet</b> & Sønn <script>window.__xss=2</script> Čáhppes AS"
DESCRIPTION = "Rør'; DROP TABLE orders;-- <svg onload=window.__xss=3>"


def _hostile_order(db_path) -> int:
    con = ax.connect(db_path)
    try:
        admin = con.execute("SELECT min(id) FROM employees WHERE role = 'admin'").fetchall()[0][0]
        customer = ax.add_company(con, admin, name=CUSTOMER, country="SE")
        order_no = ax.create_order(
            con, admin, customer_id=customer, title=TITLE, our_contact_id=admin
        )
        ax.add_line(
            con,
            admin,
            order_no,
            description=DESCRIPTION,
            quantity="2",
            unit="stk",
            unit_price="100",
            vat_rate=25,
        )
        return order_no
    finally:
        con.close()


def _no_script_ran(page) -> None:
    assert page.evaluate("window.__xss") is None
    assert page.locator('img[src="x"], svg[onload], script:has-text("__xss")').count() == 0


def test_hostile_text_is_shown_as_text_on_the_order_page_and_in_the_list(demo_db, page):
    order_no = _hostile_order(demo_db)
    server = AppServer(demo_db, free_port()).start()
    try:
        page.goto(f"{server.url}/ordre/?order={order_no}")
        expect(page.locator(".axos-page-title")).to_contain_text(TITLE)
        expect(page.get_by_role("cell", name=DESCRIPTION, exact=True)).to_be_visible()
        expect(page.get_by_text(CUSTOMER).first).to_be_visible()
        _no_script_ran(page)
        shot(page, "30-hostile-order-page")

        page.goto(f"{server.url}/ordrer/?q=kantine")
        expect(page.locator(".axos-orders")).to_contain_text(TITLE)
        expect(page.locator(".axos-orders")).to_contain_text(CUSTOMER)
        _no_script_ran(page)
        shot(page, "31-hostile-order-list")
    finally:
        server.stop()
