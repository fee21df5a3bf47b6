"""The content-addressed file store: each file's bytes in `<db dir>/files/ab/cdef…`, named by
their SHA-256, so the same content is stored once and a name from a user never becomes a path.

A blob is written to a temporary file in the store, flushed to disk and renamed into place
before the database row that refers to it is committed: a crash leaves at most an
unreferenced blob or a temp file, which `collect_garbage` removes. Every read hashes the
bytes again and raises DamagedFile instead of returning content that changed on disk.

STORE_LOCK serialises blob writes with their commit, garbage collection and backups inside
the one process that holds the database (DuckDB allows one writing process), so gc never
removes a blob an upload has written but not yet committed.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import threading
from dataclasses import dataclass
from pathlib import Path

from axos_data import os_errors
from axos_data.access import Con
from axos_data.errors import CannotWriteFile, DamagedFile, FileStoreUnavailable

STORE_LOCK = threading.RLock()
FOLDER = "files"
_TEMP_PREFIX = ".tmp-"
_HEX = re.compile(r"^[0-9a-f]{64}$")


def database_path(con: Con) -> Path:
    """The file behind the connection (DuckDB reports it absolute)."""
    row = con.execute(
        "SELECT path FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchall()
    if not row or not row[0][0]:
        raise FileStoreUnavailable(
            "Filer lagres i en mappe ved siden av databasefilen; en database i minnet har ingen."
        )
    return Path(row[0][0])


def store_for(db_file: Path) -> Path:
    return Path(db_file).absolute().parent / FOLDER


def store_dir(con: Con) -> Path:
    return store_for(database_path(con))


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_path(store: Path, sha256: str) -> Path:
    if not _HEX.match(sha256):
        raise DamagedFile(f"«{sha256}» er ikke en SHA-256-verdi; filraden er skadet.")
    return store / sha256[:2] / sha256[2:]


def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):  # not every file system syncs folders
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _intact(path: Path, sha256: str) -> bool:
    try:
        return digest(path.read_bytes()) == sha256
    except OSError:
        return False


def put(store: Path, data: bytes, sha256: str | None = None) -> str:
    """Store `data` (once: an intact blob with the same hash is kept); returns its hash."""
    sha256 = sha256 or digest(data)
    target = blob_path(store, sha256)
    if target.exists() and _intact(target, sha256):
        return sha256
    temp = store / f"{_TEMP_PREFIX}{secrets.token_hex(8)}"
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(temp, "xb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, target)
        _fsync_dir(target.parent)
    except OSError as error:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise CannotWriteFile(
            f"Filen kunne ikke lagres i {store}: {os_errors.reason(error)}."
        ) from None
    return sha256


def read(store: Path, sha256: str, name: str = "") -> bytes:
    """The blob's bytes, after checking they still hash to `sha256`."""
    path = blob_path(store, sha256)
    label = f"«{name}» " if name else ""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise DamagedFile(
            f"Filen {label}mangler i fillageret (SHA-256 {sha256[:12]}…). Gjenopprett fra"
            " sikkerhetskopi, eller fjern filen fra ordren."
        ) from None
    except OSError as error:
        raise DamagedFile(
            f"Filen {label}kan ikke leses fra fillageret (SHA-256 {sha256[:12]}…):"
            f" {os_errors.reason(error)}."
        ) from None
    if digest(data) != sha256:
        raise DamagedFile(
            f"Filen {label}er skadet: innholdet stemmer ikke med kontrollsummen"
            f" (SHA-256 {sha256[:12]}…). Den blir ikke levert; gjenopprett fra sikkerhetskopi,"
            " eller fjern filen fra ordren."
        )
    return data


def human_size(size: int) -> str:
    """Bytes as a Norwegian reader expects them: 812 B, 14,2 kB, 3,4 MB."""
    if size < 1_000:
        return f"{size} B"
    if size < 1_000_000:
        return f"{size / 1_000:.1f} kB".replace(".", ",")
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def exists(store: Path, sha256: str) -> bool:
    return _HEX.match(sha256 or "") is not None and blob_path(store, sha256).is_file()


@dataclass(frozen=True)
class Garbage:
    blobs: list[str]
    temps: list[str]
    bytes: int

    def as_dict(self) -> dict:
        return {"removed_blobs": self.blobs, "removed_temps": self.temps, "bytes": self.bytes}


def stored_hashes(store: Path) -> dict[str, Path]:
    """Every blob in the store by hash (files that do not look like blobs are left alone)."""
    found = {}
    if not store.is_dir():
        return found
    for folder in store.iterdir():
        if not (folder.is_dir() and len(folder.name) == 2):
            continue
        for path in folder.iterdir():
            sha256 = folder.name + path.name
            if path.is_file() and _HEX.match(sha256):
                found[sha256] = path
    return found


def sweep(store: Path, referenced: set[str]) -> Garbage:
    """Remove blobs outside `referenced` and every temp file (the caller holds STORE_LOCK,
    so no write is under way in this process)."""
    blobs, temps, freed = [], [], 0
    for sha256, path in sorted(stored_hashes(store).items()):
        if sha256 not in referenced:
            freed += path.stat().st_size
            path.unlink()
            blobs.append(sha256)
            with contextlib.suppress(OSError):
                path.parent.rmdir()  # only when empty
    if store.is_dir():
        for path in sorted(store.glob(f"{_TEMP_PREFIX}*")):
            freed += path.stat().st_size
            path.unlink()
            temps.append(path.name)
    return Garbage(blobs, temps, freed)


def copy_blobs(source: Path, target: Path, hashes: set[str]) -> int:
    """Copy the blobs `hashes` from one store to another, verifying each (DamagedFile when
    one is missing or damaged); blobs already intact in the target are not copied again.
    Returns how many were written."""
    written = 0
    for sha256 in sorted(hashes):
        destination = blob_path(target, sha256)
        if destination.exists() and _intact(destination, sha256):
            continue
        put(target, read(source, sha256), sha256)
        written += 1
    return written
