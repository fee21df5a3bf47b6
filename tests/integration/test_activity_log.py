"""The activity log: every change and comment in order, with actor and time."""

import pytest

import axos_data as ax


def test_the_log_tells_the_story_of_an_order_in_order(con, seeded, new_order):
    order_no = new_order()
    group = ax.add_group(con, seeded.user, order_no, "Arbeid")
    line = ax.add_line(
        con, seeded.user, order_no, product=seeded.product_25, quantity=1, group_id=group
    )
    ax.update_line(con, seeded.user, order_no, line, quantity=2)
    ax.add_comment(con, seeded.admin, order_no, "Avtalt med Ingrid")
    ax.rename_group(con, seeded.user, order_no, group, "Arbeid på stedet")
    ax.move_line(con, seeded.user, order_no, line, None)
    ax.remove_group(con, seeded.user, order_no, group)
    ax.remove_line(con, seeded.user, order_no, line)
    ax.update_order(con, seeded.user, order_no, customer_ref="PO-5")
    ax.change_status(con, seeded.user, order_no, "kansellert")
    log = ax.views.order_activity(con, order_no)
    assert log["kind"].to_list() == [
        "created",
        "group_added",
        "line_added",
        "line_changed",
        "comment",
        "group_renamed",
        "line_moved",
        "group_removed",
        "line_removed",
        "header_changed",
        "status_changed",
    ]
    assert log["actor_id"].to_list()[4] == seeded.admin
    assert log["actor_name"].to_list()[4] == "Kari Nordmann"
    times = log["occurred_at"].to_list()
    assert times == sorted(times)
    assert all(message for message in log["message"].to_list())


def test_the_log_belongs_to_one_order(con, seeded, new_order):
    first, second = new_order(), new_order()
    ax.add_comment(con, seeded.user, second, "Bare på ordre 2")
    assert ax.views.order_activity(con, first)["kind"].to_list() == ["created"]
    assert ax.views.order_activity(con, second)["kind"].to_list() == ["created", "comment"]


def test_empty_comments_and_unknown_orders_are_refused(con, seeded, new_order, refused):
    order_no = new_order()
    with refused(ax.EmptyValue, "Kommentar"):
        ax.add_comment(con, seeded.user, order_no, "   ")
    with refused(ax.UnknownOrder, "99999"):
        ax.add_comment(con, seeded.user, 99999, "Hei")


@pytest.mark.parametrize(
    "view", [ax.views.order_activity, ax.views.status_history, ax.views.order_detail]
)
def test_views_of_an_unknown_order_raise_unknown_order(con, seeded, view):
    with pytest.raises(ax.UnknownOrder) as caught:
        view(con, 424242)
    assert "424242" in str(caught.value)
