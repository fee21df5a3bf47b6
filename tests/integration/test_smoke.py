"""A first end-to-end pass through the library on a real database file."""

from decimal import Decimal

import axos_data as ax


def test_order_with_lines_has_stored_totals_equal_to_recomputed(con, seeded):
    order_no = ax.create_order(con, seeded.admin, customer_id=seeded.customer,
                               title="Ny server", our_contact_id=seeded.user)
    ax.add_line(con, seeded.admin, order_no, product=seeded.product_25, quantity="2.5")
    ax.add_line(con, seeded.admin, order_no, product=seeded.product_15, quantity="1.333")
    detail = ax.views.order_detail(con, order_no)
    assert detail.header["total"] == detail.totals.total
    assert detail.totals.net == Decimal("3125.00") + Decimal("253.14")
    assert ax.views.totals_mismatches(con).height == 0
