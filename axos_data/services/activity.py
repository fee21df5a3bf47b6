"""Comments on an order (the rest of the activity log is written by each service)."""

from __future__ import annotations

from axos_data.model import Actor, require_text
from axos_data.services._base import Con, load_order, log_activity, mutate


def add_comment(con: Con, actor: int | Actor, order_no: int, text: str) -> None:
    """A comment in the order's activity log; allowed in every status."""
    body = require_text(text, "Kommentar")

    def work(c: Con, who: Actor) -> None:
        order = load_order(c, order_no)
        log_activity(c, order["order_no"], who, "comment", body)

    mutate(con, actor, work)
