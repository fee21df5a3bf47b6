"""Downloads say what the page says: «E-post» as the invoice method, not the key «email»."""

import io
import zipfile

import polars as pl

from axos_data.app import downloads
from axos_data.model import INVOICE_METHODS


def _frame() -> pl.DataFrame:
    return pl.DataFrame(
        {"order_no": [10001, 10002, 10003], "invoice_method": ["email", "ehf", None]}
    )


def test_csv_shows_invoice_methods_by_their_labels():
    text = downloads.csv_bytes(_frame(), INVOICE_METHODS).decode("utf-8-sig").splitlines()
    assert text == ["Ordrenr.;Fakturametode", "10001;E-post", "10002;EHF", "10003;"]


def test_excel_shows_invoice_methods_by_their_labels():
    book = zipfile.ZipFile(io.BytesIO(downloads.xlsx_bytes(_frame(), INVOICE_METHODS)))
    strings = (
        book.read("xl/sharedStrings.xml").decode()
        if "xl/sharedStrings.xml" in (book.namelist())
        else book.read("xl/worksheets/sheet1.xml").decode()
    )
    assert "E-post" in strings and ">email<" not in strings


def test_a_method_an_admin_added_is_shown_by_its_label():
    frame = pl.DataFrame({"order_no": [10001], "invoice_method": ["papir"]})
    methods = {**INVOICE_METHODS, "papir": "Papir"}
    assert downloads.csv_bytes(frame, methods).decode("utf-8-sig").splitlines()[1] == "10001;Papir"
