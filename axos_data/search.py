"""The order search: the word index (refreshed by the services) and the lookup.

A search text matches an order when every word of it starts one of the order's words (its
number, title, customer name, customer reference). Prefix lookups in a sorted word table
take milliseconds where scanning a million orders' texts takes tens of them.
"""

from __future__ import annotations

import re

import duckdb

from axos_data import queries

MAX_WORDS = 6
# Letters and digits in any script (æøå, Sami letters …), like '[^\pL\pN]+' in the SQL.
_WORD = re.compile(r"[^\W_]+")


def words(text: str | None) -> list[str]:
    """The distinct lower-case words of a search text, longest first, at most MAX_WORDS."""
    found = dict.fromkeys(_WORD.findall((text or "").lower()))
    return sorted(found, key=len, reverse=True)[:MAX_WORDS]


def refresh_terms(con: duckdb.DuckDBPyConnection, first: int, last: int | None = None) -> None:
    """Rebuild the index rows of orders first..last (inside the caller's transaction)."""
    bounds = {"first": first, "last": first if last is None else last}
    con.execute(queries.sql("search_terms_delete"), bounds)
    con.execute(queries.sql("search_terms_insert"), bounds)


def sort_terms(con: duckdb.DuckDBPyConnection) -> None:
    """Rewrite the index in term order (after bulk loads, or as maintenance)."""
    con.execute(queries.sql("search_terms_sorted"))


def prepare_hits(con: duckdb.DuckDBPyConnection, search_words: list[str]) -> None:
    """Fill this connection's temporary `search_hits` with the orders matching every word.

    A temp table rather than a subquery: DuckDB then knows how few the hits are and joins
    them into `orders` from the small side.
    """
    one = queries.sql("search_word")
    parts = [one.replace("$word", f"$word{i}") for i in range(len(search_words))]
    con.execute(
        queries.sql("search_hits_create", search_words="\nINTERSECT\n".join(parts)),
        {f"word{i}": word for i, word in enumerate(search_words)},
    )


def rebuild(con: duckdb.DuckDBPyConnection) -> int:
    """Rebuild the whole index from the orders and sort it; returns the number of words."""
    low, high = con.execute("SELECT min(order_no), max(order_no) FROM orders").fetchall()[0]
    if low is not None:
        refresh_terms(con, low, high)
    sort_terms(con)
    return con.execute("SELECT count(*) FROM order_search_terms").fetchall()[0][0]
