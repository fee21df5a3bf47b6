"""Follow-up: following and the fan-out of every activity into notifications, tasks,
reminders (fired exactly once) and the bell's read marks."""

from __future__ import annotations

import threading

import pytest

import axos_data as ax
from axos_data.model import parse_int
from axos_data.services.activity import log_activity

NOW = "2026-03-10T09:00:00+01:00"


@pytest.fixture
def clock(monkeypatch):
    """Pin the clock; `clock("…")` moves it."""

    def move(moment: str) -> None:
        monkeypatch.setenv("AXOS_NOW", moment)

    move(NOW)
    return move


@pytest.fixture
def third(con, seeded) -> int:
    return ax.add_employee(con, seeded.admin, name="Per Olsen", email="per@nordlys.no")


def unread(con, employee: int) -> list[dict]:
    return ax.notifications(con, employee, unread_only=True)


def kinds(con, employee: int) -> list[str]:
    return sorted(row["kind"] for row in ax.notifications(con, employee))


def test_creator_and_our_contact_follow_a_new_order(con, seeded, new_order, third):
    order_no = new_order(our_contact_id=third)  # created by the admin
    assert [f["id"] for f in ax.views.followup.followers(con, order_no)] == sorted(
        [seeded.admin, third]
    )
    # vår kontakt hears that someone else created the order; the creator does not
    assert kinds(con, third) == ["created"]
    assert kinds(con, seeded.admin) == []


def test_every_kind_of_activity_reaches_followers_but_not_the_actor(con, seeded, new_order, third):
    order_no = new_order()  # admin creates it, seeded.user is vår kontakt
    ax.follow_order(con, third, order_no)
    ax.mark_all_read(con, seeded.user)
    actor = seeded.admin
    ax.add_comment(con, actor, order_no, "Kunden ringte")
    ax.add_line(con, actor, order_no, description="Arbeid", quantity=2, unit="t", unit_price=100)
    ax.update_order(con, actor, order_no, customer_ref="PO-7")
    ax.change_status(con, actor, order_no, "klar_til_fakturering")
    task = ax.add_task(con, actor, order_no, title="Send faktura", assignee_id=seeded.user)
    ax.complete_task(con, actor, task)
    expected = sorted(
        ["comment", "line_added", "header_changed", "status_changed", "task_added", "task_done"]
    )
    assert kinds(con, third) == expected
    assert sorted(row["kind"] for row in unread(con, seeded.user)) == expected
    assert kinds(con, actor) == []  # the admin did it all and follows, but hears nothing
    # each notification names the activity's own text and actor
    comment = next(n for n in ax.notifications(con, third) if n["kind"] == "comment")
    assert (comment["message"], comment["actor_id"], comment["order_no"]) == (
        "Kunden ringte",
        actor,
        order_no,
    )


def test_bulk_activity_fans_out_per_row_and_order(con, seeded, new_order, third):
    orders = [new_order(title=f"Ordre {i}") for i in range(3)]
    ax.follow_order(con, third, orders[0])
    ax.follow_order(con, third, orders[2])
    before = len(ax.notifications(con, seeded.user))
    admin = ax.access.load_actor(con, seeded.admin)
    ax.atomic(
        con,
        lambda c: ax.services.activity.log_activities(
            c, [(number, admin, "comment", f"Masse {number}", None) for number in orders]
        ),
    )
    assert sorted(n["order_no"] for n in unread(con, third)) == [orders[0], orders[2]]
    assert len(ax.notifications(con, seeded.user)) == before + 3


def test_a_failed_write_leaves_no_notification(con, seeded, new_order, third, refused):
    order_no = new_order()
    ax.follow_order(con, third, order_no)
    admin = ax.access.load_actor(con, seeded.admin)

    def write_then_fail(c):
        log_activity(c, order_no, admin, "comment", "Halvveis")
        assert c.execute("SELECT count(*) FROM notifications").fetchall()[0][0] > 0
        parse_int("tusen", "Betalingsbetingelser")  # the rest of the write is refused

    with refused(ax.InvalidNumber, "tusen"):
        ax.atomic(con, write_then_fail)
    with refused(ax.InvalidStatusTransition):
        ax.change_status(con, seeded.admin, order_no, "betalt")


def test_unfollow_stops_notifications_and_follow_is_idempotent(con, seeded, new_order, third):
    order_no = new_order()
    assert ax.follow_order(con, third, order_no) is True
    assert ax.follow_order(con, third, order_no) is False
    assert ax.unfollow_order(con, third, order_no) is True
    assert ax.unfollow_order(con, third, order_no) is False
    ax.add_comment(con, seeded.admin, order_no, "Ingen hører")
    assert kinds(con, third) == []


