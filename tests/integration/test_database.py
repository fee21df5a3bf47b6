"""Opening the file, migrations, transactions and per-thread cursors."""

import threading
from pathlib import Path

import duckdb
import pytest

import axos_data as ax
from axos_data import db

# Every migration file the package ships, numbered 1, 2, 3 … without gaps.
SHIPPED = sorted(p.name for p in (Path(db.__file__).parent / "migrations").glob("*.sql"))


def test_migration_files_are_numbered_without_gaps():
    assert SHIPPED[:3] == ["001_core.sql", "002_search_terms.sql", "003_login_attempts.sql"]
    assert [int(name[:3]) for name in SHIPPED] == list(range(1, len(SHIPPED) + 1))


def test_migrations_are_recorded(con):
    rows = con.execute("SELECT version, name FROM schema_migrations ORDER BY version").fetchall()
    assert rows == [(int(name[:3]), name) for name in SHIPPED]


def test_connecting_twice_applies_nothing_and_duplicates_nothing(db_path):
    first = ax.connect(db_path)
    statuses = first.execute("SELECT count(*) FROM statuses").fetchall()
    first.close()
    again = ax.connect(db_path)
    try:
        assert ax.apply_migrations(again) == []
        assert again.execute("SELECT count(*) FROM schema_migrations").fetchall() == [
            (len(SHIPPED),)
        ]
        assert again.execute("SELECT count(*) FROM statuses").fetchall() == statuses
        assert again.execute("SELECT count(*) FROM settings").fetchall()[0][0] > 0
    finally:
        again.close()


def test_a_fresh_file_gets_every_migration_once(tmp_path):
    fresh = db.connect(tmp_path / "sub" / "dir" / "new.duckdb", migrate=False)
    try:
        assert db.apply_migrations(fresh) == SHIPPED
        assert db.apply_migrations(fresh) == []
    finally:
        fresh.close()


def test_the_default_status_flow_is_installed(con):
    statuses = con.execute(
        "SELECT key, label, category, is_final FROM statuses ORDER BY position"
    ).fetchall()
    assert statuses == [
        ("under_arbeid", "Under arbeid", "open", False),
        ("klar_til_fakturering", "Klar til fakturering", "invoicing", False),
        ("fakturert", "Fakturert", "invoiced", False),
        ("purret", "Purret", "invoiced", False),
        ("betalt", "Betalt", "closed", True),
        ("kansellert", "Kansellert", "closed", True),
    ]
    transitions = set(
        con.execute("SELECT from_status, to_status FROM status_transitions").fetchall()
    )
    non_final = ["under_arbeid", "klar_til_fakturering", "fakturert", "purret"]
    assert transitions == {
        ("under_arbeid", "klar_til_fakturering"),
        ("klar_til_fakturering", "under_arbeid"),
        ("klar_til_fakturering", "fakturert"),
        ("fakturert", "purret"),
        ("fakturert", "betalt"),
        ("purret", "betalt"),
        *((status, "kansellert") for status in non_final),
    }


def test_default_db_path_follows_axos_db(monkeypatch, tmp_path):
    monkeypatch.setenv("AXOS_DB", str(tmp_path / "x.duckdb"))
    assert db.default_db_path() == tmp_path / "x.duckdb"
    monkeypatch.delenv("AXOS_DB")
    assert str(db.default_db_path()).endswith("axos.duckdb")


def test_a_file_that_is_not_a_database_raises_axos_error(tmp_path):
    path = tmp_path / "not.duckdb"
    path.write_text("no database here")
    with pytest.raises(ax.AxosError) as caught:
        ax.connect(path, timeout=0.1)
    assert str(path) in str(caught.value)


def test_an_uncreatable_folder_raises_axos_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("")
    with pytest.raises(ax.AxosError) as caught:
        ax.connect(blocker / "axos.duckdb", timeout=0.1)
    assert "axos.duckdb" in str(caught.value)


def test_atomic_rolls_back_everything_when_the_work_fails(con, seeded):
    def work(c):
        c.execute("UPDATE settings SET value = '99' WHERE key = 'order_number_start'")
        raise ax.EmptyValue("stopp")

    with pytest.raises(ax.EmptyValue):
        ax.atomic(con, work)
    assert ax.get_setting(con, "order_number_start") == 10001


