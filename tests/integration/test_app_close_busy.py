"""The app's shutdown closes the database even while a browser session's kernel is still
running a query: the checkpoint happens, the refusal to close a busy cursor does not escape
(it used to skip the clean exit: exit code 1, or a hang joining the kernels' threads)."""

from __future__ import annotations

import threading
import time

import duckdb

import axos_data as ax
from axos_data.app import context
from axos_data.app.serve import close_database


def test_close_database_with_a_query_running_in_another_thread(seeded_template, tmp_path):
    template, cast = seeded_template
    path = tmp_path / "app.duckdb"
    path.write_bytes(template.read_bytes())
    context.reset()
    ctx = context.configure(path)
    ax.add_company(ctx.cursor(), cast.admin, name="Skrevet før stopp AS")
    started, outcome = threading.Event(), {}
    session_cursor: list[duckdb.DuckDBPyConnection] = []

    def session_kernel() -> None:
        cursor = context.cursor()
        session_cursor.append(cursor)
        started.set()
        try:
            cursor.execute("SELECT count(*) FROM range(50000000000) a").fetchall()
            outcome["result"] = "finished"
        except duckdb.Error as error:
            outcome["result"] = type(error).__name__

    kernel = threading.Thread(target=session_kernel, daemon=True)
    kernel.start()
    try:
        assert started.wait(10)
        time.sleep(0.3)  # let the query start; it runs for minutes unless interrupted
        assert kernel.is_alive()
        close_database()  # must neither raise nor wait for the query
        assert context._current is None
        assert not path.with_name(path.name + ".wal").exists()
    finally:
        session_cursor[0].interrupt()
        kernel.join(30)
        context.reset()
    assert outcome["result"] != "finished"
    con = ax.connect(path, timeout=0)
    try:
        names = [row[0] for row in con.execute("SELECT name FROM companies").fetchall()]
        assert "Skrevet før stopp AS" in names
    finally:
        con.close()
