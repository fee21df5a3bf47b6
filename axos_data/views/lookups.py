"""Small lists for pickers: companies, contacts, employees, projects, products, quotes."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from axos_data import queries
from axos_data.access import Con, fetch_row, load_quote

if TYPE_CHECKING:
    import polars as pl


def _search(text: str | None) -> str | None:
    return (text or "").strip().lower() or None


def _frame(con: Con, name: str, **params: object) -> pl.DataFrame:
    return con.sql(queries.sql(name), params=params).pl()


def companies(
    con: Con, search: str | None = None, *, active_only: bool = False, limit: int = 50
) -> pl.DataFrame:
    """Companies by name, orgnr or id; `active_only` leaves out deactivated ones (for pickers
    that start something new: a deactivated customer keeps its history, so lists keep it)."""
    return _frame(con, "companies", search=_search(search), active_only=active_only, limit=limit)


def contacts(
    con: Con,
    company_id: int | None = None,
    search: str | None = None,
    *,
    active_only: bool = False,
    limit: int = 200,
) -> pl.DataFrame:
    return _frame(
        con,
        "contacts",
        company_id=company_id,
        search=_search(search),
        active_only=active_only,
        limit=limit,
    )


def employees(
    con: Con, search: str | None = None, *, active_only: bool = True, limit: int = 500
) -> pl.DataFrame:
    return _frame(con, "employees", search=_search(search), active_only=active_only, limit=limit)


def projects(
    con: Con,
    customer_id: int | None = None,
    search: str | None = None,
    *,
    active_only: bool = False,
    limit: int = 200,
) -> pl.DataFrame:
    return _frame(
        con,
        "projects",
        customer_id=customer_id,
        search=_search(search),
        active_only=active_only,
        limit=limit,
    )


def products(
    con: Con, search: str | None = None, *, active_only: bool = True, limit: int = 200
) -> pl.DataFrame:
    """Products by SKU; only active ones unless `active_only=False` (the settings list)."""
    return _frame(con, "products", search=_search(search), active_only=active_only, limit=limit)


def statuses(con: Con) -> pl.DataFrame:
    return con.sql(queries.sql("statuses")).pl()


def quotes(
    con: Con,
    statuses: Sequence[str] | None = None,
    customer_id: int | None = None,
    search: str | None = None,
    *,
    limit: int = 100,
) -> pl.DataFrame:
    return _frame(
        con,
        "quotes",
        statuses=list(statuses) if statuses else None,
        customer_id=customer_id,
        search=_search(search),
        limit=limit,
    )


def quote_detail(con: Con, quote_id: object) -> tuple[dict, pl.DataFrame]:
    """A quote's header and lines (to show what a conversion will copy)."""
    number = load_quote(con, quote_id)["id"]
    header = fetch_row(con, queries.sql("quote_header"), {"quote_id": number})
    return header, _frame(con, "quote_lines", quote_id=number)
