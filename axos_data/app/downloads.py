"""CSV and Excel files of an order list, the way Norwegian spreadsheet users open them:
semicolon-separated, decimal comma and a UTF-8 byte-order mark for CSV; real numbers and dates
for Excel."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

import polars as pl

from axos_data import no, spreadsheet

# A data URL of more than this many orders gets slow in the browser; narrow the list first.
EXPORT_LIMIT = 100_000

HEADINGS = {
    "order_no": "Ordrenr.",
    "title": "Tittel",
    "status_label": "Status",
    "customer_name": "Kunde",
    "customer_orgnr": "Org.nr.",
    "contact_name": "Kontaktperson",
    "our_contact_name": "Vår kontakt",
    "project_name": "Prosjekt",
    "order_date": "Ordredato",
    "delivery_date": "Leveringsdato",
    "customer_ref": "Deres referanse",
    "payment_terms_days": "Betalingsfrist (dager)",
    "invoice_method": "Fakturametode",
    "currency": "Valuta",
    "net_total": "Netto",
    "vat_total": "MVA",
    "total": "Totalt",
}


@dataclass(frozen=True)
class CustomColumns:
    """The custom field columns (cf_<key>) of a download: headed by the field's label, values
    typed by the field (dates as dates, numbers as numbers, yes/no as Ja/Nei)."""

    labels: dict[str, str] = field(default_factory=dict)
    types: dict[str, str] = field(default_factory=dict)

    def heading(self, column: str) -> str:
        if column.startswith("cf_") and column[3:] in self.labels:
            return self.labels[column[3:]]
        return HEADINGS.get(column, column)

    def typed(self, frame: pl.DataFrame) -> pl.DataFrame:
        for key, kind in self.types.items():
            column = f"cf_{key}"
            if column not in frame.columns:
                continue
            frame = frame.with_columns(
                pl.col(column).map_elements(
                    lambda v, kind=kind: _custom_cell(kind, v), return_dtype=pl.Object
                )
            )
        return frame


def _custom_cell(kind: str, value: str | None) -> object:
    if value is None:
        return None
    try:
        if kind == "date":
            return dt.date.fromisoformat(value)
        if kind == "number":
            return Decimal(value).normalize()
    except (ValueError, ArithmeticError):
        return value
    if kind == "bool":
        return {"true": "Ja", "false": "Nei"}.get(value, value)
    return value


def _shown(frame: pl.DataFrame, methods: dict[str, str]) -> pl.DataFrame:
    """Values as the page shows them: the invoice method «E-post», not the key «email»."""
    if "invoice_method" not in frame.columns:
        return frame
    return frame.with_columns(
        pl.col("invoice_method").replace_strict(
            methods, default=pl.col("invoice_method"), return_dtype=pl.String
        )
    )


def _csv_cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", ",")
    if isinstance(value, dt.date):
        return no.format_date(value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return spreadsheet.csv_text(str(value))


def csv_bytes(
    frame: pl.DataFrame, invoice_methods: dict[str, str], custom: CustomColumns | None = None
) -> bytes:
    """Semicolon CSV with Norwegian decimals and dates (amounts exact, from Decimal)."""
    custom = custom or CustomColumns()
    frame = custom.typed(_shown(frame, invoice_methods))
    columns = frame.columns
    out = io.StringIO()
    out.write(";".join(_csv_cell(custom.heading(c)) for c in columns) + "\r\n")
    for row in frame.iter_rows():
        out.write(";".join(_csv_cell(v) for v in row) + "\r\n")
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def xlsx_bytes(
    frame: pl.DataFrame, invoice_methods: dict[str, str], custom: CustomColumns | None = None
) -> bytes:
    """An Excel workbook: amounts as numbers with two decimals, dates as dates."""
    import xlsxwriter

    custom = custom or CustomColumns()
    frame = custom.typed(_shown(frame, invoice_methods))
    buffer = io.BytesIO()
    # write_string never makes a formula; the options also keep a stray sheet.write() from
    # turning "=…" into a formula or text into a link.
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,
            "constant_memory": True,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    sheet = book.add_worksheet("Ordrer")
    bold = book.add_format({"bold": True, "bg_color": "#E8EEF8", "border": 1})
    money_format = book.add_format({"num_format": "# ##0.00"})
    date_format = book.add_format({"num_format": "dd.mm.yyyy"})
    # Excel's own "this is text" mark (the quote prefix): the text stays exactly as typed,
    # and editing the cell later does not turn it into a formula either.
    text_format = book.add_format({"quote_prefix": True})
    columns = frame.columns
    for col, name in enumerate(columns):
        sheet.write_string(0, col, custom.heading(name), bold)
        sheet.set_column(col, col, 14 if name not in ("title", "customer_name") else 36)
    for r, row in enumerate(frame.iter_rows(), start=1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, Decimal):
                # Excel keeps every number as a double; øre amounts survive it exactly
                # to well beyond any order total.
                sheet.write_number(r, c, float(value), money_format)
            elif isinstance(value, dt.date):
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), date_format)
            elif isinstance(value, int | float):
                sheet.write_number(r, c, value)
            else:
                text = str(value)
                risky = spreadsheet.starts_like_formula(text)
                sheet.write_string(r, c, text, text_format if risky else None)
    sheet.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()
