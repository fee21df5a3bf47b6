"""Files (Filer) on orders: add, remove and garbage collection. The bytes live in the
content-addressed store (axos_data.filestore), the name and who uploaded it in order_files.

Anyone may add a file to an order in any status (like a comment: files are documentation,
not priced content). Removing one takes its uploader, an administrator or the settings
grant. Removing a row leaves its blob until `collect_garbage`, since another row may share it.
"""

from __future__ import annotations

from typing import BinaryIO

from axos_data import filenames, filestore
from axos_data.access import Con, load_actor, load_file, load_order
from axos_data.errors import FileTooLarge
from axos_data.model import Actor
from axos_data.services._base import now, require_settings_right
from axos_data.services.activity import log_activity, mutate
from axos_data.services.settings import get_setting

_MB = 1_000_000


def max_file_bytes(con: Con) -> int:
    return int(get_setting(con, "max_file_mb")) * _MB


def _read_bounded(content: bytes | bytearray | memoryview | BinaryIO, limit: int) -> bytes:
    """The content as bytes, reading a stream no further than one byte past the limit."""
    if isinstance(content, bytes | bytearray | memoryview):
        return bytes(content)
    return content.read(limit + 1)


def add_file(
    con: Con,
    actor: int | Actor,
    order_no: object,
    name: object,
    content: bytes | bytearray | memoryview | BinaryIO,
) -> int:
    """Attach `content` (bytes or a binary stream) under `name` to the order; returns the
    file id. Refused before anything is written when the order is unknown, the name is
    empty or the content is larger than the max_file_mb setting."""
    shown = filenames.uploaded_name(name)
    number = load_order(con, order_no)["order_no"]
    load_actor(con, actor)
    limit = max_file_bytes(con)
    data = _read_bounded(content, limit)
    if len(data) > limit:
        raise FileTooLarge(
            f"Filen «{shown}» er større enn {filestore.human_size(limit)}, som er største tillatte"
            " filstørrelse (innstillingen max_file_mb)."
        )
    store = filestore.store_dir(con)
    sha256 = filestore.digest(data)

    def work(c: Con, who: Actor) -> int:
        load_order(c, number)
        file_id = c.execute(
            "INSERT INTO order_files (order_no, name, sha256, size, uploaded_by, uploaded_at)"
            " VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [number, shown, sha256, len(data), who.id, now()],
        ).fetchall()[0][0]
        log_activity(
            c,
            number,
            who,
            "file_added",
            f"La til filen «{shown}» ({filestore.human_size(len(data))})",
            {"file_id": file_id, "name": shown, "size": len(data), "sha256": sha256},
        )
        return file_id

    # The blob is on disk before the row that names it commits; the lock keeps gc away
    # from it in between.
    with filestore.STORE_LOCK:
        filestore.put(store, data, sha256)
        return mutate(con, actor, work)


def remove_file(con: Con, actor: int | Actor, file_id: object) -> dict:
    """Take the file off its order (its uploader, an administrator or the settings grant);
    returns the removed row."""

    def work(c: Con, who: Actor) -> dict:
        row = load_file(c, file_id)
        if row["uploaded_by"] != who.id:
            require_settings_right(who, f"fjerne filer andre har lastet opp («{row['name']}»)")
        c.execute("DELETE FROM order_files WHERE id = ?", [row["id"]])
        log_activity(
            c,
            row["order_no"],
            who,
            "file_removed",
            f"Fjernet filen «{row['name']}»",
            {"file_id": row["id"], "name": row["name"], "sha256": row["sha256"]},
        )
        return row

    return mutate(con, actor, work)


def collect_garbage(con: Con) -> filestore.Garbage:
    """Remove blobs no file row refers to, and temp files left by interrupted uploads."""
    store = filestore.store_dir(con)
    with filestore.STORE_LOCK:
        referenced = {
            row[0] for row in con.execute("SELECT DISTINCT sha256 FROM order_files").fetchall()
        }
        return filestore.sweep(store, referenced)
