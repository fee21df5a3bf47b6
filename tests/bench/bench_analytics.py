"""Pipeline analytics on the 1,000,000-order demo database, next to PostgreSQL 15 (run on
demand, prints medians).

    python -m tests.bench.bench_analytics [--db /tmp/bench1m.duckdb] [--runs 9] [--no-postgres]

The database must have migration 014 (it is opened read-only, so migrate a copy first).

Opens the database read-only and times every function of views.analytics.ANALYTICS through
the library, for three filters: all orders, the last twelve months of order dates, and one
employee. Then, unless --no-postgres, starts the throw-away PostgreSQL cluster of
bench_postgres, loads the tables the analytics read (DuckDB writes CSV, PostgreSQL COPYs it),
adds the indexes a DBA would add, and times the same queries in PostgreSQL's dialect as an
application would send them (the window and DISTINCT forms PostgreSQL handles well, with
indexes). Prints project ms, PostgreSQL ms and the ratio per query and filter.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import pwd
import statistics
import subprocess
import time
from pathlib import Path

import duckdb

from axos_data import clock
from axos_data.views import analytics as an
from tests.bench import bench_postgres as pgb

# What the analytics read; bench_postgres loads these instead of its own list.
TABLES = (
    "companies",
    "employees",
    "projects",
    "statuses",
    "status_transitions",
    "quotes",
    "orders",
    "order_status_history",
)
INDEXES = (
    "CREATE INDEX ON orders (customer_id)",
    "CREATE INDEX ON orders (our_contact_id)",
    "CREATE INDEX ON orders (project_id)",
    "CREATE INDEX ON orders (order_date, order_no)",
    "CREATE INDEX ON order_status_history (order_no, id)",
    "CREATE INDEX ON order_status_history (to_status, order_no)",
    "CREATE INDEX ON quotes (quote_date)",
)

GRAIN = "month"
OPTIONS = {"value_by": {"dimension": "customer"}}


def filters(duck) -> dict[str, an.AnalyticsFilter]:
    last = duck.execute("SELECT max(order_date) FROM orders").fetchone()[0]
    busiest = duck.execute(
        "SELECT our_contact_id FROM orders GROUP BY 1 ORDER BY count(*) DESC LIMIT 1"
    ).fetchone()[0]
    year_ago = last - dt.timedelta(days=364)
    return {
        "alle": an.AnalyticsFilter(),
        "12 mnd": an.AnalyticsFilter(date_from=year_ago, date_to=last),
        "1 ansatt": an.AnalyticsFilter(employee_id=busiest),
    }


def options(key: str) -> dict:
    analysis = an.ANALYTICS[key]
    return OPTIONS.get(key, {"grain": GRAIN} if "grain" in analysis.options else {})


# --- PostgreSQL: the same queries in its dialect ---------------------------------------

PG_WHERE = {
    "date_from": "o.order_date >= %(date_from)s",
    "date_to": "o.order_date <= %(date_to)s",
    "employee_id": "o.our_contact_id = %(employee_id)s",
    "customer_id": "o.customer_id = %(customer_id)s",
    "project_id": "o.project_id = %(project_id)s",
    "status_category": "o.status IN"
    " (SELECT key FROM statuses WHERE category = %(status_category)s)",
}
PG_QUOTE_WHERE = {
    "date_from": "q.quote_date >= %(date_from)s",
    "date_to": "q.quote_date <= %(date_to)s",
    "employee_id": "q.our_contact_id = %(employee_id)s",
    "customer_id": "q.customer_id = %(customer_id)s",
    "project_id": "q.project_id = %(project_id)s",
}
MINE = "mine AS MATERIALIZED (SELECT o.order_no, o.total, o.order_date FROM orders o WHERE {where})"

PG = {
    "status_over_time": """
SELECT date_trunc('{grain}', o.order_date)::date AS period, o.status, s.label, s.category,
       s.position, count(*), sum(o.total)::float8
FROM orders o JOIN statuses s ON s.key = o.status
WHERE {where}
GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 5""",
    "open_value": f"""
