"""Reads of files and relations: an order's files, a file's verified content, and the links
of any record (an order lists its quotes, projects, companies and orders; a quote, project or
company lists its orders)."""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from typing import TYPE_CHECKING

from axos_data import filenames, filestore, queries
from axos_data.access import Con, as_id, load_file, load_order
from axos_data.relation_rules import KIND_LABELS, TARGET_LABELS, require_target

if TYPE_CHECKING:
    import polars as pl


def _frame(con: Con, name: str, **params: object) -> pl.DataFrame:
    return con.sql(queries.sql(name), params=params).pl()


def order_files(con: Con, order_no: object) -> pl.DataFrame:
    """The order's files, oldest first: id, name (as uploaded), size, sha256, uploader."""
    number = load_order(con, order_no)["order_no"]
    return _frame(con, "order_files", order_no=number)


def file_info(con: Con, file_id: object) -> dict:
    """The file row (UnknownFile when there is none)."""
    return load_file(con, file_id)


@dataclass(frozen=True)
class FileContent:
    id: int
    order_no: int
    name: str
    size: int
    sha256: str
    data: bytes

    @property
    def safe_name(self) -> str:
        """The name for a disk: no folders, control characters or reserved names."""
        return filenames.disk_name(self.name)

    @property
    def content_type(self) -> str:
        return mimetypes.guess_type(self.safe_name)[0] or "application/octet-stream"

    @property
    def content_disposition(self) -> str:
        return filenames.content_disposition(self.name)


def file_content(con: Con, file_id: object) -> FileContent:
    """The file's bytes after checking their SHA-256 (DamagedFile when they changed or are
    missing: a damaged file is never served)."""
    row = load_file(con, file_id)
    data = filestore.read(filestore.store_dir(con), row["sha256"], row["name"])
    return FileContent(row["id"], row["order_no"], row["name"], row["size"], row["sha256"], data)


def _with_labels(frame: pl.DataFrame) -> pl.DataFrame:
    import polars as pl

    return frame.with_columns(
        pl.col("kind")
        .map_elements(lambda k: KIND_LABELS.get(k, k), return_dtype=pl.String)
        .alias("kind_label")
    )


def record_relations(con: Con, record_type: str, record_id: object) -> pl.DataFrame:
    """Every link of the record: id, to_type, to_id, to_name, kind, kind_label, created."""
    if record_type not in TARGET_LABELS:
        raise ValueError(record_type)  # a programming error, not user input
    require_target(con, record_type, record_id)
    frame = _frame(con, "record_relations", record_type=record_type, record_id=as_id(record_id))
    return _with_labels(frame)


def relations_of_order(con: Con, order_no: object) -> pl.DataFrame:
    number = load_order(con, order_no)["order_no"]
    return record_relations(con, "order", number)


def related_orders(con: Con, record_type: str, record_id: object) -> pl.DataFrame:
    """The orders linked to a quote, project, company or order, with the kind as seen from
    that record (a quote lists the order it became as "konvertert til")."""
    if record_type not in TARGET_LABELS:
        raise ValueError(record_type)
    require_target(con, record_type, record_id)
    frame = _frame(con, "related_orders", record_type=record_type, record_id=as_id(record_id))
    return _with_labels(frame)
