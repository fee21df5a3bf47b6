"""Follow-up reads: tasks, reminders, followers, notifications and the lists of "min dag".

Person-sized lists, returned as rows (dicts) for the CLI, the bell and the start page. The
notifications of an employee are read through services.notifications, which first turns their
due reminders into notifications."""

from __future__ import annotations

from axos_data import clock, queries
from axos_data.access import Con, as_id, fetch_rows, load_order


def _rows(con: Con, name: str, **params: object) -> list[dict]:
    return fetch_rows(con, queries.sql(name), params)


def tasks(
    con: Con,
    *,
    assignee_id: int | None = None,
    order_no: object = None,
    open_only: bool = False,
    limit: int = 500,
) -> list[dict]:
    """Tasks, open ones first by due date; `overdue` is relative to clock.today()."""
    number = None if order_no is None else load_order(con, order_no)["order_no"]
    return _rows(
        con,
        "followup_tasks",
        assignee_id=assignee_id,
        order_no=number,
        open_only=open_only,
        today=clock.today(),
        limit=limit,
    )


def reminders(
    con: Con,
    *,
    employee_id: int | None = None,
    order_no: int | None = None,
    pending_only: bool = False,
    limit: int = 500,
) -> list[dict]:
    """Reminders, pending ones first by time."""
    return _rows(
        con,
        "followup_reminders",
        employee_id=employee_id,
        order_no=order_no,
        pending_only=pending_only,
        limit=limit,
    )


def followers(con: Con, order_no: object) -> list[dict]:
    """Who follows the order (id, name, since), by name."""
    return _rows(con, "followup_followers", order_no=load_order(con, order_no)["order_no"])


def notification_rows(
    con: Con, employee_id: int, *, unread_only: bool = False, limit: int = 100
) -> list[dict]:
    """The employee's notifications as stored (without firing due reminders)."""
    return _rows(
        con,
        "followup_notifications",
        employee_id=as_id(employee_id),
        unread_only=unread_only,
        limit=limit,
    )


def unread_rows(con: Con, employee_id: int) -> int:
    """How many of the employee's notifications are unread (without firing reminders)."""
    return _rows(con, "followup_unread_count", employee_id=as_id(employee_id))[0]["unread"]


def my_open_orders(con: Con, employee_id: int, *, limit: int = 200) -> list[dict]:
    """Orders where the employee is vår kontakt and the status is not closed."""
    return _rows(con, "followup_my_open_orders", employee_id=as_id(employee_id), limit=limit)