def test_new_our_contact_follows_and_hears_of_the_change(con, seeded, new_order, third):
    order_no = new_order()
    ax.update_order(con, seeded.admin, order_no, our_contact_id=third)
    assert third in [f["id"] for f in ax.views.followup.followers(con, order_no)]
    assert kinds(con, third) == ["header_changed"]


def test_converting_a_quote_makes_converter_and_our_contact_follow(con, seeded, third):
    quote = ax.create_quote(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        our_contact_id=third,
        title="Tilbud",
        lines=[{"product": "KONS-T", "quantity": "1"}],
        status="accepted",
    )
    order_no = ax.convert_quote(con, seeded.user, quote)
    assert [f["id"] for f in ax.views.followup.followers(con, order_no)] == sorted(
        [seeded.user, third]
    )
    assert kinds(con, third) == ["converted"]


def test_tasks_mine_open_and_overdue_by_the_pinned_clock(con, seeded, new_order, clock):
    order_no = new_order()
    late = ax.add_task(
        con, seeded.admin, order_no, title="Ring", assignee_id=seeded.user, due_date="09.03.2026"
    )
    today = ax.add_task(
        con, seeded.admin, order_no, title="Mål", assignee_id=seeded.user, due_date="2026-03-10"
    )
    other = ax.add_task(con, seeded.user, order_no, title="Fakturer", assignee_id=seeded.admin)
    mine = ax.views.followup.tasks(con, assignee_id=seeded.user, open_only=True)
    assert [(t["id"], t["overdue"]) for t in mine] == [(late, True), (today, False)]
    assert mine[0]["created_by"] == seeded.admin
    clock("2026-03-11T08:00:00+01:00")
    assert [t["overdue"] for t in ax.views.followup.tasks(con, assignee_id=seeded.user)] == [
        True,
        True,
    ]
    assert ax.complete_task(con, seeded.user, late) is True
    assert ax.complete_task(con, seeded.user, late) is False
    open_ids = [t["id"] for t in ax.views.followup.tasks(con, order_no=order_no, open_only=True)]
    assert open_ids == [today, other]
    assert ax.reopen_task(con, seeded.admin, late) is True
    log = con.execute(
        "SELECT kind, actor_id FROM order_activity WHERE kind LIKE 'task%' ORDER BY id"
    ).fetchall()
    assert log == [
        ("task_added", seeded.admin),
        ("task_added", seeded.admin),
        ("task_added", seeded.user),
        ("task_done", seeded.user),
        ("task_reopened", seeded.admin),
    ]


def test_task_input_is_checked(con, seeded, new_order, refused):
    order_no = new_order()
    with refused(ax.UnknownEmployee, "4242"):
        ax.add_task(con, seeded.admin, order_no, title="X", assignee_id=4242)
    with refused(ax.InvalidDate, "31.02.2026"):
        ax.add_task(
            con, seeded.admin, order_no, title="X", assignee_id=seeded.user, due_date="31.02.2026"
        )
    with refused(ax.EmptyValue):
        ax.add_task(con, seeded.admin, order_no, title="  ", assignee_id=seeded.user)
    with refused(ax.UnknownTask, "77"):
        ax.complete_task(con, seeded.admin, 77)
    with refused(ax.UnknownOrder, "999"):
        ax.add_task(con, seeded.admin, 999, title="X", assignee_id=seeded.user)


def test_a_reminder_fires_once_when_its_time_has_passed(con, seeded, new_order, clock):
    order_no = new_order()
    reminder = ax.add_reminder(
        con,
        seeded.admin,
        order_no,
        at="10.03.2026 10:30",
        note="Ring Ingrid",
        employee_id=seeded.user,
    )
    assert [n for n in ax.notifications(con, seeded.user) if n["kind"] == "reminder"] == []
    clock("2026-03-10T10:29:00+01:00")
    assert ax.fire_due_reminders(con, seeded.user) == 0
    clock("2026-03-10T10:30:00+01:00")
    reminders = [n for n in ax.notifications(con, seeded.user) if n["kind"] == "reminder"]
    assert [(n["message"], n["order_no"], n["actor_id"]) for n in reminders] == [
        ("Ring Ingrid", order_no, seeded.admin)
    ]
    assert ax.fire_due_reminders(con, seeded.user) == 0
    assert len([n for n in ax.notifications(con, seeded.user) if n["kind"] == "reminder"]) == 1
    assert ax.views.followup.reminders(con, employee_id=seeded.user)[0]["id"] == reminder
    assert ax.views.followup.reminders(con, pending_only=True) == []
    # the admin's reads never fire another employee's reminder
    assert [n for n in ax.notifications(con, seeded.admin) if n["kind"] == "reminder"] == []


