"""Moving orders through the configured status flow."""

from __future__ import annotations

from axos_data.access import Con, load_actor, load_flow, load_order
from axos_data.errors import UnknownStatus
from axos_data.model import Actor, optional_text
from axos_data.services._base import bump_order, now
from axos_data.services.activity import log_activity, mutate
from axos_data.services.custom_fields import require_fields_for


def change_status(
    con: Con,
    actor: int | Actor,
    order_no: int,
    new_status: str,
    *,
    note: str | None = None,
    expected_version: int | None = None,
) -> str:
    """Move the order to `new_status` if the flow allows it; writes history and activity.

    Returns the previous status.
    """
    note = optional_text(note, "Statusnotat")

    def work(c: Con, who: Actor) -> str:
        order = load_order(c, order_no)
        flow = load_flow(c)
        target = flow.key_for(new_status)
        if target is None:
            raise UnknownStatus(
                f"Status «{new_status}» finnes ikke. Kjente: {', '.join(flow.statuses)}."
            )
        current = order["status"]
        flow.check(current, target, who, note)
        require_fields_for(c, order["order_no"], flow.statuses[target].category, flow.label(target))
        stamp = now()
        number = order["order_no"]
        bump_order(c, number, expected_version, status=target)
        # previous_at: when the order entered the status it leaves (its latest history row).
        c.execute(
            "INSERT INTO order_status_history (order_no, from_status, to_status, changed_at,"
            " changed_by, note, previous_at) SELECT $number, $current, $target, $stamp, $who,"
            " $note, (SELECT arg_max(changed_at, id) FROM order_status_history"
            " WHERE order_no = $number)",
            {
                "number": number,
                "current": current,
                "target": target,
                "stamp": stamp,
                "who": who.id,
                "note": note,
            },
        )
        message = f"Status endret fra «{flow.label(current)}» til «{flow.label(target)}»"
        log_activity(
            c,
            number,
            who,
            "status_changed",
            message + (f": {note}" if note else ""),
            {"from": current, "to": target, "note": note},
            at=stamp,
        )
        return current

    return mutate(con, actor, work)


def allowed_statuses(con: Con, actor: int | Actor, order_no: int) -> list[tuple[str, str]]:
    """(key, label) of the statuses this actor may move the order to now."""
    who = load_actor(con, actor)
    order = load_order(con, order_no)
    flow = load_flow(con)
    return [(key, flow.label(key)) for key in flow.allowed(order["status"], who)]
