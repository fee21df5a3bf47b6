"""Reading a snapshot written by axos_data.snapshot: finding the version folder, its
manifest, and `open()`, an in-memory DuckDB with one view per table, checked against the
manifest (files, sizes, row counts; with `verify`, SHA-256 and control sums). The format's
names live here, since the writer and every reader share them.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import duckdb

from axos_data import clock
from axos_data.errors import InvalidSnapshot

FORMAT = "axos-snapshot"
FORMAT_VERSION = 1
CURRENT = "current"
MANIFEST = "manifest.json"
TABLE_NAME = re.compile(r"^[a-z_][a-z0-9_]*$")


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def quote_literal(text: str) -> str:
    # COPY … TO and read_parquet in a view take no bound parameters; paths are spliced quoted.
    return "'" + text.replace("'", "''") + "'"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
                    f"CREATE VIEW {quote_identifier(table)} AS"
                    f" SELECT * FROM read_parquet({quote_literal(str(file))})"
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
    if not TABLE_NAME.match(table) or entry.get("file") != f"{table}.parquet":
        raise InvalidSnapshot(f"{folder / MANIFEST} nevner en ugyldig tabell: «{table}».")
    file = folder / entry["file"]
    if not file.is_file() or file.stat().st_size != entry.get("bytes"):
        raise InvalidSnapshot(
            f"Filen {file} mangler eller har feil størrelse; øyeblikksbildet er ufullstendig."
        )
    if verify and file_sha256(file) != entry.get("sha256"):
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
                f"SELECT coalesce(sum({quote_identifier(column)}), 0)"
                f" FROM {quote_identifier(table)}"
            ).fetchall()[0][0]
            if Decimal(str(got)) != Decimal(expected):
                raise InvalidSnapshot(
                    f"Kontrollsummen for {table}.{column} er {got} i filen, men {expected} i"
                    " manifestet."
                )
