"""A second process holding the database file: bounded wait, then DatabaseBusy."""

import subprocess
import sys
import threading
from pathlib import Path

import pytest

import axos_data as ax
from axos_data import db

HOLDER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1])
con.execute("CREATE TABLE IF NOT EXISTS held (x INTEGER)")
print("holding", flush=True)
sys.stdin.readline()
con.close()
print("released", flush=True)
"""


@pytest.fixture
def holder(db_path: Path):
    """Another process with the file open read-write until the test lets it go."""
    ax.connect(db_path).close()
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "holding"
    yield process
    if process.poll() is None:
        process.stdin.write("\n")
        process.stdin.flush()
        process.wait(timeout=30)


def release(process: subprocess.Popen) -> None:
    process.stdin.write("\n")
    process.stdin.flush()
    assert process.stdout.readline().strip() == "released"
    process.wait(timeout=30)


def test_connect_raises_database_busy_with_a_clear_message(holder, db_path):
    with pytest.raises(ax.DatabaseBusy) as caught:
        ax.connect(db_path, timeout=0.5)
    message = str(caught.value)
    assert str(db_path) in message
    assert "i bruk av en annen prosess" in message
    assert "0.5 sekunder" in message


def test_read_only_connect_is_refused_too(holder, db_path):
    with pytest.raises(ax.DatabaseBusy):
        ax.connect(db_path, read_only=True, timeout=0.2)


def test_the_wait_comes_from_axos_busy_timeout(holder, db_path, monkeypatch):
    monkeypatch.setenv("AXOS_BUSY_TIMEOUT", "0.3")
    with pytest.raises(ax.DatabaseBusy) as caught:
        ax.connect(db_path)
    assert "0.3 sekunder" in str(caught.value)


def test_connect_waits_and_succeeds_when_the_other_process_lets_go(holder, db_path, monkeypatch):
    outcome: dict[str, object] = {}
    refused_once = threading.Event()
    is_lock_conflict = db._is_lock_conflict

    def spy(error):
        conflict = is_lock_conflict(error)
        if conflict:
            refused_once.set()
        return conflict

    monkeypatch.setattr(db, "_is_lock_conflict", spy)

    def open_it():
        try:
            connection = ax.connect(db_path, timeout=60)
            outcome["tables"] = connection.execute(
                "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'held'"
            ).fetchall()
            connection.close()
        except Exception as error:  # reported below
            outcome["error"] = error

    waiter = threading.Thread(target=open_it)
    waiter.start()
    assert refused_once.wait(timeout=60), "connect never met the other process's lock"
    release(holder)
    waiter.join(timeout=60)
    assert "error" not in outcome, outcome.get("error")
    assert outcome["tables"] == [(1,)]