WITH {MINE}, openness AS (
    SELECT key, category IN ('open', 'invoicing') AS is_open FROM statuses
), deltas AS (
    SELECT date_trunc('{{grain}}', h.changed_at AT TIME ZONE 'Europe/Oslo')::date AS period,
           sum(t.is_open::int - coalesce(f.is_open, false)::int) AS c,
           sum((t.is_open::int - coalesce(f.is_open, false)::int) * m.total) AS v
    FROM order_status_history h
    JOIN mine m ON m.order_no = h.order_no
    JOIN openness t ON t.key = h.to_status
    LEFT JOIN openness f ON f.key = h.from_status
    WHERE t.is_open <> coalesce(f.is_open, false)
    GROUP BY 1
), periods AS (
    SELECT generate_series(date_trunc('{{grain}}', min(order_date)),
                           date_trunc('{{grain}}', max(order_date)),
                           interval '1 {{grain}}')::date AS period
    FROM mine
), running AS (
    SELECT period, sum(c) OVER w AS open_count, sum(v) OVER w AS open_value
    FROM (SELECT period, c, v FROM deltas UNION ALL SELECT period, 0, 0 FROM periods) x
    WINDOW w AS (ORDER BY period)
)
SELECT p.period, coalesce(max(r.open_count), 0), coalesce(max(r.open_value), 0)::float8
FROM periods p LEFT JOIN running r ON r.period = p.period
GROUP BY 1 ORDER BY 1""",
    "funnel": f"""
WITH {MINE}, reached AS (
    SELECT e.status, count(*) AS reached, sum(m.total)::float8 AS reached_value
    FROM (SELECT DISTINCT h.order_no, h.to_status AS status
          FROM order_status_history h
          WHERE h.order_no IN (SELECT order_no FROM mine)) e
    JOIN mine m ON m.order_no = e.order_no
    GROUP BY 1
), previous AS (
    SELECT DISTINCT ON (t.to_status) t.to_status AS status, t.from_status AS previous_status
    FROM status_transitions t
    JOIN statuses f ON f.key = t.from_status
    JOIN statuses s ON s.key = t.to_status
    WHERE f.position < s.position
    ORDER BY t.to_status, f.position
)
SELECT s.key, s.label, coalesce(r.reached, 0), coalesce(r.reached_value, 0),
       p.previous_status
FROM statuses s
LEFT JOIN reached r ON r.status = s.key
LEFT JOIN previous p ON p.status = s.key
ORDER BY s.position""",
    # Both read previous_at (migration 014) as the project does: one row per finished stint;
    # the ongoing one is the latest row of each order whose status is not final.
    "time_in_status": f"""
WITH {MINE}, current AS (
    SELECT DISTINCT ON (h.order_no) h.to_status AS status, h.changed_at
    FROM order_status_history h
    WHERE h.order_no IN (SELECT m.order_no FROM mine m JOIN orders o ON o.order_no = m.order_no
                         JOIN statuses s ON s.key = o.status WHERE NOT s.is_final)
    ORDER BY h.order_no, h.id DESC
), measured AS (
    SELECT h.from_status AS status, false AS ongoing,
           extract(epoch FROM h.changed_at - h.previous_at) / 86400 AS days
    FROM order_status_history h
    WHERE h.previous_at IS NOT NULL AND h.order_no IN (SELECT order_no FROM mine)
    UNION ALL
    SELECT status, true, extract(epoch FROM %(now)s - changed_at) / 86400 FROM current
)
SELECT m.status, count(*), count(*) FILTER (WHERE ongoing),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY days)
FROM measured m JOIN statuses s ON s.key = m.status
WHERE NOT s.is_final
GROUP BY m.status""",
    "time_in_status_trend": f"""
WITH {MINE}, finished AS (
    SELECT h.changed_at, h.from_status, extract(epoch FROM h.changed_at - h.previous_at) AS s
    FROM order_status_history h
    WHERE h.previous_at IS NOT NULL AND h.order_no IN (SELECT order_no FROM mine)
)
SELECT date_trunc('{{grain}}', changed_at AT TIME ZONE 'Europe/Oslo')::date AS period,
       from_status, count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY s),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY s)
FROM finished
GROUP BY 1, 2 ORDER BY 1, 2""",
    "quote_conversion": """
SELECT date_trunc('{grain}', q.quote_date)::date AS period, count(*), count(o.order_no),
       count(o.order_no)::float8 / count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY o.order_date - q.quote_date),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY o.order_date - q.quote_date)
