"""Order lines: add, change, remove, reorder, move; stored totals follow every change."""

from decimal import Decimal as D

import pytest

import axos_data as ax


def lines_of(con, order_no):
    return ax.views.order_detail(con, order_no).lines.to_dicts()


def stored_totals(con, order_no):
    return con.execute(
        "SELECT net_total, vat_total, total FROM orders WHERE order_no = ?", [order_no]
    ).fetchall()[0]


@pytest.fixture
def order_no(new_order):
    return new_order()


def test_free_text_line_defaults_to_25_percent_vat(con, seeded, order_no, totals_consistent):
    line_id = ax.add_line(
        con,
        seeded.user,
        order_no,
        description="Montering",
        quantity="3",
        unit="t",
        unit_price="850,5",
    )
    [line] = lines_of(con, order_no)
    assert line["id"] == line_id
    assert (line["description"], line["quantity"], line["unit"]) == ("Montering", D("3.000"), "t")
    assert (line["unit_price"], line["discount_pct"], line["vat_rate"]) == (
        D("850.5000"),
        D("0.00"),
        25,
    )
    assert line["amount"] == D("2551.50")
    assert line["product_id"] is None
    assert stored_totals(con, order_no) == (D("2551.50"), D("637.88"), D("3189.38"))
    totals_consistent(con)


def test_line_from_product_takes_name_unit_price_and_vat(con, seeded, order_no, totals_consistent):
    ax.add_line(con, seeded.user, order_no, product=seeded.product_15, quantity="2")
    [line] = lines_of(con, order_no)
    assert (line["description"], line["unit"], line["unit_price"], line["vat_rate"]) == (
        "Kaffe",
        "kg",
        D("189.9000"),
        15,
    )
    assert line["product_sku"] == "MAT-KG"
    assert line["amount"] == D("379.80")
    totals_consistent(con)


def test_given_values_override_the_product(con, seeded, order_no, totals_consistent):
    ax.add_line(
        con,
        seeded.user,
        order_no,
        product=seeded.product_25,
        quantity=1,
        description="Rådgivning, rabattert",
        unit_price="1000",
        discount_pct="12.5",
        vat_rate=0,
    )
    [line] = lines_of(con, order_no)
    assert (line["description"], line["unit_price"], line["vat_rate"], line["amount"]) == (
        "Rådgivning, rabattert",
        D("1000.0000"),
        0,
        D("875.00"),
    )
    totals_consistent(con)


def test_adding_a_line_is_logged_and_bumps_the_version(con, seeded, order_no):
    ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    activity = ax.views.order_activity(con, order_no).to_dicts()
    assert activity[-1]["kind"] == "line_added"
    assert activity[-1]["actor_id"] == seeded.user
    assert "Konsulenttime" in activity[-1]["message"]
    assert ax.views.order_detail(con, order_no).header["version"] == 2


def test_update_line_changes_only_given_fields_and_recomputes(
    con, seeded, order_no, totals_consistent
):
    line_id = ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=2)
    diff = ax.update_line(con, seeded.user, order_no, line_id, quantity="3", discount_pct="10")
    assert diff == {
        "quantity": (D("2.000"), D("3.000")),
        "discount_pct": (D("0.00"), D("10.00")),
    }
    [line] = lines_of(con, order_no)
    assert (line["description"], line["unit_price"], line["amount"]) == (
        "Konsulenttime",
        D("1250.0000"),
        D("3375.00"),
    )
    assert stored_totals(con, order_no) == (D("3375.00"), D("843.75"), D("4218.75"))
    assert ax.views.order_activity(con, order_no)["kind"].to_list()[-1] == "line_changed"
    totals_consistent(con)


def test_changing_the_vat_rate_moves_the_amount_between_rates(
    con, seeded, order_no, totals_consistent
):
    line_id = ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    ax.add_line(con, seeded.user, order_no, product=seeded.product_0, quantity=1)
    ax.update_line(con, seeded.user, order_no, line_id, vat_rate="12")
    vat = ax.views.order_detail(con, order_no).totals.vat
    assert [(v.rate, v.base, v.amount) for v in vat] == [
        (12, D("1250.00"), D("150.00")),
        (0, D("349.00"), D("0.00")),
    ]
    totals_consistent(con)


def test_an_update_that_changes_nothing_is_not_logged(con, seeded, order_no):
    line_id = ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=2)
    before = ax.views.order_activity(con, order_no).height
    assert ax.update_line(con, seeded.user, order_no, line_id, quantity="2.000") == {}
    assert ax.views.order_activity(con, order_no).height == before


def test_remove_line_recomputes_and_logs(con, seeded, order_no, totals_consistent):
    keep = ax.add_line(con, seeded.user, order_no, product=seeded.product_0, quantity=1)
    gone = ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    ax.remove_line(con, seeded.user, order_no, gone)
    assert [line["id"] for line in lines_of(con, order_no)] == [keep]
    assert stored_totals(con, order_no) == (D("349.00"), D("0.00"), D("349.00"))
    assert ax.views.order_activity(con, order_no)["kind"].to_list()[-1] == "line_removed"
    ax.remove_line(con, seeded.user, order_no, keep)
    assert stored_totals(con, order_no) == (D("0.00"), D("0.00"), D("0.00"))
    totals_consistent(con)


