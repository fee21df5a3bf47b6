"""Moving many orders to one status in the caller's transaction, with the same history and
activity rows as services.status.change_status writes for one (bank imports and reminders
move hundreds of thousands at once; one statement per table instead of per order)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from axos_data.access import Con
from axos_data.model import Actor, StatusFlow
from axos_data.services.activity import log_activities
from axos_data.services.custom_fields import (
    REQUIRED_BEFORE_CATEGORIES,
    missing_required_fields_of,
    refuse_missing_fields,
)


def move_orders(
    con: Con,
    who: Actor,
    flow: StatusFlow,
    moves: Sequence[tuple[int, str, str | None]],
    target: str,
    stamp: dt.datetime,
) -> None:
    """Move each (order_no, current status, note) to `target`; the flow must allow every move
    (InvalidStatusTransition otherwise, naming the order's status). Runs inside a transaction."""
    if not moves:
        return
    category = flow.statuses[target].category
    numbers = [order_no for order_no, _, _ in moves]
    # One query for the required fields of all the orders (one per order cost ~0.6 ms each).
    missing = (
        missing_required_fields_of(con, numbers) if category in REQUIRED_BEFORE_CATEGORIES else {}
    )
    for order_no, current, note in moves:
        flow.check(current, target, who, note)
        refuse_missing_fields(order_no, missing.get(order_no, []), flow.label(target))
    con.execute(
        "UPDATE orders SET version = version + 1, updated_at = $stamp, status = $target"
        " FROM (SELECT unnest($numbers) AS order_no) moved"
        " WHERE orders.order_no = moved.order_no",
        {"stamp": stamp, "target": target, "numbers": numbers},
    )
    # previous_at: when each order entered the status it leaves (its latest history row);
    # the rows keep the order of `moves` (ids in that order, as before).
    con.execute(
        "INSERT INTO order_status_history (order_no, from_status, to_status, changed_at,"
        " changed_by, note, previous_at)"
        " SELECT m.order_no, m.from_status, $target, $stamp, $who, m.note, p.previous_at"
        " FROM (SELECT unnest($numbers) AS order_no, unnest($froms) AS from_status,"
        "       unnest($notes) AS note, unnest(range(len($numbers))) AS k) m"
        " LEFT JOIN (SELECT order_no, arg_max(changed_at, id) AS previous_at"
        "            FROM order_status_history"
        "            WHERE order_no IN (SELECT unnest($numbers)) GROUP BY order_no) p"
        "   ON p.order_no = m.order_no"
        " ORDER BY m.k",
        {
            "numbers": numbers,
            "froms": [current for _, current, _ in moves],
            "notes": [note for _, _, note in moves],
            "target": target,
            "stamp": stamp,
            "who": who.id,
        },
    )
    entries = []
    for order_no, current, note in moves:
        message = f"Status endret fra «{flow.label(current)}» til «{flow.label(target)}»"
        data = {"from": current, "to": target, "note": note}
        entries.append(
            (order_no, who, "status_changed", message + (f": {note}" if note else ""), data)
        )
    log_activities(con, entries, stamp)
