"""What the services share beyond data access: the clock and the version bump of an order.
(Reads go through axos_data.access; the transaction frame and the activity rows live in
services.activity.)"""

from __future__ import annotations

import datetime as dt

from axos_data import clock
from axos_data.access import Con
from axos_data.errors import ConcurrentModification, PermissionDenied
from axos_data.model import Actor


def now() -> dt.datetime:
    return clock.now()


def require_admin(actor: Actor, action: str) -> None:
    if not actor.is_admin:
        raise PermissionDenied(f"Bare en administrator kan {action} ({actor.name} er ikke det).")


def require_settings_right(actor: Actor, action: str) -> None:
    """Admin or the grant "Ordreinnstillinger" (the help page: "administrator eller den som er
    gitt tilgang")."""
    if not actor.may_manage_settings:
        raise PermissionDenied(
            f"Bare en administrator eller den som er gitt tilgang til ordreinnstillinger kan"
            f" {action} ({actor.name} har ikke tilgang)."
        )


def bump_order(
    con: Con, order_no: int, expected_version: int | None = None, *, status: str | None = None
) -> None:
    """Mark the order changed (and set its status, when given); with expected_version, refuse
    if someone changed it meanwhile."""
    if expected_version is not None:
        current = con.execute(
            "SELECT version FROM orders WHERE order_no = ?", [order_no]
        ).fetchall()[0][0]
        if current != expected_version:
            raise ConcurrentModification(
                f"Ordre {order_no} er endret av noen andre siden du åpnet den"
                f" (versjon {current}, du hadde {expected_version}). Last inn på nytt."
            )
    con.execute(
        "UPDATE orders SET version = version + 1, updated_at = ?,"
        " status = coalesce(?, status) WHERE order_no = ?",
        [now(), status, order_no],
    )
