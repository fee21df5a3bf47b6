"""`axos backup` and `axos restore` with the real CLI, on files and through a running holder."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

import axos_data as ax
from axos_data import backup, db, remote_channel
from axos_data.app.serve import BackupPlan, BackupSchedule


def _order_numbers(path: Path) -> set[int]:
    con = ax.connect(path, read_only=True)
    try:
        return {row[0] for row in con.execute("SELECT order_no FROM orders").fetchall()}
    finally:
        con.close()


def test_backup_and_restore_without_an_app(seeded_axos, tmp_path):
    axos, _cast = seeded_axos
    for title in ("Første", "Andre"):
        assert axos(
            "order", "create", "--customer", "1", "--title", title, "--our-contact", "1"
        ).out
    target = tmp_path / "kopi.duckdb"

    made = axos("--json", "backup", str(target)).json()
    assert made["via"] == "file" and made["orders"] == 2
    assert made["schema_versions"] == sorted(db.known_migration_versions())
    assert target.stat().st_size == made["bytes"]
    assert not [p for p in tmp_path.iterdir() if ".partial-" in p.name]

    restored = tmp_path / "gjenopprettet.duckdb"
    assert axos("restore", str(target), "--to", str(restored)).out
    assert _order_numbers(restored) == _order_numbers(axos.db_path) == {10001, 10002}
    assert axos("--db", str(restored), "check").returncode == 0


def test_backup_refuses_to_overwrite_and_restore_refuses_an_existing_database(
    seeded_axos, tmp_path
):
    axos, _cast = seeded_axos
    target = tmp_path / "kopi.duckdb"
    assert axos("backup", str(target)).out
    before = target.read_bytes()
    axos("backup", str(target)).assert_user_error("finnes allerede", str(target), "--force")
    assert target.read_bytes() == before
    assert axos("backup", "--force", str(target)).out

    original = axos.db_path.read_bytes()
    axos("restore", str(target), "--to", str(axos.db_path)).assert_user_error(
        "finnes allerede", "--force"
    )
    assert axos.db_path.read_bytes() == original


def test_restore_with_force_replaces_the_database_and_drops_its_old_wal(seeded_axos, tmp_path):
    axos, cast = seeded_axos
    target = tmp_path / "kopi.duckdb"
    assert axos("backup", str(target)).out
    # A writer killed after the backup leaves a WAL with an order the backup lacks.
    code = (
        "import os, axos_data as ax\n"
        f"con = ax.connect({str(axos.db_path)!r})\n"
        f"ax.create_order(con, {cast.admin}, customer_id={cast.customer}, title='Etter',"
        f" our_contact_id={cast.admin})\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
    assert axos.db_path.with_name(axos.db_path.name + ".wal").exists()

    assert axos("restore", str(target), "--to", str(axos.db_path), "--force").out
    assert not axos.db_path.with_name(axos.db_path.name + ".wal").exists()
    assert _order_numbers(axos.db_path) == set()


def test_restore_refuses_a_damaged_a_newer_and_a_foreign_backup(seeded_axos, tmp_path):
    axos, _cast = seeded_axos
    good = tmp_path / "kopi.duckdb"
    assert axos("backup", str(good)).out

    cut = tmp_path / "avkuttet.duckdb"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    axos("restore", str(cut), "--to", str(tmp_path / "a.duckdb")).assert_user_error("skadet")

    newer = tmp_path / "nyere.duckdb"
    newer.write_bytes(good.read_bytes())
    con = duckdb.connect(str(newer))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (999, '999_x.sql')")
    con.close()
    axos("restore", str(newer), "--to", str(tmp_path / "b.duckdb")).assert_user_error(
        "nyere enn dette programmet"
    )

    foreign = tmp_path / "fremmed.duckdb"
    duckdb.connect(str(foreign)).close()
    axos("restore", str(foreign), "--to", str(tmp_path / "c.duckdb")).assert_user_error(
        "ikke en sikkerhetskopi"
    )
    # Stored totals that disagree with the lines fail the invariant check.
    broken = tmp_path / "summer.duckdb"
    broken.write_bytes(good.read_bytes())
    con = ax.connect(broken)
    order = ax.create_order(con, 1, customer_id=1, title="Skjev", our_contact_id=1)
    ax.add_line(con, 1, order, description="Ting", quantity=1, unit="stk", unit_price="100")
    con.execute("UPDATE orders SET total = total + 1 WHERE order_no = ?", [order])
    con.close()
    axos("restore", str(broken), "--to", str(tmp_path / "d.duckdb")).assert_user_error(
        "består ikke kontrollen", str(order)
    )
    assert not any((tmp_path / n).exists() for n in ("a.duckdb", "b.duckdb", "c.duckdb"))
    assert not (tmp_path / "d.duckdb").exists()


# --- a holder process that writes while the CLI takes a backup through its API --------------

HOLDER = """
import sys, threading, time
import uvicorn
import axos_data as ax
from axos_data import remote_channel
from axos_data.app import context, server
from axos_data.app.origin_guard import allowed_hosts_for

