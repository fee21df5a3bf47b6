"""Tasks (Oppgaver) on an order: a title, an assignee, an optional due date, done or not.

Every change is a row in the order's activity log (and so reaches the followers). Tasks may
be added and ticked off in every status: follow-up continues after invoicing. The assignee
starts following the order, so later changes to it reach them too.
"""

from __future__ import annotations

from axos_data import no
from axos_data.access import Con, as_id, fetch_row, load_order, require_employee
from axos_data.errors import UnknownTask
from axos_data.model import Actor, parse_date, require_text
from axos_data.services._base import now
from axos_data.services.activity import log_activity, mutate
from axos_data.services.following import add_followers


def add_task(
    con: Con,
    actor: int | Actor,
    order_no: object,
    *,
    title: str,
    assignee_id: object,
    due_date: object = None,
) -> int:
    """A new open task on the order; returns its id."""
    text = require_text(title, "Oppgave")
    due = parse_date(due_date, "Frist")

    def work(c: Con, who: Actor) -> int:
        order = load_order(c, order_no)
        assignee = require_employee(c, assignee_id, "Ansvarlig for oppgaven")
        task_id = c.execute(
            "INSERT INTO order_tasks (order_no, title, assignee_id, due_date, created_by,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [order["order_no"], text, assignee["id"], due, who.id, now()],
        ).fetchall()[0][0]
        add_followers(c, order["order_no"], [assignee["id"]])
        deadline = f", frist {no.format_date(due)}" if due else ""
        log_activity(
            c,
            order["order_no"],
            who,
            "task_added",
            f"Oppgave «{text}» til {assignee['name']}{deadline}",
            {"task_id": task_id, "assignee_id": assignee["id"], "due_date": due},
        )
        return task_id

    return mutate(con, actor, work)


def complete_task(con: Con, actor: int | Actor, task_id: object) -> bool:
    """Mark the task done; False (and nothing logged) when it already was."""
    return _set_done(con, actor, task_id, done=True)


def reopen_task(con: Con, actor: int | Actor, task_id: object) -> bool:
    """Mark a done task as not done; False (and nothing logged) when it was open."""
    return _set_done(con, actor, task_id, done=False)


def _set_done(con: Con, actor: int | Actor, task_id: object, *, done: bool) -> bool:
    def work(c: Con, who: Actor) -> bool:
        task = load_task(c, task_id)
        if (task["done_at"] is not None) == done:
            return False
        c.execute(
            "UPDATE order_tasks SET done_at = ?, done_by = ? WHERE id = ?",
            [now() if done else None, who.id if done else None, task["id"]],
        )
        log_activity(
            c,
            task["order_no"],
            who,
            "task_done" if done else "task_reopened",
            f"Oppgave «{task['title']}» {'utført' if done else 'gjenåpnet'}",
            {"task_id": task["id"]},
        )
        return True

    return mutate(con, actor, work)


def load_task(con: Con, task_id: object) -> dict:
    number = as_id(task_id)
    row = (
        None
        if number is None
        else fetch_row(con, "SELECT * FROM order_tasks WHERE id = ?", [number])
    )
    if row is None:
        raise UnknownTask(f"Oppgave «{task_id}» finnes ikke.")
    return row