def test_reorder_lines_swaps_positions(con, seeded, order_no):
    a = ax.add_line(
        con, seeded.user, order_no, description="A", quantity=1, unit="stk", unit_price=1
    )
    b = ax.add_line(
        con, seeded.user, order_no, description="B", quantity=1, unit="stk", unit_price=1
    )
    c = ax.add_line(
        con, seeded.user, order_no, description="C", quantity=1, unit="stk", unit_price=1
    )
    ax.reorder_lines(con, seeded.user, order_no, [c, a, b])
    assert [line["description"] for line in lines_of(con, order_no)] == ["C", "A", "B"]
    # Reordering a subset uses the places those lines hold now.
    ax.reorder_lines(con, seeded.user, order_no, [b, a])
    assert [line["description"] for line in lines_of(con, order_no)] == ["C", "B", "A"]
    assert ax.views.order_activity(con, order_no)["kind"].to_list()[-1] == "lines_reordered"


def test_reorder_refuses_foreign_or_repeated_ids(con, seeded, order_no, new_order, refused):
    a = ax.add_line(
        con, seeded.user, order_no, description="A", quantity=1, unit="stk", unit_price=1
    )
    other_order = new_order()
    foreign = ax.add_line(
        con, seeded.user, other_order, description="X", quantity=1, unit="stk", unit_price=1
    )
    with refused(ax.InvalidInput, str(foreign)):
        ax.reorder_lines(con, seeded.user, order_no, [foreign, a])
    with refused(ax.InvalidInput):
        ax.reorder_lines(con, seeded.user, order_no, [a, a])
    with refused(ax.InvalidInput, "«x»"):
        ax.reorder_lines(con, seeded.user, order_no, [a, "x"])


def test_move_line_between_groups_and_out_of_them(con, seeded, order_no, totals_consistent):
    work = ax.add_group(con, seeded.user, order_no, "Arbeid")
    stuff = ax.add_group(con, seeded.user, order_no, "Materiell")
    line_id = ax.add_line(
        con, seeded.user, order_no, product=seeded.product_25, quantity=2, group_id=work
    )
    ax.move_line(con, seeded.user, order_no, line_id, stuff)
    groups = {g["id"]: g for g in ax.views.order_detail(con, order_no).groups.to_dicts()}
    assert groups[work]["subtotal"] == D("0.00")
    assert groups[stuff]["subtotal"] == D("2500.00")
    assert lines_of(con, order_no)[0]["group_id"] == stuff
    ax.move_line(con, seeded.user, order_no, line_id, None)
    assert lines_of(con, order_no)[0]["group_id"] is None
    assert ax.views.order_activity(con, order_no)["kind"].to_list()[-1] == "line_moved"
    totals_consistent(con)


def test_a_line_cannot_join_a_group_of_another_order(con, seeded, order_no, new_order, refused):
    other_group = ax.add_group(con, seeded.user, new_order(), "Annen ordre")
    line_id = ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    with refused(ax.UnknownGroup, str(other_group)):
        ax.move_line(con, seeded.user, order_no, line_id, other_group)
    with refused(ax.UnknownGroup, str(other_group)):
        ax.add_line(
            con, seeded.user, order_no, product=seeded.product_25, quantity=1, group_id=other_group
        )


def test_a_line_of_another_order_is_unknown(con, seeded, order_no, new_order, refused):
    other_line = ax.add_line(con, seeded.user, new_order(), product=seeded.product_25, quantity=1)
    with refused(ax.UnknownLine, str(other_line)):
        ax.update_line(con, seeded.user, order_no, other_line, quantity=2)
    with refused(ax.UnknownLine, str(other_line)):
        ax.remove_line(con, seeded.user, order_no, other_line)


def test_recompute_totals_repairs_a_tampered_order(con, seeded, order_no):
    ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    con.execute("UPDATE orders SET total = 1 WHERE order_no = ?", [order_no])
    assert ax.views.totals_mismatches(con)["order_no"].to_list() == [order_no]
    ax.atomic(con, lambda c: ax.recompute_totals(c, order_no))
    assert ax.views.totals_mismatches(con).height == 0


def test_mismatch_check_sees_a_wrong_line_amount(con, seeded, order_no):
    line_id = ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=1)
    con.execute("UPDATE order_lines SET amount = amount + 0.01 WHERE id = ?", [line_id])
    ax.atomic(con, lambda c: ax.recompute_totals(c, order_no))  # totals now match the bad line
    mismatches = ax.views.totals_mismatches(con).to_dicts()
    assert [(m["order_no"], m["amounts_ok"]) for m in mismatches] == [(order_no, False)]
    ax.update_line(con, seeded.user, order_no, line_id, quantity=2)  # stores a right amount again
    assert ax.views.totals_mismatches(con).height == 0


def test_lines_above_ten_million_are_checked_without_overflow(
    con, seeded, order_no, totals_consistent
):
    ax.add_line(
        con,
        seeded.user,
        order_no,
        description="Bygg",
        quantity="1",
        unit="stk",
        unit_price="12000000",
    )
    ax.add_line(
        con,
        seeded.user,
        order_no,
        description="Tomt",
        quantity="2.5",
        unit="m2",
        unit_price="8000000.1234",
        discount_pct="3.5",
    )
    totals_consistent(con)
    recomputed = ax.views.recomputed_totals(con, [order_no]).to_dicts()[0]
    assert recomputed["total"] == recomputed["stored_total"]
    assert recomputed["net"] == D("12000000.00") + D("19300000.30")
