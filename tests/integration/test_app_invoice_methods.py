"""The app offers the invoice methods an admin keeps in settings, not a fixed list."""

import marimo as mo

import axos_data as ax
from axos_data.access import load_actor
from axos_data.app import header_tools, new_order, order_desk, order_page


def _papir_by_default(con, admin) -> None:
    ax.add_invoice_method(con, admin, "papir", "Papir")
    ax.update_settings(con, admin, default_invoice_method="papir")


def test_a_new_order_form_starts_at_an_added_default_method(con, seeded):
    _papir_by_default(con, seeded.admin)
    form = new_order.order_form(
        con, load_actor(con, seeded.admin), seeded.customer, on_created=lambda _page: None
    )
    assert isinstance(form, mo.ui.form)
    assert form.element.value["invoice_method"] == "papir"


def test_the_order_page_shows_and_offers_an_added_method(con, seeded, new_order):
    _papir_by_default(con, seeded.admin)
    number = new_order()
    view = order_page.load(con, seeded.admin, str(number))
    assert view.header["invoice_method"] == "papir"
    assert "Papir" in order_page.order_layout(view).text
    desk = order_desk.OrderDesk.open(con, seeded.admin, str(number))
    form = header_tools.header_form(desk)
    assert form.element.value["invoice_method"] == "papir"
