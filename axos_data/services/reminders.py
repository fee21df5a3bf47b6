"""Reminders (Påminnelser): an employee, a moment and a note on an order.

There is no background job: a reminder whose moment has passed fires when its employee's
notifications are read (services.notifications). Firing marks the reminder and writes its one
notification in one transaction; the mark is an UPDATE … WHERE fired_at IS NULL, so two
sessions firing the same reminder at once conflict in DuckDB, the loser retries (db.atomic)
on fresh data, finds it fired, and writes nothing — exactly one notification, whoever reads.
"""

from __future__ import annotations

from axos_data import db, no
from axos_data.access import Con, as_id, load_order, require_employee
from axos_data.errors import InvalidDate
from axos_data.model import Actor, parse_moment, require_text
from axos_data.services._base import now
from axos_data.services.activity import mutate


def add_reminder(
    con: Con,
    actor: int | Actor,
    order_no: object,
    *,
    at: object,
    note: str,
    employee_id: object = None,
) -> int:
    """A reminder for `employee_id` (default: the actor) at `at`; returns its id.

    A moment already past is refused: it is nearly always a typing error (wrong year, day)."""
    moment = parse_moment(at, "Tidspunkt")
    text = require_text(note, "Påminnelse")
    if moment <= now():
        raise InvalidDate(
            f"Tidspunkt: {no.format_timestamp(moment)} er allerede passert; velg et tidspunkt"
            " fram i tid."
        )

    def work(c: Con, who: Actor) -> int:
        order = load_order(c, order_no)
        target = who.id if employee_id in (None, "") else employee_id
        employee = require_employee(c, target, "Påminnelse til")
        return c.execute(
            "INSERT INTO reminders (order_no, employee_id, remind_at, note, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [order["order_no"], employee["id"], moment, text, who.id, now()],
        ).fetchall()[0][0]

    return mutate(con, actor, work)


def fire_due_reminders(con: Con, employee_id: int) -> int:
    """Turn the employee's due reminders into notifications; returns how many fired now.

    A cheap read first, so the bell's frequent polls open no write transaction while nothing
    is due; the transaction itself decides (the read may be stale)."""
    number = as_id(employee_id)
    stamp = now()
    due = con.execute(
        "SELECT count(*) FROM reminders"
        " WHERE employee_id = ? AND fired_at IS NULL AND remind_at <= ?",
        [number, stamp],
    ).fetchall()[0][0]
    if not due:
        return 0

    def work(c: Con) -> int:
        fired = c.execute(
            "UPDATE reminders SET fired_at = ?"
            " WHERE employee_id = ? AND fired_at IS NULL AND remind_at <= ?"
            " RETURNING id, order_no",
            [stamp, number, stamp],
        ).fetchall()
        if fired:
            c.execute(
                "INSERT INTO notifications (employee_id, order_no, reminder_id, created_at)"
                " SELECT ?, unnest(?::BIGINT[]), unnest(?::BIGINT[]), ?",
                [number, [row[1] for row in fired], [row[0] for row in fired], stamp],
            )
        return len(fired)

    return db.atomic(con, work)