def test_reminder_input_is_checked(con, seeded, new_order, clock, refused):
    order_no = new_order()
    with refused(ax.InvalidDate, "passert"):
        ax.add_reminder(con, seeded.admin, order_no, at="2026-03-10 08:59", note="Sent")
    with refused(ax.InvalidDate, "TT:MM"):
        ax.add_reminder(con, seeded.admin, order_no, at="2026-03-11", note="Uten tid")
    with refused(ax.UnknownEmployee, "4242"):
        ax.add_reminder(
            con, seeded.admin, order_no, at="2026-03-11 08:00", note="X", employee_id=4242
        )
    with refused(ax.EmptyValue):
        ax.add_reminder(con, seeded.admin, order_no, at="2026-03-11 08:00", note="")


def test_a_due_reminder_fires_once_under_concurrent_readers(con, seeded, new_order, clock):
    """Eight threads, each with its own cursor, read the same employee's notifications at the
    same moment, for several reminders in turn: each reminder becomes exactly one notification
    and every reader sees it."""
    order_no = new_order()
    rounds, threads = 6, 8
    cursors = ax.ThreadCursors(con)
    errors: list[BaseException] = []
    for round_no in range(rounds):
        clock(f"2026-03-10T09:{round_no * 2:02d}:00+01:00")
        reminder = ax.add_reminder(
            con,
            seeded.admin,
            order_no,
            at=f"2026-03-10 09:{round_no * 2 + 1:02d}",
            note=f"Runde {round_no}",
            employee_id=seeded.user,
        )
        clock(f"2026-03-10T09:{round_no * 2 + 1:02d}:30+01:00")
        start = threading.Barrier(threads)
        seen: list[int] = []

        def read(start=start, seen=seen, note=f"Runde {round_no}") -> None:
            try:
                cur = cursors.cursor()
                start.wait()
                rows = ax.notifications(cur, seeded.user)
                seen.append(sum(1 for n in rows if n["message"] == note))
            except BaseException as error:  # reported below, not swallowed
                errors.append(error)

        workers = [threading.Thread(target=read) for _ in range(threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        assert errors == []
        assert seen == [1] * threads
        stored = con.execute(
            "SELECT count(*) FROM notifications WHERE reminder_id = ?", [reminder]
        ).fetchall()[0][0]
        assert stored == 1


def test_only_the_owner_marks_a_notification_read(con, seeded, new_order, third, refused):
    order_no = new_order()
    ax.follow_order(con, third, order_no)
    ax.add_comment(con, seeded.admin, order_no, "Hei")
    theirs = unread(con, third)[0]["id"]
    with refused(ax.PermissionDenied, str(theirs)):
        ax.mark_read(con, seeded.admin, [theirs])
    with refused(ax.PermissionDenied, str(theirs)):  # all or nothing, even mixed with own ids
        ax.mark_read(con, seeded.user, [unread(con, seeded.user)[0]["id"], theirs])
    with refused(ax.UnknownNotification, "12345"):
        ax.mark_read(con, third, [12345])
    assert ax.unread_count(con, third) == 1
    assert ax.mark_read(con, third, [theirs]) == 1
    assert ax.mark_read(con, third, [theirs]) == 0
    assert ax.unread_count(con, third) == 0
    assert ax.notifications(con, third)[0]["read_at"] is not None
    ax.add_comment(con, seeded.admin, order_no, "Igjen")
    ax.add_comment(con, seeded.admin, order_no, "Og igjen")
    user_unread = ax.unread_count(con, seeded.user)
    assert ax.mark_all_read(con, third) == 2
    assert ax.unread_count(con, third) == 0
    assert ax.unread_count(con, seeded.user) == user_unread  # someone else's stay unread


def test_notifications_list_unread_first_then_newest(con, seeded, new_order, third):
    order_no = new_order()
    ax.follow_order(con, third, order_no)
    for text in ("en", "to", "tre"):
        ax.add_comment(con, seeded.admin, order_no, text)
    first = next(n for n in ax.notifications(con, third) if n["message"] == "tre")
    ax.mark_read(con, third, [first["id"]])
    assert [n["message"] for n in ax.notifications(con, third)] == ["to", "en", "tre"]


@pytest.mark.breaks_invariants
def test_the_invariant_check_finds_broken_followup_rows(con, seeded, new_order):
    order_no = new_order()
    con.execute(
        "INSERT INTO order_tasks (order_no, title, assignee_id, created_by, created_at)"
        " VALUES (?, 'X', 4242, ?, now())",
        [order_no, seeded.admin],
    )
    con.execute(
        "INSERT INTO reminders (order_no, employee_id, remind_at, note, created_by, created_at,"
        " fired_at) VALUES (?, ?, now(), 'Y', ?, now(), now())",
        [order_no, seeded.user, seeded.admin],
    )
    messages = [p.message for p in ax.views.check(con, ["followup"])]
    assert any("ansatt 4242, som ikke finnes" in m for m in messages), messages
    assert any("har 0 varsler" in m for m in messages), messages
