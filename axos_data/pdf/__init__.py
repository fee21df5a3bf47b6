"""Order confirmations (ordrebekreftelser) as PDF.

pdf = axos_data.pdf.render_confirmation(con, 10001)             # bytes; logs the download
axos_data.pdf.export_confirmations(con, "ut/", statuses=["klar_til_fakturering"])

Loading (data.py) reads the database; layout.py turns the loaded data into PDF bytes without
touching the database, so a bulk export renders in worker processes (bulk.py).
"""

from __future__ import annotations

import os
from pathlib import Path

from axos_data.access import Con
from axos_data.model import Actor
from axos_data.pdf.activity import KIND, Rendered, record
from axos_data.pdf.bulk import ExportResult, export_confirmations, file_name, write_file
from axos_data.pdf.data import ConfirmationData, load_batch, load_confirmation, load_seller
from axos_data.pdf.layout import Document, render

__all__ = [
    "KIND",
    "ConfirmationData",
    "Document",
    "ExportResult",
    "export_confirmations",
    "file_name",
    "load_batch",
    "load_confirmation",
    "load_seller",
    "render",
    "render_confirmation",
    "save_confirmation",
]


def render_confirmation(con: Con, order_no: object, *, actor: int | Actor | None = None) -> bytes:
    """The order confirmation PDF of one order, logged as "Ordrebekreftelse lastet ned".

    The activity row carries page count, totals, KID and the PDF's SHA-256, so the log shows
    exactly what was sent. Without `actor` the row is attributed to the order's own contact
    (Vår kontakt). Raises UnknownOrder, or IncompleteCompanyProfile naming empty fields.
    """
    data = load_confirmation(con, order_no)
    document = render(data)
    record(con, [Rendered(data, document.pages, document.sha256)], actor)
    return document.pdf


def save_confirmation(
    con: Con, order_no: object, path: str | os.PathLike, *, actor: int | Actor | None = None
) -> Path:
    """Write the confirmation to `path`, then log "Ordrebekreftelse eksportert til NAME".

    The row is written only once the file is complete; CannotWriteFile if it cannot be.
    """
    target = Path(path)
    data = load_confirmation(con, order_no)
    document = render(data)
    write_file(target, document.pdf)
    record(con, [Rendered(data, document.pages, document.sha256, target.name)], actor)
    return target
