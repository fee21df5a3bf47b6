"""Hostile input everywhere: SQL fragments, 100,000-character strings, control characters,
emoji, right-to-left text, Sami letters, combining marks and invisible characters in every
text field of the library, the search box and list filters, and lines-file names.

Each value is either stored and shown back exactly — order detail, order list, the CLI's
--json, the CSV and Excel downloads and the PDF's text — or refused with an AxosError; never a
raw DuckDB/Python exception and never a changed value. (Length limits and refusals of
invisible-only text may land later; "stored exactly OR refused" holds before and after.)
The count of inputs tried and handled goes to test-artifacts/reliability/hostile.txt.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import subprocess
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

import pytest
from click.testing import CliRunner

import axos_data as ax
from axos_data import lines_file, pdf
from axos_data import search as search_index
from axos_data.app import downloads
from axos_data.cli import cli

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "reliability"

CORPUS = {
    "sql drop": "'; DROP TABLE orders; --",
    "sql or": "x' OR '1'='1",
    "like percent": "%",
    "like underscore": "_",
    "backslash": "C:\\temp\\ny\\",
    "100k": "Lang tittel " + "ø" * 100_000,
    "NUL": "før\x00etter",
    "ESC colour": "\x1b[31mrød\x1b[0m",
    "OSC title": "\x1b]0;hacket\x07vanlig",
    "CR LF": "linje1\r\nlinje2",
    "tab": "kolonne\tkolonne",
    "emoji": "Takk 👍🏽 fra 👨‍👩‍👧‍👦 🇳🇴",
    "arabic": "مرحبا بالعالم",
    "hebrew": "שלום עולם",
    "RLO": "faktura\u202eexe.pdf",
    "sami": "Čáhppes ŋoađđi šŧž đ áÁ",
    "combining": "e\u0301 o\u0308 a\u030a Z\u0324\u0354\u0367",
    "zero width": "\u200b",
    "formula": '=HYPERLINK("http://evil.example","klikk")',
}
# Lone surrogates cannot be stored as UTF-8; the `bounds` branch refuses them as AxosError.
SURROGATES = {"lone high": "før\ud800etter", "lone low": "\udfff"}
PDF_COMPARED_LENGTH = 200
EXCEL_CELL_LIMIT = 32_767  # characters Excel keeps in one cell
LINE_SPEC = {"quantity": 1, "unit_price": "10"}


@dataclass
class Tally:
    """Every (field, input) tried, and what went wrong where the rule broke."""

    tried: int = 0
    handled: int = 0
    failures: list[str] = field(default_factory=list)

    def attempt(self, where: str, name: str, action, shown=None) -> object:
        """Run `action`; a result must show the value back (shown(result) is True or a
        message); an AxosError is a clean refusal; anything else is a failure."""
        self.tried += 1
        try:
            result = action()
        except ax.AxosError:
            self.handled += 1
            return None
        except Exception as error:  # the rule under test: no raw exception
            self.failures.append(f"{where} [{name}]: raw {type(error).__name__}: {error!s:.200}")
            return None
        problem = shown(result) if shown else True
        if problem is True:
            self.handled += 1
        else:
            self.failures.append(f"{where} [{name}]: {problem}")
        return result

    def check(self, where: str, name: str, ok: bool, detail: str = "changed") -> None:
        self.tried += 1
        if ok:
            self.handled += 1
        else:
            self.failures.append(f"{where} [{name}]: {detail}")


def same(expected: str):
    return lambda got: True if got == expected else f"shown back as {got!r:.80}"


def pdf_text(data: bytes, tmp_path: Path) -> str:
    target = tmp_path / "confirmation.pdf"
    target.write_bytes(data)
    return subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(target), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def printable_in_pdf(value: str) -> bool:
    """Left-to-right letters, digits and punctuation a PDF font has: what pdftotext can give
    back as typed. Right-to-left scripts, emoji, control and invisible characters are printed
    by shaping rules or as U+FFFD (documented), so they are not compared character by
    character."""
    for ch in value:
        if ch.isspace():
            continue
        if unicodedata.bidirectional(ch) in ("R", "AL", "RLO", "LRO", "PDF", "RLE", "LRE"):
            return False
        if unicodedata.category(ch) in ("Cc", "Cf", "Mn", "So", "Sk", "Cs"):
            return False
    return True


def squeeze(text: str) -> str:
    return "".join(text.split()).replace("\u00ad", "")


def store_everything(con, cast, name: str, value: str, tally: Tally) -> int | None:
    """Put the value in every text field of an order; returns the order number."""
    order_no = tally.attempt(
        "order title + reference",
        name,
        lambda: ax.create_order(
            con,
            cast.admin,
            customer_id=cast.customer,
            title=value,
            customer_ref=value,
            our_contact_id=cast.user,
        ),
    )
    if order_no is None:
        order_no = ax.create_order(
            con, cast.admin, customer_id=cast.customer, title="Reserve", our_contact_id=cast.user
        )
    tally.attempt(
        "line description + unit",
        name,
        lambda: ax.add_line(con, cast.admin, order_no, description=value, unit=value, **LINE_SPEC),
    )
    tally.attempt("group title", name, lambda: ax.add_group(con, cast.admin, order_no, value))
    tally.attempt("comment", name, lambda: ax.add_comment(con, cast.admin, order_no, value))
    tally.attempt(
        "custom field", name, lambda: ax.set_custom_value(con, cast.admin, order_no, "notat", value)
    )
    tally.attempt(
        "header change",
        name,
        lambda: ax.update_order(con, cast.admin, order_no, customer_ref=value),
    )
    tally.attempt(
        "status note",
        name,
        lambda: ax.change_status(con, cast.admin, order_no, "klar_til_fakturering", note=value),
    )
    return order_no


def check_order_shown(con, name: str, value: str, order_no: int, tally: Tally) -> None:
    """Every read of the order shows each stored value exactly."""
    detail = ax.views.order_detail(con, order_no)
    header = detail.header
    if header["title"] != "Reserve":
        tally.check("detail title", name, header["title"] == value)
        tally.check("detail reference", name, header["customer_ref"] == value)
    for line in detail.lines.to_dicts():
        tally.check("detail line", name, line["description"] == value and line["unit"] == value)
    for group in detail.groups.to_dicts():
        tally.check("detail group", name, group["title"] == value)
    for custom in detail.custom_values:
        if custom["value"] is not None:
            tally.check("detail custom field", name, custom["value"] == value)
    comments = [
        a["message"]
        for a in ax.views.order_activity(con, order_no).to_dicts()
        if a["kind"] == "comment"
    ]
    for message in comments:
        tally.check("activity comment", name, message == value)
    notes = [h["note"] for h in ax.views.status_history(con, order_no).to_dicts() if h["note"]]
    for note in notes:
        tally.check("status note", name, note == value)
    rows = ax.views.order_list(
        con, ax.views.OrderFilter(customer_id=header["customer_id"]), limit=ax.views.MAX_PAGE
    ).rows.to_dicts()
    [row] = [r for r in rows if r["order_no"] == order_no]
    tally.check("order list title", name, row["title"] == header["title"])


@pytest.fixture
def hostile_db(tmp_path, seeded_template):
    template, cast = seeded_template
    path = tmp_path / "hostile.duckdb"
    shutil.copyfile(template, path)
    con = ax.connect(path)
    ax.define_custom_field(con, cast.admin, key="notat", label="Notat", field_type="text")
    return path, con, cast


def test_hostile_text_is_stored_exactly_or_refused_everywhere(hostile_db, tmp_path):
    path, con, cast = hostile_db
    tally = Tally()
    stored: dict[str, int] = {}
    for name, value in CORPUS.items():
        order_no = store_everything(con, cast, name, value, tally)
        stored[name] = order_no
        check_order_shown(con, name, value, order_no, tally)
        check_masterdata_and_settings(con, cast, name, value, tally)
        check_search_and_filters(con, name, value, order_no, tally)
        check_pdf(con, name, value, order_no, tally, tmp_path)
    check_downloads(con, stored, tally)
    con.close()
    check_cli_json(path, stored, tally)
    check_lines_files(tmp_path, tally)
    report(tally)
    assert not tally.failures, "\n".join(tally.failures)


def check_masterdata_and_settings(con, cast, name: str, value: str, tally: Tally) -> None:
    company = tally.attempt(
        "company name", name, lambda: ax.add_company(con, cast.admin, name=value, address=value)
    )
    if company is not None:
        rows = ax.views.companies(con, limit=10_000).to_dicts()
        tally.check("company shown", name, any(r["name"] == value for r in rows))
        contact = tally.attempt(
            "contact name",
            name,
            lambda: ax.add_contact(con, cast.admin, company_id=company, name=value),
        )
        if contact is not None:
            rows = ax.views.contacts(con, company).to_dicts()
            tally.check("contact shown", name, [r["name"] for r in rows] == [value])
        project = tally.attempt(
            "project name",
            name,
            lambda: ax.add_project(con, cast.admin, name=value, customer_id=company),
        )
        if project is not None:
            rows = ax.views.projects(con, company).to_dicts()
            tally.check("project shown", name, [r["name"] for r in rows] == [value])
    slug = f"{abs(hash(name))}"
    employee = tally.attempt(
        "employee name",
        name,
        lambda: ax.add_employee(con, cast.admin, name=value, email=f"e{slug}@nordlys.no"),
    )
    if employee is not None:
        rows = ax.views.employees(con).to_dicts()
        tally.check("employee shown", name, any(r["name"] == value for r in rows))
    product = tally.attempt(
        "product name + unit",
        name,
        lambda: ax.add_product(
            con, cast.admin, sku=f"H-{slug}", name=value, unit=value, unit_price="1"
        ),
    )
    if product is not None:
        rows = ax.views.products(con, limit=10_000).to_dicts()
        tally.check("product shown", name, any(r["name"] == value for r in rows))
    tally.attempt(
        "settings text",
        name,
        lambda: ax.update_settings(con, cast.admin, company_address=value, company_city=value),
        lambda _: same(value)(ax.get_setting(con, "company_address")),
    )
    ax.update_settings(con, cast.admin, company_address="Storgata 10", company_city="Oslo")


def check_search_and_filters(con, name: str, value: str, order_no: int, tally: Tally) -> None:
    def search():
        return ax.views.order_list(con, ax.views.OrderFilter(search=value), limit=1000)

    def finds_it(page) -> bool | str:
        numbers = page.rows["order_no"].to_list()
        words = search_index.words(value)
        if ax.views.order_detail(con, order_no).header["title"] == value and words:
            return True if order_no in numbers else "search does not find the order"
        return True

    tally.attempt("search box", name, search, finds_it)
    filters = [
        ("status filter", {"statuses": [value]}),
        ("category filter", {"categories": [value]}),
        ("customer filter", {"customer_id": value}),
        ("date filter", {"date_from": value}),
        ("amount filter", {"min_total": value}),
    ]
    for where, given in filters:
        tally.attempt(
            where, name, lambda given=given: ax.views.order_list(con, ax.views.OrderFilter(**given))
        )
    tally.attempt("sort", name, lambda: ax.views.order_list(con, sort=value))


def check_pdf(con, name: str, value: str, order_no: int, tally: Tally, tmp_path: Path) -> None:
    data = tally.attempt("pdf", name, lambda: pdf.render_confirmation(con, order_no))
    # The title is fitted to its line (long ones shortened), so only values of a length a
    # confirmation prints in full are compared.
    if data is None or not printable_in_pdf(value) or len(value) > PDF_COMPARED_LENGTH:
        return
    if not printed_fields_hold(con, order_no, value):  # refused in every field the PDF prints
        return
    text = squeeze(pdf_text(data, tmp_path))
    tally.check("pdf text", name, squeeze(value) in text, "not in the PDF's text")


def printed_fields_hold(con, order_no: int, value: str) -> bool:
    detail = ax.views.order_detail(con, order_no)
    return (
        value in (detail.header["title"], detail.header["customer_ref"])
        or value in detail.lines["description"].to_list()
        or value in detail.groups["title"].to_list()
    )


def check_downloads(con, stored: dict[str, int], tally: Tally) -> None:
    frame = ax.views.export_orders(con)
    csv_text = downloads.csv_bytes(frame, ax.invoice_methods(con)).decode("utf-8-sig")
    reader = csv.reader(io.StringIO(csv_text, newline=""), delimiter=";")
    header, *rows = list(reader)
    by_no = {int(r[0]): dict(zip(header, r, strict=True)) for r in rows}
    xlsx = downloads.xlsx_bytes(frame)
    cells = excel_titles(xlsx)
    for name, order_no in stored.items():
        value = CORPUS[name]
        title = ax.views.order_detail(con, order_no).header["title"]
        if title != value:
            continue
        got = by_no[order_no]["Tittel"]
        # A cell starting like a formula may be neutralised with a leading apostrophe.
        tally.check("csv title", name, got in (value, "'" + value), f"csv shows {got!r:.80}")
        if len(value) <= EXCEL_CELL_LIMIT:
            got = cells.get(order_no)
            tally.check("excel title", name, got in (value, "'" + value), f"xlsx {got!r:.80}")


def excel_titles(xlsx: bytes) -> dict[int, str]:
    """Order number → title cell of the workbook's first sheet (inline strings)."""
    ns = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}
    with zipfile.ZipFile(io.BytesIO(xlsx)) as book:
        sheet = ElementTree.fromstring(book.read("xl/worksheets/sheet1.xml"))
        shared = []
        if "xl/sharedStrings.xml" in book.namelist():
            strings = ElementTree.fromstring(book.read("xl/sharedStrings.xml"))
            shared = ["".join(t.text or "" for t in si.iter(f"{{{ns['m']}}}t")) for si in strings]
    titles = {}
    for row in sheet.iter(f"{{{ns['m']}}}row"):
        cells = list(row)
        if len(cells) < 2 or cells[0].find("m:v", ns) is None:
            continue
        number = cells[0].find("m:v", ns).text
        if not number.replace(".", "").isdigit():
            continue
        cell = cells[1]
        if cell.get("t") == "s":
            text = shared[int(cell.find("m:v", ns).text)]
        else:
            text = "".join(t.text or "" for t in cell.iter(f"{{{ns['m']}}}t"))
        titles[int(float(number))] = unescape_excel(text)
    return titles


