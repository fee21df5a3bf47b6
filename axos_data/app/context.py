"""The process-wide database connection and the acting employee, as the notebooks see them.

The acting employee is the one logged in: the login gate puts the session's employee into the
request as `scope["user"]` (login_gate.user_of), marimo hands it to the notebook as
`mo.app_meta().request.user` (on instantiation and on every UI change), and `actor()` loads
that employee. Without a request (a notebook run headless, `marimo run` of one file) it is the
process's own employee (AXOS_USER / the first admin); inside the served app a request without
an employee is refused rather than given that employee.

`axos app` serves every browser session from one process, each session's notebook running in
a thread of its own. DuckDB allows one read-write process per file and refuses a connection
used from two threads at once, so the process opens the file once and every thread (so every
session) gets its own cursor on it. Notebooks run headless (`app.run()`, tests) or standalone
(`marimo run notebooks/ordrer.py`) open the database from AXOS_DB the same way.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from pathlib import Path

import duckdb

from axos_data import db
from axos_data.access import acting_employee, load_actor
from axos_data.errors import PermissionDenied, UnknownEmployee
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
    """Close the process's connection and forget that a server serves it (tests, server
    shutdown): whatever runs next in this process starts as a fresh one."""
    global _current, _served
    with _lock:
        closing, _current, _served = _current, None, False
        if closing is not None:
            closing.close()  # may raise (a cursor busy in another thread); forgotten all the same


_served = False


def set_served(served: bool) -> None:
    """The server says every page request comes through its login gate (which names the
    employee); a notebook request without one is then refused, never run as the default."""
    global _served
    _served = served


# The last request user seen on this thread. In `marimo run` each browser session's kernel
# runs in a thread of its own and always starts from a request (the websocket that opened it);
# marimo runs some work without one (function calls of tables and widgets), which then acts as
# the same session's employee. The gate checked that session on the HTTP call that led here.
_last_user = threading.local()


def request_user() -> dict | None:
    """The gate's user of the request this notebook cell runs for (or, without one, the last
    one this session's thread saw); None outside the served app."""
    try:
        import marimo as mo

        request = mo.app_meta().request
    except Exception:  # no marimo runtime here (a script, a test): no request
        request = None
    user = None if request is None else request.user
    if isinstance(user, dict) and "employee_id" in user:
        _last_user.value = user
        return user
    return getattr(_last_user, "value", None)


@contextlib.contextmanager
def acting_as(user: dict | None) -> Iterator[None]:
    """Run code outside a notebook cell (a server-rendered preview) as this request's user;
    restored afterwards, since worker threads serve other requests too."""
    before = getattr(_last_user, "value", None)
    _last_user.value = user
    try:
        yield
    finally:
        _last_user.value = before


def actor_for(user: dict | None) -> Actor:
    """The employee a request acts as (see the module docstring)."""
    if user is None or user.get("employee_id") is None:
        if _served:
            raise PermissionDenied("Ingen innlogget ansatt. Last siden på nytt og logg inn.")
        return current().actor
    return load_actor(cursor(), int(user["employee_id"]))


def single_user(user: dict | None = None) -> bool:
    """Whether nobody logged in and the app acts as its own employee (Enkeltbrukermodus)."""
    user = user if user is not None else request_user()
    return bool(user["single_user"]) if user is not None else not _served


def login_required(user: dict | None = None) -> bool:
    """Whether this request has a login (the menu then offers log-out)."""
    user = user if user is not None else request_user()
    return bool(user and user.get("is_authenticated"))


def cursor() -> duckdb.DuckDBPyConnection:
    """This thread's cursor on the process's database."""
    return current().cursor()


def actor() -> Actor:
    """The acting employee of the current notebook request."""
    return actor_for(request_user())
