"""Migration 014: existing status history rows get previous_at (the changed_at of the order's
previous row by id, NULL on its first) in one pass."""

import datetime as dt

import duckdb

import axos_data as ax
from axos_data import db


def test_migration_014_fills_previous_at_from_each_orders_previous_row(tmp_path):
    path = tmp_path / "old.duckdb"
    raw = duckdb.connect(str(path))
    raw.execute(
        "CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
    )
    for version, name, sql in db._migration_files():
        if version < 14:
            raw.execute(sql)
            raw.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
    day = dt.datetime(2026, 3, 2, 8, tzinfo=dt.UTC)
    # Two orders interleaved; order 2 goes back (winding) and has two rows at one moment.
    rows = [
        (1, None, "under_arbeid", day),
        (2, None, "under_arbeid", day + dt.timedelta(hours=1)),
        (1, "under_arbeid", "klar_til_fakturering", day + dt.timedelta(days=3)),
        (2, "under_arbeid", "klar_til_fakturering", day + dt.timedelta(days=4)),
        (2, "klar_til_fakturering", "under_arbeid", day + dt.timedelta(days=4)),
        (2, "under_arbeid", "klar_til_fakturering", day + dt.timedelta(days=9)),
    ]
    raw.executemany(
        "INSERT INTO order_status_history (order_no, from_status, to_status, changed_at,"
        " changed_by) VALUES (?, ?, ?, ?, 1)",
        rows,
    )
    raw.close()
    con = ax.connect(path)
    try:
        got = con.execute(
            "SELECT order_no, previous_at FROM order_status_history ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    assert [(n, p and p.astimezone(dt.UTC)) for n, p in got] == [
        (1, None),
        (2, None),
        (1, day),
        (2, day + dt.timedelta(hours=1)),
        (2, day + dt.timedelta(days=4)),
        (2, day + dt.timedelta(days=4)),
    ]
