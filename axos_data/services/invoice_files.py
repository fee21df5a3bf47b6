"""The files of an invoice basis batch: lines and orders files, one validated EHF per EHF
order, and the manifest with every file's SHA-256 (written by services.invoice_export inside
its transaction, into the batch's temporary folder)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING

from axos_data import ehf, invoice_basis, no, vat_codes
from axos_data.access import Con
from axos_data.errors import (
    EhfInvalid,
)
from axos_data.model import Actor
from axos_data.views.order_rows import OrderRows, load_order_rows
from axos_data.views.orders import OrderFilter

if TYPE_CHECKING:
    from axos_data.services.invoice_export import Batch

CHUNK = 500  # orders read and written at a time: memory stays flat whatever the batch size
ZERO = Decimal("0.00")
# From this many orders the EHF files are validated in worker processes: starting them costs
# about a second, which a small batch would feel and a large one hides behind its own work.
PARALLEL_FROM = 200
VALIDATION_WORKERS = 2


@dataclass
class ExportContext:
    settings: dict
    missing_profile: list[str]
    codes: dict[str, dict[str, str]]
    actor: Actor


def build_ehf(rows: OrderRows, settings: dict, invoice_no: str, issue_date: dt.date) -> bytes:
    """The EHF document of one order (a seam the failure tests replace)."""
    return ehf.document_of(rows, settings, invoice_no, issue_date)


@dataclass
class WrittenFiles:
    net: Decimal = ZERO
    vat: Decimal = ZERO
    total: Decimal = ZERO
    by_code: dict = field(default_factory=dict)
    not_ehf: dict = field(default_factory=dict)

    def totals(self) -> dict:
        return {
            "net": f"{self.net:f}",
            "vat": f"{self.vat:f}",
            "total": f"{self.total:f}",
            "by_vat_code": {
                code: {
                    "saft_tax_code": vat_codes.vat_code(code).saft,
                    "net": f"{b:f}",
                    "vat": f"{v:f}",
                }
                for code, (b, v) in sorted(
                    self.by_code.items(), key=lambda kv: list(vat_codes.CODES).index(kv[0])
                )
            },
        }


def write_files(
    c: Con,
    folder: Path,
    selected: list[int],
    invoice_nos: dict[int, int],
    issue_dates: dict[int, dt.date],
    context: ExportContext,
    progress: Callable[[int, int], None] | None = None,
) -> WrittenFiles:
    from axos_data import ehf_validate  # Saxon loads only when an export runs

    files = [
        invoice_basis.CsvFile(folder / "lines.csv", invoice_basis.LINES_FILE_COLUMNS),
        invoice_basis.ParquetFile(folder / "lines.parquet"),
        invoice_basis.XlsxFile(folder / "lines.xlsx", invoice_basis.LINES_FILE_COLUMNS, "Linjer"),
    ]
    orders_file = invoice_basis.CsvFile(folder / "orders.csv", invoice_basis.ORDERS_FILE_COLUMNS)
    written = WrittenFiles()
    check = EhfChecker(ehf_validate, parallel=len(selected) >= PARALLEL_FROM)
    try:
        for start in range(0, len(selected), CHUNK):
            part = selected[start : start + CHUNK]
            loaded = load_order_rows(c, part)
            customer_nos = dict(
                c.execute(
                    "SELECT o.order_no, n.customer_no FROM orders o"
                    " JOIN company_numbers n ON n.company_id = o.customer_id"
                    " WHERE list_contains(?, o.order_no)",
                    [part],
                ).fetchall()
            )
            line_rows, order_rows = [], []
            for number in part:
                rows = loaded[number]
                header = order_header(rows, invoice_nos[number], issue_dates[number], context)
                header["customer_no"] = customer_nos.get(number)
                ehf_file, reason = order_ehf(rows, header, context, folder, check)
                if reason is not None:
                    written.not_ehf[number] = reason
                by_code = invoice_basis.code_breakdown(rows)
                line_rows.extend(invoice_basis.line_rows(rows, header))
                order_rows.append(invoice_basis.order_row(rows, header, ehf_file, reason, by_code))
                written.net += rows.totals.net
                written.vat += rows.totals.vat_total
                written.total += rows.totals.total
                for entry in by_code:
                    base, vat = written.by_code.get(entry.code, (ZERO, ZERO))
                    written.by_code[entry.code] = (base + entry.base, vat + entry.amount)
            for file in files:
                file.write(line_rows)
            orders_file.write(order_rows)
            if progress is not None:
                progress(start + len(part), len(selected))
        check.finish()
    finally:
        check.close()
        for file in [*files, orders_file]:
            file.close()
    return written


class EhfChecker:
    """Validates each EHF against the official rules: in this process for a small batch, in
    a pool of worker processes for a large one (the files are already in the temporary
    folder; an invalid one fails the export either way)."""

    def __init__(self, ehf_validate, *, parallel: bool) -> None:
        self._validate = ehf_validate.validate_bytes
        self._pool = ehf_validate.ValidationPool(workers=VALIDATION_WORKERS) if parallel else None

    def check(self, order_no: int, data: bytes) -> None:
        if self._pool is None:
            refuse_invalid(order_no, self._validate(data))
        else:
            for number, result in self._pool.submit(order_no, data):
                refuse_invalid(number, result)

    def finish(self) -> None:
        if self._pool is not None:
            for number, result in self._pool.drain():
                refuse_invalid(number, result)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.__exit__(None, None, None)


def refuse_invalid(order_no: int, result) -> None:
    if not result.valid:
        broken = "; ".join(f"{f.id}: {f.message}" for f in result.fatal[:3])
        raise EhfInvalid(
            f"EHF-fakturaen for ordre {order_no} bryter de offisielle reglene"
            f" ({broken}). Ingenting er eksportert."
        )


def order_header(
    rows: OrderRows, invoice_no: int, issue_date: dt.date, context: ExportContext
) -> dict:
    h = rows.header
    days = int(h["payment_terms_days"])
    return {
        "order_no": h["order_no"],
        "invoice_no": invoice_no,
        "issue_date": issue_date,
        "due_date": issue_date + dt.timedelta(days=days),
        "order_date": h["order_date"],
        "delivery_date": h["delivery_date"],
        "customer_name": h["customer_name"],
        "customer_orgnr": h["customer_orgnr"],
        "contact_name": h["contact_name"],
        "our_contact_name": h["our_contact_name"],
        "our_contact_email": h["our_contact_email"],
        "project_name": h["project_name"],
        "customer_ref": h["customer_ref"],
        "payment_terms_days": days,
        "payment_terms_code": context.codes["payment_terms"].get(str(days)),
        "invoice_method": h["invoice_method"],
        "invoice_method_code": context.codes["invoice_method"].get(h["invoice_method"]),
        "kid": no.make_kid(
            h["order_no"], method=str(context.settings.get("kid_method") or "mod10")
        ),
        "currency": h["currency"],
    }


def order_ehf(rows, header, context, folder, check: EhfChecker) -> tuple[str | None, str | None]:
    """(file name, None) when the order went as EHF, else (None, the reason)."""
    if header["invoice_method"] != "ehf":
        return None, "Fakturametoden er ikke EHF."
    blockers = ehf.blockers_of(rows, context.settings, context.missing_profile)
    if blockers:
        return None, " ".join(blockers)
    data = build_ehf(rows, context.settings, str(header["invoice_no"]), header["issue_date"])
    name = f"ehf/{header['invoice_no']}.xml"
    (folder / name).write_bytes(data)
    check.check(header["order_no"], data)
    return name, None


def filter_description(filters: OrderFilter, order_nos: list[int] | None) -> dict:
    described = {k: v for k, v in vars(filters).items() if v not in (None, [], (), {}, "")}
    if order_nos:
        described["order_nos"] = [int(n) for n in order_nos]
    return described


def write_manifest(folder: Path, batch: Batch, stamp: dt.datetime, who: Actor, filt: dict) -> None:
    files = file_hashes(folder)
    manifest = {
        "batch_id": batch.id,
        "created_at": stamp.isoformat(),
        "created_by": {"id": who.id, "name": who.name},
        "filter": filt,
        "order_count": len(batch.order_nos),
        "reexported_orders": batch.reexported,
        "totals": batch.totals,
        "files": [{"name": name, "sha256": digest} for name, digest in files.items()],
        "not_ehf": [{"order_no": n, "reason": r} for n, r in batch.not_ehf.items()],
    }
    text = json.dumps(manifest, ensure_ascii=False, indent=2, default=str)
    (folder / "manifest.json").write_text(text + "\n", encoding="utf-8")


def file_hashes(folder: Path, *, with_manifest: bool = False) -> dict[str, str]:
    result = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        name = path.relative_to(folder).as_posix()
        if name == "manifest.json" and not with_manifest:
            continue
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            for block in iter(lambda h=handle: h.read(1 << 20), b""):
                digest.update(block)
        result[name] = digest.hexdigest()
    return result
