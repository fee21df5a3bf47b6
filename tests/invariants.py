"""The invariants the reliability suite checks after fuzzing, crashes and concurrent writes
(the library's own check, as `axos check` runs it), and a cheap digest of the whole database
for "a refused call changed nothing"."""

from __future__ import annotations

import duckdb

import axos_data as ax


def invariant_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Every broken invariant, described; empty when the database is consistent. The same
    named checks as `axos check` (views.integrity)."""
    return [f"{p.check}: {p.message}" for p in ax.views.check(con)]


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