db_path, port = sys.argv[1], int(sys.argv[2])
ctx = context.configure(db_path)
token = remote_channel.new_token()
asgi = server.build_app(api_token=token, allowed_hosts=allowed_hosts_for("127.0.0.1", port))
config = uvicorn.Config(asgi, host="127.0.0.1", port=port, log_level="warning")
web = uvicorn.Server(config)
threading.Thread(target=web.run, daemon=True).start()
while not web.started:
    time.sleep(0.05)
remote_channel.write_server_file(db_path, f"http://127.0.0.1:{port}", token)
print("ready", flush=True)
con = ctx.cursor()
admin = ctx.actor.id
customer = con.execute("SELECT min(id) FROM companies").fetchall()[0][0]
while True:
    order = ax.create_order(con, admin, customer_id=customer, title="Varm", our_contact_id=admin)
    ax.add_line(con, admin, order, description="Linje", quantity=2, unit="stk", unit_price="10")
    print(order, flush=True)  # acknowledged: committed
"""


def test_a_hot_backup_through_the_holder_has_every_acknowledged_order(demo_db, tmp_path):
    from tests.e2e.conftest import AXOS, free_port, server_env

    port = free_port()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(demo_db), str(port)],
        stdout=subprocess.PIPE,
        text=True,
        env=server_env(),
    )
    acknowledged: list[int] = []
    ready = threading.Event()

    def read() -> None:
        for line in holder.stdout:
            if line.strip() == "ready":
                ready.set()
            elif line.strip().isdigit():
                acknowledged.append(int(line))

    threading.Thread(target=read, daemon=True).start()
    try:
        assert ready.wait(60), "the holder did not start"
        while len(acknowledged) < 30:
            time.sleep(0.05)
        before_backup = list(acknowledged)
        target = tmp_path / "varm.duckdb"
        done = subprocess.run(
            [*AXOS, "--db", str(demo_db), "--json", "backup", str(target)],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
        assert json.loads(done.stdout)["via"] == "app"
        while len(acknowledged) < len(before_backup) + 30:  # it went on writing meanwhile
            time.sleep(0.05)
    finally:
        holder.kill()
        holder.wait()

    restored = tmp_path / "gjenopprettet.duckdb"
    done = subprocess.run(
        [*AXOS, "restore", str(target), "--to", str(restored)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    in_backup = _order_numbers(restored)
    assert set(before_backup) <= in_backup
    check = subprocess.run([*AXOS, "--db", str(restored), "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    # One moment: every order in the backup is whole (its line is there too).
    con = ax.connect(restored, read_only=True)
    try:
        hot = con.execute(
            "SELECT count(*), count(*) FILTER (WHERE net_total = 20) FROM orders"
            " WHERE title = 'Varm'"
        ).fetchall()[0]
    finally:
        con.close()
    assert hot[0] >= len(before_backup)
    assert hot[1] >= len(before_backup)


# --- the server file ---------------------------------------------------------------------------


def test_the_server_file_is_private_and_removed_on_exit_and_a_wrong_token_is_refused(
    app_server,
):
    path = remote_channel.server_file(app_server.db_path)
    while not path.exists():
        time.sleep(0.05)
    assert path.stat().st_mode & 0o777 == 0o600
    found = remote_channel.find_app(app_server.db_path)
    assert found is not None and found.pid == app_server.process.pid
    assert found.call("GET", "/ping")["db"] == str(app_server.db_path.absolute())

    impostor = remote_channel.RemoteApp(found.url, found.token[:-1] + "x", found.pid)
    with pytest.raises(ax.RemoteAppError, match="nøkkel"):
        impostor.call("GET", "/ping")
    with pytest.raises(ax.RemoteAppError, match="nøkkel"):
        impostor.call("POST", "/backup", {"path": "/tmp/x.duckdb"})

    app_server.stop()
    assert not path.exists()


def test_a_stale_or_foreign_server_file_is_not_used(tmp_path):
    db_path = tmp_path / "axos.duckdb"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    path = remote_channel.write_server_file(db_path, "http://127.0.0.1:9", "t")
    data = json.loads(path.read_text())
    path.write_text(json.dumps({**data, "pid": dead.pid}))
    assert remote_channel.find_app(db_path) is None
    assert not path.exists(), "a file of a dead process is removed"

    # A live process whose URL does not answer: ignored, left alone.
    remote_channel.write_server_file(db_path, "http://127.0.0.1:9", "t")
    assert remote_channel.find_app(db_path) is None

    # Readable by others: never trusted.
    path.chmod(0o644)
    assert remote_channel.find_app(db_path) is None


# --- scheduled backups -------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "5", "1x", "-1h", "0m", "30s", "1.5h", "400d", "1 hour"])
def test_nonsense_backup_intervals_are_refused(text):
    with pytest.raises(ax.InvalidDuration):
        backup.parse_duration(text)


@pytest.mark.parametrize(("text", "seconds"), [("30m", 1800), ("1h", 3600), ("1d", 86400)])
def test_backup_intervals(text, seconds):
    assert backup.parse_duration(text) == seconds


def test_the_app_refuses_a_nonsense_schedule_before_serving(axos, tmp_path):
    assert axos("init").out
    axos("app", "--backup-dir", str(tmp_path), "--backup-every", "ofte").assert_user_error(
        "ofte", "30m"
    )
    axos("app", "--backup-every", "1h").assert_user_error("--backup-dir")
    axos(
        "app", "--backup-dir", str(tmp_path / "mangler"), "--backup-every", "1h"
    ).assert_user_error("mangler")


def test_the_schedule_takes_backups_and_keeps_the_newest(app_context, tmp_path, monkeypatch):
    folder = tmp_path / "kopier"
    folder.mkdir()
    names = iter(f"axos-2026010{i}-120000.duckdb" for i in range(1, 10))
    monkeypatch.setattr(backup, "scheduled_name", lambda _db: next(names))
    (folder / "annen-fil.duckdb").write_bytes(b"not ours")
    schedule = BackupSchedule(app_context.db_path, BackupPlan(folder, 1, keep=2))
    for _ in range(4):
        schedule.take_one()
    kept = sorted(p.name for p in folder.iterdir())
    assert kept == [
        "annen-fil.duckdb",
        "axos-20260103-120000.duckdb",
        "axos-20260104-120000.duckdb",
    ]
    assert backup.inspect_backup(folder / "axos-20260104-120000.duckdb").orders > 0


def test_the_schedule_runs_in_its_own_thread(app_context, tmp_path):
    folder = tmp_path / "kopier"
    folder.mkdir()
    schedule = BackupSchedule(app_context.db_path, BackupPlan(folder, 1, keep=5))
    schedule.start()
    try:
        while not schedule.taken:
            time.sleep(0.1)
    finally:
        schedule.stop()
        schedule.join()
    assert Path(schedule.taken[0]).parent == folder
