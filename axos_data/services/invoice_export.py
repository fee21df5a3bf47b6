"""Invoice basis export: one batch of orders → files for the accounting system and EHF.

All or nothing: the files are written into a temporary folder beside the target inside the
database transaction (invoice numbers, batch row, activity, status changes); the transaction
commits, then the folder is renamed into place. Anything failing before the commit rolls the
database back and removes the temporary folder. Every EHF is validated against the official
rules before the commit: one fatal assertion fails the whole export (EhfInvalid).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from axos_data import clock
from axos_data.access import Con, fetch_rows, load_flow
from axos_data.errors import (
    AlreadyInvoiced,
    ExportFolderProblem,
    NoOrdersToExport,
    UnknownOrder,
    UnknownStatus,
)
from axos_data.model import Actor
from axos_data.services._base import now
from axos_data.services.accounting_codes import accounting_codes
from axos_data.services.activity import log_activities, mutate
from axos_data.services.invoice_files import (
    ExportContext,
    file_hashes,
    filter_description,
    write_files,
    write_manifest,
)
from axos_data.services.settings import get_settings, missing_company_profile
from axos_data.services.status_batch import move_orders
from axos_data.views.orders import OrderFilter

DEFAULT_STATUS = "klar_til_fakturering"
ZERO = Decimal("0.00")


@dataclass
class Batch:
    id: int
    folder: Path
    order_nos: list[int]
    invoice_nos: dict[int, int]
    reexported: list[int]
    totals: dict  # net, vat, total and per VAT code
    files: dict[str, str]  # relative path → SHA-256
    not_ehf: dict[int, str] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return {
            "batch_id": self.id,
            "folder": str(self.folder),
            "order_count": len(self.order_nos),
            "orders": [
                {"order_no": n, "invoice_no": self.invoice_nos[n], "reexport": n in self.reexported}
                for n in self.order_nos
            ],
            "totals": self.totals,
            "files": self.files,
            "not_ehf": [{"order_no": n, "reason": r} for n, r in self.not_ehf.items()],
        }


def export_invoices(
    con: Con,
    actor: int | Actor,
    out_dir: str | Path,
    *,
    filters: OrderFilter | None = None,
    order_nos: list[int] | None = None,
    status_change: bool = True,
    reexport: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Batch:
    """Export the selected orders as one batch into a new folder under `out_dir`.

    Selection: `filters` (any order list filter) and/or `order_nos`; with neither a status
    nor order numbers, the orders with status «Klar til fakturering». `progress(done, total)`
    is called as the orders' files are written (for a progress bar)."""
    if filters is None:
        filters = OrderFilter()
    if not filters.statuses and not filters.categories and not order_nos:
        filters.statuses = [DEFAULT_STATUS]
    out = Path(out_dir)
    created_out = not out.exists()
    temp: list[Path] = []

    def work(c: Con, who: Actor) -> Batch:
        for old in temp:  # a retried transaction starts its files afresh
            shutil.rmtree(old, ignore_errors=True)
        temp.clear()
        return _export(c, who, out, filters, order_nos, status_change, reexport, temp, progress)

    try:
        batch = mutate(con, actor, work)
    except BaseException:
        for old in temp:
            shutil.rmtree(old, ignore_errors=True)
        if created_out:
            with contextlib.suppress(OSError):
                out.rmdir()
        raise
    try:
        os.replace(temp[0], batch.folder)
    except OSError as error:
        raise ExportFolderProblem(
            f"Fakturagrunnlag {batch.id} er lagret i databasen, men mappen kunne ikke flyttes"
            f" på plass ({error.strerror}). Filene ligger i {temp[0]}; gi mappen navnet"
            f" {batch.folder.name} for hånd, eller eksporter ordrene på nytt med --reexport."
        ) from None
    return batch


def _select(c: Con, filters: OrderFilter, order_nos: list[int] | None) -> list[int]:
    where, params = filters.where(c)
    sql = f"SELECT o.order_no FROM orders o WHERE {where}"
    if order_nos:
        wanted = [int(n) for n in order_nos]
        known = {
            r["order_no"]
            for r in fetch_rows(
                c, "SELECT order_no FROM orders WHERE list_contains($n, order_no)", {"n": wanted}
            )
        }
        missing = [n for n in wanted if n not in known]
        if missing:
            raise UnknownOrder(f"Ordre {missing[0]} finnes ikke.")
        sql += " AND list_contains($wanted_orders, o.order_no)"
        params = {**params, "wanted_orders": wanted}
    return [r["order_no"] for r in fetch_rows(c, sql + " ORDER BY o.order_no", params)]


