"""Login attempts into the database's login_attempts table (migrations 003 and 005)."""

from __future__ import annotations

import duckdb

from axos_data import clock
from axos_data.app import context
from axos_data.app.login_gate import LoginAttempt


def record_login_attempt(con: duckdb.DuckDBPyConnection, attempt: LoginAttempt) -> None:
    """One row per attempt; a single INSERT is its own transaction."""
    con.execute(
        "INSERT INTO login_attempts (attempted_at, client, outcome, employee_id, account)"
        " VALUES (?, ?, ?, ?, ?)",
        [
            clock.now(),
            attempt.client[:100],
            attempt.outcome,
            attempt.employee_id,
            attempt.account[:254] if attempt.account else None,
        ],
    )


def record_in_app_database(attempt: LoginAttempt) -> None:
    """The server's recorder: the process's own connection (this thread's cursor)."""
    record_login_attempt(context.cursor(), attempt)
