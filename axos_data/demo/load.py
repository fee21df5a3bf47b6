"""Bulk-loading the generated demo numbers into DuckDB, one transaction per chunk.

Each chunk (orders with their lines, groups, quotes, history, activity and relations) commits
as a whole, so a load killed half-way leaves only complete orders behind.
"""

from __future__ import annotations

import datetime as dt
import sys

import duckdb
import numpy as np
import pyarrow as pa
from tqdm import tqdm

from axos_data import clock, db, queries, search
from axos_data.demo import generate as gen
from axos_data.demo import sql as demo_sql
from axos_data.demo import vocabulary as vocab
from axos_data.errors import InvalidInput
from axos_data.services.settings import update_settings

CHUNK = 50_000
SELLER = {
    "company_name": "Nordlys Systemer AS",
    "company_orgnr": "923609016",
    "company_address": "Storgata 10",
    "company_postcode": "0155",
    "company_city": "Oslo",
    "company_email": "post@nordlys.no",
    "company_bank_account": "12345678903",
}


def _vocabulary_tables(con: duckdb.DuckDBPyConnection) -> None:
    def table(table_name: str, /, **columns: list) -> None:
        size = len(next(iter(columns.values())))
        con.register("_vocabulary", pa.table({"idx": np.arange(size), **columns}))
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table_name} AS SELECT * FROM _vocabulary")
        con.unregister("_vocabulary")

    table("v_first", name=list(vocab.FIRST_NAMES))
    table("v_last", name=list(vocab.LAST_NAMES))
    table("v_word", word=list(vocab.COMPANY_WORDS))
    table("v_trade", trade=list(vocab.COMPANY_TRADES))
    table("v_form", form=list(vocab.COMPANY_FORMS))
    table("v_place", city=[c for c, _ in vocab.PLACES], postcode=[p for _, p in vocab.PLACES])
    table("v_street", street=list(vocab.STREETS))
    table(
        "v_products",
        name=[p[0] for p in vocab.PRODUCTS],
        unit=[p[1] for p in vocab.PRODUCTS],
        price=[p[2] for p in vocab.PRODUCTS],
        vat_rate=[p[3] for p in vocab.PRODUCTS],
    )
    table("v_free", text=list(vocab.FREE_TEXT_LINES))
    table("v_group_titles", title=list(vocab.GROUP_TITLES))
    table("v_titles", title=list(vocab.ORDER_TITLES))
    table("v_project_names", name=list(vocab.PROJECT_NAMES))
    table("v_comments", text=list(vocab.COMMENTS))
    table("v_status", key=list(gen.STATUS_KEYS))
    table("v_invoice", method=list(gen.INVOICE_METHODS))
    table("v_quote_status", status=list(gen.QUOTE_OPEN_STATUSES))


def reserve(con: duckdb.DuckDBPyConnection, sequence: str, count: int) -> int:
    """Take `count` consecutive values of a sequence; returns the first."""
    if count == 0:
        return 0
    assert sequence.endswith("_seq")
    low, high, n = con.execute(
        f"SELECT min(v), max(v), count(*) FROM (SELECT nextval('{sequence}') AS v FROM range(?))",
        [count],
    ).fetchall()[0]
    assert high - low + 1 == n == count, "demo load must run alone on the database"
    return low


def _require_empty(con: duckdb.DuckDBPyConnection) -> None:
    used = con.execute(
        "SELECT (SELECT count(*) FROM orders) + (SELECT count(*) FROM companies)"
        " + (SELECT count(*) FROM employees)"
    ).fetchall()[0][0]
    if used:
        raise InvalidInput(
            "Demodata lastes bare inn i en tom database. Bruk en ny fil, f.eks."
            " «axos --db data/demo.duckdb demo --orders 1000»."
        )


def _load_master_data(con: duckdb.DuckDBPyConnection, plan: gen.Plan) -> gen.Directory:
    data = gen.master_data(plan)
    with db.transaction(con):
        for name, sequence in (
            ("employees", "employee_id_seq"),
            ("companies", "company_id_seq"),
            ("contacts", "contact_id_seq"),
            ("projects", "project_id_seq"),
        ):
            assert reserve(con, sequence, data[name].num_rows) == 1
            con.register(f"m_{name}", data[name])
        reserve(con, "product_id_seq", len(vocab.PRODUCTS))
        for statement in demo_sql.MASTER_DATA.split(";\n\n"):
            uses_start = "$start_ts" in statement
            con.execute(statement, {"start_ts": plan.start_ts} if uses_start else None)
        for name in data:
            con.unregister(f"m_{name}")
    update_settings(con, 1, **SELLER)
    return gen.Directory.build(data, plan.companies)


