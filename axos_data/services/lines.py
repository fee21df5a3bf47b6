"""Order lines: add, change, remove, reorder, move between groups; totals follow every change."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from axos_data import labels, money
from axos_data.access import Con, as_id, fetch_row, fetch_rows, load_flow, load_order
from axos_data.errors import AxosError, InvalidInput, UnknownGroup, UnknownLine
from axos_data.model import LINE_FIELDS, Actor, LineInput, changed_line, make_line
from axos_data.services._base import bump_order
from axos_data.services.activity import log_activity, mutate
from axos_data.services.masterdata import find_product

LINE_COLUMNS = "id, order_no, group_id, position, product_id, amount, " + ", ".join(LINE_FIELDS)


def open_order(con: Con, order_no: object) -> dict:
    """The order, if its lines may change (status category open); OrderLocked otherwise."""
    order = load_order(con, order_no)
    load_flow(con).require_open(order["order_no"], order["status"])
    return order


def recompute_totals(con: Con, order_no: int) -> money.Totals:
    """Store net, VAT and total on the order row from its lines (same transaction)."""
    pairs = con.execute(
        "SELECT amount, vat_rate FROM order_lines WHERE order_no = ?", [order_no]
    ).fetchall()
    totals = money.totals(pairs)
    con.execute(
        "UPDATE orders SET net_total = ?, vat_total = ?, total = ? WHERE order_no = ?",
        [totals.net, totals.vat_total, totals.total, order_no],
    )
    return totals


def finish_change(
    con: Con,
    order_no: int,
    actor: Actor,
    kind: str,
    message: str,
    data: dict | None,
    expected_version: int | None,
    *,
    totals_changed: bool = True,
) -> None:
    if totals_changed:
        recompute_totals(con, order_no)
    bump_order(con, order_no, expected_version)
    log_activity(con, order_no, actor, kind, message, data)


def require_group(con: Con, order_no: int, group_id: object) -> dict | None:
    if group_id in (None, ""):
        return None
    row = fetch_row(
        con,
        "SELECT * FROM order_groups WHERE id = ? AND order_no = ?",
        [_as_id(group_id, UnknownGroup, "Gruppe"), order_no],
    )
    if row is None:
        raise UnknownGroup(f"Gruppe {group_id} finnes ikke på ordre {order_no}.")
    return row


def require_line(con: Con, order_no: int, line_id: object) -> dict:
    row = fetch_row(
        con,
        f"SELECT {LINE_COLUMNS} FROM order_lines WHERE id = ? AND order_no = ?",
        [_as_id(line_id, UnknownLine, "Linje"), order_no],
    )
    if row is None:
        raise UnknownLine(f"Linje {line_id} finnes ikke på ordre {order_no}.")
    return row


def _as_id(value: object, error: type[Exception], what: str) -> int:
    number = as_id(value)
    if number is None:
        raise error(f"{what} «{value}» er ikke en gyldig id.")
    return number


def product_line(
    con: Con,
    product: object,
    *,
    description: object = None,
    quantity: object,
    unit: object = None,
    unit_price: object = None,
    discount_pct: object = 0,
    vat_rate: object = None,
    vat_code: object = None,
) -> LineInput:
    """A line from free text, or from a product whose name, unit, price and VAT fill the gaps.

    VAT: a code alone decides the rate; a rate alone takes the product's code when the product
    has that rate, else the rate's default code; neither takes the product's (or 25 %).
    """
    item = find_product(con, product) if product not in (None, "") else None

    def pick(given: object, key: str) -> object:
        return item[key] if given in (None, "") and item is not None else given

    no_rate = vat_rate in (None, "")
    no_code = vat_code in (None, "")
    if item is not None and no_code and (no_rate or _same_rate(vat_rate, item["vat_rate"])):
        vat_code = item["vat_code"]
        vat_rate = item["vat_rate"] if no_rate else vat_rate
    elif no_rate and no_code:
        vat_rate = 25

    return make_line(
        description=pick(description, "name"),
        quantity=quantity,
        unit=pick(unit, "unit"),
        unit_price=pick(unit_price, "unit_price"),
        discount_pct=discount_pct,
        vat_rate=vat_rate,
        vat_code=vat_code,
        product_id=item["id"] if item else None,
    )


def _same_rate(given: object, product_rate: int) -> bool:
    try:
        return money.parse_vat_rate(given) == product_rate
    except AxosError:
        return False  # make_line reports the bad rate


def insert_line(
    con: Con,
    table: str,
    owner: str,
    owner_id: int,
    line: LineInput,
    group_id: int | None,
    position: int,
) -> int:
    assert (table, owner) in (("order_lines", "order_no"), ("quote_lines", "quote_id"))
    return con.execute(
        f"INSERT INTO {table} ({owner}, group_id, position, product_id, description, quantity,"
        " unit, unit_price, discount_pct, vat_rate, vat_code, amount)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [
            owner_id,
            group_id,
            position,
            line.product_id,
            line.description,
            line.quantity,
            line.unit,
            line.unit_price,
            line.discount_pct,
            line.vat_rate,
            line.vat_code,
            line.amount,
        ],
    ).fetchall()[0][0]


def add_line(
    con: Con,
    actor: int | Actor,
    order_no: int,
    *,
    quantity: object,
    description: object = None,
    unit: object = None,
    unit_price: object = None,
    discount_pct: object = 0,
    vat_rate: object = None,
    vat_code: object = None,
    group_id: object = None,
    product: object = None,
    expected_version: int | None = None,
) -> int:
    """Append a line (free text, or from a product by SKU or id); returns the line id."""

    def work(c: Con, who: Actor) -> int:
        order = open_order(c, order_no)
        number = order["order_no"]
        line = product_line(
            c,
            product,
            description=description,
            quantity=quantity,
            unit=unit,
            unit_price=unit_price,
            discount_pct=discount_pct,
            vat_rate=vat_rate,
            vat_code=vat_code,
        )
        group = require_group(c, number, group_id)
        position = c.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM order_lines WHERE order_no = ?", [number]
        ).fetchall()[0][0]
        line_id = insert_line(
            c, "order_lines", "order_no", number, line, group["id"] if group else None, position
        )
        finish_change(
            c,
            number,
            who,
            "line_added",
            f"La til linje «{line.description}» ({money.format_nok(line.amount)})",
            {"line_id": line_id, "amount": str(line.amount)},
            expected_version,
        )
        return line_id

    return mutate(con, actor, work)


def update_line(
    con: Con,
    actor: int | Actor,
    order_no: int,
    line_id: int,
    *,
    expected_version: int | None = None,
    **changes: object,
) -> dict[str, tuple[object, object]]:
    """Change description, quantity, unit, unit price, discount, VAT rate or VAT code of a line."""

    def work(c: Con, who: Actor) -> dict[str, tuple[object, object]]:
        order = open_order(c, order_no)
        number = order["order_no"]
        current = require_line(c, number, line_id)
        line = changed_line(current, changes)
        diff = {
            key: (current[key], getattr(line, key))
            for key in LINE_FIELDS
            if _differs(current[key], getattr(line, key))
        }
        if not diff:
            return {}
        c.execute(
            "UPDATE order_lines SET description = ?, quantity = ?, unit = ?, unit_price = ?,"
            " discount_pct = ?, vat_rate = ?, vat_code = ?, amount = ? WHERE id = ?",
            [
                line.description,
                line.quantity,
                line.unit,
                line.unit_price,
                line.discount_pct,
                line.vat_rate,
                line.vat_code,
                line.amount,
                current["id"],
            ],
        )
        described = labels.describe_changes(diff)
        finish_change(
            c,
            number,
            who,
            "line_changed",
            f"Endret linje «{line.description}»: {described}",
            {
                "line_id": current["id"],
                "changes": {k: [str(o), str(n)] for k, (o, n) in diff.items()},
            },
            expected_version,
        )
        return diff

    return mutate(con, actor, work)


def _differs(old: object, new: object) -> bool:
    if isinstance(new, Decimal) or isinstance(old, Decimal):
        return Decimal(str(old)) != Decimal(str(new))
    return old != new


def remove_line(
    con: Con,
    actor: int | Actor,
    order_no: int,
    line_id: int,
    *,
    expected_version: int | None = None,
) -> None:
    def work(c: Con, who: Actor) -> None:
        order = open_order(c, order_no)
        number = order["order_no"]
        line = require_line(c, number, line_id)
        c.execute("DELETE FROM order_lines WHERE id = ?", [line["id"]])
        finish_change(
            c,
            number,
            who,
            "line_removed",
            f"Fjernet linje «{line['description']}» ({money.format_nok(line['amount'])})",
            {"line_id": line["id"], "amount": str(line["amount"])},
            expected_version,
        )

    mutate(con, actor, work)


def reassign_positions(con: Con, table: str, ids: Sequence[object], rows: list[dict]) -> list[int]:
    """Give `ids`, in their new order, the position slots those rows hold now."""
    assert table in ("order_lines", "order_groups")
    by_id = {row["id"]: row for row in rows}
    wanted = [_as_id(i, InvalidInput, "Id") for i in ids]
    if len(set(wanted)) != len(wanted):
        raise InvalidInput("Samme id er oppgitt flere ganger i den nye rekkefølgen.")
    missing = [i for i in wanted if i not in by_id]
    if missing:
        raise InvalidInput(f"Finnes ikke på ordren: {', '.join(map(str, missing))}.")
    slots = sorted(by_id[i]["position"] for i in wanted)
    for record_id, position in zip(wanted, slots, strict=True):
        con.execute(f"UPDATE {table} SET position = ? WHERE id = ?", [position, record_id])
    return wanted


def reorder_lines(
    con: Con,
    actor: int | Actor,
    order_no: int,
    line_ids: Sequence[int],
    *,
    expected_version: int | None = None,
) -> None:
    """Put the given lines in this order, using the places they hold now (e.g. one group's)."""

    def work(c: Con, who: Actor) -> None:
        number = open_order(c, order_no)["order_no"]
        rows = fetch_rows(c, "SELECT id, position FROM order_lines WHERE order_no = ?", [number])
        wanted = reassign_positions(c, "order_lines", line_ids, rows)
        finish_change(
            c,
            number,
            who,
            "lines_reordered",
            "Endret rekkefølgen på linjene",
            {"line_ids": wanted},
            expected_version,
            totals_changed=False,
        )

    mutate(con, actor, work)


def move_line(
    con: Con,
    actor: int | Actor,
    order_no: int,
    line_id: int,
    group_id: int | None,
    *,
    expected_version: int | None = None,
) -> None:
    """Move a line into a group (or out of all groups with None), last in its new place."""

    def work(c: Con, who: Actor) -> None:
        number = open_order(c, order_no)["order_no"]
        line = require_line(c, number, line_id)
        group = require_group(c, number, group_id)
        position = c.execute(
            "SELECT coalesce(max(position), 0) + 1 FROM order_lines WHERE order_no = ?", [number]
        ).fetchall()[0][0]
        c.execute(
            "UPDATE order_lines SET group_id = ?, position = ? WHERE id = ?",
            [group["id"] if group else None, position, line["id"]],
        )
        target = f"gruppe «{group['title']}»" if group else "uten gruppe"
        finish_change(
            c,
            number,
            who,
            "line_moved",
            f"Flyttet linje «{line['description']}» til {target}",
            {"line_id": line["id"], "group_id": group["id"] if group else None},
            expected_version,
            totals_changed=False,
        )

    mutate(con, actor, work)
