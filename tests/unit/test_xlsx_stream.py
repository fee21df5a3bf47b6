"""The streamed Excel writer (xlsx_stream) against xlsxwriter's own cell-by-cell writing: every
cell as openpyxl reads it (value, type, number format, bold, quote prefix), the frozen header
and the sheet's dimensions must be the same, for awkward texts and numbers as well."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from decimal import Decimal

import openpyxl
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from axos_data import spreadsheet, xlsx_stream

COLUMNS = [
    ("order_no", "int"),
    ("issue_date", "date"),
    ("customer_name", "text"),
    ("line_no", "int"),
    ("description", "text"),
    ("quantity", "dec3"),
    ("unit_price", "dec4"),
    ("net_amount", "dec2"),
    ("note", "text"),
]
FORMATS = {"dec2": "0.00", "dec3": "0.000", "dec4": "0.00##", "date": "yyyy-mm-dd"}


def reference_book(path, columns, rows) -> None:
    """The writer the export used before xlsx_stream, call for call (xlsxwriter's cell API)."""
    book = xlsxwriter.Workbook(
        str(path),
        {"constant_memory": True, "strings_to_formulas": False, "strings_to_urls": False},
    )
    sheet = book.add_worksheet("Linjer")
    formats = {kind: book.add_format({"num_format": f}) for kind, f in FORMATS.items()}
    quoted = book.add_format({"quote_prefix": True})
    bold = book.add_format({"bold": True})
    for c, (name, _) in enumerate(columns):
        sheet.write_string(0, c, name, bold)
    sheet.freeze_panes(1, 0)
    for r, row in enumerate(rows, start=1):
        for c, (name, kind) in enumerate(columns):
            value = row.get(name)
            if value is None:
                continue
            if kind == "date":
                sheet.write_datetime(r, c, dt.datetime.combine(value, dt.time()), formats["date"])
            elif isinstance(value, Decimal) and Decimal(repr(float(value))) == value:
                sheet.write_number(r, c, float(value), formats[kind])
            elif isinstance(value, int):
                sheet.write_number(r, c, value)
            else:
                text = f"{value:f}" if isinstance(value, Decimal) else str(value)
                risky = spreadsheet.starts_like_formula(text)
                sheet.write_string(r, c, text, quoted if risky else None)
    book.close()


def streamed_book(path, columns, rows, chunk=3) -> None:
    sheet = xlsx_stream.StreamedSheet(path, columns, "Linjer", shared=3)
    for start in range(0, len(rows), chunk):
        sheet.write(rows[start : start + chunk])
    sheet.close()


def cells(path) -> dict:
    sheet = openpyxl.load_workbook(path).active
    seen = {
        "title": sheet.title,
        "freeze": sheet.freeze_panes,
        "dimensions": sheet.dimensions,
    }
    for row in sheet.iter_rows():
        for cell in row:
            seen[cell.coordinate] = (
                cell.value,
                type(cell.value).__name__,
                cell.data_type,
                cell.number_format,
                bool(cell.font.b),
                bool(cell.quotePrefix),
            )
    return seen


def sheet_data(path, seen: dict) -> str:
    """The sheet's <sheetData> XML, each style index replaced by what it stands for (the two
    books number their styles differently): the same bytes means the same cells, including
    what openpyxl does not show, such as xml:space="preserve"."""
    with zipfile.ZipFile(path) as book:
        xml = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    data = xml[xml.index("<sheetData") : xml.index("</sheetData>")]
    return re.sub(
        r'<c r="([A-Z]+\d+)" s="\d+"', lambda m: f'<c r="{m[1]}" s="{seen[m[1]][3:]}"', data
    )


def assert_same_as_reference(tmp_path, rows, columns=COLUMNS) -> None:
    reference_book(tmp_path / "reference.xlsx", columns, rows)
    streamed_book(tmp_path / "streamed.xlsx", columns, rows)
    mine, theirs = cells(tmp_path / "streamed.xlsx"), cells(tmp_path / "reference.xlsx")
    assert mine == theirs
    assert sheet_data(tmp_path / "streamed.xlsx", mine) == sheet_data(
        tmp_path / "reference.xlsx", theirs
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["reference.xlsx", "streamed.xlsx"]


def _row(order_no, line_no, description, **more):
    return {
        "order_no": order_no,
        "issue_date": dt.date(2026, 12, 1),
        "customer_name": "Áltá Čájá AS",
        "line_no": line_no,
        "description": description,
        "quantity": Decimal("7.500"),
        "unit_price": Decimal("1250.0000"),
        "net_amount": Decimal("8203.13"),
    } | more


def test_awkward_cells_read_back_as_xlsxwriter_wrote_them(tmp_path):
    rows = [
        _row(10001, 1, '=HYPERLINK("x")', note="  leading and trailing  "),
        _row(10001, 2, 'Kaffe & kaker <fredag> "ekstra"', quantity=Decimal("0.001")),
        _row(10001, 3, "tab\tbell\x07 nul\x00 _x0041_ line\nbreak", note="-5"),
        _row(10002, 1, "Sámi: Áá Čč Đđ Ŋŋ Šš Ŧŧ Žž, emoji 🧾", unit_price=Decimal("0.1000")),
        _row(10002, 2, "x" * 40_000, net_amount=Decimal("-0.00"), note="\ufffe\uffff"),
        _row(10003, 1, None, quantity=None, issue_date=dt.date(1900, 2, 28)),
        _row(10003, 2, "1e5", net_amount=Decimal("123456789012345.67"), note="@SUM(A1)"),
        _row(10004, 1, "", unit_price=Decimal("0.3333"), issue_date=dt.date(1900, 3, 1)),
        _row(10004, 2**60, "🧾" * 20_000, issue_date=dt.date(1900, 3, 1)),
    ]
    assert_same_as_reference(tmp_path, rows)


def test_empty_sheet_has_only_the_header(tmp_path):
    assert_same_as_reference(tmp_path, [])


def test_last_columns_empty(tmp_path):
    rows = [_row(10001, 1, "a", net_amount=None), _row(10001, 2, "b", net_amount=None)]
    assert_same_as_reference(tmp_path, rows)


def test_rich_text_markup_is_shown_as_typed(tmp_path):
    """xlsxwriter would write this text as raw XML; the streamed writer escapes it."""
    path = tmp_path / "streamed.xlsx"
    streamed_book(path, COLUMNS, [_row(10001, 1, "<r><t>bold</t></r>")])
    assert openpyxl.load_workbook(path).active["E2"].value == "<r><t>bold</t></r>"


texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=30).filter(
    lambda t: not (t.startswith("<r>") and t.endswith("</r>"))
)
decimals = st.decimals(min_value=-(10**12), max_value=10**12, places=4, allow_nan=False)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    st.lists(
        st.fixed_dictionaries(
            {
                "order_no": st.integers(10_000, 10_003),
                "issue_date": st.dates(dt.date(1900, 1, 1), dt.date(2100, 1, 1)),
                "customer_name": texts,
                "line_no": st.integers(-(2**62), 2**62),
                "description": st.none() | texts,
                "quantity": st.none() | decimals,
                "unit_price": decimals,
                "net_amount": decimals,
                "note": st.none() | texts | st.integers(0, 99),
            }
        ),
        max_size=8,
    )
)
def test_random_rows_read_back_as_xlsxwriter_wrote_them(tmp_path_factory, rows):
    rows.sort(key=lambda r: r["order_no"])
    # The shared columns repeat within an order, as the export's header fields do.
    for row in rows:
        first = next(r for r in rows if r["order_no"] == row["order_no"])
        row["issue_date"], row["customer_name"] = first["issue_date"], first["customer_name"]
    assert_same_as_reference(tmp_path_factory.mktemp("book"), rows)
