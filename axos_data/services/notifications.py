"""The bell: an employee's notifications, their unread count, and marking them read.

Reading fires the reader's due reminders first (services.reminders), so a reminder appears
the first time anyone looks after its moment. Only the owner may mark a notification read.
"""

from __future__ import annotations

from axos_data.access import Con, as_id, fetch_rows, load_actor
from axos_data.errors import PermissionDenied, UnknownNotification
from axos_data.model import Actor
from axos_data.services._base import now
from axos_data.services.activity import mutate
from axos_data.services.reminders import fire_due_reminders
from axos_data.views import followup


def notifications(
    con: Con, actor: int | Actor, *, unread_only: bool = False, limit: int = 100
) -> list[dict]:
    """The acting employee's notifications, unread first, newest first."""
    who = load_actor(con, actor)
    fire_due_reminders(con, who.id)
    return followup.notification_rows(con, who.id, unread_only=unread_only, limit=limit)


def unread_count(con: Con, actor: int | Actor) -> int:
    """How many unread notifications the acting employee has (the number on the bell)."""
    who = load_actor(con, actor)
    fire_due_reminders(con, who.id)
    return followup.unread_rows(con, who.id)


def mark_read(con: Con, actor: int | Actor, notification_ids: list[object]) -> int:
    """Mark these notifications read; returns how many were unread. All or none: an unknown
    id or one that belongs to someone else refuses the whole call."""
    wanted: list[int] = []
    for value in notification_ids:
        number = as_id(value)
        if number is None:
            raise UnknownNotification(f"«{value}» er ikke et varselnummer.")
        wanted.append(number)

    def work(c: Con, who: Actor) -> int:
        rows = fetch_rows(
            c,
            "SELECT id, employee_id, read_at FROM notifications WHERE id IN"
            " (SELECT unnest(?::BIGINT[]))",
            [wanted],
        )
        found = {row["id"]: row for row in rows}
        missing = [str(n) for n in wanted if n not in found]
        if missing:
            raise UnknownNotification(f"Varsel {', '.join(missing)} finnes ikke.")
        others = [str(row["id"]) for row in rows if row["employee_id"] != who.id]
        if others:
            raise PermissionDenied(
                f"Varsel {', '.join(others)} er ikke ditt; du kan bare merke dine egne varsler"
                f" som lest ({who.name})."
            )
        unread = [row["id"] for row in rows if row["read_at"] is None]
        if unread:
            c.execute(
                "UPDATE notifications SET read_at = ? WHERE id IN (SELECT unnest(?::BIGINT[]))",
                [now(), unread],
            )
        return len(unread)

    return mutate(con, actor, work)


def mark_all_read(con: Con, actor: int | Actor) -> int:
    """Mark every unread notification of the acting employee read; returns how many."""

    def work(c: Con, who: Actor) -> int:
        return len(
            c.execute(
                "UPDATE notifications SET read_at = ? WHERE employee_id = ? AND read_at IS NULL"
                " RETURNING id",
                [now(), who.id],
            ).fetchall()
        )

    return mutate(con, actor, work)
