"""Helpers for the payment tests: invoiced orders with known totals and bank files."""

from __future__ import annotations

from pathlib import Path

import axos_data as ax

INVOICED_AT = "2026-11-20T10:00:00"  # AXOS_NOW while the orders are invoiced


def invoiced_order(con, cast, *, unit_price: str = "1000", quantity: str = "10") -> int:
    """An order of 10 × 1 000,00 at 25 % VAT (total 12 500,00) moved to Fakturert."""
    order_no = ax.create_order(
        con, cast.admin, customer_id=cast.customer, title="Ny server", our_contact_id=cast.user
    )
    ax.add_line(
        con,
        cast.admin,
        order_no,
        quantity=quantity,
        description="Konsulenttime",
        unit="t",
        unit_price=unit_price,
        vat_rate=25,
    )
    ax.change_status(con, cast.admin, order_no, "klar_til_fakturering")
    ax.change_status(con, cast.admin, order_no, "fakturert")
    return order_no


def kid(order_no: int) -> str:
    return ax.no.make_kid(order_no)


def write_csv(path: Path, rows: list[tuple[str, ...]], *, sep: str = ";", header=None) -> Path:
    head = header or ("Dato", "Beløp", "KID", "Betaler", "Tekst")
    text = "\n".join(sep.join(row) for row in [head, *rows]) + "\n"
    path.write_text(text, encoding="utf-8")
    return path
