"""Snapshots (axos_data.snapshot): consistent under concurrent writes, replaced atomically, left
out secrets, and opened as views that are checked against the manifest.

Concurrency is made certain rather than hoped for: the snapshot's cursor is wrapped so that
before every COPY it waits until the writer thread has committed another change. Tables are
copied in name order, so `order_lines` and `order_status_history` go before `orders`; a
snapshot that did not read one moment of the database would hold lines and history of orders
it does not have.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import duckdb
import pytest

import axos_data as ax
from axos_data import exposure, snapshot

WAIT = 30  # seconds a handshake may take before the test reports a hang (never reached)


class BeforeEachCopy:
    """A cursor that calls `hook()` before each COPY statement, then runs it as usual."""

    def __init__(self, cursor: duckdb.DuckDBPyConnection, hook):
        self._cursor = cursor
        self._hook = hook

    def execute(self, sql: str, *args, **kwargs):
        if sql.lstrip().upper().startswith("COPY"):
            self._hook()
        return self._cursor.execute(sql, *args, **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._cursor, name)


class Writer(threading.Thread):
    """Keeps creating orders with lines and moving them on, each step its own transaction."""

    def __init__(self, cursors: ax.ThreadCursors, seeded):
        super().__init__(daemon=True)
        self.cursors = cursors
        self.seeded = seeded
        self.stop = threading.Event()
        self.commits = 0
        self.changed = threading.Condition()
        self.failure: BaseException | None = None

    def run(self) -> None:
        cur = self.cursors.cursor()
        admin = self.seeded.admin
        try:
            while not self.stop.is_set():
                order_no = ax.create_order(
                    cur,
                    admin,
                    customer_id=self.seeded.customer,
                    title="Samtidig",
                    our_contact_id=self.seeded.user,
                )
                self._committed()
                for price, rate in (("1250.50", 25), ("99.90", 15)):
                    ax.add_line(
                        cur,
                        admin,
                        order_no,
                        description="Arbeid",
                        quantity="3",
                        unit="t",
                        unit_price=price,
                        vat_rate=rate,
                    )
                    self._committed()
                ax.change_status(cur, admin, order_no, "klar_til_fakturering")
                self._committed()
        except BaseException as error:  # reported by the test, never swallowed
            self.failure = error
            with self.changed:
                self.changed.notify_all()

    def _committed(self) -> None:
        with self.changed:
            self.commits += 1
            self.changed.notify_all()

    def wait_for_another_commit(self) -> None:
        with self.changed:
            seen = self.commits
            done = self.changed.wait_for(
                lambda: self.commits > seen or self.failure is not None, WAIT
            )
        assert done and self.failure is None, self.failure


def _torn(s: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Counts of everything that would show a torn snapshot; all zero when it is whole."""
    queries = {
        "lines without their order": "SELECT count(*) FROM order_lines l"
        " WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_no = l.order_no)",
        "orders whose net total is not the sum of their lines": "SELECT count(*) FROM orders o"
        " WHERE o.net_total <> (SELECT coalesce(sum(amount), 0) FROM order_lines l"
        "  WHERE l.order_no = o.order_no)",
        "orders whose status is not their last history row": "SELECT count(*) FROM orders o"
        " WHERE o.status IS DISTINCT FROM (SELECT arg_max(to_status, id)"
        "  FROM order_status_history h WHERE h.order_no = o.order_no)",
        "history of orders not there": "SELECT count(*) FROM order_status_history h"
        " WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_no = h.order_no)",
    }
    return {name: s.execute(sql).fetchall()[0][0] for name, sql in queries.items()}


def _parquet_rows(folder: Path, table: str) -> int:
    path = str(folder / f"{table}.parquet")
    return duckdb.sql("SELECT count(*) FROM read_parquet($p)", params={"p": path}).fetchall()[0][0]