FROM quotes q LEFT JOIN orders o ON o.order_no = q.order_no
WHERE {quote_where}
GROUP BY 1 ORDER BY 1""",
    "value_by": """
WITH per AS (
    SELECT o.customer_id AS id, count(*) AS n, sum(o.total) AS v
    FROM orders o WHERE {where} GROUP BY 1
), ranked AS (
    SELECT *, row_number() OVER (ORDER BY v DESC, id NULLS LAST) AS place FROM per
), grouped AS (
    SELECT least(place, 11) AS rank, place > 10 AS is_other,
           CASE WHEN place <= 10 THEN id END AS id, sum(n) AS n, sum(v) AS v
    FROM ranked GROUP BY 1, 2, 3
)
SELECT g.rank, g.id, CASE WHEN g.is_other THEN 'Andre' ELSE c.name END, g.n, g.v::float8
FROM grouped g LEFT JOIN companies c ON c.id = g.id
ORDER BY g.rank""",
    "cohorts": """
SELECT cohort_month, status, label, n, v,
       n::float8 / sum(n) OVER (PARTITION BY cohort_month)
FROM (SELECT date_trunc('month', o.order_date)::date AS cohort_month, o.status, s.label,
             s.position, count(*) AS n, sum(o.total)::float8 AS v
      FROM orders o JOIN statuses s ON s.key = o.status
      WHERE {where}
      GROUP BY 1, 2, 3, 4) c
ORDER BY cohort_month, position""",
    "dso": f"""
WITH {MINE}, marks AS (
    SELECT h.order_no,
           min(h.changed_at) FILTER (WHERE h.to_status = 'fakturert') AS invoiced_at,
           min(h.changed_at) FILTER (WHERE h.to_status = 'betalt') AS paid_at
    FROM order_status_history h
    WHERE h.to_status IN ('fakturert', 'betalt')
      AND h.order_no IN (SELECT order_no FROM mine)
    GROUP BY 1
)
SELECT date_trunc('{{grain}}', paid_at AT TIME ZONE 'Europe/Oslo')::date AS period, count(*),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM paid_at - invoiced_at)),
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM paid_at - invoiced_at)),
       avg(extract(epoch FROM paid_at - invoiced_at))
FROM marks WHERE paid_at >= invoiced_at
GROUP BY 1 ORDER BY 1""",
    "orders_behind": """
SELECT o.order_no, o.title, o.customer_id, c.name, o.our_contact_id, e.name, o.project_id,
       p.name, o.status, s.label, o.order_date, o.total
