"""The activity row that says which confirmation was downloaded or exported."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from axos_data import db, money
from axos_data.access import Con
from axos_data.model import Actor
from axos_data.pdf.data import ConfirmationData
from axos_data.services.activity import log_activities, log_activity, mutate

KIND = "confirmation_rendered"


@dataclass(frozen=True)
class Rendered:
    """One confirmation that left the system: as a download, or written to `file`."""

    data: ConfirmationData
    pages: int
    sha256: str
    file: str | None = None


def _message(entry: Rendered) -> str:
    total = money.format_nok(entry.data.totals.total, currency=True)
    pages = f"{entry.pages} side" if entry.pages == 1 else f"{entry.pages} sider"
    if entry.file is None:
        return f"Ordrebekreftelse lastet ned ({pages}, {total})"
    return f"Ordrebekreftelse eksportert til {entry.file} ({pages}, {total})"


def _details(entry: Rendered) -> dict:
    d = entry.data
    return {
        "version": d.version,
        "pages": entry.pages,
        "sha256": entry.sha256,
        "file": entry.file,
        "net": str(d.totals.net),
        "vat": str(d.totals.vat_total),
        "total": str(d.totals.total),
        "currency": d.currency,
        "kid": d.kid,
    }


def record(con: Con, entries: Sequence[Rendered], actor: int | Actor | None) -> None:
    """One activity row per confirmation, all in one transaction.

    With an actor, it is checked like any other write (must exist and be active). Without
    one, each row is attributed to the order's own contact (Vår kontakt), who stays
    responsible for what the order sends out even after being deactivated.
    """
    if not entries:
        return

    def work(c: Con, who: Actor | None) -> None:
        rows = [
            (
                entry.data.order_no,
                who or Actor(entry.data.our_contact_id, entry.data.our_contact_name, "user"),
                KIND,
                _message(entry),
                _details(entry),
            )
            for entry in entries
        ]
        if len(rows) == 1:
            log_activity(c, *rows[0])
        else:
            log_activities(c, rows)

    if actor is None:
        db.atomic(con, lambda c: work(c, None))
    else:
        mutate(con, actor, work)
