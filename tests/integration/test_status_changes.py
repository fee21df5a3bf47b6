"""Status changes: the flow, history and activity in one transaction, locking and reopening."""

import pytest

import axos_data as ax
from axos_data.services import status as status_service


@pytest.fixture
def order_no(con, seeded, new_order):
    number = new_order()
    line = ax.add_line(con, seeded.user, number, product=seeded.product_25, quantity=1)
    group = ax.add_group(con, seeded.user, number, "Arbeid")
    ax.move_line(con, seeded.user, number, line, group)
    return number


def walk(con, actor, order_no, *statuses):
    for status in statuses:
        ax.change_status(con, actor, order_no, status)


def test_status_change_writes_history_and_activity(con, seeded, order_no):
    previous = ax.change_status(
        con, seeded.user, order_no, "klar_til_fakturering", note="Ferdig montert"
    )
    assert previous == "under_arbeid"
    history = ax.views.status_history(con, order_no).to_dicts()
    assert [(h["from_status"], h["to_status"], h["changed_by"], h["note"]) for h in history] == [
        (None, "under_arbeid", seeded.admin, None),
        ("under_arbeid", "klar_til_fakturering", seeded.user, "Ferdig montert"),
    ]
    assert history[-1]["to_label"] == "Klar til fakturering"
    last = ax.views.order_activity(con, order_no).to_dicts()[-1]
    assert last["kind"] == "status_changed"
    assert last["actor_name"] == "Ola Hansen"
    assert "«Under arbeid»" in last["message"]
    assert "«Klar til fakturering»" in last["message"]
    assert "Ferdig montert" in last["message"]
    assert last["occurred_at"] == history[-1]["changed_at"]


def test_the_full_default_path_to_paid(con, seeded, order_no):
    walk(con, seeded.user, order_no, "klar_til_fakturering", "fakturert", "purret", "betalt")
    history = ax.views.status_history(con, order_no)["to_status"].to_list()
    assert history == ["under_arbeid", "klar_til_fakturering", "fakturert", "purret", "betalt"]


def test_history_and_activity_are_written_in_the_same_transaction_as_the_status(
    con, seeded, order_no, monkeypatch
):
    before = con.execute("SELECT status, version FROM orders").fetchall()
    history = con.execute("SELECT count(*) FROM order_status_history").fetchall()

    def broken_log(*args, **kwargs):
        raise ax.InvalidInput("aktivitetsloggen feilet")

    monkeypatch.setattr(status_service, "log_activity", broken_log)
    with pytest.raises(ax.InvalidInput):
        ax.change_status(con, seeded.user, order_no, "klar_til_fakturering")
    assert con.execute("SELECT status, version FROM orders").fetchall() == before
    assert con.execute("SELECT count(*) FROM order_status_history").fetchall() == history


def test_disallowed_transition_names_the_allowed_ones(con, seeded, order_no, refused):
    with refused(
        ax.InvalidStatusTransition,
        "«Fakturert»",
        "Tillatt herfra: Klar til fakturering, Kansellert.",
    ):
        ax.change_status(con, seeded.user, order_no, "fakturert")


def test_unknown_status(con, seeded, order_no, refused):
    with refused(ax.UnknownStatus, "ferdig"):
        ax.change_status(con, seeded.user, order_no, "ferdig")


