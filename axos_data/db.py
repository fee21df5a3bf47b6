"""Opening the database, migrations, transactions and per-thread cursors."""

from __future__ import annotations

import contextlib
import os
import random
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import TypeVar

import duckdb

from axos_data import clock, os_errors
from axos_data.errors import (
    AxosError,
    ConcurrentModification,
    DatabaseBusy,
    DatabaseDamaged,
    DatabaseNewerThanProgram,
    DuplicateValue,
)

DEFAULT_DB = Path("data") / "axos.duckdb"
DEFAULT_BUSY_TIMEOUT = 10.0
TIMEZONE = clock.TIMEZONE

T = TypeVar("T")


def default_db_path() -> Path:
    """AXOS_DB when set, otherwise data/axos.duckdb below the working directory."""
    return Path(os.environ.get("AXOS_DB") or DEFAULT_DB)


def default_actor_id() -> int | None:
    """AXOS_USER as an employee id, when set to one."""
    value = (os.environ.get("AXOS_USER") or "").strip()
    return int(value) if value.isdigit() else None


def busy_timeout() -> float:
    """Seconds to wait for another process to release the file (AXOS_BUSY_TIMEOUT)."""
    try:
        return float(os.environ.get("AXOS_BUSY_TIMEOUT", DEFAULT_BUSY_TIMEOUT))
    except ValueError:
        return DEFAULT_BUSY_TIMEOUT


def _is_lock_conflict(error: duckdb.Error) -> bool:
    return isinstance(error, duckdb.IOException) and "lock" in str(error).lower()


def connect(
    path: str | os.PathLike | None = None,
    *,
    read_only: bool = False,
    timeout: float | None = None,
    migrate: bool = True,
    check: bool = True,
) -> duckdb.DuckDBPyConnection:
    """Open the database file, waiting up to `timeout` seconds while another process holds it.

    Refuses a file that is damaged or newer than this program (`check_file`; `check=False`
    only for salvage). Applies pending migrations unless read-only. ":memory:" opens a private
    in-memory database.
    """
    target = str(path) if path is not None else str(default_db_path())
    if target != ":memory:":
        try:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise AxosError(
                f"Kan ikke opprette mappen for databasen {target}: {os_errors.reason(error)}."
            ) from None
    wait = busy_timeout() if timeout is None else timeout
    deadline = time.monotonic() + wait
    delay = 0.02
    while True:
        try:
            con = duckdb.connect(target, read_only=read_only)
            break
        except duckdb.Error as error:
            if not _is_lock_conflict(error):
                if _looks_damaged(error):
                    raise _damaged(target, str(error).splitlines()[0]) from None
                raise AxosError(f"Kan ikke åpne databasen {target}: {error}") from None
            if time.monotonic() >= deadline:
                raise DatabaseBusy(
                    f"Databasen {target} er i bruk av en annen prosess (for eksempel «axos app»)"
                    f" og ble ikke ledig på {wait:g} sekunder. Prøv igjen, eller gjør endringen"
                    " i appen."
                ) from None
            time.sleep(delay)
            delay = min(delay * 2, 0.5)
    try:
        if check and target != ":memory:":
            check_file(con, target)
        con.execute(f"SET TimeZone = '{TIMEZONE}'")
        if migrate and not read_only:
            apply_migrations(con)
    except BaseException:
        con.close()
        raise
    return con


# A DuckDB file is three 4 KiB headers followed by whole blocks (measured on 2.0; free blocks
# at the end are cut off at checkpoint, so the total in the header can exceed the file). A
# file that ends inside a block, or holds fewer blocks than are in use, was cut off (a copy
# that stopped, a full disk); DuckDB itself opens it and fails only when a query reaches a
# missing block — by then `axos init` had written to it.
_FILE_HEADERS_BYTES = 3 * 4096
_DAMAGE_SIGNS = ("could not read enough bytes", "not a valid duckdb", "checksum", "corrupt")
# Tables every database of ours has from migration 001; counting them reads their metadata.
_CORE_TABLES = ("orders", "order_lines", "order_status_history", "order_activity", "settings")


