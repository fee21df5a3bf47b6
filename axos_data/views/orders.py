"""The read side: filtered order lists, order detail and overviews as polars DataFrames.

All SQL lives in queries/; user input reaches it only as bound parameters, and identifiers
(sort columns, overview keys) only from the whitelists below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import TYPE_CHECKING

from axos_data import money, queries, search
from axos_data.access import Con, as_id, fetch_row, fetch_rows, load_order
from axos_data.errors import InvalidChoice, UnknownCustomField, UnknownOrder, UnknownStatus
from axos_data.model import CATEGORIES, optional_text, parse_custom_value, parse_date, parse_int
from axos_data.views.frames import rows_frame
from axos_data.views.order_rows import load_order_rows
from axos_data.views.sorting import Sort

if TYPE_CHECKING:
    import polars as pl


def _optional_id(value: object, field_name: str) -> int | None:
    if value in (None, ""):
        return None
    number = as_id(value)
    if number is None:
        raise InvalidChoice(f"{field_name}: «{value}» er ikke en gyldig id.")
    return number


@dataclass
class OrderFilter:
    """What the order list is narrowed to; every field is optional."""

    statuses: Sequence[str] | None = None
    categories: Sequence[str] | None = None
    customer_id: int | None = None
    contact_id: int | None = None
    our_contact_id: int | None = None
    project_id: int | None = None
    date_from: dt.date | str | None = None
    date_to: dt.date | str | None = None
    min_total: Decimal | str | None = None
    max_total: Decimal | str | None = None
    search: str | None = None
    # custom field key -> value; an order matches when its value equals the parsed value
    custom: Mapping[str, object] | None = None

    def where(self, con: Con) -> tuple[str, dict[str, object]]:
        """The WHERE condition (whitelisted blocks of queries/order_list.sql) and its bound
        parameters, for the filters in use only. A search fills this connection's temporary
        `search_hits` table first (axos_data/search.py)."""
        params = {k: v for k, v in self.params(con).items() if v is not None}
        search_words = params.pop("search", None)
        blocks = [queries.sql(f"filter_{name}") for name in params]
        one = queries.sql("filter_custom_field")
        for number, (field_id, value) in enumerate(self._custom(con)):
            blocks.append(
                one.replace("$cf_id", f"$cf_id{number}").replace("$cf_value", f"$cf_value{number}")
            )
            params |= {f"cf_id{number}": field_id, f"cf_value{number}": value}
        if search_words:
            search.prepare_hits(con, search_words)
            blocks.append(queries.sql("filter_search_hits"))
        elif search_words is not None:
            # Typed, but no letter or digit in it ("%", " - "): no order has such a word.
            blocks.append(queries.sql("filter_nothing"))
        return "\n AND ".join(blocks or [queries.sql("filter_none")]), params

    def params(self, con: Con) -> dict[str, object]:
        """Validated values of every filter (None where unused)."""
        statuses = self._statuses(con)
        date_from = parse_date(self.date_from, "Fra dato")
        date_to = parse_date(self.date_to, "Til dato")
        typed = optional_text(self.search, "Søk")
        search_words = None if typed is None else search.words(typed)
        return {
            "statuses": statuses,
            "customer_id": _optional_id(self.customer_id, "Kunde"),
            "contact_id": _optional_id(self.contact_id, "Kontaktperson"),
            "our_contact_id": _optional_id(self.our_contact_id, "Vår kontakt"),
            "project_id": _optional_id(self.project_id, "Prosjekt"),
            "date_from": date_from,
            "date_to": date_to,
            "min_total": None
            if self.min_total in (None, "")
            else money.parse_amount(self.min_total, field="Minste beløp"),
            "max_total": None
            if self.max_total in (None, "")
            else money.parse_amount(self.max_total, field="Største beløp"),
            "search": search_words,
        }

    def _custom(self, con: Con) -> list[tuple[int, str]]:
        """(field id, value as stored) of each custom filter with a value."""
        wanted = {k: v for k, v in (self.custom or {}).items() if v not in (None, "")}
        if not wanted:
            return []
        fields = {f["key"]: f for f in custom_fields_by_key(con, list(wanted))}
        result = []
        for key, value in wanted.items():
            if key not in fields:
                raise UnknownCustomField(f"Egendefinert felt «{key}» finnes ikke.")
            result.append((fields[key]["id"], parse_custom_value(fields[key], value)))
        return result

    def _statuses(self, con: Con) -> list[str] | None:
        """The status keys to keep: the chosen statuses, narrowed to the chosen categories."""
        known = dict(con.execute("SELECT key, category FROM statuses").fetchall())
        statuses = [s for s in (self.statuses or []) if s]
        unknown = [s for s in statuses if s not in known]
        if unknown:
            raise UnknownStatus(
                f"Ukjent status «{unknown[0]}». Kjente: {', '.join(sorted(known))}."
            )
        categories = [c for c in (self.categories or []) if c]
        for category in categories:
            if category not in CATEGORIES:
                raise InvalidChoice(
                    f"Ukjent statuskategori «{category}». Bruk en av {', '.join(CATEGORIES)}."
                )
        if categories:
            in_categories = [k for k, c in known.items() if c in categories]
            statuses = [s for s in statuses if s in in_categories] if statuses else in_categories
            return statuses  # empty when the statuses and categories exclude each other
        return statuses or None


@dataclass
class OrderPage:
    total_count: int
    total_sum: Decimal
    net_sum: Decimal
    rows: pl.DataFrame
    limit: int
    offset: int


def _frame(con: Con, sql: str, params: dict[str, object]) -> pl.DataFrame:
    return con.sql(sql, params=params).pl()


def order_list(
    con: Con,
    filters: OrderFilter | None = None,
    *,
    sort: str | None = None,
    limit: int = 50,
    offset: int = 0,
    custom_fields: Iterable[str] = (),
) -> OrderPage:
    """One page of the filtered order list, with the count and sums of the whole filtered set."""
    where, params = (filters or OrderFilter()).where(con)
    # Refused, not clamped: a page size of 0 or a negative offset is a typo to point out.
    limit = parse_int(limit, "Antall per side")
    offset = parse_int(offset, "Fra rad")
    identifiers = {"order_filter": where, **Sort.parse(sort).identifiers()}
    summary = fetch_row(con, queries.sql("order_list_summary", order_filter=where), params)
    rows = _frame(
        con,
        queries.sql("order_list_page", **identifiers),
        {**params, "limit": limit, "offset": offset},
    )
    keys = list(custom_fields)
    if keys and rows.height:
        rows = _with_custom_fields(con, rows, keys)
    return OrderPage(
        total_count=summary["total_count"],
        total_sum=summary["total_sum"],
        net_sum=summary["net_sum"],
        rows=rows,
        limit=limit,
        offset=offset,
    )


def _with_custom_fields(con: Con, rows: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    values = _frame(
        con,
        queries.sql("custom_values_for_orders"),
        {"order_nos": rows["order_no"].to_list(), "keys": keys},
    )
    import polars as pl

    for key in keys:
        column = values.filter(pl.col("key") == key).select(
            "order_no", pl.col("value").alias(f"cf_{key}")
        )
        rows = rows.join(column, on="order_no", how="left", maintain_order="left")
    return rows


def export_orders(
    con: Con,
    filters: OrderFilter | None = None,
    *,
    sort: str | None = None,
    custom_fields: Iterable[str] = (),
) -> pl.DataFrame:
    """Every order of the filtered set (for CSV/Excel downloads), with a `cf_<key>` column per
    custom field asked for."""
    where, params = (filters or OrderFilter()).where(con)
    rows = _frame(
        con,
        queries.sql("order_list_export", order_filter=where, **Sort.parse(sort).identifiers()),
        params,
    )
    keys = list(custom_fields)
    return _with_custom_fields(con, rows, keys) if keys and rows.height else rows


def custom_fields_by_key(con: Con, keys: list[str]) -> list[dict]:
    return fetch_rows(con, queries.sql("custom_fields_by_key"), {"keys": keys})


_LINE_SCHEMA = {
    "id": "Int64",
    "group_id": "Int64",
    "group_title": "String",
    "position": "Int32",
    "product_id": "Int64",
    "product_sku": "String",
    "description": "String",
    "quantity": "Decimal(18,3)",
    "unit": "String",
    "unit_price": "Decimal(18,4)",
    "discount_pct": "Decimal(5,2)",
    "vat_rate": "Int16",
    "amount": "Decimal(18,2)",
}
_GROUP_SCHEMA = {
    "id": "Int64",
    "title": "String",
    "position": "Int32",
    "line_count": "Int64",
    "subtotal": "Decimal(38,2)",
}
_VAT_SCHEMA = {"rate": "Int16", "base": "Decimal(38,2)", "amount": "Decimal(38,2)"}


@dataclass
class OrderDetail:
    """One order as plain rows (`group_rows`, `line_rows`); `groups`, `lines` and `vat` are
    the same as DataFrames, built on first use (most readers never need them)."""

    header: dict
    group_rows: tuple[dict, ...]
    line_rows: tuple[dict, ...]
    totals: money.Totals
    custom_values: list[dict] = field(default_factory=list)

    @property
    def order_no(self) -> int:
        return self.header["order_no"]

    @cached_property
    def groups(self) -> pl.DataFrame:
        return rows_frame(self.group_rows, _GROUP_SCHEMA)

    @cached_property
    def lines(self) -> pl.DataFrame:
        return rows_frame(self.line_rows, _LINE_SCHEMA)

    @cached_property
    def vat(self) -> pl.DataFrame:
        rows = [{"rate": v.rate, "base": v.base, "amount": v.amount} for v in self.totals.vat]
        return rows_frame(rows, _VAT_SCHEMA)


def order_detail(con: Con, order_no: object) -> OrderDetail:
    """Header, groups with subtotals, lines, VAT per rate and totals of one order.

    Two statements (the header; groups, lines, custom fields); see views/order_rows.py.
    """
    number = as_id(order_no)
    if number is None:
        raise UnknownOrder(f"«{order_no}» er ikke et ordrenummer.")
    rows = load_order_rows(con, [number]).get(number)
    if rows is None:
        raise UnknownOrder(f"Ordre {number} finnes ikke.")
    return OrderDetail(
        header=rows.header,
        group_rows=rows.groups,
        line_rows=rows.lines,
        totals=rows.totals,
        custom_values=list(rows.custom_values),
    )


def order_activity(con: Con, order_no: object) -> pl.DataFrame:
    number = load_order(con, order_no)["order_no"]
    return _frame(con, queries.sql("order_activity"), {"order_no": number})


def status_history(con: Con, order_no: object) -> pl.DataFrame:
    number = load_order(con, order_no)["order_no"]
    return _frame(con, queries.sql("order_status_history"), {"order_no": number})


def order_relations(con: Con, order_no: object) -> pl.DataFrame:
    number = load_order(con, order_no)["order_no"]
    return _frame(con, queries.sql("order_relations"), {"order_no": number})


def totals_mismatches(con: Con, order_nos: Sequence[int] | None = None) -> pl.DataFrame:
    """Orders whose stored totals or line amounts disagree with a recomputation from lines."""
    return _frame(
        con,
        queries.sql("totals_mismatches"),
        {"order_nos": list(order_nos) if order_nos is not None else None},
    )


def recomputed_totals(con: Con, order_nos: Sequence[int] | None = None) -> pl.DataFrame:
    return _frame(
        con,
        queries.sql("recomputed_totals"),
        {"order_nos": list(order_nos) if order_nos is not None else None},
    )
