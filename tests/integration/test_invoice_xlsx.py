"""lines.xlsx of a real export, read back with openpyxl, holds the same values with the same
types as lines.parquet (the frame): whole numbers as int, amounts as numbers with their
format, dates as dates, texts as the same text (a formula-like one with the quote prefix)."""

import datetime as dt
from decimal import Decimal

import openpyxl
import polars as pl

import axos_data as ax
from axos_data import invoice_basis

FORMATS = {"dec2": "0.00", "dec3": "0.000", "dec4": "0.00##", "date": "yyyy-mm-dd"}


def test_the_sheet_holds_the_frames_values_and_types(con, seeded, new_order, tmp_path):
    numbers = []
    for method, customer in (("ehf", seeded.customer), ("email", seeded.other_customer)):
        order_no = new_order(invoice_method=method, customer_id=customer, customer_ref="=1+1")
        numbers.append(order_no)
        admin = seeded.admin
        ax.add_line(con, admin, order_no, product="KONS-T", quantity="7.5", discount_pct="12.5")
        ax.add_line(con, admin, order_no, product="MAT-KG", quantity="1.333")
        ax.add_line(
            con,
            admin,
            order_no,
            description="  Sámi ŋŧ & <kaffe>\n@leie  ",
            quantity=1,
            unit="stk",
            unit_price="1499.9951",
            vat_rate=12,
        )
        ax.add_line(
            con,
            admin,
            order_no,
            description="-Kreditt",
            quantity=2,
            unit="stk",
            unit_price="-0.1",
            vat_code="eksport",
        )
    batch = ax.export_invoices(con, seeded.admin, tmp_path, order_nos=numbers, status_change=False)
    frame = pl.read_parquet(batch.folder / "lines.parquet")
    sheet = openpyxl.load_workbook(batch.folder / "lines.xlsx").active
    assert sheet.freeze_panes == "A2" and sheet.title == "Linjer"
    header = [c.value for c in sheet[1]]
    assert header == frame.columns and all(c.font.b for c in sheet[1])
    assert sheet.max_row == frame.height + 1 == 9
    kinds = {c.name: c.kind for c in invoice_basis.LINES_FILE_COLUMNS}
    for r, expected in enumerate(frame.iter_rows(named=True), start=2):
        for c, name in enumerate(frame.columns, start=1):
            cell, value = sheet.cell(r, c), expected[name]
            if value is None:
                assert cell.value is None, (r, name)
            elif kinds[name] == "date":
                assert cell.value == dt.datetime.combine(value, dt.time()), (r, name)
                assert cell.number_format == FORMATS["date"]
            elif kinds[name] == "int":
                assert type(cell.value) is int and cell.value == value, (r, name)
            elif kinds[name].startswith("dec"):
                assert type(cell.value) in (int, float), (r, name, cell.value)
                assert Decimal(repr(cell.value)) == value, (r, name)
                assert cell.number_format == FORMATS[kinds[name]], (r, name)
            else:
                assert type(cell.value) is str and cell.value == value, (r, name)
                assert cell.quotePrefix == (value[0] in "=+-@" or value.lstrip()[0] in "=+-@")
    texts = {sheet.cell(r, header.index("description") + 1).value for r in range(2, 10)}
    assert "Sámi ŋŧ & <kaffe>\n@leie" in texts and "-Kreditt" in texts