def _looks_damaged(error: duckdb.Error) -> bool:
    return any(sign in str(error).lower() for sign in _DAMAGE_SIGNS)


def _damaged(target: str, reason: str) -> DatabaseDamaged:
    return DatabaseDamaged(
        f"Databasen {target} er skadet ({reason}). Den åpnes ikke, så ingenting mer skrives i"
        f" den. Gjenopprett fra en sikkerhetskopi: axos restore SIKKERHETSKOPI --to {target}"
        " --force"
    )


def known_migration_versions() -> set[int]:
    """The schema versions this program can create and work with."""
    return {version for version, _name, _sql in _migration_files()}


def recorded_migration_versions(con: duckdb.DuckDBPyConnection) -> set[int]:
    """The schema versions recorded in the database (empty for a new file)."""
    exists = con.execute(
        "SELECT count(*) FROM duckdb_tables()"
        " WHERE database_name = current_database() AND schema_name = 'main'"
        " AND table_name = 'schema_migrations'"
    ).fetchall()[0][0]
    if not exists:
        return set()
    return {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}


def check_file(con: duckdb.DuckDBPyConnection, target: str) -> None:
    """Refuse a file that is cut short, unreadable, or has migrations this program lacks.

    Cheap on any size: the file length against its header, the migrations table, and a row
    count of the core tables (answered from metadata).
    """
    try:
        # Used blocks, not total: DuckDB cuts free blocks off the end of the file, so a sound
        # file can be shorter than its total, but never shorter than the blocks in use.
        block_size, used_blocks = con.execute(
            "SELECT block_size, used_blocks FROM pragma_database_size()"
            " WHERE database_name = current_database()"
        ).fetchall()[0]
        expected = _FILE_HEADERS_BYTES + block_size * used_blocks
        actual = os.path.getsize(target)
        if actual < expected:
            raise _damaged(target, f"filen er {actual} byte, men skal være minst {expected}")
        if (actual - _FILE_HEADERS_BYTES) % block_size:
            raise _damaged(target, f"filen slutter midt i en blokk ({actual} byte)")
        versions = recorded_migration_versions(con)
        if versions:
            for table in _CORE_TABLES:
                con.execute(f"SELECT count(*) FROM {table}").fetchall()
    except duckdb.Error as error:
        raise _damaged(target, str(error).splitlines()[0]) from None
    unknown = sorted(versions - known_migration_versions())
    if unknown:
        raise DatabaseNewerThanProgram(
            f"Databasen {target} er nyere enn dette programmet: den har skjemaversjon"
            f" {', '.join(str(v) for v in unknown)}, som denne versjonen av Axos Ordre ikke"
            f" kjenner (den kjenner til og med {max(known_migration_versions())}). Oppdater"
            " programmet, eller gjenopprett en sikkerhetskopi laget med denne versjonen"
            " (axos restore)."
        )


def _migration_files() -> list[tuple[int, str, str]]:
    folder = resources.files("axos_data") / "migrations"
    found = []
    for entry in folder.iterdir():
        name = entry.name
        if name.endswith(".sql") and name[:3].isdigit():
            found.append((int(name[:3]), name, entry.read_text(encoding="utf-8")))
    return sorted(found)


