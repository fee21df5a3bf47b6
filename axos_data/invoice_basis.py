"""The files of an invoice basis batch and their column layout (stable: an accounting import
maps these names; add columns only at the end, never rename or reorder).

A batch folder holds:
- `lines.csv`, `lines.parquet`, `lines.xlsx`: one row per order line, the same columns in
  the same order: HEADER_COLUMNS, then LINE_COLUMNS;
- `orders.csv`: one row per order: HEADER_COLUMNS, then ORDER_COLUMNS (totals, then net and
  VAT per VAT code in vat_codes.CODES order, then the EHF file or the reason there is none);
- `ehf/<invoice_no>.xml`: one EHF invoice per order that can go as EHF;
- `manifest.json`: batch id, time, who, filter, counts, sums per VAT code, every file's SHA-256.

Header columns (repeated on every line row):
  order_no, invoice_no, issue_date, due_date, order_date, delivery_date, customer_no,
  customer_name, customer_orgnr, contact_name, our_contact_name, our_contact_email,
  project_name, customer_ref, payment_terms_days, payment_terms_code, invoice_method,
  invoice_method_code, kid, currency
Line columns:
  line_no (1.. in the order's display order), group_title, product_sku, description, quantity,
  unit, unit_price, discount_pct, vat_code (ours: standard, middels, lav, fritatt, eksport,
  unntatt), vat_rate, saft_tax_code, net_amount, vat_amount, gross_amount
Order columns:
  line_count, net_total, vat_total, total, net_<code> and vat_<code> for each VAT code,
  ehf_file, ehf_reason

Formats. CSV: UTF-8 with BOM, `;` between cells, CRLF, decimals with a comma, dates
YYYY-MM-DD, texts that a spreadsheet would run as a formula get a leading `'` (OWASP).
Excel: numbers as numbers, the same texts written as text. Parquet: decimals as
DECIMAL(18, s), dates as DATE.

A line's VAT: VAT is computed per rate on the order's net sum of that rate (money.py), so a
line's VAT is its share, rounded cumulatively: vat(line i) = round(rate × net of lines 1..i)
− round(rate × net of lines 1..i−1) within the order and rate. The lines' VAT then adds up
to the order's VAT per rate exactly, and gross_amount = net_amount + vat_amount.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from axos_data import spreadsheet, vat_codes, xlsx_stream
from axos_data.money import ORE
from axos_data.views.order_rows import OrderRows

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # text, int, date, decimal(scale) as "dec2", "dec3", "dec4"


def _columns(spec: str) -> tuple[Column, ...]:
    return tuple(Column(*item.split(":")) for item in spec.split())


HEADER_COLUMNS = _columns(
    "order_no:int invoice_no:int issue_date:date due_date:date order_date:date"
    " delivery_date:date customer_no:text customer_name:text customer_orgnr:text"
    " contact_name:text our_contact_name:text our_contact_email:text project_name:text"
    " customer_ref:text payment_terms_days:int payment_terms_code:text invoice_method:text"
    " invoice_method_code:text kid:text currency:text"
)
LINE_COLUMNS = _columns(
    "line_no:int group_title:text product_sku:text description:text quantity:dec3 unit:text"
    " unit_price:dec4 discount_pct:dec2 vat_code:text vat_rate:int saft_tax_code:text"
    " net_amount:dec2 vat_amount:dec2 gross_amount:dec2"
)
ORDER_COLUMNS = _columns(
    "line_count:int net_total:dec2 vat_total:dec2 total:dec2 "
    + " ".join(f"net_{code}:dec2 vat_{code}:dec2" for code in vat_codes.CODES)
    + " ehf_file:text ehf_reason:text"
)
LINES_FILE_COLUMNS = HEADER_COLUMNS + LINE_COLUMNS
ORDERS_FILE_COLUMNS = HEADER_COLUMNS + ORDER_COLUMNS

_ARROW_TYPES = {
    "text": pa.string(),
    "int": pa.int64(),
    "date": pa.date32(),
    "dec2": pa.decimal128(18, 2),
    "dec3": pa.decimal128(18, 3),
    "dec4": pa.decimal128(18, 4),
}
LINES_SCHEMA = pa.schema([(c.name, _ARROW_TYPES[c.kind]) for c in LINES_FILE_COLUMNS])


def line_rows(rows: OrderRows, header: dict) -> list[dict]:
    """The order's line rows (header fields + line fields), VAT shared out cumulatively."""
    running: dict[int, tuple[Decimal, Decimal]] = {}  # rate → (net so far, VAT so far)
    result = []
    for number, line in enumerate(rows.lines, start=1):
        rate = int(line["vat_rate"])
        net_before, vat_before = running.get(rate, (ZERO, ZERO))
        net_after = net_before + line["amount"]
        vat_after = (net_after * rate / Decimal(100)).quantize(ORE, rounding=ROUND_HALF_UP)
        running[rate] = (net_after, vat_after)
        vat = vat_after - vat_before
        code = vat_codes.vat_code(line["vat_code"])
        result.append(
            header
            | {
                "line_no": number,
                "group_title": line["group_title"],
                "product_sku": line["product_sku"],
                "description": line["description"],
                "quantity": line["quantity"],
                "unit": line["unit"],
                "unit_price": line["unit_price"],
                "discount_pct": line["discount_pct"],
                "vat_code": code.code,
                "vat_rate": rate,
                "saft_tax_code": code.saft,
                "net_amount": line["amount"],
                "vat_amount": vat,
                "gross_amount": line["amount"] + vat,
            }
        )
    return result


