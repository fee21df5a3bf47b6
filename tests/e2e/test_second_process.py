"""A second process while another one owns the database: the CLI gets DatabaseBusy (exit 1,
one `feil:` line) within its AXOS_BUSY_TIMEOUT, and the file is never damaged — after the
owner stops, it opens and passes the invariant check with every owner's write in it.

tests/integration/test_database_busy.py covers connect() itself; this is the CLI against a
process that keeps writing. Against `axos app` the CLI does not knock at all: it sends the
command to the app (cli/remote.py), which owns the file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from invariants import assert_invariants, order_numbers_consecutive

import axos_data as ax

# Writes orders until told to stop on stdin; reports each one once it is committed.
OWNER = """
import sys, threading
import axos_data as ax

path, actor, customer = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
con = ax.connect(path)
stop = threading.Event()
threading.Thread(target=lambda: (sys.stdin.readline(), stop.set()), daemon=True).start()
print("holding", flush=True)
while not stop.is_set():
    number = ax.create_order(con, actor, customer_id=customer, title="Eier", our_contact_id=actor)
    ax.add_line(con, actor, number, description="Arbeid", quantity=1, unit="t", unit_price="10")
    print(number, flush=True)
con.close()
print("released", flush=True)
"""


def busy(run, db_path) -> None:
    run.assert_user_error("i bruk av en annen prosess", str(db_path))


def test_cli_gets_database_busy_while_a_writer_owns_the_file(seeded_axos):
    axos, cast = seeded_axos
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, str(axos.db_path), str(cast.admin), str(cast.customer)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert owner.stdout.readline().strip() == "holding"
        quick = {"AXOS_BUSY_TIMEOUT": "0.5"}
        busy(axos("order", "list", env=quick), axos.db_path)
        busy(
            axos(
                "--as", cast.admin, "order", "comment", "10001", "fra en annen prosess", env=quick
            ),
            axos.db_path,
        )
        busy(axos("init", env=quick), axos.db_path)
    finally:
        owner.stdin.write("\n")
        owner.stdin.flush()
        out, _ = owner.communicate(timeout=60)
    reported = [int(line) for line in out.split() if line.isdigit()]
    assert reported, "the owner wrote nothing while the CLI knocked"
    assert out.split()[-1] == "released"
    con = ax.connect(axos.db_path)
    try:
        assert_invariants(con)
        assert order_numbers_consecutive(con)
        stored = {r[0] for r in con.execute("SELECT order_no FROM orders").fetchall()}
        assert set(reported) <= stored
        assert con.execute(
            "SELECT count(*) FROM order_activity WHERE message = 'fra en annen prosess'"
        ).fetchall() == [(0,)]
    finally:
        con.close()


def test_the_cli_works_through_the_app_while_it_runs(app_server, axos_on, tmp_path):
    """`axos app` owns the file; the CLI in another process (and folder) goes through it."""
    axos = axos_on(app_server.db_path, tmp_path)
    quick = {"AXOS_BUSY_TIMEOUT": "0.5"}  # would fail fast if the CLI opened the file
    listed = axos("--json", "order", "list", "--limit", "1", env=quick).json()
    order = listed["orders"][0]["order_no"]
    assert axos("order", "comment", order, "skrevet mens appen kjører", env=quick).out == (
        "Kommentar lagret"
    )
    seen = axos("--json", "order", "log", order, env=quick).json()
    assert seen[-1]["message"] == "skrevet mens appen kjører"
    # Relative paths are the client's: the PDF lands in its folder, not the app's.
    written = axos("--json", "order", "pdf", order, env=quick).json()
    assert Path(written["file"]).parent == tmp_path and Path(written["file"]).exists()
    axos("order", "show", 99999, env=quick).assert_user_error("99999")
    axos("demo", "--orders", "5", env=quick).assert_user_error(
        "Appen kjører mot denne databasen", "stopp den først"
    )

    app_server.stop()
    con = ax.connect(app_server.db_path)
    try:
        assert_invariants(con)
        before = con.execute("SELECT count(*) FROM orders").fetchall()[0][0]
        assert con.execute(
            "SELECT count(*) FROM order_activity WHERE message = 'skrevet mens appen kjører'"
        ).fetchall() == [(1,)]
    finally:
        con.close()
    assert axos("--json", "order", "list", "--limit", "1").json()["total"] == before