def apply_migrations(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Apply every numbered migration not yet recorded; returns the names applied."""
    con.execute(
        "CREATE TABLE IF NOT EXISTS schema_migrations ("
        " version INTEGER PRIMARY KEY, name VARCHAR NOT NULL,"
        " applied_at TIMESTAMPTZ NOT NULL DEFAULT current_timestamp)"
    )
    done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
    applied = []
    for version, name, sql in _migration_files():
        if version in done:
            continue
        con.begin()
        try:
            con.execute(sql)
            con.execute(
                "INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name]
            )
            con.commit()
        except BaseException:
            con.rollback()
            raise
        applied.append(name)
    return applied


# Connections (by id) with an `atomic` block open in this thread/context: a nested `atomic`
# on one of them joins the open transaction. Each thread has its own cursor, so ids differ.
_IN_ATOMIC: ContextVar[frozenset[int]] = ContextVar("axos_in_atomic", default=frozenset())


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    """Commit when the block ends normally, roll back on any exception."""
    con.begin()
    try:
        yield con
    except BaseException:
        _rollback_quietly(con)
        raise
    try:
        con.commit()
    except duckdb.Error:
        _rollback_quietly(con)
        raise


def _rollback_quietly(con: duckdb.DuckDBPyConnection) -> None:
    with contextlib.suppress(duckdb.Error):  # DuckDB may have ended the failed transaction
        con.rollback()


def _is_write_conflict(error: duckdb.Error) -> bool:
    """A concurrent transaction won: DuckDB raises TransactionException both for
    "Conflict on update" and for a duplicate key found at commit ("Failed to commit: …")."""
    return isinstance(error, duckdb.TransactionException)


_DUPLICATE_KEY = re.compile(r'duplicate key "(.*)"', re.IGNORECASE | re.DOTALL)


def duplicate_key(error: BaseException) -> str | None:
    """The key text of a unique/primary-key violation raised by a statement, else None."""
    if not isinstance(error, duckdb.ConstraintException):
        return None
    match = _DUPLICATE_KEY.search(str(error))
    return match.group(1) if match else None


def _duplicate_message(key: str) -> str:
    # DuckDB names a single-column primary key as "column: value", a UNIQUE one by value only.
    column, sep, value = key.partition(": ")
    named = f"«{value}» ({column})" if sep and column.isidentifier() else f"«{key}»"
    return f"Verdien {named} finnes allerede og må være unik. Velg en annen verdi."


def atomic(
    con: duckdb.DuckDBPyConnection,
    work: Callable[[duckdb.DuckDBPyConnection], T],
    *,
    attempts: int = 8,
    timeout: float | None = None,
) -> T:
    """Run `work` in one transaction; retry when a concurrent transaction wins a write conflict.

    DuckDB detects conflicts optimistically (two sessions updating the order-number counter,
    or one order row); the loser rolls back and runs again on fresh data. It retries at least
    `attempts` times and for up to `timeout` seconds (AXOS_BUSY_TIMEOUT), with a random
    back-off: with many threads contending, a fixed count of short sleeps lost to the others
    again and again.

    A duplicate key raised by a statement is retried once only: it may be a row another
    transaction committed after ours began (invisible to the service's own "exists?" check,
    which then answers on the fresh attempt), but the same duplicate on a fresh snapshot is a
    genuine violation and becomes `DuplicateValue` at once.

    Called inside another `atomic` on the same connection, `work` joins that transaction
    instead of starting one (DuckDB has no nested transactions): a bulk write such as an
    import runs many single-record services as one all-or-nothing change, and a conflict or
    error anywhere rolls back and retries the whole outer unit.
    """
    if id(con) in _IN_ATOMIC.get():
        return work(con)
    deadline = time.monotonic() + (busy_timeout() if timeout is None else timeout)
    attempt = 0
    duplicate_retried = False
    while True:
        try:
            with transaction(con):
                token = _IN_ATOMIC.set(_IN_ATOMIC.get() | {id(con)})
                try:
                    return work(con)
                finally:
                    _IN_ATOMIC.reset(token)
        except duckdb.Error as error:
            key = duplicate_key(error)
            if key is not None:
                if duplicate_retried:
                    raise DuplicateValue(_duplicate_message(key)) from None
                duplicate_retried = True
                continue
            if not _is_write_conflict(error):
                raise
            attempt += 1
            if attempt >= attempts and time.monotonic() >= deadline:
                raise ConcurrentModification(
                    "Noen andre endret de samme dataene samtidig. Last inn på nytt og prøv igjen."
                ) from None
            time.sleep(random.uniform(0.001, min(0.005 * 2**attempt, 0.1)))


class ThreadCursors:
    """One connection for the process, one cursor per thread (DuckDB refuses shared use)."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.connection = con
        self._local = threading.local()
        self._lock = threading.Lock()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cursor", None)
        if cur is None:
            with self._lock:
                cur = self.connection.cursor()
            cur.execute(f"SET TimeZone = '{TIMEZONE}'")
            self._local.cursor = cur
        return cur