def test_atomic_retries_a_write_conflict_and_then_succeeds(con):
    attempts = []
    other = con.cursor()

    def work(c):
        attempts.append(1)
        c.execute("SELECT next_value FROM counters").fetchall()
        if len(attempts) == 1:
            # Another session changes the row after we read it and commits first:
            # our update must lose, roll back and run again on fresh data.
            other.execute(
                "UPDATE counters SET next_value = next_value + 100 WHERE name = 'order_no'"
            )
        c.execute("UPDATE counters SET next_value = next_value + 1 WHERE name = 'order_no'")
        return len(attempts)

    assert ax.atomic(con, work) == 2
    assert con.execute("SELECT next_value FROM counters WHERE name = 'order_no'").fetchall() == [
        (102,)
    ]


def test_atomic_gives_up_with_concurrent_modification(con):
    other = con.cursor()

    def work(c):
        c.execute("SELECT next_value FROM counters").fetchall()
        other.execute("UPDATE counters SET next_value = next_value + 100 WHERE name = 'order_no'")
        c.execute("UPDATE counters SET next_value = next_value + 1 WHERE name = 'order_no'")

    with pytest.raises(ax.ConcurrentModification) as caught:
        ax.atomic(con, work, attempts=2, timeout=0)
    assert "samtidig" in str(caught.value)


def test_thread_cursors_give_each_thread_its_own_cursor(con):
    cursors = ax.ThreadCursors(con)
    seen: dict[str, object] = {}

    def use(name):
        cursor = cursors.cursor()
        assert cursors.cursor() is cursor
        seen[name] = cursor
        cursor.execute("SELECT count(*) FROM statuses").fetchall()

    threads = [threading.Thread(target=use, args=(f"t{i}",)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(cursor) for cursor in seen.values()}) == 4
    assert all(isinstance(c, duckdb.DuckDBPyConnection) for c in seen.values())
    assert cursors.cursor().execute("SELECT current_setting('TimeZone')").fetchall() == [
        ("Europe/Oslo",)
    ]


def test_a_sound_file_with_free_blocks_cut_off_its_end_opens(db_path):
    """DuckDB drops free blocks at the end of the file at checkpoint, so its header can count
    more blocks than the file holds: that is not damage."""
    ax.connect(db_path).close()
    raw = duckdb.connect(str(db_path))
    raw.execute("CREATE TABLE bulk AS SELECT range AS i, repeat('x', 100) AS s FROM range(300000)")
    raw.execute("CHECKPOINT")
    raw.execute("DROP TABLE bulk")
    raw.execute("CHECKPOINT")
    raw.close()
    con = ax.connect(db_path)
    block_size, total = con.execute(
        "SELECT block_size, total_blocks FROM pragma_database_size()"
        " WHERE database_name = current_database()"
    ).fetchall()[0]
    assert db_path.stat().st_size < 3 * 4096 + block_size * total  # the case that was refused
    assert con.execute("SELECT count(*) FROM orders").fetchall() == [(0,)]
    con.close()


def test_a_file_cut_inside_a_block_is_damaged(db_path):
    """Free blocks inside the file: a cut that leaves more blocks than are in use is still
    caught, because a sound file always ends on a block boundary."""
    ax.connect(db_path).close()
    raw = duckdb.connect(str(db_path))
    raw.execute("CREATE TABLE bulk AS SELECT range AS i, repeat('x', 100) AS s FROM range(300000)")
    raw.execute("CHECKPOINT")
    raw.execute("CREATE TABLE later AS SELECT range AS i FROM range(1000)")
    raw.execute("DROP TABLE bulk")
    raw.execute("CHECKPOINT")
    block_size, used = raw.execute(
        "SELECT block_size, used_blocks FROM pragma_database_size()"
        " WHERE database_name = current_database()"
    ).fetchall()[0]
    raw.close()
    size = db_path.stat().st_size
    assert size - 1000 >= 3 * 4096 + block_size * used  # the block count alone would pass
    with open(db_path, "r+b") as handle:
        handle.truncate(size - 1000)
    with pytest.raises(ax.DatabaseDamaged, match="midt i en blokk"):
        ax.connect(db_path)