def test_no_snapshot_is_torn_while_another_thread_writes(con, seeded, tmp_path):
    cursors = ax.ThreadCursors(con)
    writer = Writer(cursors, seeded)
    writer.start()
    out = tmp_path / "snap"
    try:
        cursor = BeforeEachCopy(cursors.cursor(), writer.wait_for_another_commit)
        results = [snapshot.write_snapshot(cursor, out, keep=10) for _ in range(3)]
    finally:
        writer.stop.set()
        writer.join(WAIT)
    assert writer.failure is None, writer.failure
    order_counts = []
    for result in results:
        folder = Path(result.path)
        s = snapshot.open(folder, verify=True)  # sizes, SHA-256, row counts, control sums
        try:
            torn = _torn(s)
            assert torn == dict.fromkeys(torn, 0), (result.path, torn)
            order_counts.append(s.execute("SELECT count(*) FROM orders").fetchall()[0][0])
        finally:
            s.close()
        manifest = snapshot.read_manifest(folder)
        for table, entry in manifest["tables"].items():
            assert _parquet_rows(folder, table) == entry["rows"] == result.tables[table]
    # Every snapshot saw more orders than the one before: the writer really went on.
    assert order_counts == sorted(set(order_counts)), order_counts


def test_the_manifest_describes_the_snapshot(con, seeded, new_order, tmp_path):
    order_no = new_order()
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description="Arbeid",
        quantity="2",
        unit="t",
        unit_price="100.00",
        vat_rate=25,
    )
    result = snapshot.write_snapshot(con, tmp_path / "snap")
    manifest = snapshot.read_manifest(tmp_path / "snap")
    versions = sorted(r[0] for r in con.execute("SELECT version FROM schema_migrations").fetchall())
    assert manifest["schema_version"] == versions[-1] == result.schema_version
    assert manifest["schema_versions"] == versions
    assert manifest["tables"]["orders"]["sums"] == {
        "net_total": "200.00",
        "vat_total": "50.00",
        "total": "250.00",
    }
    assert manifest["tables"]["order_lines"]["rows"] == 1
    assert manifest["tables"]["order_lines"]["sums"] == {"amount": "200.00"}
    for entry in manifest["tables"].values():
        assert len(entry["sha256"]) == 64 and entry["bytes"] > 0
    assert result.bytes == sum(e["bytes"] for e in manifest["tables"].values())


def test_a_reader_always_sees_a_whole_snapshot_while_one_is_replaced(
    con, seeded, tmp_path, monkeypatch
):
    out = tmp_path / "snap"
    first = snapshot.write_snapshot(con, out)
    seen: list[int] = []
    copies = [0]

    def reader_opens_now() -> None:
        # While the next one is written: the reader gets the previous one, whole.
        assert snapshot.resolve(out) == Path(first.path)
        s = snapshot.open(out, verify=not seen)  # files, sizes, rows; once also contents
        try:
            seen.append(s.execute("SELECT count(*) FROM orders").fetchall()[0][0])
        finally:
            s.close()

    def now_and_then() -> None:
        copies[0] += 1
        if copies[0] % 8 == 1:
            reader_opens_now()

    swap = snapshot._point_current

    def open_just_before_the_swap(out_dir: Path, name: str) -> None:
        # The new version has its final name, but `current` still names the old one.
        assert (out_dir / name / "manifest.json").is_file()
        reader_opens_now()
        swap(out_dir, name)

    monkeypatch.setattr(snapshot, "_point_current", open_just_before_the_swap)
    ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Ny", our_contact_id=seeded.user
    )
    second = snapshot.write_snapshot(BeforeEachCopy(con, now_and_then), out)
    assert len(seen) > 2 and set(seen) == {first.tables["orders"]}
    assert snapshot.resolve(out) == Path(second.path)
    assert second.tables["orders"] == first.tables["orders"] + 1
    # Nothing half-written is left beside the versions: only them and the link.
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["current", Path(first.path).name, Path(second.path).name]
    )


def test_a_reader_in_another_thread_never_fails_during_rewrites(con, seeded, tmp_path):
    out = tmp_path / "snap"
    snapshot.write_snapshot(con, out)
    done = threading.Event()
    first_open = threading.Event()
    problems: list[str] = []

    def reader() -> None:
        while not done.is_set():
            try:
                s = snapshot.open(out)
                s.execute("SELECT count(*) FROM order_lines").fetchall()
                s.close()
            except Exception as error:
                problems.append(repr(error))
            first_open.set()

    thread = threading.Thread(target=reader)
    thread.start()
    assert first_open.wait(WAIT)
    try:
        for _ in range(3):
            snapshot.write_snapshot(con, out, keep=10)
    finally:
        done.set()
        thread.join(WAIT)
    assert problems == []


