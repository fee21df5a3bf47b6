"""axos order line … and axos order group …"""

from __future__ import annotations

from collections.abc import Callable

import click

from axos_data import money, services, vat_codes
from axos_data.cli._common import State, emit, with_state

LINE_OPTIONS = [
    click.option("--description", default=None),
    click.option("--qty", "quantity", default=None),
    click.option("--unit", default=None),
    click.option("--price", "unit_price", default=None, help="Up to 4 decimals."),
    click.option("--discount", "discount_pct", default=None, help="Percent, 0–100."),
    click.option(
        "--vat",
        "vat_rate",
        default=None,
        help=f"VAT rate in %: {', '.join(map(str, money.VAT_RATES))}.",
    ),
    click.option(
        "--vat-code",
        "vat_code",
        default=None,
        help="VAT code (why the rate applies): "
        + ", ".join(vat_codes.CODES)
        + "; SAF-T numbers work too. Decides the rate when --vat is left out.",
    ),
]


def line_options(command: Callable) -> Callable:
    """The options shared by `line add` and `line set`."""
    for option in reversed(LINE_OPTIONS):
        command = option(command)
    return command


@click.group("line")
def line() -> None:
    """Order lines."""


@line.command("add")
@click.argument("order_no", type=int)
@line_options
@click.option("--group", "group_id", type=int, default=None, help="Group id.")
@click.option("--product", default=None, help="Product SKU (or id): fills name, unit, price, VAT.")
@with_state
def line_add(state: State, order_no: int, quantity: str | None, **fields: object) -> None:
    """Add a line (free text, or from --product); prints the line id."""
    if quantity is None:
        raise click.UsageError("--qty er påkrevd.")
    if fields.get("discount_pct") is None:
        fields["discount_pct"] = 0
    line_id = services.add_line(state.con, state.actor(), order_no, quantity=quantity, **fields)
    emit(state, {"id": line_id}, str(line_id))


@line.command("set")
@click.argument("order_no", type=int)
@click.argument("line_id", type=int)
@line_options
@click.option("--group", "group", default=None, help="Move to group id ('' = no group).")
@with_state
def line_set(
    state: State, order_no: int, line_id: int, group: str | None, **fields: object
) -> None:
    """Change a line; only the options given change."""
    changes = {key: value for key, value in fields.items() if value is not None}
    diff = services.update_line(state.con, state.actor(), order_no, line_id, **changes)
    if group is not None:
        services.move_line(state.con, state.actor(), order_no, line_id, group or None)
    emit(
        state,
        {"id": line_id, "changed": sorted(diff)},
        "Endret: " + (", ".join(diff) or "ingen felt") + (" (flyttet)" if group else ""),
    )


@line.command("remove")
@click.argument("order_no", type=int)
@click.argument("line_id", type=int)
@with_state
def line_remove(state: State, order_no: int, line_id: int) -> None:
    """Remove a line."""
    services.remove_line(state.con, state.actor(), order_no, line_id)
    emit(state, {"id": line_id, "removed": True}, f"Linje {line_id} fjernet")


@line.command("move")
@click.argument("order_no", type=int)
@click.argument("line_ids", type=int, nargs=-1, required=True)
@with_state
def line_order(state: State, order_no: int, line_ids: tuple[int, ...]) -> None:
    """Put the given lines in this order (in the places they hold now)."""
    services.reorder_lines(state.con, state.actor(), order_no, list(line_ids))
    emit(state, {"order": list(line_ids)}, "Ny rekkefølge lagret")


@click.group("group")
def group() -> None:
    """Line groups (sections with subtotals)."""


@group.command("add")
@click.argument("order_no", type=int)
@click.option("--title", required=True)
@with_state
def group_add(state: State, order_no: int, title: str) -> None:
    """Add a group; prints its id."""
    group_id = services.add_group(state.con, state.actor(), order_no, title)
    emit(state, {"id": group_id}, str(group_id))


@group.command("rename")
@click.argument("order_no", type=int)
@click.argument("group_id", type=int)
@click.option("--title", required=True)
@with_state
def group_rename(state: State, order_no: int, group_id: int, title: str) -> None:
    """Rename a group."""
    services.rename_group(state.con, state.actor(), order_no, group_id, title)
    emit(state, {"id": group_id, "title": title}, "Gruppe omdøpt")


@group.command("remove")
@click.argument("order_no", type=int)
@click.argument("group_id", type=int)
@with_state
def group_remove(state: State, order_no: int, group_id: int) -> None:
    """Remove a group; its lines stay on the order without a group."""
    moved = services.remove_group(state.con, state.actor(), order_no, group_id)
    emit(
        state,
        {"id": group_id, "ungrouped_lines": moved},
        f"Gruppe fjernet; {moved} linje(r) er nå uten gruppe",
    )


@group.command("move")
@click.argument("order_no", type=int)
@click.argument("group_ids", type=int, nargs=-1, required=True)
@with_state
def group_order(state: State, order_no: int, group_ids: tuple[int, ...]) -> None:
    """Put the groups in this order."""
    services.reorder_groups(state.con, state.actor(), order_no, list(group_ids))
    emit(state, {"order": list(group_ids)}, "Ny rekkefølge lagret")