def unescape_excel(text: str) -> str:
    """Undo the _xHHHH_ escapes OOXML uses for control characters."""
    return re.sub(r"_x([0-9A-Fa-f]{4})_", lambda m: chr(int(m.group(1), 16)), text)


def check_cli_json(path: Path, stored: dict[str, int], tally: Tally) -> None:
    runner = CliRunner()
    for name, order_no in stored.items():
        value = CORPUS[name]
        result = runner.invoke(cli, ["--db", str(path), "--json", "order", "show", str(order_no)])
        if result.exit_code != 0:
            tally.check("cli --json", name, False, f"exit {result.exit_code}: {result.output:.200}")
            continue
        shown = json.loads(result.stdout)
        text = json.dumps(shown, ensure_ascii=False)
        title = shown.get("header", shown).get("title")
        if title == "Reserve":
            continue
        tally.check("cli --json title", name, title == value, f"title {title!r:.80}")
        tally.check(
            "cli --json contains every field",
            name,
            json.dumps(value, ensure_ascii=False)[1:-1] in text,
        )


def check_lines_files(tmp_path: Path, tally: Tally) -> None:
    """Lines files with hostile names and descriptions: read exactly or refused."""
    folder = tmp_path / "lines"
    folder.mkdir()
    for name, value in {**CORPUS, **SURROGATES}.items():
        file_name = value[:60].replace("/", "-") + ".json"

        def write_and_read(file_name=file_name, value=value):
            target = folder / file_name
            target.write_text(
                json.dumps(
                    [{"description": value, "quantity": "1", "unit": "stk", "unit_price": "10"}]
                ),
                encoding="utf-8",
            )
            return lines_file.read_lines_file(target)

        def read_back(specs, value=value) -> bool | str:
            return same(value)(specs[0]["description"])

        # Names the file system cannot hold (NUL, a lone surrogate) are the reader's to refuse.
        if "\x00" in file_name or any(0xD800 <= ord(c) <= 0xDFFF for c in file_name):
            tally.attempt(
                "lines file name", name, lambda f=file_name: lines_file.read_lines_file(folder / f)
            )
            continue
        tally.attempt("lines file", name, write_and_read, read_back)


def test_lone_surrogates_are_refused_with_an_axos_error(hostile_db, tmp_path):
    _path, con, cast = hostile_db
    tally = Tally()
    for name, value in SURROGATES.items():
        order_no = store_everything(con, cast, name, value, tally)
        check_masterdata_and_settings(con, cast, name, value, tally)
        check_search_and_filters(con, name, value, order_no, tally)
    con.close()
    assert not tally.failures, "\n".join(tally.failures)


def report(tally: Tally) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary = f"hostile input: {tally.tried} tried, {tally.handled} handled"
    (ARTIFACTS / "hostile.txt").write_text(summary + "\n" + "\n".join(tally.failures) + "\n")
    print(summary)
