"""Regression: removing a line logs its description and amount (found by the app's tests)."""

import axos_data as ax


def test_remove_line_logs_description_and_amount(con, seeded):
    order_no = ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="T", our_contact_id=seeded.user
    )
    line = ax.add_line(con, seeded.admin, order_no, product=seeded.product_25, quantity="2")
    ax.remove_line(con, seeded.admin, order_no, line)
    last = ax.views.order_activity(con, order_no).to_dicts()[-1]
    assert last["kind"] == "line_removed"
    assert "Konsulenttime" in last["message"] and "2\u00a0500,00" in last["message"]
    assert ax.views.order_detail(con, order_no).lines.height == 0
