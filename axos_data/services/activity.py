"""The frame of every write and the order activity log: `mutate` runs a change in one
transaction after checking the acting employee, `log_activity` writes the activity row inside
it (and, through services.following, the notifications of the order's followers). Public
because the PDF module logs its sends through them too; comments live here."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Sequence
from typing import TypeVar

from axos_data import db
from axos_data.access import Con, load_actor, load_order
from axos_data.model import Actor, require_text
from axos_data.services._base import now
from axos_data.services.following import notify_followers

T = TypeVar("T")


def mutate(con: Con, actor: int | Actor | None, work: Callable[[Con, Actor], T]) -> T:
    """Run `work(con, actor)` in one transaction after checking the actor inside it."""
    return db.atomic(con, lambda c: work(c, load_actor(c, actor)))


def log_activity(
    con: Con,
    order_no: int,
    actor: Actor,
    kind: str,
    message: str,
    data: dict | None = None,
    at: dt.datetime | None = None,
) -> None:
    """One row of the order's activity log (inside the caller's transaction)."""
    log_activities(con, [(order_no, actor, kind, message, data)], at)


def log_activities(
    con: Con,
    entries: Sequence[tuple[int, Actor, str, str, dict | None]],
    at: dt.datetime | None = None,
) -> None:
    """Many activity rows (order_no, actor, kind, message, data) in one statement.

    The batched form of log_activity, for bulk operations: one INSERT per row costs
    milliseconds each in DuckDB, one INSERT of unnested lists costs about that for all.
    """
    if not entries:
        return
    stamp = at or now()
    inserted = con.execute(
        "INSERT INTO order_activity (order_no, occurred_at, actor_id, kind, message, data)"
        " SELECT unnest($order_nos), unnest($times), unnest($actors), unnest($kinds),"
        " unnest($messages), unnest($data)"
        " RETURNING id, order_no, actor_id",
        {
            "order_nos": [order_no for order_no, *_ in entries],
            "times": [stamp] * len(entries),
            "actors": [actor.id for _, actor, *_ in entries],
            "kinds": [kind for _, _, kind, _, _ in entries],
            "messages": [message for *_, message, _ in entries],
            "data": [
                None if data is None else json.dumps(data, default=str, ensure_ascii=False)
                for *_, data in entries
            ],
        },
    ).fetchall()
    # RETURNING gives the new rows with their ids; the followers of each order hear of them
    # in this same transaction.
    notify_followers(
        con,
        [row[0] for row in inserted],
        [row[1] for row in inserted],
        [row[2] for row in inserted],
    )


def add_comment(con: Con, actor: int | Actor, order_no: int, text: str) -> None:
    """A comment in the order's activity log; allowed in every status."""
    body = require_text(text, "Kommentar")

    def work(c: Con, who: Actor) -> None:
        order = load_order(c, order_no)
        log_activity(c, order["order_no"], who, "comment", body)

    mutate(con, actor, work)
