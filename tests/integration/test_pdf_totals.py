"""For many random orders, the PDF prints exactly the library's totals, VAT and subtotals."""

import re
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pdf_support import AMOUNT, amount, pages_text, printed_totals

import axos_data as ax
from axos_data import no, pdf
from axos_data.pdf import format as fmt

LETTERS = "abcdefghijklmnopqrstuvwxyzæøåÆØÅčđŋšŧžáČĐŊŠŦŽÁ0123456789-/,.()"
descriptions = st.text(alphabet=LETTERS + " ", min_size=1, max_size=90).filter(str.strip)
lines = st.lists(
    st.fixed_dictionaries(
        {
            "description": descriptions,
            "quantity": st.integers(1, 10_000_000).map(lambda n: Decimal(n).scaleb(-3)),
            "unit_price": st.integers(-10_000_000, 1_000_000_000).map(
                lambda n: Decimal(n).scaleb(-4)
            ),
            "discount_pct": st.integers(0, 10_000).map(lambda n: Decimal(n).scaleb(-2)),
            "vat_rate": st.sampled_from([25, 15, 12, 0]),
            "group": st.sampled_from([None, 0, 1, 2]),
        }
    ),
    min_size=0,
    max_size=14,
)


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(lines=lines, groups=st.integers(0, 3))
def test_printed_amounts_equal_the_library_for_random_orders(con, seeded, lines, groups):
    order_no = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="Tilfeldig ordre",
        our_contact_id=seeded.user,
    )
    group_ids = [ax.add_group(con, seeded.admin, order_no, f"Del {i + 1}") for i in range(groups)]
    for line in lines:
        group = line["group"]
        ax.add_line(
            con,
            seeded.admin,
            order_no,
            description=line["description"],
            quantity=line["quantity"],
            unit="stk",
            unit_price=line["unit_price"],
            discount_pct=line["discount_pct"],
            vat_rate=line["vat_rate"],
            group_id=group_ids[group] if group is not None and group < groups else None,
        )
    document = pdf.render_confirmation(con, order_no)
    pages = pages_text(document)
    detail = ax.views.order_detail(con, order_no)
    totals = detail.totals

    printed = printed_totals(pages[-1])
    assert printed.net == totals.net
    assert printed.vat == {v.rate: (v.base, v.amount) for v in totals.vat}
    assert printed.vat_total == totals.vat_total
    assert printed.total == totals.total
    assert printed.total == detail.header["total"]  # the order row's stored total

    text = "\n".join(pages)
    for group in detail.groups.to_dicts() if lines else ():  # no lines: no empty sections
        found = re.search(rf"Sum {group['title']} ({AMOUNT})", text)
        assert found and amount(found.group(1)) == group["subtotal"]
    for row in detail.lines.to_dicts():
        assert " " + fmt.amount(row["amount"]).replace("\u00a0", " ") in text
    if not lines:
        assert "Ingen ordrelinjer" in text
    kid = re.search(r"KID (\S+)", text).group(1)
    assert no.is_valid_kid(kid, "mod10") and kid.startswith(str(order_no))
    for number, page in enumerate(pages, start=1):
        assert page.endswith(f"Side {number} av {len(pages)}")
