"""Payment follow-up reads: payments, unmatched payments, part/over-payments, overdue orders,
and invoiced vs paid vs reminded with ageing — for the CLI and the reconciliation page.

Definitions (queries/payments.sql):
- invoiced_on: the day (Norwegian time) the order last entered a status of the category
  'invoiced' (Fakturert, Purret) from outside it, per its status history.
- due_date: the new due date of the latest reminder, else invoiced_on + payment terms (days).
- days_overdue: today (axos_data.clock, AXOS_NOW pins it) − due_date, when positive.
- ageing bucket: by days since invoiced_on: 0–14, 15–30, 31–60, over 60.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

from axos_data import clock, queries
from axos_data.access import Con, fetch_rows
from axos_data.views.frames import rows_frame

if TYPE_CHECKING:
    import polars as pl

PAID_STATUS = "betalt"
AMOUNT = "Decimal(18,2)"
SUM = "Decimal(38,2)"

RECEIVABLE_SCHEMA = {
    "order_no": "Int64",
    "status": "String",
    "status_label": "String",
    "customer_id": "Int64",
    "customer_name": "String",
    "total": AMOUNT,
    "paid": AMOUNT,
    "outstanding": AMOUNT,
    "invoiced_on": "Date",
    "due_date": "Date",
    "reminders": "Int32",
    "age_days": "Int32",
    "days_overdue": "Int32",
}
PAYMENT_SCHEMA = {
    "payment_id": "String",
    "booked_on": "Date",
    "amount": AMOUNT,
    "kid": "String",
    "payer": "String",
    "text": "String",
    "bank_ref": "String",
    "order_no": "Int64",
    "status": "String",
    "import_id": "Int64",
    "source": "String",
}
DIFFERENCE_SCHEMA = {
    "order_no": "Int64",
    "status": "String",
    "status_label": "String",
    "customer_name": "String",
    "total": AMOUNT,
    "paid": AMOUNT,
    "difference": AMOUNT,
    "kind": "String",
    "payments": "Int64",
    "last_paid_on": "Date",
}
AGEING_SCHEMA = {
    "bucket_no": "Int32",
    "bucket": "String",
    "status": "String",
    "status_label": "String",
    "orders": "Int64",
    "total": SUM,
    "paid": SUM,
    "outstanding": SUM,
}
SUMMARY_SCHEMA = {
    "status": "String",
    "status_label": "String",
    "category": "String",
    "orders": "Int64",
    "total": SUM,
    "paid": SUM,
    "outstanding": SUM,
}


def _today(today: dt.date | None) -> dt.date:
    return today or clock.today()


def overdue_orders(con: Con, *, today: dt.date | None = None) -> pl.DataFrame:
    """Invoiced orders with something left to pay past their due date, most overdue first."""
    rows = fetch_rows(con, queries.sql("payments_overdue"), {"today": _today(today)})
    return rows_frame(rows, RECEIVABLE_SCHEMA)


def receivables(
    con: Con, order_nos: Sequence[int], *, today: dt.date | None = None
) -> pl.DataFrame:
    """The receivable state (paid, outstanding, due date, days overdue) of the given orders
    that are invoiced; orders in other statuses are left out."""
    rows = fetch_rows(
        con,
        queries.sql("payments_receivables_of"),
        {"today": _today(today), "order_nos": [int(n) for n in order_nos]},
    )
    return rows_frame(rows, RECEIVABLE_SCHEMA)


def receivables_ageing(con: Con, *, today: dt.date | None = None) -> pl.DataFrame:
    """Invoiced orders per ageing bucket and status: count, total, paid and outstanding."""
    rows = fetch_rows(con, queries.sql("payments_ageing"), {"today": _today(today)})
    return rows_frame(rows, AGEING_SCHEMA)


def receivables_summary(con: Con) -> pl.DataFrame:
    """Invoiced vs reminded vs paid: orders and amounts per status."""
    rows = fetch_rows(con, queries.sql("payments_summary"), {"paid_status": PAID_STATUS})
    return rows_frame(rows, SUMMARY_SCHEMA)


def payments(con: Con, *, unmatched: bool = False, limit: int = 1_000) -> pl.DataFrame:
    """Stored payments, newest first; only those no order matched with unmatched=True."""
    rows = fetch_rows(
        con, queries.sql("payments_list"), {"unmatched": unmatched, "limit": int(limit)}
    )
    return rows_frame(rows, PAYMENT_SCHEMA)


def payment_differences(con: Con) -> pl.DataFrame:
    """Orders whose payments do not add up to their total (kind delbetalt or overbetalt)."""
    rows = fetch_rows(con, queries.sql("payments_differences"))
    return rows_frame(rows, DIFFERENCE_SCHEMA)


def unmatched_summary(con: Con) -> dict:
    """Count and sum of the payments no order matched."""
    return fetch_rows(con, queries.sql("payments_unmatched_summary"))[0]
