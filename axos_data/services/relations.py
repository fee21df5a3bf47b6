"""Relations (Relasjoner): an order linked to a quote, a project, another order or a company.

A link is two rows of `relations`, one from each side (as quote conversion stores its link),
so each record lists its links with one indexed read. A kind with a direction ("tilleggsordre"
— this order is a supplementary order to the other) is stored as its mirror on the other side
("har_tilleggsordre"); free text is stored the same on both. The same link (both ends and
kind) exists at most once, so the mirror of a row is always found. Links made by converting a
quote belong to the conversion and cannot be removed here.
"""

from __future__ import annotations

from axos_data.access import Con, as_id, fetch_row, load_order
from axos_data.errors import InvalidRelation, RelationNotRemovable, UnknownRelation
from axos_data.model import Actor
from axos_data.relation_rules import (
    CONVERSION_KINDS,
    describe,
    kind_label,
    mirror_kind,
    parse_kind,
    parse_target,
    require_target,
)
from axos_data.services._base import now
from axos_data.services.activity import log_activity, mutate


def _insert(con: Con, actor: Actor, source: tuple, target: tuple, kind: str) -> int:
    return con.execute(
        "INSERT INTO relations (from_type, from_id, to_type, to_id, kind, created_at,"
        " created_by) VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [*source, *target, kind, now(), actor.id],
    ).fetchall()[0][0]


def relate(
    con: Con, actor: int | Actor, order_no: object, target: object, kind: object = None
) -> int:
    """Link the order to `target` ('quote:ID' …, or a (type, id) pair); returns the id of the
    relation as the order lists it. Logged on the order, and on the other order too."""
    target_type, target_id = target if isinstance(target, tuple) else parse_target(target)
    stored = parse_kind(kind)

    def work(c: Con, who: Actor) -> int:
        number = load_order(c, order_no)["order_no"]
        require_target(c, target_type, target_id)
        if (target_type, target_id) == ("order", number):
            raise InvalidRelation(f"Ordre {number} kan ikke knyttes til seg selv.")
        here, there = ("order", number), (target_type, target_id)
        if fetch_row(
            c,
            "SELECT id FROM relations WHERE from_type = ? AND from_id = ? AND to_type = ?"
            " AND to_id = ? AND kind = ?",
            [*here, *there, stored],
        ):
            raise InvalidRelation(
                f"Ordre {number} er allerede knyttet til {describe(*there)}"
                f" som «{kind_label(stored)}»."
            )
        relation_id = _insert(c, who, here, there, stored)
        _insert(c, who, there, here, mirror_kind(stored))
        _log_both(c, who, here, there, stored, "relation_added", "Knyttet til")
        return relation_id

    return mutate(con, actor, work)


def _log_both(
    con: Con, actor: Actor, here: tuple, there: tuple, kind: str, event: str, verb: str
) -> None:
    data = {"to_type": there[0], "to_id": there[1], "kind": kind}
    log_activity(
        con, here[1], actor, event, f"{verb} {describe(*there)} ({kind_label(kind)})", data
    )
    if there[0] == "order":
        back = {"to_type": "order", "to_id": here[1], "kind": mirror_kind(kind)}
        log_activity(
            con,
            there[1],
            actor,
            event,
            f"{verb} {describe(*here)} ({kind_label(mirror_kind(kind))})",
            back,
        )


def unrelate(con: Con, actor: int | Actor, order_no: object, relation_id: object) -> dict:
    """Remove a link of the order (both of its rows); returns the row as the order had it."""

    def work(c: Con, who: Actor) -> dict:
        number = load_order(c, order_no)["order_no"]
        row = fetch_row(
            c,
            "SELECT * FROM relations WHERE id = ? AND from_type = 'order' AND from_id = ?",
            [as_id(relation_id), number],
        )
        if row is None:
            raise UnknownRelation(f"Ordre {number} har ingen relasjon med id «{relation_id}».")
        if row["kind"] in CONVERSION_KINDS:
            raise RelationNotRemovable(
                f"Relasjonen til {describe(row['to_type'], row['to_id'])} ble laget da tilbudet"
                " ble konvertert til ordren, og kan ikke fjernes."
            )
        here, there = ("order", number), (row["to_type"], row["to_id"])
        c.execute(
            "DELETE FROM relations WHERE id = ? OR (from_type = ? AND from_id = ?"
            " AND to_type = ? AND to_id = ? AND kind = ?)",
            [row["id"], *there, *here, mirror_kind(row["kind"])],
        )
        _log_both(c, who, here, there, row["kind"], "relation_removed", "Fjernet koblingen til")
        return row

    return mutate(con, actor, work)
