"""Order detail: header, groups with subtotals, lines in group order, VAT per rate, totals."""

from decimal import Decimal as D

import axos_data as ax


def test_detail_of_an_order_with_groups_and_every_vat_rate(
    con, seeded, new_order, totals_consistent
):
    order_no = new_order(contact_id=seeded.contact, project_id=seeded.project)
    materials = ax.add_group(con, seeded.user, order_no, "Materiell")
    work = ax.add_group(con, seeded.user, order_no, "Arbeid")
    ax.add_line(
        con, seeded.user, order_no, product=seeded.product_25, quantity="2.5", group_id=work
    )
    ax.add_line(
        con, seeded.user, order_no, product=seeded.product_15, quantity="1.333", group_id=materials
    )
    ax.add_line(
        con,
        seeded.user,
        order_no,
        description="Buss",
        quantity=1,
        unit="stk",
        unit_price="45.50",
        vat_rate=12,
        group_id=work,
    )
    ax.add_line(con, seeded.user, order_no, product=seeded.product_0, quantity=1)
    ax.add_line(
        con,
        seeded.user,
        order_no,
        description="Avslag",
        quantity=1,
        unit="stk",
        unit_price="-0.10",
        vat_rate=25,
    )
    detail = ax.views.order_detail(con, order_no)

    header = detail.header
    assert detail.order_no == order_no
    assert (header["customer_name"], header["customer_orgnr"]) == ("Fjordtun Bygg AS", "988077917")
    assert (header["contact_name"], header["our_contact_name"], header["project_name"]) == (
        "Ingrid Berg",
        "Ola Hansen",
        "Nytt lager",
    )
    assert (header["status_label"], header["status_category"]) == ("Under arbeid", "open")

    groups = detail.groups.to_dicts()
    assert [(g["title"], g["line_count"], g["subtotal"]) for g in groups] == [
        ("Materiell", 1, D("253.14")),
        ("Arbeid", 2, D("3170.50")),
    ]
    # Ungrouped lines first, then each group's lines in group order.
    assert [line["description"] for line in detail.lines.to_dicts()] == [
        "Håndbok",
        "Avslag",
        "Kaffe",
        "Konsulenttime",
        "Buss",
    ]
    assert detail.vat.to_dicts() == [
        {"rate": 25, "base": D("3124.90"), "amount": D("781.23")},  # 781.225
        {"rate": 15, "base": D("253.14"), "amount": D("37.97")},  # 37.971
        {"rate": 12, "base": D("45.50"), "amount": D("5.46")},
        {"rate": 0, "base": D("349.00"), "amount": D("0.00")},
    ]
    totals = detail.totals
    assert [(v.rate, v.base, v.amount) for v in totals.vat] == [
        (row["rate"], row["base"], row["amount"]) for row in detail.vat.to_dicts()
    ]
    assert totals.net == D("3772.54")
    assert totals.vat_total == D("824.66")
    assert totals.total == D("4597.20")
    assert (header["net_total"], header["vat_total"], header["total"]) == (
        totals.net,
        totals.vat_total,
        totals.total,
    )
    lines = [(row["amount"], row["vat_rate"]) for row in detail.lines.to_dicts()]
    assert ax.money.totals(lines) == totals
    totals_consistent(con)


def test_detail_of_an_empty_order(con, seeded, new_order):
    detail = ax.views.order_detail(con, new_order())
    assert (detail.groups.height, detail.lines.height, detail.vat.height) == (0, 0, 0)
    assert detail.totals == ax.money.Totals(D("0.00"), (), D("0.00"), D("0.00"))


def test_detail_accepts_the_order_number_as_text(con, seeded, new_order):
    order_no = new_order()
    assert ax.views.order_detail(con, f" {order_no} ").order_no == order_no
