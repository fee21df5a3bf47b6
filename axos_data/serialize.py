"""JSON-ready shapes of orders and lists: amounts as decimal strings, dates as ISO text.

These shapes are documented in the README and kept stable for scripts that read them.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from axos_data.model import LINE_FIELDS

if TYPE_CHECKING:
    import polars as pl

    from axos_data.views import OrderDetail, OrderPage


def plain(value: Any) -> Any:
    """A JSON-safe value: Decimal → "1234.50", date → "2026-01-31", nested containers too."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


def dumps(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, indent=2)


def _ref(record_id: Any, name: Any) -> dict | None:
    return None if record_id is None else {"id": record_id, "name": name}


def order_detail_dict(detail: OrderDetail) -> dict[str, Any]:
    h = detail.header
    totals = detail.totals
    return plain(
        {
            "order_no": h["order_no"],
            "title": h["title"],
            "status": h["status"],
            "status_label": h["status_label"],
            "status_category": h["status_category"],
            "customer": {
                "id": h["customer_id"],
                "name": h["customer_name"],
                "orgnr": h["customer_orgnr"],
            },
            "contact": _ref(h["contact_id"], h["contact_name"]),
            "our_contact": {
                "id": h["our_contact_id"],
                "name": h["our_contact_name"],
                "email": h["our_contact_email"],
            },
            "project": _ref(h["project_id"], h["project_name"]),
            "quote_id": h["quote_id"],
            "order_date": h["order_date"],
            "delivery_date": h["delivery_date"],
            "customer_ref": h["customer_ref"],
            "payment_terms_days": h["payment_terms_days"],
            "invoice_method": h["invoice_method"],
            "currency": h["currency"],
            "version": h["version"],
            "groups": [
                {
                    "id": g["id"],
                    "title": g["title"],
                    "position": g["position"],
                    "subtotal": g["subtotal"],
                }
                for g in detail.groups.to_dicts()
            ],
            "lines": [
                {
                    key: line[key]
                    for key in ("id", "group_id", "position", "product_sku", *LINE_FIELDS, "amount")
                }
                for line in detail.lines.to_dicts()
            ],
            "totals": {
                "net": totals.net,
                "vat": [{"rate": v.rate, "base": v.base, "amount": v.amount} for v in totals.vat],
                "vat_total": totals.vat_total,
                "total": totals.total,
            },
            "custom_fields": {c["key"]: c["value"] for c in detail.custom_values},
        }
    )


LIST_FIELDS = (
    "order_no",
    "title",
    "status",
    "status_label",
    "customer_id",
    "customer_name",
    "contact_name",
    "our_contact_id",
    "our_contact_name",
    "project_name",
    "order_date",
    "delivery_date",
    "customer_ref",
    "net_total",
    "vat_total",
    "total",
)


def order_page_dict(page: OrderPage) -> dict[str, Any]:
    extra = [c for c in page.rows.columns if c.startswith("cf_")]
    return plain(
        {
            "total": page.total_count,
            "total_sum": page.total_sum,
            "limit": page.limit,
            "offset": page.offset,
            "orders": [
                {key: row[key] for key in (*LIST_FIELDS, *extra)} for row in page.rows.to_dicts()
            ],
        }
    )


def frame_records(frame: pl.DataFrame) -> list[dict[str, Any]]:
    return plain(frame.to_dicts())
