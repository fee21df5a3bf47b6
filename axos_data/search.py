"""The order search: what is indexed, the word index, the one refresh hook, and the lookup.

A search text matches an order when every word of it starts one of the order's words (its
number, title, customer name, customer reference). Prefix lookups in a sorted word table
take milliseconds where scanning a million orders' texts takes tens of them.

`INDEXED` is the one definition of the indexed texts: the SQL that builds the index
(queries/search.sql, also used by `axos check`) is filled in from it, and the writes ask it
whether a change needs a refresh. Every write that changes an indexed text calls
`refresh_orders` (order writes) or `refresh_orders_of` (a renamed company, contact, employee
or project) inside its transaction.

Words are split twice, by `words` (what the user types) and by the SQL (what is stored):
both take the NFC form (so "é" typed as e + combining accent is the letter é), lower-case it
one character at a time, and split on anything that is not a letter or a digit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import duckdb

from axos_data import queries
from axos_data.errors import InvalidChoice

MAX_WORDS = 6
# Letters and digits in any script (æøå, Sami letters …), like '[^\pL\pN]+' in the SQL.
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True)
class Indexed:
    """One indexed text of an order: an orders column, or the name of the record it points at."""

    column: str  # the orders column holding the text, or pointing at the record
    record: str | None = None  # the record kind whose `name` is indexed ("company" …)
    whole: bool = False  # also stored whole, as one term (a reference like "po-4711")


INDEXED: tuple[Indexed, ...] = (
    Indexed("order_no"),
    Indexed("title"),
    Indexed("customer_id", record="company"),
    Indexed("customer_ref", whole=True),
)

# Record kinds a rename can concern, and their tables (for `refresh_orders_of`).
RECORD_TABLES = {
    "company": "companies",
    "contact": "contacts",
    "employee": "employees",
    "project": "projects",
}

# The orders columns whose change makes an order's index rows stale.
INDEXED_ORDER_COLUMNS = frozenset(field.column for field in INDEXED)


def _lower(char: str) -> str:
    # One character at a time, one character out, as DuckDB's lower() does: str.lower()
    # would give "ς" for a final Σ and "i̇" (two characters) for "İ".
    low = char.lower()
    return low if len(low) == 1 else low[0]


def normal_words(text: str) -> list[str]:
    """Every lower-case word of a text, in order, split as the SQL index splits it."""
    nfc = unicodedata.normalize("NFC", text)
    return _WORD.findall("".join(map(_lower, nfc)))


def words(text: str | None) -> list[str]:
    """The distinct lower-case words of a search text, longest first, at most MAX_WORDS.

    Empty for a text of punctuation only ("%", " - "): a search for it matches no order."""
    found = dict.fromkeys(normal_words(text or ""))
    return sorted(found, key=len, reverse=True)[:MAX_WORDS]


def wordless_search_note(text: str | None) -> str | None:
    """What to tell a user whose search has no word at all ("%", " - "), so finds no order;
    None for a search with words, or none typed."""
    typed = (text or "").strip()
    if not typed or words(typed):
        return None
    return (
        f"Søket «{typed}» har ingen bokstaver eller tall, så ingen ordrer passer. Søk på"
        " ordrenummer, tittel, kunde eller deres referanse."
    )


def index_sql(name: str, *, listed: bool = False) -> str:
    """A query of queries/search.sql (or one including `search_terms_of_orders`, like the
    integrity check's) with the indexed texts of `INDEXED` filled in: fixed column and
    table names only, never anything typed. The orders are $first..$last, or with `listed`
    those in $order_nos."""
    texts, whole, joins = [], [], []
    for number, field in enumerate(INDEXED):
        if field.record is None:
            expression = f"CAST(o.{field.column} AS VARCHAR)"
        else:
            alias = f"r{number}"
            table = RECORD_TABLES[field.record]
            joins.append(f"LEFT JOIN {table} {alias} ON {alias}.id = o.{field.column}")
            expression = f"{alias}.name"
        texts.append(expression)
        if field.whole:
            whole.append(expression)
    return queries.sql(
        name,
        indexed_texts=", ".join(texts),
        whole_texts=", ".join(whole) or "NULL",
        indexed_joins="\n    ".join(joins),
        orders_filter=queries.sql("orders_listed" if listed else "orders_in_range"),
    )


def refresh_order_range(con: duckdb.DuckDBPyConnection, first: int, last: int) -> None:
    """Rebuild the index rows of orders first..last (bulk loads; in the caller's transaction)."""
    bounds = {"first": first, "last": last}
    con.execute(queries.sql("search_terms_delete"), bounds)
    con.execute(index_sql("search_terms_insert"), bounds)


def refresh_orders(con: duckdb.DuckDBPyConnection, order_nos: Iterable[int]) -> None:
    """The refresh hook of order writes: rebuild the index rows of these orders (inside the
    caller's transaction). Call it after any change of a column in INDEXED_ORDER_COLUMNS."""
    wanted = sorted({int(n) for n in order_nos})
    if not wanted:
        return
    if wanted[-1] - wanted[0] + 1 == len(wanted):
        # A range prunes by the orders' zone maps (one order, or a run of new ones).
        refresh_order_range(con, wanted[0], wanted[-1])
        return
    listed = {"order_nos": wanted}
    con.execute(queries.sql("search_terms_delete_listed"), listed)
    con.execute(index_sql("search_terms_insert", listed=True), listed)


def refresh_orders_of(con: duckdb.DuckDBPyConnection, kind: str, record_id: int) -> int:
    """The refresh hook of master-data writes: after a company, contact, employee or project
    was renamed, rebuild the index rows of the orders that show its name (inside the
    caller's transaction). Returns how many orders were refreshed (0 when that kind's name
    is not indexed)."""
    if kind not in RECORD_TABLES:
        raise InvalidChoice(f"Ukjent registertype «{kind}»; bruk {', '.join(RECORD_TABLES)}.")
    columns = sorted({f.column for f in INDEXED if f.record == kind})
    if not columns:
        return 0
    which = " OR ".join(f"{column} = $id" for column in columns)
    found = con.execute(
        queries.sql("search_orders_of_record", record_filter=which), {"id": record_id}
    ).fetchall()
    order_nos = [row[0] for row in found]
    refresh_orders(con, order_nos)
    return len(order_nos)


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
        refresh_order_range(con, low, high)
    sort_terms(con)
    return con.execute("SELECT count(*) FROM order_search_terms").fetchall()[0][0]
