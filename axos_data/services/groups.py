"""Line groups (titled sections with subtotals): create, rename, reorder, remove."""

from __future__ import annotations

from collections.abc import Sequence

from axos_data.access import Con, fetch_rows
from axos_data.model import Actor, require_text
from axos_data.services.activity import mutate
from axos_data.services.lines import (
    finish_change,
    open_order,
    reassign_positions,
    require_group,
)


def add_group(
    con: Con,
    actor: int | Actor,
    order_no: int,
    title: str,
    *,
    expected_version: int | None = None,
) -> int:
    """A new group, last on the order; returns its id."""
    title = require_text(title, "Gruppetittel")

    def work(c: Con, who: Actor) -> int:
        number = open_order(c, order_no)["order_no"]
        position = c.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM order_groups WHERE order_no = ?", [number]
        ).fetchall()[0][0]
        group_id = c.execute(
            "INSERT INTO order_groups (order_no, position, title) VALUES (?, ?, ?) RETURNING id",
            [number, position, title],
        ).fetchall()[0][0]
        finish_change(
            c,
            number,
            who,
            "group_added",
            f"La til gruppe «{title}»",
            {"group_id": group_id},
            expected_version,
            totals_changed=False,
        )
        return group_id

    return mutate(con, actor, work)


def rename_group(
    con: Con,
    actor: int | Actor,
    order_no: int,
    group_id: int,
    title: str,
    *,
    expected_version: int | None = None,
) -> None:
    title = require_text(title, "Gruppetittel")

    def work(c: Con, who: Actor) -> None:
        number = open_order(c, order_no)["order_no"]
        group = require_group(c, number, group_id)
        c.execute("UPDATE order_groups SET title = ? WHERE id = ?", [title, group["id"]])
        finish_change(
            c,
            number,
            who,
            "group_renamed",
            f"Endret navn på gruppe «{group['title']}» til «{title}»",
            {"group_id": group["id"], "old": group["title"], "new": title},
            expected_version,
            totals_changed=False,
        )

    mutate(con, actor, work)


def reorder_groups(
    con: Con,
    actor: int | Actor,
    order_no: int,
    group_ids: Sequence[int],
    *,
    expected_version: int | None = None,
) -> None:
    def work(c: Con, who: Actor) -> None:
        number = open_order(c, order_no)["order_no"]
        rows = fetch_rows(c, "SELECT id, position FROM order_groups WHERE order_no = ?", [number])
        wanted = reassign_positions(c, "order_groups", group_ids, rows)
        finish_change(
            c,
            number,
            who,
            "groups_reordered",
            "Endret rekkefølgen på gruppene",
            {"group_ids": wanted},
            expected_version,
            totals_changed=False,
        )

    mutate(con, actor, work)


def remove_group(
    con: Con,
    actor: int | Actor,
    order_no: int,
    group_id: int,
    *,
    expected_version: int | None = None,
) -> int:
    """Remove a group; its lines stay on the order without a group. Returns how many moved."""

    def work(c: Con, who: Actor) -> int:
        number = open_order(c, order_no)["order_no"]
        group = require_group(c, number, group_id)
        moved = c.execute(
            "UPDATE order_lines SET group_id = NULL WHERE group_id = ? AND order_no = ?"
            " RETURNING id",
            [group["id"], number],
        ).fetchall()
        c.execute("DELETE FROM order_groups WHERE id = ?", [group["id"]])
        finish_change(
            c,
            number,
            who,
            "group_removed",
            f"Fjernet gruppe «{group['title']}»; {len(moved)} linje(r) ble uten gruppe",
            {"group_id": group["id"], "line_ids": [row[0] for row in moved]},
            expected_version,
            totals_changed=False,
        )
        return len(moved)

    return mutate(con, actor, work)
