"""Master-data files (customers, products, employees) as CSV and Excel: the column layouts and
reading/writing the cells. What the rows mean is services/masterdata_import.py's business.

Layout (stable; the headings are these English keys, in this order, on row 1):

    customers:  customer_no, orgnr, name, address, postcode, city, country, email, active, id
    products:   sku, name, unit, unit_price, vat_rate, active
    employees:  email, name, role, active

`id` is Axos' own customer id: the key of last resort, so a customer with neither orgnr nor
customer number survives an export edited and imported again (leave it empty for new ones).

CSV: UTF-8 with BOM, `;` between cells, CRLF, prices with a decimal comma (1234,5000), active
as true/false. Text that a spreadsheet could take for a formula gets a leading `'`
(spreadsheet.neutralise_reversibly), which the import takes off again — only where the export
put it. Excel (.xlsx): one sheet, the same headings, prices and VAT rates as numbers, active as
TRUE/FALSE, risky text marked as text with Excel's own quote-prefix style (the cell keeps the
text as it is). Reading accepts `,` or `;` CSV, UTF-8 or Windows-1252, and .xlsx (first sheet).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal
from pathlib import Path

from axos_data import os_errors, spreadsheet
from axos_data.errors import ImportRefused, InvalidInput
from axos_data.lines_file import decode_text

LAYOUTS: dict[str, tuple[str, ...]] = {
    "customers": (
        "customer_no",
        "orgnr",
        "name",
        "address",
        "postcode",
        "city",
        "country",
        "email",
        "active",
        "id",
    ),
    "products": ("sku", "name", "unit", "unit_price", "vat_rate", "active"),
    "employees": ("email", "name", "role", "active"),
}
FORMATS = ("csv", "xlsx")


def format_of(path: Path, requested: str | None = None) -> str:
    """csv or xlsx: as requested, else from the file's ending."""
    fmt = (requested or path.suffix.lstrip(".")).lower()
    if fmt not in FORMATS:
        raise InvalidInput(f"{path.name}: bruk en .csv- eller .xlsx-fil (ikke «{fmt}»).")
    return fmt


# ---- writing ----------------------------------------------------------------------------


def csv_bytes(columns: tuple[str, ...], rows: list[dict]) -> bytes:
    out = io.StringIO()
    out.write(";".join(columns) + "\r\n")
    for row in rows:
        out.write(";".join(_csv_cell(row.get(column)) for column in columns) + "\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, int):
        return str(value)
    return spreadsheet.csv_text_reversible(str(value))


def xlsx_bytes(columns: tuple[str, ...], rows: list[dict], sheet_name: str) -> bytes:
    import xlsxwriter

    buffer = io.BytesIO()
    # write_string never makes a formula; the options keep a stray write() from doing so too.
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet(sheet_name)
    bold = book.add_format({"bold": True})
    price = book.add_format({"num_format": "0.00##"})
    as_text = book.add_format({"quote_prefix": True})
    for c, column in enumerate(columns):
        sheet.write_string(0, c, column, bold)
        sheet.set_column(c, c, 30 if column in ("name", "address", "email") else 14)
    for r, row in enumerate(rows, start=1):
        for c, column in enumerate(columns):
            value = row.get(column)
            if value is None:
                continue
            if isinstance(value, bool):
                sheet.write_boolean(r, c, value)
            elif isinstance(value, Decimal) and Decimal(repr(float(value))) == value:
                sheet.write_number(r, c, float(value), price)
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:  # text, and a price a double cannot hold exactly
                text = f"{value:f}" if isinstance(value, Decimal) else str(value)
                risky = spreadsheet.starts_like_formula(text)
                sheet.write_string(r, c, text, as_text if risky else None)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


# ---- reading ----------------------------------------------------------------------------


def read_table(
    path: Path, columns: tuple[str, ...]
) -> tuple[list[str], list[tuple[int, dict[str, object]]]]:
    """The headings and the data rows of a master-data file as (row number, {column: cell});
    the row number is
    the one a spreadsheet shows (the heading is row 1). Empty rows are left out. Cells are
    text (CSV, restored from our neutralising), or text/number/bool from Excel; empty is None.
    A heading that is not in `columns`, or given twice, refuses the file."""
    fmt = format_of(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidInput(f"Kan ikke lese {path.name}: {os_errors.reason(error)}.") from None
    table = _csv_rows(data, path) if fmt == "csv" else _xlsx_rows(data, path)
    if not table:
        raise ImportRefused(f"{path.name} er tom; rad 1 må ha kolonnenavnene.", row=1)
    headings = [_heading(cell) for cell in table[0]]
    while headings and headings[-1] == "":
        headings.pop()
    _check_headings(headings, columns, path)
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        extra = [cell for cell in cells[len(headings) :] if _cell(cell) is not None]
        if extra:
            raise ImportRefused(
                f"Rad {number}: har verdier utenfor kolonnene ({len(headings)} kolonner).",
                row=number,
            )
        row = {h: _cell(cells[i]) if i < len(cells) else None for i, h in enumerate(headings)}
        if any(value is not None for value in row.values()):
            rows.append((number, row))
    return headings, rows


def _heading(cell: object) -> str:
    return "" if cell is None else str(cell).strip().lstrip("\ufeff").lower()


def _check_headings(headings: list[str], columns: tuple[str, ...], path: Path) -> None:
    unknown = [h or "(tom)" for h in headings if h not in columns]
    if unknown:
        raise ImportRefused(
            f"{path.name}, rad 1: ukjente kolonner {', '.join(unknown)};"
            f" gyldige er {', '.join(columns)}.",
            row=1,
        )
    twice = sorted({h for h in headings if headings.count(h) > 1})
    if twice:
        raise ImportRefused(
            f"{path.name}, rad 1: kolonnen {', '.join(twice)} står flere ganger.", row=1
        )


def _cell(value: object) -> object:
    """None for an empty cell; text stripped of our neutralising quote; numbers and bools as
    they are (an Excel number that is whole comes back as int)."""
    if value is None:
        return None
    if isinstance(value, str):
        return None if value.strip() == "" else value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    return value


def _csv_rows(data: bytes, path: Path) -> list[list[object]]:
    text = decode_text(data, path)
    first = text.splitlines()[0] if text.strip() else ""
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as error:
        raise ImportRefused(f"{path.name} er ikke en gyldig CSV-fil: {error}.") from None
    return [[spreadsheet.restore(cell) for cell in row] for row in rows]


def _xlsx_rows(data: bytes, path: Path) -> list[list[object]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as error:
        raise ImportRefused(
            f"{path.name} er ikke en Excel-fil (.xlsx) som kan leses: {error}."
        ) from None
    try:
        sheet = book.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