def test_old_versions_are_pruned_and_current_kept(con, seeded, tmp_path):
    out = tmp_path / "snap"
    results = [snapshot.write_snapshot(con, out, keep=2) for _ in range(3)]
    assert [p.name for p in snapshot.versions(out)] == [Path(r.path).name for r in results[-2:]]
    assert os.readlink(out / "current") == Path(results[-1].path).name


def test_an_interrupted_snapshot_leaves_the_previous_one_in_place(con, seeded, tmp_path):
    out = tmp_path / "snap"
    first = snapshot.write_snapshot(con, out)
    cancel = threading.Event()
    copies = [0]

    def cancel_at_the_third_table() -> None:
        copies[0] += 1
        if copies[0] == 3:
            cancel.set()

    with pytest.raises(ax.SnapshotInterrupted):
        snapshot.write_snapshot(BeforeEachCopy(con, cancel_at_the_third_table), out, cancel=cancel)
    assert sorted(p.name for p in out.iterdir()) == sorted(["current", Path(first.path).name])
    assert snapshot.resolve(out) == Path(first.path)
    # The connection is usable and not left inside the snapshot's transaction.
    ax.create_order(
        con, seeded.admin, customer_id=seeded.customer, title="Etter", our_contact_id=seeded.user
    )


def test_open_gives_a_view_per_table_without_secrets(con, seeded, new_order, tmp_path):
    ax.set_password(con, seeded.admin, seeded.admin, "et langt og godt passord 42")
    new_order()
    snapshot.write_snapshot(con, tmp_path / "snap")
    s = snapshot.open(tmp_path / "snap")
    try:
        views = {
            r[0]
            for r in s.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
        }
        live = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'"
            ).fetchall()
        }
        assert views == live - exposure.EXCLUDED_TABLES - exposure.DERIVED_TABLES
        assert {"user_logins", "login_attempts", "api_tokens"} & views == set()
        assert not any("password" in str(row) for row in s.execute("FROM employees").fetchall())
        assert (
            s.execute("SELECT sum(total), count(*) FROM orders").fetchall()
            == con.execute("SELECT sum(total), count(*) FROM orders").fetchall()
        )
        types = dict(s.execute("SELECT column_name, column_type FROM (DESCRIBE orders)").fetchall())
        assert types["total"] == "DECIMAL(18,2)"
        assert types["created_at"] == "TIMESTAMP WITH TIME ZONE"
    finally:
        s.close()


def test_open_refuses_a_snapshot_that_does_not_match_its_manifest(con, seeded, tmp_path):
    result = snapshot.write_snapshot(con, tmp_path / "snap")
    employees = Path(result.path) / "employees.parquet"
    data = bytearray(employees.read_bytes())
    data[100] ^= 0xFF  # same size, other content
    employees.write_bytes(bytes(data))
    snapshot.open(tmp_path / "snap").close()  # the cheap check does not read the content
    with pytest.raises(ax.InvalidSnapshot, match="SHA-256"):
        snapshot.open(tmp_path / "snap", verify=True)
    employees.write_bytes(bytes(data[:-10]))
    with pytest.raises(ax.InvalidSnapshot, match=r"employees\.parquet"):
        snapshot.open(tmp_path / "snap")
    (Path(result.path) / "orders.parquet").unlink()
    with pytest.raises(ax.InvalidSnapshot, match="ufullstendig"):
        snapshot.open(result.path)


def test_open_of_a_folder_without_a_snapshot_says_how_to_make_one(tmp_path):
    with pytest.raises(ax.InvalidSnapshot, match="axos snapshot --out"):
        snapshot.open(tmp_path)


def test_a_snapshot_is_not_written_over_what_is_not_ours(con, seeded, tmp_path):
    a_file = tmp_path / "fil.txt"
    a_file.write_text("x")
    with pytest.raises(ax.CannotWriteFile, match=r"fil\.txt"):
        snapshot.write_snapshot(con, a_file)
    (tmp_path / "snap" / "current").mkdir(parents=True)
    with pytest.raises(ax.CannotWriteFile, match="current"):
        snapshot.write_snapshot(con, tmp_path / "snap")
    assert [p.name for p in (tmp_path / "snap").iterdir()] == ["current"]
