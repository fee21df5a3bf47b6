"""Following orders (Følg) and the fan-out of activity into notifications.

`notify_followers` is called by services.activity.log_activities inside the transaction that
writes the activity rows, so every kind of activity — present and future — reaches the
followers, and a write that fails leaves no notification behind. (This module cannot use
activity.mutate: activity imports it.)
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from axos_data import db
from axos_data.access import Con, load_actor, load_order
from axos_data.model import Actor
from axos_data.services._base import now


def add_followers(con: Con, order_no: int, employee_ids: Iterable[int]) -> None:
    """Make these employees follow the order (inside the caller's transaction); those who
    already follow it keep their row."""
    wanted = sorted(set(employee_ids))
    if not wanted:
        return
    con.execute(
        "INSERT INTO order_followers (order_no, employee_id, since)"
        " SELECT ?, unnest(?::BIGINT[]), ? ON CONFLICT DO NOTHING",
        [order_no, wanted, now()],
    )


def notify_followers(
    con: Con, activity_ids: Sequence[int], order_nos: Sequence[int], actor_ids: Sequence[int]
) -> None:
    """One notification per new activity row and follower of its order, except the actor.

    One statement for any number of rows. The order-number range lets DuckDB skip the row
    groups of order_followers that hold other orders (followers are mostly stored in order
    number order), so a single activity does not scan every follower row."""
    if not activity_ids:
        return
    if len(activity_ids) == 1:  # the common case; this form costs ~0.7 ms, the list one ~1.1
        con.execute(
            "INSERT INTO notifications (employee_id, order_no, activity_id, created_at)"
            " SELECT employee_id, order_no, ?, ? FROM order_followers"
            " WHERE order_no = ? AND employee_id <> ?",
            [activity_ids[0], now(), order_nos[0], actor_ids[0]],
        )
        return
    con.execute(
        "INSERT INTO notifications (employee_id, order_no, activity_id, created_at)"
        " SELECT f.employee_id, a.order_no, a.id, ?"
        " FROM (SELECT unnest(?::BIGINT[]) AS id, unnest(?::BIGINT[]) AS order_no,"
        "       unnest(?::BIGINT[]) AS actor_id) a"
        " JOIN order_followers f ON f.order_no = a.order_no AND f.employee_id <> a.actor_id"
        " WHERE f.order_no BETWEEN ? AND ?",
        [
            now(),
            list(activity_ids),
            list(order_nos),
            list(actor_ids),
            min(order_nos),
            max(order_nos),
        ],
    )


def follow_order(con: Con, actor: int | Actor, order_no: object) -> bool:
    """The acting employee follows the order; False when they already did."""

    def work(c: Con, who: Actor) -> bool:
        order = load_order(c, order_no)
        before = _is_following(c, order["order_no"], who.id)
        add_followers(c, order["order_no"], [who.id])
        return not before

    return db.atomic(con, lambda c: work(c, load_actor(c, actor)))


def unfollow_order(con: Con, actor: int | Actor, order_no: object) -> bool:
    """The acting employee stops following the order; False when they did not follow it."""

    def work(c: Con, who: Actor) -> bool:
        order = load_order(c, order_no)
        if not _is_following(c, order["order_no"], who.id):
            return False
        c.execute(
            "DELETE FROM order_followers WHERE order_no = ? AND employee_id = ?",
            [order["order_no"], who.id],
        )
        return True

    return db.atomic(con, lambda c: work(c, load_actor(c, actor)))


def _is_following(con: Con, order_no: int, employee_id: int) -> bool:
    return bool(
        con.execute(
            "SELECT count(*) FROM order_followers WHERE order_no = ? AND employee_id = ?",
            [order_no, employee_id],
        ).fetchall()[0][0]
    )
