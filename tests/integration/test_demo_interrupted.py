"""A demo load killed half-way leaves a database that opens and holds only whole orders."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import axos_data as ax
from axos_data.demo.load import CHUNK

AXOS = str(Path(sys.executable).with_name("axos"))
TARGET = 8 * CHUNK


def progress_of(stream_bytes: bytes) -> int:
    counts = re.findall(rb"(\d+)/%d" % TARGET, stream_bytes)
    return int(counts[-1]) if counts else 0


def test_killed_bulk_load_leaves_no_half_written_order(tmp_path):
    path = tmp_path / "killed.duckdb"
    process = subprocess.Popen(
        [AXOS, "--db", str(path), "demo", "--orders", str(TARGET), "--seed", "5"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
    )
    os.set_blocking(process.stderr.fileno(), False)
    seen = b""
    deadline = time.monotonic() + 120
    while progress_of(seen) < 2 * CHUNK and time.monotonic() < deadline:
        assert process.poll() is None, seen.decode(errors="replace")
        seen += process.stderr.read() or b""
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert progress_of(seen) >= 2 * CHUNK

    con = ax.connect(path)
    orders = con.execute("SELECT count(*) FROM orders").fetchall()[0][0]
    assert 0 < orders < TARGET
    assert orders % CHUNK == 0, "only whole chunks may be visible"
    assert ax.views.totals_mismatches(con).height == 0
    incomplete = con.execute(
        "SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l"
        " WHERE l.order_no = o.order_no) OR NOT EXISTS (SELECT 1 FROM order_status_history h"
        " WHERE h.order_no = o.order_no)"
    ).fetchall()[0][0]
    assert incomplete == 0
    stray_lines = con.execute(
        "SELECT count(*) FROM order_lines l WHERE NOT EXISTS"
        " (SELECT 1 FROM orders o WHERE o.order_no = l.order_no)"
    ).fetchall()[0][0]
    assert stray_lines == 0
    admin = con.execute("SELECT min(id) FROM employees WHERE role = 'admin'").fetchall()[0][0]
    customer = con.execute("SELECT min(id) FROM companies").fetchall()[0][0]
    new = ax.create_order(
        con, admin, customer_id=customer, title="Etter avbrudd", our_contact_id=admin
    )
    assert new == 10001 + orders
    con.close()