@pytest.mark.parametrize(
    "path",
    [
        ["klar_til_fakturering"],
        ["klar_til_fakturering", "fakturert"],
        ["klar_til_fakturering", "fakturert", "purret"],
        ["klar_til_fakturering", "fakturert", "betalt"],
        ["kansellert"],
    ],
)
def test_lines_groups_and_prices_are_locked_outside_open_statuses(
    con, seeded, order_no, refused, path
):
    walk(con, seeded.admin, order_no, *path)
    line_id, group_id = con.execute("SELECT id, group_id FROM order_lines").fetchall()[0]
    actor = seeded.admin
    edits = [
        lambda: ax.add_line(con, actor, order_no, product=seeded.product_25, quantity=1),
        lambda: ax.update_line(con, actor, order_no, line_id, unit_price="1"),
        lambda: ax.update_line(con, actor, order_no, line_id, quantity="2"),
        lambda: ax.remove_line(con, actor, order_no, line_id),
        lambda: ax.reorder_lines(con, actor, order_no, [line_id]),
        lambda: ax.move_line(con, actor, order_no, line_id, None),
        lambda: ax.add_group(con, actor, order_no, "Ny"),
        lambda: ax.rename_group(con, actor, order_no, group_id, "Nytt navn"),
        lambda: ax.reorder_groups(con, actor, order_no, [group_id]),
        lambda: ax.remove_group(con, actor, order_no, group_id),
    ]
    for edit in edits:
        with refused(ax.OrderLocked, str(order_no), "låst"):
            edit()


def test_back_to_work_unlocks_the_lines(con, seeded, order_no):
    walk(con, seeded.user, order_no, "klar_til_fakturering", "under_arbeid")
    ax.add_line(con, seeded.user, order_no, product=seeded.product_0, quantity=1)
    assert ax.views.order_detail(con, order_no).lines.height == 2


@pytest.mark.parametrize("final", ["betalt", "kansellert"])
def test_reopening_a_final_status_needs_an_admin(con, seeded, order_no, refused, final):
    path = ["klar_til_fakturering", "fakturert", "betalt"] if final == "betalt" else ["kansellert"]
    walk(con, seeded.user, order_no, *path)
    assert ax.allowed_statuses(con, seeded.user, order_no) == []
    with refused(ax.PermissionDenied, "administrator", "Ola Hansen"):
        ax.change_status(con, seeded.user, order_no, "under_arbeid")
    allowed = [key for key, _label in ax.allowed_statuses(con, seeded.admin, order_no)]
    assert allowed == ["under_arbeid", "klar_til_fakturering", "fakturert", "purret"]
    assert ax.change_status(con, seeded.admin, order_no, "under_arbeid", note="Feilført") == final
    assert ax.views.order_detail(con, order_no).header["status"] == "under_arbeid"


@pytest.mark.parametrize("note", [None, "", "  "])
def test_reopening_without_a_reason_is_refused(con, seeded, order_no, refused, note):
    walk(con, seeded.user, order_no, "kansellert")
    with refused(ax.ReopenReasonRequired, "«Kansellert»", "endelig", "hvorfor"):
        ax.change_status(con, seeded.admin, order_no, "under_arbeid", note=note)
    ax.change_status(con, seeded.admin, order_no, "under_arbeid", note="Kunden angret")
    history = ax.views.status_history(con, order_no).to_dicts()
    assert (history[-1]["to_status"], history[-1]["note"]) == ("under_arbeid", "Kunden angret")


def test_allowed_statuses_have_labels(con, seeded, order_no):
    assert ax.allowed_statuses(con, seeded.user, order_no) == [
        ("klar_til_fakturering", "Klar til fakturering"),
        ("kansellert", "Kansellert"),
    ]


def test_comments_are_allowed_in_every_status(con, seeded, order_no):
    walk(con, seeded.user, order_no, "kansellert")
    ax.add_comment(con, seeded.user, order_no, "  Kunden trakk seg.  ")
    last = ax.views.order_activity(con, order_no).to_dicts()[-1]
    assert (last["kind"], last["message"], last["actor_id"]) == (
        "comment",
        "Kunden trakk seg.",
        seeded.user,
    )


def test_status_change_with_a_stale_version_is_refused(con, seeded, order_no, refused):
    version = ax.views.order_detail(con, order_no).header["version"]
    ax.add_comment(con, seeded.user, order_no, "Kommentarer endrer ikke versjonen")
    ax.change_status(con, seeded.user, order_no, "klar_til_fakturering", expected_version=version)
    with refused(ax.ConcurrentModification, str(order_no)):
        ax.change_status(con, seeded.user, order_no, "fakturert", expected_version=version)