def _export(
    c: Con,
    who: Actor,
    out: Path,
    filters: OrderFilter,
    order_nos: list[int] | None,
    status_change: bool,
    reexport: bool,
    temp: list[Path],
    progress: Callable[[int, int], None] | None = None,
) -> Batch:
    selected = _select(c, filters, order_nos)
    if not selected:
        raise NoOrdersToExport("Ingen ordrer passer utvalget; ingenting er eksportert.")
    settings = get_settings(c)
    target = None
    if status_change:
        flow = load_flow(c)
        target = flow.key_for(str(settings["invoice_export_status"]))
        if target is None:
            raise UnknownStatus(
                f"Status «{settings['invoice_export_status']}» (innstillingen for status etter"
                f" fakturagrunnlag) finnes ikke. Kjente: {', '.join(flow.statuses)}."
            )
    earlier = {
        r["order_no"]: r
        for r in fetch_rows(
            c,
            "SELECT order_no, invoice_no, issue_date FROM order_invoices"
            " WHERE list_contains($n, order_no)",
            {"n": selected},
        )
    }
    if earlier and not reexport:
        listed = ", ".join(str(n) for n in sorted(earlier))
        raise AlreadyInvoiced(
            f"Ordre {listed} er eksportert til fakturagrunnlag før. Bruk --reexport for å"
            " eksportere dem på nytt (fakturanummeret beholdes)."
        )
    batch_id = _next(c, "invoice_batch", 1)
    stamp = now()
    today = clock.today()
    invoice_nos = {n: r["invoice_no"] for n, r in earlier.items()}
    issue_dates = {n: r["issue_date"] for n, r in earlier.items()}
    new = [n for n in selected if n not in earlier]
    start = int(settings.get("invoice_number_start") or 1)
    first = _next(c, "invoice_no", start, len(new)) if new else 0
    for offset, number in enumerate(new):  # one range of the series, in order-number order
        invoice_nos[number] = first + offset
        issue_dates[number] = today
    if new:
        c.execute(
            "INSERT INTO order_invoices SELECT unnest($o), unnest($i), $d, $b",
            {"o": new, "i": [invoice_nos[n] for n in new], "d": today, "b": batch_id},
        )
    folder = out / f"fakturagrunnlag-{batch_id:06d}"
    if folder.exists():
        raise ExportFolderProblem(f"Mappen {folder} finnes allerede; flytt den og prøv igjen.")
    try:
        out.mkdir(parents=True, exist_ok=True)
        work_dir = out / f".{folder.name}.tmp-{os.getpid()}"
        shutil.rmtree(work_dir, ignore_errors=True)
        temp.append(work_dir)
        (work_dir / "ehf").mkdir(parents=True)
    except OSError as error:
        raise ExportFolderProblem(
            f"Kan ikke skrive i mappen {out}: {error.strerror}. Velg en annen mappe."
        ) from None
    context = ExportContext(settings, missing_company_profile(c), accounting_codes(c), who)
    written = write_files(c, work_dir, selected, invoice_nos, issue_dates, context, progress)
    batch = Batch(
        id=batch_id,
        folder=folder,
        order_nos=selected,
        invoice_nos=invoice_nos,
        reexported=sorted(earlier),
        totals=written.totals(),
        files={},
        not_ehf=written.not_ehf,
    )
    filter_text = filter_description(filters, order_nos)
    write_manifest(work_dir, batch, stamp, who, filter_text)
    batch.files = file_hashes(work_dir, with_manifest=True)
    c.execute(
        "INSERT INTO invoice_batches VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            batch_id,
            stamp,
            who.id,
            json.dumps(filter_text, ensure_ascii=False, default=str),
            len(selected),
            batch.totals["net"],
            batch.totals["vat"],
            batch.totals["total"],
            json.dumps(batch.totals, ensure_ascii=False, default=str),
            str(folder),
        ],
    )
    c.execute(
        "INSERT INTO invoice_batch_orders SELECT $b, unnest($o), unnest($i), unnest($r)",
        {
            "b": batch_id,
            "o": selected,
            "i": [invoice_nos[n] for n in selected],
            "r": [n in earlier for n in selected],
        },
    )
    log_activities(
        c,
        [
            (
                n,
                who,
                "invoice_exported",
                (
                    f"Eksportert på nytt til fakturagrunnlag {batch_id} (faktura {invoice_nos[n]})"
                    if n in earlier
                    else f"Eksportert til fakturagrunnlag {batch_id} (faktura {invoice_nos[n]})"
                ),
                {"batch_id": batch_id, "invoice_no": invoice_nos[n], "reexport": n in earlier},
            )
            for n in selected
        ],
        at=stamp,
    )
    if target is not None:
        current = dict(
            c.execute(
                "SELECT order_no, status FROM orders WHERE list_contains(?, order_no)", [selected]
            ).fetchall()
        )
        note = f"Fakturagrunnlag {batch_id}"
        # The bulk form of change_status: the same flow checks, history and activity rows, one
        # statement per table (per order it was half the export's time).
        moves = [(n, current[n], note) for n in selected if current[n] != target]
        move_orders(c, who, flow, moves, target, stamp)  # a re-exported invoiced order stays
    return batch


def _next(c: Con, counter: str, start: int, count: int = 1) -> int:
    """Take `count` consecutive numbers of the series; returns the first."""
    after = c.execute(
        "UPDATE counters SET next_value = greatest(next_value, ?) + ?"
        " WHERE name = ? RETURNING next_value",
        [start, count, counter],
    ).fetchall()[0][0]
    return after - count
