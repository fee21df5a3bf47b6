"""Line groups: create, rename, reorder, remove (lines stay, ungrouped)."""

from decimal import Decimal as D

import axos_data as ax


def groups_of(con, order_no):
    return ax.views.order_detail(con, order_no).groups.to_dicts()


def test_groups_are_added_last_with_subtotals(con, seeded, new_order, totals_consistent):
    order_no = new_order()
    work = ax.add_group(con, seeded.user, order_no, "Arbeid")
    stuff = ax.add_group(con, seeded.user, order_no, " Materiell ")
    ax.add_line(con, seeded.user, order_no, product=seeded.product_25, quantity=2, group_id=work)
    ax.add_line(con, seeded.user, order_no, product=seeded.product_15, quantity=1, group_id=stuff)
    ax.add_line(con, seeded.user, order_no, product=seeded.product_0, quantity=1, group_id=stuff)
    ax.add_line(
        con, seeded.user, order_no, description="Frakt", quantity=1, unit="stk", unit_price=99
    )
    groups = groups_of(con, order_no)
    assert [(g["id"], g["title"], g["position"]) for g in groups] == [
        (work, "Arbeid", 1),
        (stuff, "Materiell", 2),
    ]
    assert [(g["line_count"], g["subtotal"]) for g in groups] == [
        (1, D("2500.00")),
        (2, D("538.90")),
    ]
    detail = ax.views.order_detail(con, order_no)
    assert detail.totals.net == D("2500.00") + D("538.90") + D("99.00")
    assert ax.views.order_activity(con, order_no)["kind"].to_list().count("group_added") == 2
    totals_consistent(con)


def test_rename_group(con, seeded, new_order):
    order_no = new_order()
    group = ax.add_group(con, seeded.user, order_no, "Arbeid")
    ax.rename_group(con, seeded.user, order_no, group, "Arbeid og reise")
    assert groups_of(con, order_no)[0]["title"] == "Arbeid og reise"
    last = ax.views.order_activity(con, order_no).to_dicts()[-1]
    assert last["kind"] == "group_renamed"
    assert "Arbeid og reise" in last["message"]


def test_reorder_groups_and_lines_follow_their_group(con, seeded, new_order):
    order_no = new_order()
    a = ax.add_group(con, seeded.user, order_no, "A")
    b = ax.add_group(con, seeded.user, order_no, "B")
    c = ax.add_group(con, seeded.user, order_no, "C")
    for group in (a, b, c):
        ax.add_line(
            con,
            seeded.user,
            order_no,
            description=f"i {group}",
            quantity=1,
            unit="stk",
            unit_price=1,
            group_id=group,
        )
    ax.reorder_groups(con, seeded.user, order_no, [c, a, b])
    assert [g["title"] for g in groups_of(con, order_no)] == ["C", "A", "B"]
    lines = ax.views.order_detail(con, order_no).lines.to_dicts()
    assert [line["group_id"] for line in lines] == [c, a, b]
    assert ax.views.order_activity(con, order_no)["kind"].to_list()[-1] == "groups_reordered"


def test_removing_a_group_keeps_its_lines_ungrouped(con, seeded, new_order, totals_consistent):
    order_no = new_order()
    group = ax.add_group(con, seeded.user, order_no, "Arbeid")
    kept = ax.add_group(con, seeded.user, order_no, "Materiell")
    l1 = ax.add_line(
        con, seeded.user, order_no, product=seeded.product_25, quantity=1, group_id=group
    )
    l2 = ax.add_line(
        con, seeded.user, order_no, product=seeded.product_15, quantity=1, group_id=group
    )
    l3 = ax.add_line(
        con, seeded.user, order_no, product=seeded.product_0, quantity=1, group_id=kept
    )
    before = ax.views.order_detail(con, order_no).totals
    assert ax.remove_group(con, seeded.user, order_no, group) == 2
    detail = ax.views.order_detail(con, order_no)
    assert [g["id"] for g in detail.groups.to_dicts()] == [kept]
    by_id = {line["id"]: line["group_id"] for line in detail.lines.to_dicts()}
    assert by_id == {l1: None, l2: None, l3: kept}
    assert detail.totals == before
    last = ax.views.order_activity(con, order_no).to_dicts()[-1]
    assert last["kind"] == "group_removed"
    assert "2 linje(r)" in last["message"]
    totals_consistent(con)


def test_group_changes_on_another_orders_group_are_refused(con, seeded, new_order, refused):
    order_no = new_order()
    foreign = ax.add_group(con, seeded.user, new_order(), "Fremmed")
    with refused(ax.UnknownGroup, str(foreign)):
        ax.rename_group(con, seeded.user, order_no, foreign, "X")
    with refused(ax.UnknownGroup, str(foreign)):
        ax.remove_group(con, seeded.user, order_no, foreign)
    with refused(ax.InvalidInput, str(foreign)):
        ax.reorder_groups(con, seeded.user, order_no, [foreign])
    with refused(ax.EmptyValue, "Gruppetittel"):
        ax.add_group(con, seeded.user, order_no, "  ")
