"""Snapshots for analysts: every table as Parquet plus a manifest, written consistently and
atomically, and `open()` to query one with DuckDB.

Layout of a snapshot folder DIR:

    DIR/current -> snapshot-20261201-070000-0007      (relative symlink, swapped atomically)
    DIR/snapshot-20261201-070000-0007/manifest.json
    DIR/snapshot-20261201-070000-0007/orders.parquet  (one file per table)
    DIR/snapshot-20261201-064500-0006/…               (older versions, the newest `keep` kept)

Consistent: every COPY runs in one DuckDB transaction, which reads one MVCC snapshot of the
database, so all tables are as of one moment while other threads go on committing (checked on
DuckDB 2.0.1: without the transaction, two COPYs under concurrent writes disagreed every time;
inside one they never did). Atomic: a version is written under a hidden partial name, renamed
to its final name when complete, and `current` is then replaced by a new symlink in one
rename; a reader that follows `current` sees either the old or the new snapshot, whole.
Older versions are kept a while (`keep`), so a reader that opened one just before the swap
can still read it.

Secrets and the derived search index are left out (axos_data.exposure). The stored files
(blobs behind `order_files`) are not part of it: they can be large, are documents rather than
data to analyse, and would be copied again at every interval; `order_files` (names, sizes,
SHA-256) is.

The reading side (`open`, `read_manifest`, `resolve`) is in axos_data.snapshot_read and is
offered here too, so `snapshot.open(DIR)` is the one name analysts need.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb

from axos_data import clock, durations, exposure
from axos_data.errors import (
    CannotWriteFile,
    SnapshotInterrupted,
)
from axos_data.snapshot_read import (
    CURRENT,
    FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    TABLE_NAME,
    file_sha256,
    open,
    quote_identifier,
    quote_literal,
    read_manifest,
    resolve,
)

DEFAULT_KEEP = 3
# Sums a reader can recompute from the Parquet files to check them (money columns).
CONTROL_SUMS: dict[str, tuple[str, ...]] = {
    "orders": ("net_total", "vat_total", "total"),
    "order_lines": ("amount",),
    "payments": ("amount",),
}
_VERSION_NAME = re.compile(r"^snapshot-\d{8}-\d{6}-(\d+)$")
_PARTIAL_NAME = re.compile(r"^\.snapshot-\d{8}-\d{6}-(\d+)\.partial-[0-9a-f]+$")
# A partial folder this old belongs to a writer that died (a snapshot takes seconds).
_STALE_PARTIAL_SECONDS = 3600


@dataclass(frozen=True)
class SnapshotResult:
    path: str
    current: str
    taken_at: str
    schema_version: int
    tables: dict[str, int]
    bytes: int
    seconds: float

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def as_dict(self) -> dict:
        return {
            "path": self.path,
            "current": self.current,
            "taken_at": self.taken_at,
            "schema_version": self.schema_version,
            "tables": self.tables,
            "rows": self.rows,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 3),
        }


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _sequence(folder: Path) -> int:
    """The next version number: one past every version and partial in the folder."""
    numbers = [0]
    for entry in folder.iterdir():
        match = _VERSION_NAME.match(entry.name) or _PARTIAL_NAME.match(entry.name)
        if match:
            numbers.append(int(match.group(1)))
    return max(numbers) + 1


def _prepare_folder(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise CannotWriteFile(f"{out} er en fil, ikke en mappe. Velg en mappe for øyeblikksbildet.")
    link = out / CURRENT
    if link.exists() and not link.is_symlink():
        raise CannotWriteFile(
            f"{link} finnes og er ikke en lenke fra et tidligere øyeblikksbilde. Velg en annen"
            " mappe, eller flytt den bort."
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise CannotWriteFile(f"Mappen {out} kan ikke opprettes: {error.strerror}.") from None


def write_snapshot(
    con: duckdb.DuckDBPyConnection,
    out_dir: str | os.PathLike,
    *,
    keep: int = DEFAULT_KEEP,
    cancel: threading.Event | None = None,
) -> SnapshotResult:
    """Write a consistent snapshot of the database behind `con` into `out_dir` and point
    `out_dir/current` at it; older versions beyond the newest `keep` are removed.

    `con` is a connection or this thread's cursor on the app's connection (not inside a
    transaction). `cancel`, when set, stops the writing between tables and leaves nothing
    behind (`SnapshotInterrupted`); to stop a long COPY too, interrupt `con`.
    """
    out = Path(out_dir).absolute()
    _prepare_folder(out)
    started = time.monotonic()
    taken_at = clock.now()
    while True:
        name = f"snapshot-{taken_at:%Y%m%d-%H%M%S}-{_sequence(out):04d}"
        partial = out / f".{name}.partial-{secrets.token_hex(4)}"
        try:
            partial.mkdir()
            manifest = _write_tables(con, partial, taken_at, cancel)
            (partial / MANIFEST).write_text(
                json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )
            for entry in partial.iterdir():
                _fsync(entry)
            _fsync(partial)
            final = out / name
            try:
                os.rename(partial, final)
            except OSError:
                if final.exists():  # another writer took this number first: take the next
                    shutil.rmtree(partial, ignore_errors=True)
                    continue
                raise
            _point_current(out, name)
            break
        except duckdb.InterruptException:
            shutil.rmtree(partial, ignore_errors=True)
            raise SnapshotInterrupted(f"Øyeblikksbildet i {out} ble avbrutt.") from None
        except duckdb.Error as error:
            shutil.rmtree(partial, ignore_errors=True)
            raise CannotWriteFile(
                f"Øyeblikksbildet i {out} kunne ikke skrives: {str(error).splitlines()[0]}"
            ) from None
        except OSError as error:
            shutil.rmtree(partial, ignore_errors=True)
            raise CannotWriteFile(
                f"Øyeblikksbildet i {out} kunne ikke skrives: {error.strerror}."
            ) from None
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            raise
    prune(out, keep)
    tables = manifest["tables"]
    return SnapshotResult(
        path=str(out / name),
        current=str(out / CURRENT),
        taken_at=manifest["taken_at"],
        schema_version=manifest["schema_version"],
        tables={table: entry["rows"] for table, entry in tables.items()},
        bytes=sum(entry["bytes"] for entry in tables.values()),
        seconds=time.monotonic() - started,
    )


def _write_tables(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    taken_at: dt.datetime,
    cancel: threading.Event | None,
) -> dict:
    """Every exported table to Parquet in one read transaction; the manifest as a dict."""
    con.execute("BEGIN TRANSACTION")
    try:
        database = con.execute("SELECT current_database()").fetchall()[0][0]
        columns: dict[str, list[str]] = {}
        for table, column in con.execute(
            "SELECT table_name, column_name FROM duckdb_columns()"
            " WHERE database_name = ? AND schema_name = 'main'"
            " AND table_name IN (SELECT table_name FROM duckdb_tables()"
            "   WHERE database_name = ? AND schema_name = 'main' AND NOT temporary)"
            " ORDER BY table_name, column_index",
            [database, database],
        ).fetchall():
            exported = (
                TABLE_NAME.match(table)
                and exposure.table_exported(table)
                and table not in exposure.DERIVED_TABLES
            )
            if exported and exposure.column_exported(column):
                columns.setdefault(table, []).append(column)
        versions = sorted(
            row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()
        )
        tables = {}
        for table, names in columns.items():
            if cancel is not None and cancel.is_set():
                raise SnapshotInterrupted("Øyeblikksbildet ble avbrutt.")
            target = folder / f"{table}.parquet"
            select = ", ".join(quote_identifier(c) for c in names)
            source = f"{quote_identifier(database)}.main.{quote_identifier(table)}"
            rows = con.execute(
                f"COPY (SELECT {select} FROM {source}) TO {quote_literal(str(target))}"
                " (FORMAT parquet, COMPRESSION zstd)"
            ).fetchall()[0][0]
            tables[table] = {"file": target.name, "rows": rows, "columns": names}
            sums = _control_sums(con, source, table, names)
            if sums:
                tables[table]["sums"] = sums
    finally:
        with contextlib.suppress(duckdb.Error):
            con.execute("ROLLBACK")  # read only: nothing to keep
    for entry in tables.values():
        path = folder / entry["file"]
        entry["bytes"] = path.stat().st_size
        entry["sha256"] = file_sha256(path)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "taken_at": taken_at.isoformat(),
        "schema_version": max(versions, default=0),
        "schema_versions": versions,
        "excluded_tables": sorted(exposure.EXCLUDED_TABLES | exposure.DERIVED_TABLES),
        "tables": tables,
    }


def _control_sums(
    con: duckdb.DuckDBPyConnection, source: str, table: str, names: list[str]
) -> dict[str, str]:
    wanted = [c for c in CONTROL_SUMS.get(table, ()) if c in names]
    if not wanted:
        return {}
    select = ", ".join(f"coalesce(sum({quote_identifier(c)}), 0)" for c in wanted)
    values = con.execute(f"SELECT {select} FROM {source}").fetchall()[0]
    return {column: str(value) for column, value in zip(wanted, values, strict=True)}


def _point_current(out: Path, name: str) -> None:
    """Replace `out/current` by a symlink to `name` in one rename (relative, so the whole
    folder can be moved or mounted elsewhere)."""
    temporary = out / f".{CURRENT}-{secrets.token_hex(4)}"
    os.symlink(name, temporary)
    try:
        os.replace(temporary, out / CURRENT)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
    _fsync(out)


def versions(out_dir: str | os.PathLike) -> list[Path]:
    """The complete snapshot versions in `out_dir`, oldest first."""
    out = Path(out_dir)
    found = []
    for entry in out.iterdir() if out.is_dir() else ():
        match = _VERSION_NAME.match(entry.name)
        if match and entry.is_dir() and not entry.is_symlink():
            found.append((int(match.group(1)), entry))
    return [entry for _number, entry in sorted(found)]


def prune(out_dir: str | os.PathLike, keep: int = DEFAULT_KEEP) -> list[Path]:
    """Remove versions beyond the newest `keep` (never the one `current` points to) and
    partial folders left by a writer that died."""
    out = Path(out_dir)
    link = out / CURRENT
    pointed = os.readlink(link) if link.is_symlink() else None
    removed = []
    for entry in versions(out)[: -max(keep, 1)]:
        if entry.name != pointed:
            shutil.rmtree(entry, ignore_errors=True)
            removed.append(entry)
    for entry in out.iterdir():
        if _PARTIAL_NAME.match(entry.name):
            with contextlib.suppress(OSError):
                if time.time() - entry.stat().st_mtime > _STALE_PARTIAL_SECONDS:
                    shutil.rmtree(entry, ignore_errors=True)
    return removed


def parse_interval(text: str) -> int:
    """'30s', '15m', '1h', '1d' → seconds (between one second and a week)."""
    return durations.parse(
        text,
        minimum=1,
        maximum=7 * 86400,
        units="s (sekunder), m (minutter), h (timer) eller d (døgn), for eksempel 30s, 15m"
        " eller 1h",
        allowed="mellom 1 sekund (1s) og en uke (7d)",
    )


__all__ = [
    "CURRENT",
    "DEFAULT_KEEP",
    "FORMAT",
    "FORMAT_VERSION",
    "MANIFEST",
    "SnapshotResult",
    "open",
    "parse_interval",
    "prune",
    "read_manifest",
    "resolve",
    "versions",
    "write_snapshot",
]
