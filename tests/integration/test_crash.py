"""Crash: a child process writes through the library in a loop and is SIGKILLed at random
moments. After every kill the database opens, the invariants hold and every write the child
reported done (printed after the call returned) is there.

10 kills in CI (seeded, so the moments are the same every run); AXOS_CRASH_KILLS=100 for the
long run. The figures go to test-artifacts/reliability/crash.txt.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from invariants import assert_invariants, order_numbers_consecutive

import axos_data as ax

KILLS = int(os.environ.get("AXOS_CRASH_KILLS", "10"))
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reliability"

# Each write is reported on its own line once the call has returned (and so committed).
WRITER = """
import sys
import axos_data as ax

path, actor, customer, seller = sys.argv[1], *map(int, sys.argv[2:])
con = ax.connect(path, timeout=30)
print("ready", flush=True)
n = 0
while True:
    n += 1
    order_no = ax.create_order(con, actor, customer_id=customer, title=f"Krasj {n}",
                               our_contact_id=seller)
    print("order", order_no, flush=True)
    group = ax.add_group(con, actor, order_no, "Arbeid")
    print("group", order_no, group, flush=True)
    for i in range(2):
        line = ax.add_line(con, actor, order_no, description=f"Linje {i}", quantity="1.5",
                           unit="t", unit_price="999.99", vat_rate=25 if i else 15,
                           group_id=group if i else None)
        print("line", order_no, line, flush=True)
    ax.change_status(con, actor, order_no, "klar_til_fakturering", note="krasjtest")
    print("status", order_no, flush=True)
    ax.add_comment(con, actor, order_no, f"kommentar {n}")
    print("comment", order_no, flush=True)
"""


def written(con, kind: str, fields: list[int]) -> bool:
    """Is the reported write in the database?"""
    if kind == "order":
        sql = "SELECT count(*) FROM orders WHERE order_no = ?"
    elif kind == "group":
        sql = "SELECT count(*) FROM order_groups WHERE order_no = ? AND id = ?"
    elif kind == "line":
        sql = "SELECT count(*) FROM order_lines WHERE order_no = ? AND id = ?"
    elif kind == "status":
        sql = (
            "SELECT count(*) FROM order_status_history WHERE order_no = ?"
            " AND to_status = 'klar_til_fakturering' AND note = 'krasjtest'"
        )
    else:
        sql = "SELECT count(*) FROM order_activity WHERE order_no = ? AND kind = 'comment'"
    return con.execute(sql, fields).fetchall()[0][0] == 1


def test_sigkill_at_random_moments_loses_nothing_acknowledged(tmp_path, seeded_template):
    template, cast = seeded_template
    path = tmp_path / "axos.duckdb"
    shutil.copyfile(template, path)
    moments = random.Random(7)
    acknowledged: list[tuple[str, list[int]]] = []
    clean = 0
    for kill in range(KILLS):
        child = subprocess.Popen(
            [
                sys.executable,
                "-c",
                WRITER,
                str(path),
                str(cast.admin),
                str(cast.customer),
                str(cast.user),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        first = child.stdout.readline().strip()
        if first != "ready":
            child.kill()
            pytest.fail(f"kill {kill + 1}: the writer did not start: {child.communicate()[1]}")
        time.sleep(moments.uniform(0.02, 0.8))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, f"kill {kill + 1}: writer died: {err[-2000:]}"
        reports = [line.split() for line in out.splitlines() if line.strip()]
        acknowledged += [(kind, [int(v) for v in values]) for kind, *values in reports]

        con = ax.connect(path, timeout=30)
        try:
            assert_invariants(con)  # message names the broken rule
            assert order_numbers_consecutive(con)
            missing = [(kind, f) for kind, f in acknowledged if not written(con, kind, f)]
            assert not missing, f"kill {kill + 1}: acknowledged writes lost: {missing[:5]}"
        finally:
            con.close()
        clean += 1
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary = f"crash: {KILLS} SIGKILLs, {clean} clean, {len(acknowledged)} acknowledged writes"
    (ARTIFACTS / "crash.txt").write_text(summary + "\n")
    print(summary)
    assert any(kind == "order" for kind, _ in acknowledged), "the writer never got to write"