FROM orders o
JOIN statuses s ON s.key = o.status
JOIN companies c ON c.id = o.customer_id
LEFT JOIN employees e ON e.id = o.our_contact_id
LEFT JOIN projects p ON p.id = o.project_id
WHERE {where}
ORDER BY o.order_date DESC, o.order_no DESC
LIMIT 200""",
}


def pg_query(key: str, flt: an.AnalyticsFilter) -> tuple[str, dict]:
    params = flt.params()
    where = " AND ".join(PG_WHERE[name] for name in params) or "TRUE"
    quote_where = (
        " AND ".join(PG_QUOTE_WHERE[name] for name in params if name in PG_QUOTE_WHERE) or "TRUE"
    )
    sql = PG[key].format(where=where, quote_where=quote_where, grain=GRAIN)
    return sql, {**params, "now": clock.now()}


# --- running ----------------------------------------------------------------------------


def project_times(duck, cases: dict, runs: int) -> dict[tuple[str, str], tuple]:
    """(median wall ms, median CPU ms of this process — all DuckDB threads —, rows)."""
    times = {}
    for label, flt in cases.items():
        for key, analysis in an.ANALYTICS.items():
            rows = analysis.run(duck, flt, **options(key)).height
            cpu = []

            def run(_i, a=analysis, f=flt, k=key, cpu=cpu):
                start = time.process_time()
                a.run(duck, f, **options(k))
                cpu.append((time.process_time() - start) * 1000)

            ms = pgb.median_ms(run, runs)
            times[(key, label)] = (ms, statistics.median(cpu[-runs:]), rows)
    return times


def postgres_times(pg, cases: dict, runs: int) -> dict[tuple[str, str], tuple[float, int]]:
    times = {}
    for label, flt in cases.items():
        for key in an.ANALYTICS:
            sql, params = pg_query(key, flt)
            try:
                rows = len(pg.execute(sql, params).fetchall())
            except Exception as error:  # a broken translation must not lose the others
                print(f"PostgreSQL {key} / {label}: {error}")
                continue
            ms = pgb.median_ms(lambda _i, s=sql, p=params: pg.execute(s, p).fetchall(), runs, 1)
            times[(key, label)] = (ms, rows)
    return times


def start_postgres(duck, runs: int, cases: dict):
    """PostgreSQL's times, or the reason there are none."""
    bin_dir = pgb.pg_bin_dir()
    if bin_dir is None or not (bin_dir / "initdb").exists():
        return "PostgreSQL server binaries not installed"
    try:
        import psycopg
    except ImportError:
        return "psycopg not installed"
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and no `postgres` account"
    # bench_postgres.copy_tables loads its module's TABLES and INDEXES: give it ours.
    pgb.TABLES, pgb.INDEXES = TABLES, INDEXES
    with (
        pgb.cluster(bin_dir) as (conninfo, folder),
        psycopg.connect(conninfo, autocommit=True) as pg,
    ):
        pg.execute("SET TIME ZONE 'UTC'")
        # copy_tables also numbers order_activity's ids; the analytics do not read it.
        pg.execute("CREATE TABLE order_activity (id bigint)")
        pgb.copy_tables(duck, pg, folder)
        return postgres_times(pg, cases, runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/bench1m.duckdb"))
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--no-postgres", action="store_true")
    parser.add_argument(
        "--pg-filters", default="", help="Comma-separated filters to time in PostgreSQL (all)."
    )
    args = parser.parse_args()
    duck = duckdb.connect(str(args.db), read_only=True)
    migrated = duck.execute(
        "SELECT count(*) FROM information_schema.columns"
        " WHERE table_name = 'order_status_history' AND column_name = 'previous_at'"
    ).fetchone()[0]
    if not migrated:
        raise SystemExit(
            f"{args.db} predates migration 014 (order_status_history.previous_at), and the"
            " bench opens it read-only: migrate a copy first, e.g. cp it to /tmp/mine.duckdb,"
            " run `python -c \"import axos_data; axos_data.connect('/tmp/mine.duckdb').close()\"`"
            " and pass --db /tmp/mine.duckdb."
        )
    orders = duck.execute("SELECT count(*) FROM orders").fetchone()[0]
    history = duck.execute("SELECT count(*) FROM order_status_history").fetchone()[0]
    print(f"{args.db}: {orders:,} orders, {history:,} status changes; now = {clock.now():%Y-%m-%d}")
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    cases = filters(duck)
    ours = project_times(duck, cases, args.runs)
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    wanted = [f.strip() for f in args.pg_filters.split(",") if f.strip()] or list(cases)
    pg_cases = {label: flt for label, flt in cases.items() if label in wanted}
    theirs = (
        "skipped (--no-postgres)" if args.no_postgres else start_postgres(duck, args.runs, pg_cases)
    )
    duck.close()
    print("uptime:", subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip())
    print(
        f"\nmedian of {args.runs} runs, ms (CPU: this process, all DuckDB threads); grain {GRAIN}"
    )
    head = f"{'query':22} {'filter':9} {'project':>8} {'CPU':>7} {'Postgres':>9} {'ratio':>6}"
    print(f"{head}  rows")
    for (key, label), (ms, cpu, rows) in ours.items():
        line = f"{key:22} {label:9} {ms:8.1f} {cpu:7.1f}"
        if isinstance(theirs, dict) and (key, label) in theirs:
            pg_ms, pg_rows = theirs[(key, label)]
            note = "" if pg_rows == rows else f" (PostgreSQL: {pg_rows} rows)"
            print(f"{line} {pg_ms:9.1f} {ms / pg_ms:6.2f}  {rows}{note}")
        else:
            print(f"{line} {'–':>9} {'':6}  {rows}")
    if not isinstance(theirs, dict):
        print(f"PostgreSQL: {theirs}")


if __name__ == "__main__":
    main()