def _ids(con: duckdb.DuckDBPyConnection, parts: dict, order_no_start: int) -> None:
    """Give the chunk its order numbers, quote ids and group ids (reserved, consecutive)."""
    orders = parts["orders"]
    n = orders["pos"].size
    orders["owner"] = np.arange(n)
    orders["order_no"] = order_no_start + orders["pos"]
    quoted = orders["from_quote"]
    first_quote = reserve(
        con, "quote_id_seq", int(quoted.sum()) + parts["open_quotes"]["owner"].size
    )
    orders["quote_id"] = np.where(quoted, first_quote + np.cumsum(quoted) - 1, -1)
    parts["open_quotes"]["quote_id"] = (
        first_quote + int(quoted.sum()) + np.arange(parts["open_quotes"]["owner"].size)
    )
    groups = orders["n_groups"]
    first_group = reserve(con, "order_group_id_seq", int(groups.sum()))
    orders["group_first"] = first_group + np.cumsum(groups) - groups
    quote_groups = np.where(quoted, groups, 0)
    first_qgroup = reserve(con, "quote_group_id_seq", int(quote_groups.sum()))
    orders["qgroup_first"] = first_qgroup + np.cumsum(quote_groups) - quote_groups
    history = parts["history"]
    ends = np.cumsum(np.bincount(history["owner"], minlength=n)) - 1
    orders["last_at"] = history["at"][ends]
    orders["steps"] = np.bincount(history["owner"], minlength=n)
    orders["status_idx"] = history["to_status"][ends]
    orders["comment_at"] = orders["created"] + (orders["last_at"] - orders["created"]) // 2


def _load_chunk(con: duckdb.DuckDBPyConnection, parts: dict, order_no_start: int) -> None:
    with db.transaction(con):
        _ids(con, parts, order_no_start)
        for name, columns in parts.items():
            con.register(f"c_{name}", pa.table(columns))
        line_amount = queries.sql("line_amount_expr")
        vat_amount = queries.sql("vat_amount_expr")
        for statement in demo_sql.CHUNK:
            con.execute(
                statement.format(
                    line_amount=line_amount,
                    vat_amount=vat_amount,
                    group_titles=len(vocab.GROUP_TITLES),
                )
            )
        orders = parts["orders"]["order_no"]
        search.refresh_order_range(con, int(orders.min()), int(orders.max()))
        for name in parts:
            con.unregister(f"c_{name}")
        con.execute(demo_sql.DROP_CHUNK_TABLES)


def load_demo(
    con: duckdb.DuckDBPyConnection,
    orders: int,
    *,
    seed: int = 42,
    end: dt.date | None = None,
    progress: bool = True,
    chunk_size: int = CHUNK,
) -> dict[str, int]:
    """Fill an empty database with `orders` realistic orders; returns row counts.

    The history runs up to the afternoon of `end`, by default yesterday: with today, demo
    events later in the day would come after the changes people make now."""
    if orders < 1:
        raise InvalidInput(f"Antall ordrer må være minst 1, ikke {orders}.")
    _require_empty(con)
    plan = gen.Plan(orders=orders, seed=seed, end=end or clock.today() - dt.timedelta(days=1))
    _vocabulary_tables(con)
    directory = _load_master_data(con, plan)
    start_no = int(
        con.execute(
            "SELECT CAST(value AS BIGINT) FROM settings WHERE key = 'order_number_start'"
        ).fetchall()[0][0]
    )
    products = gen.product_arrays()
    bar = tqdm(
        total=orders,
        unit=" ordrer",
        desc="Demodata",
        file=sys.stderr,
        disable=not progress,
        dynamic_ncols=True,
    )
    with bar:
        for index, first in enumerate(range(0, orders, chunk_size)):
            size = min(chunk_size, orders - first)
            parts = gen.chunk(plan, index, first, size, directory, products)
            _load_chunk(con, parts, start_no)
            bar.update(size)
    with db.transaction(con):
        search.sort_terms(con)
    con.execute("CHECKPOINT")
    return {
        table: con.execute(f"SELECT count(*) FROM {table}").fetchall()[0][0]
        for table in (
            "companies",
            "contacts",
            "employees",
            "projects",
            "products",
            "quotes",
            "quote_lines",
            "orders",
            "order_groups",
            "order_lines",
            "order_status_history",
            "order_activity",
        )
    }
