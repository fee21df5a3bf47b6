"""The process-wide database connection and the acting employee, as the notebooks see them.

`axos app` serves every browser session from one process, each session's notebook running in
a thread of its own. DuckDB allows one read-write process per file and refuses a connection
used from two threads at once, so the process opens the file once and every thread (so every
session) gets its own cursor on it. Notebooks run headless (`app.run()`, tests) or standalone
(`marimo run notebooks/ordrer.py`) open the database from AXOS_DB the same way.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

import duckdb

from axos_data import db, views
from axos_data.errors import UnknownEmployee


@dataclass(frozen=True)
class ActingEmployee:
    """Who edits made in the app are logged as (until the app has logins)."""

    id: int
    name: str
    role: str


class AppContext:
    """One database connection for the process, handed out as one cursor per thread."""

    def __init__(self, db_path: Path, actor_id: int | None = None):
        self.db_path = Path(db_path)
        self.connection = db.connect(self.db_path)
        self.cursors = db.ThreadCursors(self.connection)
        self.actor = self._acting_employee(actor_id)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self.cursors.cursor()

    def _acting_employee(self, actor_id: int | None) -> ActingEmployee:
        staff = views.employees(self.cursor(), active_only=False)
        if actor_id is not None:
            chosen = staff.filter(staff["id"] == actor_id)
            if chosen.is_empty():
                raise UnknownEmployee(
                    f"AXOS_USER={actor_id}: ansatt {actor_id} finnes ikke i {self.db_path}."
                )
        else:
            chosen = staff.filter(staff["active"] & (staff["role"] == "admin")).sort("id")
            if chosen.is_empty():
                raise UnknownEmployee(
                    f"{self.db_path} har ingen aktiv administrator; sett AXOS_USER til en ansatt."
                )
        row = chosen.row(0, named=True)
        return ActingEmployee(row["id"], row["name"], row["role"])

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
            _current = AppContext(db.default_db_path(), _env_actor())
        return _current


def reset() -> None:
    """Close the process's connection (tests, server shutdown)."""
    global _current
    with _lock:
        if _current is not None:
            _current.close()
        _current = None


def _env_actor() -> int | None:
    value = (os.environ.get("AXOS_USER") or "").strip()
    return int(value) if value.isdigit() else None


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


def actor() -> ActingEmployee:
    return current().actor
