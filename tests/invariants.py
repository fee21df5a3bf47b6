"""The invariants the reliability suite checks after fuzzing, crashes and concurrent writes,
and a cheap digest of the whole database for "a refused call changed nothing".

`invariant_problems` is the one place to switch to the library's own invariant check once it
lands (`axos check` as a function): replace its body with a call to that function.
"""

from __future__ import annotations

import duckdb

import axos_data as ax

# Each query returns rows that break a rule; the key names the rule in failure messages.
_CONSISTENCY = {
    "line points to a missing order": (
        "SELECT l.id FROM order_lines l LEFT JOIN orders o USING (order_no)"
        " WHERE o.order_no IS NULL"
    ),
    "group points to a missing order": (
        "SELECT g.id FROM order_groups g LEFT JOIN orders o USING (order_no)"
        " WHERE o.order_no IS NULL"
    ),
    "line points to a missing group or another order's group": (
        "SELECT l.id FROM order_lines l LEFT JOIN order_groups g"
        " ON g.id = l.group_id AND g.order_no = l.order_no"
        " WHERE l.group_id IS NOT NULL AND g.id IS NULL"
    ),
    "history or activity points to a missing order": (
        "SELECT order_no FROM order_status_history WHERE order_no NOT IN"
        " (SELECT order_no FROM orders)"
        " UNION ALL SELECT order_no FROM order_activity WHERE order_no NOT IN"
        " (SELECT order_no FROM orders)"
    ),
    "order without exactly one creation history row": (
        "SELECT o.order_no FROM orders o LEFT JOIN order_status_history h"
        " ON h.order_no = o.order_no AND h.from_status IS NULL"
        " GROUP BY o.order_no HAVING count(h.id) <> 1"
    ),
    "order without exactly one created/converted activity row": (
        "SELECT o.order_no FROM orders o LEFT JOIN order_activity a"
        " ON a.order_no = o.order_no AND a.kind IN ('created', 'converted')"
        " GROUP BY o.order_no HAVING count(a.id) <> 1"
    ),
    "status changes and status_changed activity rows differ": (
        "SELECT o.order_no FROM orders o"
        " WHERE (SELECT count(*) FROM order_status_history h"
        "        WHERE h.order_no = o.order_no AND h.from_status IS NOT NULL)"
        "    <> (SELECT count(*) FROM order_activity a"
        "        WHERE a.order_no = o.order_no AND a.kind = 'status_changed')"
    ),
    "order status differs from its last history row": (
        "SELECT o.order_no FROM orders o JOIN ("
        "  SELECT order_no, arg_max(to_status, id) AS last FROM order_status_history"
        "  GROUP BY order_no) h USING (order_no) WHERE h.last <> o.status"
    ),
    "order status not in the flow": (
        "SELECT order_no FROM orders WHERE status NOT IN (SELECT key FROM statuses)"
    ),
    "duplicate order number": ("SELECT order_no FROM orders GROUP BY order_no HAVING count(*) > 1"),
    "converted quote not linked both ways": (
        "SELECT q.id FROM quotes q LEFT JOIN orders o ON o.order_no = q.order_no"
        " WHERE (q.status = 'converted') <> (q.order_no IS NOT NULL)"
        "    OR (q.order_no IS NOT NULL AND (o.order_no IS NULL OR o.quote_id <> q.id))"
        " UNION ALL SELECT o.order_no FROM orders o LEFT JOIN quotes q ON q.id = o.quote_id"
        " WHERE o.quote_id IS NOT NULL AND (q.id IS NULL OR q.order_no <> o.order_no)"
    ),
}


def invariant_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every broken invariant, described; empty when the database is consistent.

    Until the library's named-check function lands, this is totals_mismatches plus the
    consistency queries above. Switch here (one line) to the library's check.
    """
    problems = [f"stored totals: {row}" for row in ax.views.totals_mismatches(con).to_dicts()]
    for rule, sql in _CONSISTENCY.items():
        rows = con.execute(sql).fetchall()
        if rows:
            problems.append(f"{rule}: {sorted(r[0] for r in rows)[:10]}")
    return problems


def assert_invariants(con: duckdb.DuckDBPyConnection) -> None:
    problems = invariant_problems(con)
    assert not problems, "\n".join(problems)


def order_numbers_consecutive(con: duckdb.DuckDBPyConnection) -> bool:
    """Order numbers form one unbroken run (true for databases whose start never changed)."""
    low, high, count = con.execute(
        "SELECT min(order_no), max(order_no), count(*) FROM orders"
    ).fetchall()[0]
    return count == 0 or high - low + 1 == count


def digest_query(con: duckdb.DuckDBPyConnection) -> str:
    """One statement giving (table, row count, sum of row hashes) for every table."""
    tables = [
        row[0]
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            " AND NOT temporary ORDER BY 1"
        ).fetchall()
    ]
    return " UNION ALL ".join(
        f"SELECT '{name}', count(*), sum(hash(t)::HUGEINT) FROM \"{name}\" t" for name in tables
    )


def digest(con: duckdb.DuckDBPyConnection, query: str | None = None) -> list[tuple]:
    """A cheap fingerprint of every table: equal digests mean nothing was written."""
    return con.execute(query or digest_query(con)).fetchall()
