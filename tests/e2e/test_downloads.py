"""The list downloads: Norwegian CSV and a real Excel workbook of the filtered set."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO

import axos_data as ax
from axos_data import views
from axos_data.app import downloads


def test_csv_is_semicolon_separated_with_decimal_commas(app_context):
    con = app_context.cursor()
    frame = views.export_orders(con, views.OrderFilter(statuses=["betalt"]), sort="-total")
    data = downloads.csv_bytes(frame, ax.invoice_methods(con))
    assert data.startswith("\ufeff".encode())
    lines = data.decode("utf-8-sig").splitlines()
    assert lines[0].split(";")[:3] == ["Ordrenr.", "Tittel", "Status"]
    assert len(lines) == frame.height + 1
    first = dict(zip(lines[0].split(";"), lines[1].split(";"), strict=False))
    assert first["Totalt"] == f"{frame['total'][0]:f}".replace(".", ",")
    assert Decimal(first["Totalt"].replace(",", ".")) == frame["total"][0]


def test_xlsx_is_a_workbook_with_every_row(app_context):
    con = app_context.cursor()
    frame = views.export_orders(con, views.OrderFilter(statuses=["fakturert"]))
    data = downloads.xlsx_bytes(frame, ax.invoice_methods(con))
    with zipfile.ZipFile(BytesIO(data)) as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode()
    assert sheet.count("<row ") == frame.height + 1