def order_row(
    rows: OrderRows,
    header: dict,
    ehf_file: str | None,
    ehf_reason: str | None,
    by_code: tuple[vat_codes.CodeLine, ...] | None = None,
) -> dict:
    """The order's row of orders.csv: totals and net/VAT per VAT code (`by_code`: the order's
    code_breakdown when the caller has it already)."""
    row = header | {
        "line_count": len(rows.lines),
        "net_total": rows.totals.net,
        "vat_total": rows.totals.vat_total,
        "total": rows.totals.total,
        "ehf_file": ehf_file,
        "ehf_reason": ehf_reason,
    }
    for entry in code_breakdown(rows) if by_code is None else by_code:
        row[f"net_{entry.code}"] = entry.base
        row[f"vat_{entry.code}"] = entry.amount
    for code in vat_codes.CODES:
        row.setdefault(f"net_{code}", ZERO)
        row.setdefault(f"vat_{code}", ZERO)
    return row


def code_breakdown(rows: OrderRows) -> tuple[vat_codes.CodeLine, ...]:
    return vat_codes.breakdown_by_code(
        (line["amount"], int(line["vat_rate"]), line["vat_code"]) for line in rows.lines
    )


# ---- writing ----------------------------------------------------------------------------


def csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int | dt.date):
        return str(value) if isinstance(value, int) else value.isoformat()
    return spreadsheet.csv_text(str(value))


class CsvFile:
    """A CSV file written row by row (never held whole in memory).

    The header columns repeat on every line of an order: they are formatted once per run of
    rows with the same order number (a third of the export's CSV time otherwise)."""

    def __init__(self, path: Path, columns: tuple[Column, ...]):
        names = [c.name for c in columns]
        shared = len(HEADER_COLUMNS) if columns[: len(HEADER_COLUMNS)] == HEADER_COLUMNS else 0
        self._shared, self._own = names[:shared], names[shared:]
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._file.write(";".join(names) + "\r\n")

    def write(self, rows: list[dict]) -> None:
        shared, own = self._shared, self._own
        order_no, prefix, out = object(), "", []
        for row in rows:
            if shared and row.get("order_no") != order_no:
                order_no = row.get("order_no")
                prefix = "".join(csv_cell(row.get(name)) + ";" for name in shared)
            out.append(prefix + ";".join(csv_cell(row.get(name)) for name in own) + "\r\n")
        self._file.writelines(out)

    def close(self) -> None:
        self._file.close()


class XlsxFile:
    """An Excel sheet written row by row (xlsx_stream: the rows as XML, not cell by cell)."""

    def __init__(self, path: Path, columns: tuple[Column, ...], sheet_name: str):
        shared = len(HEADER_COLUMNS) if columns[: len(HEADER_COLUMNS)] == HEADER_COLUMNS else 0
        self._sheet = xlsx_stream.StreamedSheet(
            path, [(c.name, c.kind) for c in columns], sheet_name, shared=shared
        )

    def write(self, rows: list[dict]) -> None:
        self._sheet.write(rows)

    def close(self) -> None:
        self._sheet.close()


class ParquetFile:
    """A Parquet file written one row group per chunk of orders."""

    def __init__(self, path: Path):
        self._writer = pq.ParquetWriter(str(path), LINES_SCHEMA)

    def write(self, rows: list[dict]) -> None:
        if rows:  # column by column: no dict per row
            columns = {c.name: [row.get(c.name) for row in rows] for c in LINES_FILE_COLUMNS}
            self._writer.write_table(pa.Table.from_pydict(columns, schema=LINES_SCHEMA))

    def close(self) -> None:
        self._writer.close()
