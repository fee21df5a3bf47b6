"""The process-wide database connection and the acting employee, as the notebooks see them.

`axos app` serves every browser session from one process, each session's notebook running in
a thread of its own. DuckDB allows one read-write process per file and refuses a connection
used from two threads at once, so the process opens the file once and every thread (so every
session) gets its own cursor on it. Notebooks run headless (`app.run()`, tests) or standalone
(`marimo run notebooks/ordrer.py`) open the database from AXOS_DB the same way.
"""

from __future__ import annotations

import threading
from pathlib import Path

import duckdb

from axos_data import db
from axos_data.access import acting_employee
from axos_data.errors import UnknownEmployee
from axos_data.model import Actor


class AppContext:
    """One database connection for the process, handed out as one cursor per thread."""

    def __init__(self, db_path: Path, actor_id: int | None = None):
        self.db_path = Path(db_path)
        self.connection = db.connect(self.db_path)
        self.cursors = db.ThreadCursors(self.connection)
        self.actor = self._acting_employee(actor_id)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.cursors.cursor()

    def _acting_employee(self, actor_id: int | None) -> Actor:
        try:
            return acting_employee(self.cursor(), actor_id)
        except UnknownEmployee as err:
            raise UnknownEmployee(f"{self.db_path}: {err}") from None

    def close(self) -> None:
        self.connection.close()


_lock = threading.Lock()
_current: AppContext | None = None


def configure(db_path: Path | str, actor_id: int | None = None) -> AppContext:
    """Open the process's database (the server calls this once before serving)."""
    global _current
    with _lock:
        if _current is not None:
            _current.close()
        _current = AppContext(Path(db_path), actor_id)
        return _current


def current() -> AppContext:
    """The process's context, opened from AXOS_DB / AXOS_USER on first use."""
    global _current
    with _lock:
        if _current is None:
            _current = AppContext(db.default_db_path(), db.default_actor_id())
        return _current


def reset() -> None:
    """Close the process's connection (tests, server shutdown)."""
    global _current
    with _lock:
        if _current is not None:
            _current.close()
        _current = None


_login_required = False


def set_login_required(required: bool) -> None:
    """The server says whether pages sit behind its password (the menu then offers log-out)."""
    global _login_required
    _login_required = required


def login_required() -> bool:
    return _login_required


def cursor() -> duckdb.DuckDBPyConnection:
    """This thread's cursor on the process's database."""
    return current().cursor()


def actor() -> Actor:
    return current().actor
