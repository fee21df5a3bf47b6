"""`axos snapshot` and `axos app --snapshot-dir/--snapshot-every` as a user runs them."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import time
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import axos_data as ax
from axos_data import remote_channel, snapshot
from axos_data.cli import cli
from tests.e2e.conftest import AppServer, free_port

RESULT_KEYS = {
    "path",
    "current",
    "taken_at",
    "schema_version",
    "tables",
    "rows",
    "bytes",
    "seconds",
}


def _axos(db_path: Path, *args: object):
    """The `axos` command in this process (a subprocess costs seconds of imports)."""
    return CliRunner().invoke(
        cli, ["--db", str(db_path), *map(str, args)], standalone_mode=False, catch_exceptions=True
    )


def test_the_snapshot_command(seeded_axos, tmp_path):
    axos, _cast = seeded_axos
    out = tmp_path / "snap"
    first = axos("snapshot", "--out", out, "--json").json()  # once as a real process
    assert set(first) == RESULT_KEYS
    assert Path(first["current"]) == out / "current"
    assert snapshot.resolve(out) == Path(first["path"])
    assert first["rows"] == sum(first["tables"].values())
    assert "user_logins" not in first["tables"] and first["tables"]["employees"] == 2
    manifest = snapshot.read_manifest(out)
    assert manifest["schema_version"] == first["schema_version"]
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == first["tables"]
    assert first["bytes"] == sum(e["bytes"] for e in manifest["tables"].values())

    human = _axos(axos.db_path, "snapshot", "--out", out, "--keep", "1")
    assert human.exception is None, human.output
    line = human.output.strip()
    assert line.startswith("Øyeblikksbilde ") and "tabeller" in line and "rader" in line
    assert [p.name for p in snapshot.versions(out)] == [Path(line.split()[1]).name]
    again = _axos(axos.db_path, "--json", "snapshot", "--out", out)
    assert set(json.loads(again.output)) == RESULT_KEYS


def test_the_snapshot_command_refuses_a_file_as_folder(seeded_axos, tmp_path):
    axos, _cast = seeded_axos
    target = tmp_path / "fil.txt"
    target.write_text("ikke en mappe")
    refused = _axos(axos.db_path, "snapshot", "--out", target)
    assert isinstance(refused.exception, ax.CannotWriteFile)
    assert "fil.txt" in str(refused.exception) and "mappe" in str(refused.exception)


def test_the_app_refuses_a_nonsense_snapshot_schedule(seeded_axos, tmp_path):
    axos, _cast = seeded_axos
    refused = _axos(axos.db_path, "app", "--snapshot-dir", tmp_path, "--snapshot-every", "ofte")
    assert isinstance(refused.exception, ax.InvalidDuration)
    assert "«ofte»" in str(refused.exception) and "15m" in str(refused.exception)
    refused = _axos(axos.db_path, "app", "--snapshot-dir", tmp_path, "--snapshot-every", "0s")
    assert isinstance(refused.exception, ax.InvalidDuration)
    refused = _axos(axos.db_path, "app", "--snapshot-every", "1h")
    assert isinstance(refused.exception, click.UsageError)
    assert "--snapshot-dir" in refused.exception.format_message()
    a_file = tmp_path / "fil.txt"
    a_file.write_text("x")
    refused = _axos(axos.db_path, "app", "--snapshot-dir", a_file, "--snapshot-every", "1h")
    assert isinstance(refused.exception, click.UsageError)
    assert "fil.txt" in refused.exception.format_message()


def _versions_appearing(folder: Path, count: int, server: AppServer) -> list[Path]:
    deadline = time.monotonic() + 90  # a bound against a hang, not a measured time
    while time.monotonic() < deadline:
        found = snapshot.versions(folder)
        if len(found) >= count:
            return found
        assert server.process.poll() is None, server.log.read_text()
        time.sleep(0.1)
    pytest.fail(f"no {count} snapshots in {folder}: {server.log.read_text()}")


def test_the_app_keeps_a_fresh_snapshot_and_still_stops_at_once(demo_db, tmp_path):
    folder = tmp_path / "snapshots"
    con = ax.connect(demo_db)
    try:
        orders = con.execute("SELECT count(*) FROM orders").fetchall()[0][0]
    finally:
        con.close()
    server = AppServer(
        demo_db, free_port(), extra_args=["--snapshot-dir", str(folder), "--snapshot-every", "1s"]
    ).start()
    try:
        found = _versions_appearing(folder, 2, server)  # the one at start, then the next
        s = snapshot.open(folder, verify=True)
        try:
            assert s.execute("SELECT count(*) FROM orders").fetchall()[0][0] == orders
        finally:
            s.close()
        assert snapshot.resolve(folder).name >= found[-1].name
        server.process.send_signal(signal.SIGINT)
        try:
            code = server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pytest.fail("axos app was still running 10 s after Ctrl+C")
    finally:
        server.stop()
    assert code == 0, server.log.read_text()
    assert "Øyeblikksbilde " in server.log.read_text()
    assert not remote_channel.server_file(demo_db).exists()
    assert not demo_db.with_name(demo_db.name + ".wal").exists()
    # A snapshot cut short by the stop left nothing; the newest whole one is still current.
    assert not [p for p in os.listdir(folder) if p.startswith(".")]
    snapshot.open(folder).close()
