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
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import secrets
import shutil
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import duckdb

from axos_data import clock, exposure
from axos_data.errors import (
    CannotWriteFile,
    InvalidDuration,
    InvalidSnapshot,
    SnapshotInterrupted,
)

FORMAT = "axos-snapshot"
FORMAT_VERSION = 1
CURRENT = "current"
MANIFEST = "manifest.json"
DEFAULT_KEEP = 3
# Sums a reader can recompute from the Parquet files to check them (money columns).
CONTROL_SUMS: dict[str, tuple[str, ...]] = {
    "orders": ("net_total", "vat_total", "total"),
    "order_lines": ("amount",),
    "payments": ("amount",),
}
_VERSION_NAME = re.compile(r"^snapshot-\d{8}-\d{6}-(\d+)$")
_PARTIAL_NAME = re.compile(r"^\.snapshot-\d{8}-\d{6}-(\d+)\.partial-[0-9a-f]+$")
_TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")
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


def _quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _quote_literal(text: str) -> str:
    # COPY … TO and read_parquet in a view take no bound parameters; paths are spliced quoted.
    return "'" + text.replace("'", "''") + "'"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
                _TABLE_NAME.match(table)
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
            select = ", ".join(_quote_identifier(c) for c in names)
            source = f"{_quote_identifier(database)}.main.{_quote_identifier(table)}"
            rows = con.execute(
                f"COPY (SELECT {select} FROM {source}) TO {_quote_literal(str(target))}"
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
        entry["sha256"] = _sha256(path)
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
    select = ", ".join(f"coalesce(sum({_quote_identifier(c)}), 0)" for c in wanted)
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


def resolve(path: str | os.PathLike) -> Path:
    """The snapshot version folder for `path`: a folder with a manifest itself, or the one
    `path/current` points to."""
    given = Path(path)
    if (given / MANIFEST).is_file():
        return given.absolute()
    link = given / CURRENT
    if link.exists():
        target = Path(os.path.realpath(link))
        if (target / MANIFEST).is_file():
            return target
    raise InvalidSnapshot(
        f"Fant ikke noe øyeblikksbilde i {given} (verken {MANIFEST} eller {CURRENT})."
        " Lag et med «axos snapshot --out MAPPE»."
    )


def read_manifest(path: str | os.PathLike) -> dict:
    """The manifest of the snapshot at `path` (see `resolve`), checked for its format."""
    folder = resolve(path)
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise InvalidSnapshot(f"{folder / MANIFEST} kan ikke leses: {error}") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise InvalidSnapshot(f"{folder / MANIFEST} er ikke manifestet til et øyeblikksbilde.")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise InvalidSnapshot(
            f"{folder} har formatversjon {manifest.get('format_version')!r}; dette programmet"
            f" leser versjon {FORMAT_VERSION}. Oppdater programmet eller lag et nytt"
            " øyeblikksbilde."
        )
    return manifest


def open(path: str | os.PathLike, *, verify: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB with one view per table of the snapshot at `path` (a snapshot
    folder, or DIR whose `current` is followed once, now).

    Always checked against the manifest: every file there, of its size, with its row count
    (read from Parquet metadata, cheap). `verify=True` also compares SHA-256 and the control
    sums (reads everything). The views read the version folder itself, so a newer snapshot
    swapped in later does not change what this connection sees; open again for fresh data.
    """
    folder = resolve(path)
    manifest = read_manifest(folder)
    files = {
        table: _checked_file(folder, table, entry, verify) for table, entry in _tables(manifest)
    }
    con = duckdb.connect(":memory:")
    try:
        con.execute(f"SET TimeZone = '{clock.TIMEZONE}'")
        if files:
            # One script and one metadata query: an open is a few milliseconds, not one round
            # trip per table.
            con.execute(
                ";".join(
                    f"CREATE VIEW {_quote_identifier(table)} AS"
                    f" SELECT * FROM read_parquet({_quote_literal(str(file))})"
                    for table, file in files.items()
                )
            )
            _check_rows(con, manifest, files)
        if verify:
            _check_sums(con, manifest)
    except BaseException:
        con.close()
        raise
    return con


def _tables(manifest: dict) -> list[tuple[str, dict]]:
    tables = manifest.get("tables")
    if not isinstance(tables, dict) or not all(isinstance(e, dict) for e in tables.values()):
        raise InvalidSnapshot("Manifestet har ingen gyldig tabelliste.")
    return list(tables.items())


def _checked_file(folder: Path, table: str, entry: dict, verify: bool) -> Path:
    if not _TABLE_NAME.match(table) or entry.get("file") != f"{table}.parquet":
        raise InvalidSnapshot(f"{folder / MANIFEST} nevner en ugyldig tabell: «{table}».")
    file = folder / entry["file"]
    if not file.is_file() or file.stat().st_size != entry.get("bytes"):
        raise InvalidSnapshot(
            f"Filen {file} mangler eller har feil størrelse; øyeblikksbildet er ufullstendig."
        )
    if verify and _sha256(file) != entry.get("sha256"):
        raise InvalidSnapshot(f"Filen {file} stemmer ikke med SHA-256 i manifestet.")
    return file


def _check_rows(con: duckdb.DuckDBPyConnection, manifest: dict, files: dict[str, Path]) -> None:
    """Row counts from the Parquet footers (no data read) against the manifest."""
    counted = dict(
        con.execute(
            "SELECT file_name, num_rows FROM parquet_file_metadata(?)",
            [[str(file) for file in files.values()]],
        ).fetchall()
    )
    for table, file in files.items():
        expected = manifest["tables"][table].get("rows")
        if counted.get(str(file)) != expected:
            raise InvalidSnapshot(
                f"Tabellen {table} har {counted.get(str(file))} rader i {file}, men manifestet"
                f" sier {expected}."
            )


def _check_sums(con: duckdb.DuckDBPyConnection, manifest: dict) -> None:
    for table, entry in _tables(manifest):
        for column, expected in entry.get("sums", {}).items():
            got = con.execute(
                f"SELECT coalesce(sum({_quote_identifier(column)}), 0)"
                f" FROM {_quote_identifier(table)}"
            ).fetchall()[0][0]
            if Decimal(str(got)) != Decimal(expected):
                raise InvalidSnapshot(
                    f"Kontrollsummen for {table}.{column} er {got} i filen, men {expected} i"
                    " manifestet."
                )


_DURATION = re.compile(r"^\s*(\d+)\s*([smhd])\s*$")
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
MAX_INTERVAL = 7 * 86400


def parse_interval(text: str) -> int:
    """'30s', '15m', '1h', '1d' → seconds (between one second and a week)."""
    match = _DURATION.match(text or "")
    if not match:
        raise InvalidDuration(
            f"«{text}» er ikke en gyldig varighet. Skriv et helt tall med s (sekunder),"
            " m (minutter), h (timer) eller d (døgn), for eksempel 30s, 15m eller 1h."
        )
    seconds = int(match.group(1)) * _UNIT_SECONDS[match.group(2)]
    if seconds < 1 or seconds > MAX_INTERVAL:
        raise InvalidDuration(
            f"«{text}» er utenfor det tillatte: mellom 1 sekund (1s) og en uke (7d)."
        )
    return seconds
