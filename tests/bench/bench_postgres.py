"""The project side by side with PostgreSQL 15 on the same orders (run on demand, prints medians).

    uv run python tests/bench/bench_postgres.py [--db /tmp/bench1m.duckdb] [--orders 1000000]
        [--reuse] [--runs 25]

Starts a throw-away PostgreSQL cluster in a temporary folder (unix socket only, no TCP), loads
the tables of the DuckDB demo database into it (DuckDB writes CSV, PostgreSQL COPYs it),
adds the indexes a DBA would add, then times the same reads and writes in both: the project
through its library, PostgreSQL through psycopg with the plain SQL an application would send
(the order detail and overviews as the few statements they take, the search through the same
word table with a prefix index). Prints medians and project ÷ PostgreSQL; stops the cluster
and deletes its folder at the end. Without the PostgreSQL binaries or psycopg it says so and
exits. When run as root, PostgreSQL runs as the `postgres` account (it refuses root).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

import axos_data as ax
from axos_data import search

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_library import load, median_ms  # the same demo load and timing as the library's

TABLES = (
    "companies",
    "contacts",
    "employees",
    "projects",
    "products",
    "statuses",
    "status_transitions",
    "quotes",
    "orders",
    "order_groups",
    "order_lines",
    "order_status_history",
    "order_activity",
    "order_search_terms",
    "custom_fields",
    "custom_field_values",
)

# What a DBA adds for these queries: every foreign-key-like column that is filtered on, the
# status with the list's sort key, and a prefix index on the search words.
INDEXES = (
    "CREATE INDEX ON orders (customer_id)",
    "CREATE INDEX ON orders (contact_id)",
    "CREATE INDEX ON orders (our_contact_id)",
    "CREATE INDEX ON orders (project_id)",
    "CREATE INDEX ON orders (status, order_no)",
    "CREATE INDEX ON order_lines (order_no)",
    "CREATE INDEX ON order_groups (order_no)",
    "CREATE INDEX ON order_status_history (order_no)",
    "CREATE INDEX ON order_activity (order_no)",
    "CREATE INDEX ON order_search_terms (term text_pattern_ops, order_no)",
    "CREATE INDEX ON custom_field_values (order_no)",
    "CREATE INDEX ON contacts (company_id)",
)

PG_TYPES = {
    "BIGINT": "bigint",
    "INTEGER": "integer",
    "SMALLINT": "smallint",
    "BOOLEAN": "boolean",
    "DATE": "date",
    "VARCHAR": "text",
    "TIMESTAMP WITH TIME ZONE": "timestamptz",
    "JSON": "jsonb",
}


def pg_type(duck_type: str) -> str:
    if duck_type.startswith("DECIMAL"):
        return duck_type.replace("DECIMAL", "numeric")
    return PG_TYPES[duck_type]


def pg_bin_dir() -> Path | None:
    found = shutil.which("postgres") or shutil.which("postgres", path="/usr/local/bin")
    if found:
        return Path(os.path.realpath(found)).parent
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/postgres"))
    return candidates[-1].parent if candidates else None


def free_port() -> int:
    # The port only names the unix socket (.s.PGSQL.<port>); still pick one no one uses.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def cluster(bin_dir: Path) -> Iterator[tuple[str, Path]]:
    """A running throw-away cluster: yields (conninfo, folder); stops it and deletes the
    folder afterwards, also on errors and Ctrl-C."""
    folder = Path(tempfile.mkdtemp(prefix="axos-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:
        account = pwd.getpwnam("postgres")
        os.chown(folder, account.pw_uid, account.pw_gid)
        run_as = ["runuser", "-u", "postgres", "--"]
    folder.chmod(0o755)
    data, port = folder / "data", free_port()
    started = False
    try:
        subprocess.run(
            [*run_as, str(bin_dir / "initdb"), "-D", str(data), "-U", "bench",
             "--auth=trust", "-E", "UTF8", "--locale=C"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        options = (
            f"-c listen_addresses='' -c unix_socket_directories='{folder}' -p {port}"
            " -c shared_buffers=512MB -c work_mem=32MB -c maintenance_work_mem=512MB"
            " -c max_wal_size=4GB"
        )
        subprocess.run(
            [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options,
             "-l", str(folder / "server.log"), "-w", "start"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        started = True
        yield f"host={folder} port={port} user=bench dbname=postgres", folder
    finally:
        if started:
            subprocess.run(
                [*run_as, str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "-w", "stop"],
                check=False, stdout=subprocess.DEVNULL,
            )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)


def copy_tables(duck: duckdb.DuckDBPyConnection, pg, folder: Path) -> None:
    """Same tables, same rows: DuckDB writes each table as CSV, PostgreSQL COPYs it in."""
    start = time.perf_counter()
    for table in TABLES:
        columns = duck.execute(
            "SELECT column_name, data_type FROM information_schema.columns"
            " WHERE table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
        keys = duck.execute(
            "SELECT constraint_column_names FROM duckdb_constraints()"
            " WHERE table_name = ? AND constraint_type = 'PRIMARY KEY'",
            [table],
        ).fetchall()
        ddl = ", ".join(f"{name} {pg_type(kind)}" for name, kind in columns)
        if keys:
            ddl += f", PRIMARY KEY ({', '.join(keys[0][0])})"
        pg.execute(f"CREATE TABLE {table} ({ddl})")
        csv = folder / f"{table}.csv"
        duck.execute(f"COPY {table} TO '{csv}' (FORMAT csv, HEADER false)")
        csv.chmod(0o644)
        pg.execute(f"COPY {table} FROM '{csv}' (FORMAT csv)")
        csv.unlink()
    for table in ("order_status_history", "order_activity"):
        pg.execute(f"CREATE SEQUENCE {table}_seq")
        pg.execute(f"SELECT setval('{table}_seq', (SELECT coalesce(max(id), 0) + 1 FROM {table}))")
        pg.execute(f"ALTER TABLE {table} ALTER COLUMN id SET DEFAULT nextval('{table}_seq')")
    loaded = time.perf_counter() - start
    start = time.perf_counter()
    for index in INDEXES:
        pg.execute(index)
    pg.execute("VACUUM ANALYZE")
    print(
        f"PostgreSQL: loaded {len(TABLES)} tables in {loaded:.0f} s,"
        f" indexes + VACUUM ANALYZE in {time.perf_counter() - start:.0f} s"
    )


# The SQL an application on PostgreSQL would send: the project's read queries as they were
# before they were merged for DuckDB (one statement per part), in PostgreSQL's dialect.
PG_DETAIL = (
    """SELECT o.order_no, o.title, o.status, s.label AS status_label,
       s.category AS status_category, s.is_final AS status_is_final,
       o.customer_id, c.name AS customer_name, c.orgnr AS customer_orgnr,
       c.address AS customer_address, c.postcode AS customer_postcode,
       c.city AS customer_city, c.country AS customer_country, c.email AS customer_email,
       o.contact_id, ct.name AS contact_name, ct.email AS contact_email,
       ct.phone AS contact_phone, o.our_contact_id, e.name AS our_contact_name,
       e.email AS our_contact_email, o.project_id, pr.name AS project_name, o.quote_id,
       q.title AS quote_title, o.order_date, o.delivery_date, o.customer_ref,
       o.payment_terms_days, o.invoice_method, o.currency, o.net_total, o.vat_total, o.total,
       o.created_at, o.updated_at, o.version
    FROM orders o
    JOIN companies c ON c.id = o.customer_id
    JOIN statuses s ON s.key = o.status
    LEFT JOIN contacts ct ON ct.id = o.contact_id
    LEFT JOIN employees e ON e.id = o.our_contact_id
    LEFT JOIN projects pr ON pr.id = o.project_id
    LEFT JOIN quotes q ON q.id = o.quote_id
    WHERE o.order_no = %(n)s""",
    """SELECT g.id, g.title, g.position, count(l.id) AS line_count,
       coalesce(sum(l.amount), 0)::numeric(38, 2) AS subtotal
    FROM order_groups g
    LEFT JOIN order_lines l ON l.group_id = g.id AND l.order_no = g.order_no
    WHERE g.order_no = %(n)s
    GROUP BY g.id, g.title, g.position ORDER BY g.position""",
    """SELECT l.id, l.group_id, g.title AS group_title, l.position, l.product_id,
       p.sku AS product_sku, l.description, l.quantity, l.unit, l.unit_price,
       l.discount_pct, l.vat_rate, l.amount
    FROM order_lines l
    LEFT JOIN order_groups g ON g.id = l.group_id
    LEFT JOIN products p ON p.id = l.product_id
    WHERE l.order_no = %(n)s
    ORDER BY g.position NULLS FIRST, l.position""",
    """SELECT vat_rate AS rate, base, round(base * vat_rate * 0.01, 2) AS amount
    FROM (SELECT vat_rate, sum(amount) AS base FROM order_lines
          WHERE order_no = %(n)s GROUP BY vat_rate) v
    ORDER BY vat_rate DESC""",
    """SELECT f.key, f.label, f.field_type, v.value
    FROM custom_fields f
    LEFT JOIN custom_field_values v ON v.field_id = f.id AND v.order_no = %(n)s
    WHERE f.active ORDER BY f.position""",
)

PG_RECORDS = {
    "customer": "SELECT id, name, orgnr, address, postcode, city, country, email"
    " FROM companies WHERE id = %(key)s",
    "employee": "SELECT id, name, email, role, active FROM employees WHERE id = %(key)s",
}

PG_OVERVIEW = (
    """WITH mine AS (
        SELECT status, count(*) AS order_count, sum(total) AS total_sum,
               min(order_date) AS first_order_date, max(order_date) AS last_order_date
        FROM orders o WHERE o.{col} = %(key)s GROUP BY status)
    SELECT s.key AS status, s.label AS status_label, s.category, s.position,
           coalesce(m.order_count, 0) AS order_count, coalesce(m.total_sum, 0) AS total_sum,
           m.first_order_date, m.last_order_date
    FROM statuses s LEFT JOIN mine m ON m.status = s.key ORDER BY s.position""",
    """SELECT o.order_no, o.title, o.status, s.label AS status_label,
           c.name AS customer_name, o.order_date, o.total
    FROM orders o
    JOIN statuses s ON s.key = o.status
    JOIN companies c ON c.id = o.customer_id
    WHERE o.{col} = %(key)s
    ORDER BY o.order_date DESC, o.order_no DESC LIMIT 10""",
    """SELECT date_trunc('month', o.order_date)::date AS month, o.status,
           s.label AS status_label, s.position AS status_position, count(*) AS order_count,
           sum(o.total) AS total_sum
    FROM orders o JOIN statuses s ON s.key = o.status
    WHERE o.{col} = %(key)s
    GROUP BY 1, 2, 3, 4 ORDER BY month, status_position""",
)

PG_LIST_SUMMARY = """SELECT count(*), coalesce(sum(o.net_total), 0), coalesce(sum(o.total), 0)
    FROM orders o WHERE o.status = ANY(%(statuses)s) {search}"""
PG_LIST_PAGE = """WITH page AS (
        SELECT o.order_no FROM orders o WHERE o.status = ANY(%(statuses)s) {search}
        ORDER BY o.order_no DESC LIMIT 50 OFFSET %(offset)s)
    SELECT o.order_no, o.title, o.status, s.label AS status_label,
           s.category AS status_category, o.customer_id, c.name AS customer_name,
           c.orgnr AS customer_orgnr, o.contact_id, ct.name AS contact_name,
           o.our_contact_id, e.name AS our_contact_name, o.project_id,
           pr.name AS project_name, o.quote_id, o.order_date, o.delivery_date,
           o.customer_ref, o.payment_terms_days, o.invoice_method, o.currency, o.net_total,
           o.vat_total, o.total, o.created_at, o.updated_at, o.version
    FROM page JOIN orders o ON o.order_no = page.order_no
    JOIN companies c ON c.id = o.customer_id
    JOIN statuses s ON s.key = o.status
    LEFT JOIN contacts ct ON ct.id = o.contact_id
    LEFT JOIN employees e ON e.id = o.our_contact_id
    LEFT JOIN projects pr ON pr.id = o.project_id
    ORDER BY o.order_no DESC"""


def pg_search_filter(words: list[str]) -> tuple[str, dict]:
    """Every word must start one of the order's words (the project's rule), through the
    prefix index; the words are letters and digits only (search.words), so LIKE is safe."""
    blocks = [
        f"o.order_no IN (SELECT order_no FROM order_search_terms WHERE term LIKE %(w{i})s)"
        for i in range(len(words))
    ]
    return " AND " + " AND ".join(blocks), {f"w{i}": w + "%" for i, w in enumerate(words)}


def pg_change_status(pg, actor: int, order_no: int, target: str, note: str | None) -> None:
    """The same steps as axos change_status: actor, order (locked), flow, update, history,
    activity — one transaction."""
    with pg.transaction():
        pg.execute("SELECT id, name, role, active FROM employees WHERE id = %s", [actor])
        current = pg.execute(
            "SELECT status FROM orders WHERE order_no = %s FOR UPDATE", [order_no]
        ).fetchone()[0]
        pg.execute(
            "SELECT key, label, category, position, is_final, NULL AS target FROM statuses"
            " UNION ALL SELECT from_status, NULL, NULL, NULL, NULL, to_status"
            " FROM status_transitions"
        ).fetchall()
        pg.execute(
            "UPDATE orders SET version = version + 1, updated_at = now(), status = %s"
            " WHERE order_no = %s",
            [target, order_no],
        )
        pg.execute(
            "INSERT INTO order_status_history (order_no, from_status, to_status, changed_at,"
            " changed_by, note) VALUES (%s, %s, %s, now(), %s, %s)",
            [order_no, current, target, actor, note],
        )
        pg.execute(
            "INSERT INTO order_activity (order_no, occurred_at, actor_id, kind, message, data)"
            " VALUES (%s, now(), %s, 'status_changed', %s, %s)",
            [order_no, actor, f"Status endret til {target}", json.dumps({"to": target})],
        )


def compare(duck, pg, runs: int) -> list[tuple[str, float, float]]:
    def keys(sql: str) -> list[int]:
        return [r[0] for r in duck.execute(sql).fetchall()]

    big = keys("SELECT customer_id FROM orders GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 40")
    small = keys(
        "SELECT customer_id FROM orders GROUP BY 1 HAVING count(*) BETWEEN 10 AND 30"
        " ORDER BY 1 LIMIT 40"
    )
    employees = keys("SELECT id FROM employees ORDER BY id LIMIT 40")
    first, last = duck.execute("SELECT min(order_no), max(order_no) FROM orders").fetchall()[0]
    order_nos = [first + (last - first) * k // 97 for k in range(97)]
    open_orders = keys(
        f"SELECT order_no FROM orders WHERE status = 'under_arbeid' ORDER BY order_no"
        f" LIMIT {runs + 5}"
    )
    admin = keys("SELECT min(id) FROM employees WHERE role = 'admin'")[0]
    searches = ["bygg", "kantine", "fjord", "po-1234", "server", "nett", "helse", "10500"]
    closed = [
        r[0] for r in duck.execute("SELECT key FROM statuses WHERE category = 'closed'").fetchall()
    ]

    def pg_detail(i: int) -> None:
        for sql in PG_DETAIL:
            pg.execute(sql, {"n": order_nos[i % len(order_nos)]}).fetchall()

    def pg_overview(kind: str, col: str, pool: list[int]) -> Callable[[int], None]:
        def run(i: int) -> None:
            params = {"key": pool[i % len(pool)]}
            pg.execute(PG_RECORDS[kind], params).fetchall()
            for sql in PG_OVERVIEW:
                pg.execute(sql.format(col=col), params).fetchall()

        return run

    def ax_overview(kind: str, pool: list[int]) -> Callable[[int], None]:
        return lambda i: ax.views.overview(duck, kind, pool[i % len(pool)])

    def pg_listing(i: int) -> None:
        words = search.words(searches[i % len(searches)])
        where, params = pg_search_filter(words)
        params.update(statuses=closed, offset=0)
        pg.execute(PG_LIST_SUMMARY.format(search=where), params).fetchall()
        pg.execute(PG_LIST_PAGE.format(search=where), params).fetchall()

    def ax_listing(i: int) -> None:
        filters = ax.views.OrderFilter(categories=["closed"], search=searches[i % len(searches)])
        ax.views.order_list(duck, filters)

    def pg_paging(i: int) -> None:
        params = {"statuses": ["fakturert"], "offset": i * 50}
        pg.execute(PG_LIST_SUMMARY.format(search=""), params).fetchall()
        pg.execute(PG_LIST_PAGE.format(search=""), params).fetchall()

    def ax_paging(i: int) -> None:
        ax.views.order_list(duck, ax.views.OrderFilter(statuses=["fakturert"]), offset=i * 50)

    def pg_status(i: int) -> None:
        order_no = open_orders[i % len(open_orders)]
        pg_change_status(pg, admin, order_no, "klar_til_fakturering", "benchmark")
        pg_change_status(pg, admin, order_no, "under_arbeid", None)

    def ax_status(i: int) -> None:
        order_no = open_orders[i % len(open_orders)]
        ax.change_status(duck, admin, order_no, "klar_til_fakturering", note="benchmark")
        ax.change_status(duck, admin, order_no, "under_arbeid")

    cases = [
        ("order detail", lambda i: ax.views.order_detail(duck, order_nos[i % 97]), pg_detail),
        (
            "overview, small customer",
            ax_overview("customer", small),
            pg_overview("customer", "customer_id", small),
        ),
        (
            "overview, employee",
            ax_overview("employee", employees),
            pg_overview("employee", "our_contact_id", employees),
        ),
        (
            "overview, big customer",
            ax_overview("customer", big),
            pg_overview("customer", "customer_id", big),
        ),
        ("list, search + first page + count", ax_listing, pg_listing),
        ("list, status filter paging", ax_paging, pg_paging),
        ("status change (2 changes ÷ 2)", ax_status, pg_status),
    ]
    results = []
    for name, project, postgres in cases:
        divisor = 2 if name.startswith("status change") else 1
        results.append(
            (
                name,
                median_ms(project, runs, warmup=3) / divisor,
                median_ms(postgres, runs, warmup=3) / divisor,
            )
        )
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true", help="Keep an existing database.")
    parser.add_argument("--runs", type=int, default=25)
    args = parser.parse_args()
    bin_dir = pg_bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        print(
            "skipped: the PostgreSQL server binaries (initdb, pg_ctl, postgres) are not installed"
        )
        return
    try:
        import psycopg
    except ImportError:
        print("skipped: psycopg is not installed (uv sync installs the dev group)")
        return
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            print("skipped: PostgreSQL refuses to run as root and there is no `postgres` account")
            return
    if not (args.reuse and args.db.exists()):
        load(args.db, args.orders)
    duck = ax.connect(args.db)
    with (
        cluster(bin_dir) as (conninfo, folder),
        psycopg.connect(conninfo, autocommit=True) as pg,
    ):
        copy_tables(duck, pg, folder)
        results = compare(duck, pg, args.runs)
    duck.close()
    width = max(len(name) for name, *_ in results)
    print(f"{'median, ms':{width}}  {'project':>8}  {'Postgres':>8}  project ÷ PG")
    for name, project, postgres in results:
        print(f"{name:{width}}  {project:8.1f}  {postgres:8.1f}  {project / postgres:8.2f}")


if __name__ == "__main__":
    main()
