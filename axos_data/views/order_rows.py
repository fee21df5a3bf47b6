"""Orders read as plain rows: header, groups with subtotals, lines in display order, totals.

The one read of an order's contents, for one order (views.order_detail) and for many (PDF
confirmations): two statements (queries/order_detail.sql) whatever the number of orders, and
the totals from money.breakdown, the builder the writes use. Plain dicts, not DataFrames:
for one order, building frames cost more than the queries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from axos_data import money, queries
from axos_data.access import Con, fetch_rows

LINE_COLUMNS = (
    "id",
    "group_id",
    "position",
    "product_id",
    "product_sku",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "discount_pct",
    "vat_rate",
    "vat_code",
    "amount",
)


@dataclass(frozen=True)
class OrderRows:
    header: dict
    groups: tuple[dict, ...]  # id, title, position, line_count, subtotal; by position
    lines: tuple[dict, ...]  # LINE_COLUMNS + group_title: ungrouped first, then by group
    totals: money.Totals
    custom_values: tuple[dict, ...]  # key, label, field_type, value; active fields in order


def load_order_rows(con: Con, order_nos: Sequence[int]) -> dict[int, OrderRows]:
    """The orders of `order_nos` that exist, by order number."""
    params = {"order_nos": list(order_nos)}
    headers = fetch_rows(con, queries.sql("order_headers"), params)
    if not headers:
        return {}
    statuses: dict[str, dict] = {}
    parts: dict[int, dict[str, list[dict]]] = {
        h["order_no"]: {"groups": [], "lines": [], "fields": []} for h in headers
    }
    for row in fetch_rows(con, queries.sql("order_bodies"), params):
        kind = row["kind"]
        if kind == "status":
            statuses[row["key"]] = row
        elif kind == "group":
            parts[row["order_no"]]["groups"].append(
                {"id": row["id"], "title": row["description"], "position": row["position"]}
            )
        elif kind == "field":
            parts[row["order_no"]]["fields"].append(
                {
                    "key": row["key"],
                    "label": row["description"],
                    "field_type": row["field_type"],
                    "value": row["value"],
                }
            )
        else:
            parts[row["order_no"]]["lines"].append({k: row[k] for k in LINE_COLUMNS})
    result = {}
    for header in headers:
        number = header["order_no"]
        result[number] = _assemble(_with_status(header, statuses), **parts[number])
    return result


def _with_status(header: dict, statuses: dict[str, dict]) -> dict:
    """The header with its status's label, category and finality right after the status."""
    status = statuses.get(header["status"], {})
    result = {}
    for key, value in header.items():
        result[key] = value
        if key == "status":
            result["status_label"] = status.get("description")
            result["status_category"] = status.get("category")
            result["status_is_final"] = status.get("is_final")
    return result


def _assemble(header: dict, groups: list[dict], lines: list[dict], fields: list[dict]) -> OrderRows:
    by_id = {g["id"]: g for g in groups}
    for group in groups:
        members = [line["amount"] for line in lines if line["group_id"] == group["id"]]
        group["line_count"] = len(members)
        group["subtotal"] = sum(members, Decimal("0.00"))
    for line in lines:
        group = by_id.get(line["group_id"])
        line["group_title"] = group["title"] if group else None

    def shown(line: dict) -> tuple:
        group = by_id.get(line["group_id"])
        # Ungrouped lines first (as NULLS FIRST did in SQL), then by group position.
        return (group is not None, group["position"] if group else 0, line["position"], line["id"])

    lines.sort(key=shown)
    totals = money.breakdown((line["amount"], int(line["vat_rate"])) for line in lines)
    return OrderRows(
        header=header,
        groups=tuple(groups),
        lines=tuple(lines),
        totals=totals,
        custom_values=tuple(fields),
    )
