"""Demo data: realistic, consistent with every rule, deterministic, and safe to interrupt."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil

import pytest
from stdnum.no import orgnr

import axos_data as ax
from axos_data import clock
from axos_data.demo import load_demo

END = dt.date(2026, 11, 29)


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    con = ax.connect(tmp_path_factory.mktemp("demo") / "demo.duckdb")
    counts = load_demo(con, 3000, seed=7, end=END, progress=False, chunk_size=700)
    yield con, counts
    con.close()


@pytest.fixture
def demo_con(demo):
    """The shared demo database, for tests that only read it."""
    return demo[0]


@pytest.fixture
def own_demo(demo, tmp_path):
    """A private copy of the demo database for a test that writes: the shared one must stay
    as load_demo left it, whatever order the tests run in and whatever day it is."""
    shared = demo[0]
    shared.execute("CHECKPOINT")
    path = tmp_path / "own.duckdb"
    shutil.copyfile(shared.execute("PRAGMA database_list").fetchall()[0][2], path)
    con = ax.connect(path)
    yield con
    con.close()


def scalar(con, sql, params=None):
    return con.execute(sql, params or []).fetchall()[0][0]


def test_counts_are_in_realistic_proportions(demo):
    demo_con, counts = demo
    assert counts["orders"] == 3000
    assert 3.5 <= counts["order_lines"] / counts["orders"] <= 6.5
    assert counts["companies"] >= 20
    assert counts["quotes"] > counts["orders"] * 0.1
    assert counts["order_status_history"] >= counts["orders"]
    assert scalar(demo_con, "SELECT count(*) FROM employees WHERE role = 'admin'") >= 1


def test_stored_totals_equal_recomputed_totals(demo_con):
    assert ax.views.totals_mismatches(demo_con).height == 0


def test_every_order_is_complete(demo_con):
    assert (
        scalar(
            demo_con,
            "SELECT count(*) FROM orders o WHERE NOT EXISTS"
            " (SELECT 1 FROM order_lines l WHERE l.order_no = o.order_no)",
        )
        == 0
    )
    assert (
        scalar(
            demo_con,
            "SELECT count(*) FROM orders o WHERE NOT EXISTS"
            " (SELECT 1 FROM order_activity a WHERE a.order_no = o.order_no"
            " AND a.kind IN ('created', 'converted'))",
        )
        == 0
    )
    lines = scalar(
        demo_con, "SELECT max(n) FROM (SELECT count(*) n FROM order_lines GROUP BY order_no)"
    )
    assert lines <= 40


def test_order_numbers_are_consecutive_from_the_start_setting(own_demo):
    demo_con = own_demo
    low, high, n = demo_con.execute(
        "SELECT min(order_no), max(order_no), count(*) FROM orders"
    ).fetchall()[0]
    assert (low, high - low + 1) == (10001, n)
    admin = scalar(demo_con, "SELECT min(id) FROM employees WHERE role = 'admin'")
    customer = scalar(demo_con, "SELECT min(id) FROM companies")
    new = ax.create_order(
        demo_con, admin, customer_id=customer, title="Etter demo", our_contact_id=admin
    )
    assert new == high + 1


def test_status_histories_walk_the_configured_flow(demo_con):
    flow = ax.access.load_flow(demo_con)
    pairs = demo_con.execute(
        "SELECT DISTINCT from_status, to_status FROM order_status_history"
        " WHERE from_status IS NOT NULL"
    ).fetchall()
    for source, target in pairs:
        assert target in flow.transitions[source], (source, target)
    assert (
        scalar(
            demo_con,
            "SELECT count(*) FROM orders o WHERE status <> (SELECT to_status"
            " FROM order_status_history h WHERE h.order_no = o.order_no"
            " ORDER BY changed_at DESC, id DESC LIMIT 1)",
        )
        == 0
    )


def test_history_is_in_time_order_within_three_years(demo_con):
    first, last = demo_con.execute(
        "SELECT min(changed_at), max(changed_at) FROM order_status_history"
    ).fetchall()[0]
    assert (last.date() - first.date()).days <= 3 * 366
    assert last.date() <= END
    assert (
        scalar(
            demo_con,
            """
        SELECT count(*) FROM (
            SELECT changed_at < lag(changed_at) OVER (PARTITION BY order_no ORDER BY id) AS back
            FROM order_status_history) WHERE back""",
        )
        == 0
    )


def test_all_four_vat_rates_and_groups_appear(demo_con):
    rates = {r[0] for r in demo_con.execute("SELECT DISTINCT vat_rate FROM order_lines").fetchall()}
    assert rates == {25, 15, 12, 0}
    assert scalar(demo_con, "SELECT count(*) FROM order_lines WHERE group_id IS NOT NULL") > 0
    orphans = scalar(
        demo_con,
        "SELECT count(*) FROM order_lines l WHERE group_id IS NOT NULL"
        " AND NOT EXISTS (SELECT 1 FROM order_groups g WHERE g.id = l.group_id"
        " AND g.order_no = l.order_no)",
    )
    assert orphans == 0


def test_norwegian_companies_have_valid_orgnr(demo_con):
    numbers = [
        r[0]
        for r in demo_con.execute("SELECT orgnr FROM companies WHERE country = 'NO'").fetchall()
    ]
    assert numbers and all(orgnr.is_valid(n) for n in numbers)


def test_converted_quotes_match_their_orders_to_the_ore(demo_con):
    rows = demo_con.execute(
        "SELECT q.total, o.total, (SELECT count(*) FROM relations r WHERE r.from_type = 'order'"
        " AND r.from_id = o.order_no AND r.to_id = q.id) FROM quotes q JOIN orders o"
        " ON o.order_no = q.order_no WHERE q.status = 'converted'"
    ).fetchall()
    assert rows
    assert all(quote_total == order_total and rel == 1 for quote_total, order_total, rel in rows)
    accepted = scalar(demo_con, "SELECT count(*) FROM quotes WHERE status = 'accepted'")
    assert accepted > 0


def test_an_accepted_demo_quote_converts_to_an_equal_order(own_demo):
    demo_con = own_demo
    quote_id, total = demo_con.execute(
        "SELECT id, total FROM quotes WHERE status = 'accepted' ORDER BY id LIMIT 1"
    ).fetchall()[0]
    admin = scalar(demo_con, "SELECT min(id) FROM employees WHERE role = 'admin'")
    order_no = ax.convert_quote(demo_con, admin, quote_id)
    assert ax.views.order_detail(demo_con, order_no).totals.total == total


def digest(con) -> str:
    parts = []
    for table in (
        "companies",
        "contacts",
        "employees",
        "projects",
        "orders",
        "order_lines",
        "order_groups",
        "order_status_history",
        "quotes",
        "quote_lines",
        "order_activity",
    ):
        columns = "*" if table == "orders" else "* EXCLUDE (id)"
        rows = con.execute(f"SELECT {columns} FROM {table} ORDER BY ALL").fetchall()
        parts.append(repr(rows))
    return hashlib.sha256("".join(parts).encode()).hexdigest()


def test_same_seed_and_end_date_give_identical_data(tmp_path):
    first = ax.connect(tmp_path / "a.duckdb")
    second = ax.connect(tmp_path / "b.duckdb")
    other = ax.connect(tmp_path / "c.duckdb")
    for con, seed in ((first, 3), (second, 3), (other, 4)):
        load_demo(con, 400, seed=seed, end=END, progress=False, chunk_size=150)
    assert digest(first) == digest(second)
    assert digest(first) != digest(other)


def test_demo_refuses_a_database_that_already_has_data(con, seeded):
    before = scalar(con, "SELECT count(*) FROM companies")
    with pytest.raises(ax.InvalidInput, match="tom database"):
        load_demo(con, 10, progress=False)
    assert scalar(con, "SELECT count(*) FROM companies") == before


def test_demo_history_by_default_ends_before_now(tmp_path, monkeypatch):
    """Made in the morning, a demo must not hold events later that day: they would be listed
    after the changes people then make."""
    monkeypatch.setenv("AXOS_NOW", "2031-06-15T08:00:00")
    con = ax.connect(tmp_path / "morning.duckdb")
    load_demo(con, 200, seed=3, progress=False)
    latest = scalar(
        con,
        "SELECT max(t) FROM (SELECT max(changed_at) AS t FROM order_status_history"
        " UNION ALL SELECT max(occurred_at) FROM order_activity)",
    )
    con.close()
    assert latest < clock.now()
    assert latest.date() >= dt.date(2031, 6, 10)  # still up to date: the last working days
