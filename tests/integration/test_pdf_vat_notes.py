"""The order confirmation says why its 0 % lines are 0 %."""

from pdf_support import norm, pages_text, printed_totals

import axos_data as ax
from axos_data import pdf, vat_codes, views


def _text(con, order_no) -> str:
    return norm(" ".join(pages_text(pdf.render_confirmation(con, order_no))))


def test_each_zero_rate_code_prints_its_exemption_reason_under_the_totals(con, seeded, new_order):
    order_no = new_order()
    ax.add_line(con, seeded.admin, order_no, product="KONS-T", quantity=1)
    ax.add_line(con, seeded.admin, order_no, product="BOK", quantity=2)
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Frakt",
        quantity=1,
        unit="stk",
        unit_price=300,
        vat_code="eksport",
    )
    text = _text(con, order_no)
    assert norm(vat_codes.CODES["fritatt"].note) in text
    assert norm("Utførsel av varer og tjenester") in text
    assert norm("Omsetning utenfor merverdiavgiftsloven") not in text
    totals = views.order_detail(con, order_no).totals
    printed = printed_totals(text)
    assert printed.total == totals.total and printed.vat_total == totals.vat_total


def test_no_reason_is_printed_without_zero_rate_lines(con, seeded, new_order):
    order_no = new_order()
    ax.add_line(con, seeded.admin, order_no, product="KONS-T", quantity=1)
    text = _text(con, order_no)
    assert all(norm(c.note) not in text for c in vat_codes.CODES.values() if c.note)
