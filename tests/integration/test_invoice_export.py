"""Invoice basis export: selection, files and manifest, EHF, invoice numbers, status, batches,
re-export, and all-or-nothing failure."""

import csv
import hashlib
import io
import json
import os
import re
from decimal import Decimal

import openpyxl
import polars as pl
import pytest

import axos_data as ax
from axos_data import ehf_validate, invoice_basis, views
from axos_data.services import invoice_files
from tests.conftest import table_snapshot


def _ready(con, seeded, new_order, *, method="ehf", customer=None, lines=None, ready=True):
    fields = {"invoice_method": method}
    if customer is not None:
        fields["customer_id"] = customer
    order_no = new_order(**fields)
    for product, quantity, discount in (
        lines
        if lines is not None
        else [
            ("KONS-T", "7.5", "12.5"),
            ("MAT-KG", "1.333", 0),
            ("BOK", 3, 0),
        ]
    ):
        ax.add_line(
            con, seeded.admin, order_no, product=product, quantity=quantity, discount_pct=discount
        )
    if ready:
        ax.change_status(con, seeded.admin, order_no, "klar_til_fakturering")
    return order_no


def _csv(path):
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))


def _dec(text):
    return Decimal(text.replace(",", "."))


def _status(con, order_no):
    return con.execute("SELECT status FROM orders WHERE order_no = ?", [order_no]).fetchone()[0]


def test_default_selection_files_totals_and_manifest(con, seeded, new_order, tmp_path):
    ehf_order = _ready(con, seeded, new_order)
    mail_order = _ready(con, seeded, new_order, method="email")
    no_orgnr = _ready(con, seeded, new_order, customer=seeded.other_customer)
    _ready(con, seeded, new_order, ready=False)  # under arbeid: not selected
    batch = ax.export_invoices(con, seeded.admin, tmp_path / "out")
    assert batch.order_nos == [ehf_order, mail_order, no_orgnr]
    folder = batch.folder
    assert folder.parent == tmp_path / "out" and folder.is_dir()
    assert sorted(os.listdir(tmp_path / "out")) == [folder.name]  # no temp folder left

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["batch_id"] == batch.id and manifest["order_count"] == 3
    assert manifest["created_by"]["name"] == "Kari Nordmann"
    assert manifest["filter"] == {"statuses": ["klar_til_fakturering"]}
    listed = {f["name"]: f["sha256"] for f in manifest["files"]}
    assert set(listed) == {
        "lines.csv",
        "lines.parquet",
        "lines.xlsx",
        "orders.csv",
        f"ehf/{batch.invoice_nos[ehf_order]}.xml",
    }
    for name, digest in listed.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    reasons = {e["order_no"]: e["reason"] for e in manifest["not_ehf"]}
    assert reasons[mail_order] == "Fakturametoden er ikke EHF."
    assert "mangler organisasjonsnummer" in reasons[no_orgnr] and ehf_order not in reasons

    # EHF only for the EHF order, valid against the official rules
    assert os.listdir(folder / "ehf") == [f"{batch.invoice_nos[ehf_order]}.xml"]
    result = ehf_validate.validate_bytes(
        (folder / "ehf" / os.listdir(folder / "ehf")[0]).read_bytes()
    )
    assert result.valid and not result.fatal

    # Totals in every file equal the library's to the øre
    details = {n: views.order_detail(con, n).totals for n in batch.order_nos}
    orders = {int(r["order_no"]): r for r in _csv(folder / "orders.csv")}
    lines = _csv(folder / "lines.csv")
    parquet = pl.read_parquet(folder / "lines.parquet")
    book = openpyxl.load_workbook(folder / "lines.xlsx", read_only=True)
    sheet_rows = list(book.active.iter_rows(values_only=True))
    assert list(sheet_rows[0]) == [c.name for c in invoice_basis.LINES_FILE_COLUMNS]
    assert [c for c in lines[0]] == [c.name for c in invoice_basis.LINES_FILE_COLUMNS]
    assert parquet.columns == [c.name for c in invoice_basis.LINES_FILE_COLUMNS]
    for number, totals in details.items():
        row = orders[number]
        assert (_dec(row["net_total"]), _dec(row["vat_total"]), _dec(row["total"])) == (
            totals.net,
            totals.vat_total,
            totals.total,
        )
        mine = [r for r in lines if int(r["order_no"]) == number]
        assert sum(_dec(r["net_amount"]) for r in mine) == totals.net
        assert sum(_dec(r["vat_amount"]) for r in mine) == totals.vat_total
        assert sum(_dec(r["gross_amount"]) for r in mine) == totals.total
        pq_rows = parquet.filter(pl.col("order_no") == number)
        assert pq_rows["gross_amount"].sum() == totals.total
        xl = [r for r in sheet_rows[1:] if r[0] == number]
        assert round(sum(Decimal(str(r[-1])) for r in xl), 2) == totals.total
        assert sum(_dec(row[f"net_{c}"]) for c in ax.vat_codes.CODES) == totals.net
    assert Decimal(manifest["totals"]["total"]) == sum(t.total for t in details.values())
    by_code = manifest["totals"]["by_vat_code"]
    assert (
        by_code["fritatt"]["saft_tax_code"] == "5" and by_code["standard"]["saft_tax_code"] == "3"
    )
    assert {r["saft_tax_code"] for r in lines} == {"3", "31", "5"}
    assert lines[0]["kid"] == ax.no.make_kid(ehf_order)


def test_formula_text_is_neutralised(con, seeded, new_order, tmp_path):
    order_no = _ready(con, seeded, new_order, lines=[], ready=False)
    ax.add_line(
        con,
        seeded.admin,
        order_no,
        description='=HYPERLINK("x")',
        quantity=1,
        unit="stk",
        unit_price=10,
        vat_rate=25,
    )
    batch = ax.export_invoices(
        con, seeded.admin, tmp_path, order_nos=[order_no], status_change=False
    )
    assert _csv(batch.folder / "lines.csv")[0]["description"] == '\'=HYPERLINK("x")'
    cell = openpyxl.load_workbook(batch.folder / "lines.xlsx").active.cell(2, 24)
    assert cell.value == '=HYPERLINK("x")' and cell.data_type == "s" and cell.quotePrefix


def test_filters_status_and_order_numbers(con, seeded, new_order, tmp_path):
    working = _ready(con, seeded, new_order, ready=False)
    ready = _ready(con, seeded, new_order)
    other = _ready(con, seeded, new_order, customer=seeded.other_customer)
    by_status = ax.export_invoices(
        con,
        seeded.admin,
        tmp_path,
        filters=views.OrderFilter(statuses=["under_arbeid"]),
        status_change=False,
    )
    assert by_status.order_nos == [working]
    by_customer = ax.export_invoices(
        con, seeded.admin, tmp_path, filters=views.OrderFilter(customer_id=seeded.other_customer)
    )
    assert by_customer.order_nos == [other]
    by_number = ax.export_invoices(con, seeded.admin, tmp_path, order_nos=[ready])
    assert by_number.order_nos == [ready]
    with pytest.raises(ax.NoOrdersToExport):
        ax.export_invoices(con, seeded.admin, tmp_path)
    with pytest.raises(ax.UnknownOrder, match="99999"):
        ax.export_invoices(con, seeded.admin, tmp_path, order_nos=[99999])


def test_status_moves_with_history_and_activity(con, seeded, new_order, tmp_path):
    order_no = _ready(con, seeded, new_order)
    batch = ax.export_invoices(con, seeded.admin, tmp_path)
    assert _status(con, order_no) == "fakturert"
    history = con.execute(
        "SELECT from_status, to_status, note FROM order_status_history WHERE order_no = ?"
        " ORDER BY id DESC LIMIT 1",
        [order_no],
    ).fetchone()
    assert history == ("klar_til_fakturering", "fakturert", f"Fakturagrunnlag {batch.id}")
    kinds = [
        r[0]
        for r in con.execute(
            "SELECT kind FROM order_activity WHERE order_no = ? ORDER BY id", [order_no]
        ).fetchall()
    ]
    assert "invoice_exported" in kinds and kinds[-1] == "status_changed"
    stored = con.execute("SELECT order_count, total, folder FROM invoice_batches").fetchall()
    assert stored == [(1, views.order_detail(con, order_no).totals.total, str(batch.folder))]


def test_progress_reports_the_orders_written(con, seeded, new_order, tmp_path):
    numbers = [_ready(con, seeded, new_order) for _ in range(2)]
    calls = []
    batch = ax.export_invoices(
        con, seeded.admin, tmp_path, progress=lambda done, total: calls.append((done, total))
    )
    assert batch.order_nos == numbers and calls == [(2, 2)]


def test_no_status_change(con, seeded, new_order, tmp_path):
    order_no = _ready(con, seeded, new_order)
    ax.export_invoices(con, seeded.admin, tmp_path, status_change=False)
    assert _status(con, order_no) == "klar_til_fakturering"


def test_reexport_refused_then_allowed_keeping_the_invoice_number(
    con, seeded, new_order, refused, tmp_path
):
    first_order = _ready(con, seeded, new_order)
    first = ax.export_invoices(con, seeded.admin, tmp_path, status_change=False)
    with refused(ax.AlreadyInvoiced, str(first_order), "--reexport"):
        ax.export_invoices(con, seeded.admin, tmp_path)
    second_order = _ready(con, seeded, new_order)
    again = ax.export_invoices(con, seeded.admin, tmp_path, reexport=True)
    assert again.invoice_nos[first_order] == first.invoice_nos[first_order]
    assert again.invoice_nos[second_order] == first.invoice_nos[first_order] + 1
    assert again.reexported == [first_order]
    messages = [
        r[0]
        for r in con.execute(
            "SELECT message FROM order_activity WHERE order_no = ? AND kind = 'invoice_exported'"
            " ORDER BY id",
            [first_order],
        ).fetchall()
    ]
    assert messages[-1].startswith("Eksportert på nytt") and len(messages) == 2
    # re-exporting an order already in the target status leaves the status alone
    third = ax.export_invoices(con, seeded.admin, tmp_path, order_nos=[first_order], reexport=True)
    assert _status(con, first_order) == "fakturert" and third.invoice_nos[first_order] == 1


def test_invoice_number_series_starts_from_setting(con, seeded, new_order, tmp_path):
    ax.update_settings(con, seeded.admin, invoice_number_start=5000)
    order_no = _ready(con, seeded, new_order)
    assert ax.export_invoices(con, seeded.admin, tmp_path).invoice_nos[order_no] == 5000


def test_invalid_ehf_fails_the_whole_export_and_changes_nothing(
    con, seeded, new_order, refused, tmp_path, monkeypatch
):
    order_no = _ready(con, seeded, new_order)
    real = invoice_files.build_ehf

    def broken(rows, settings, invoice_no, issue_date):  # a wrong total: BR-CO-15
        xml = real(rows, settings, invoice_no, issue_date)
        return re.sub(rb"(<cbc:TaxInclusiveAmount[^>]*>)[^<]*", rb"\g<1>1.00", xml)

    monkeypatch.setattr(invoice_files, "build_ehf", broken)
    out = tmp_path / "out"
    with refused(ax.EhfInvalid, str(order_no)):
        ax.export_invoices(con, seeded.admin, out)
    assert not out.exists()
    monkeypatch.setattr(invoice_files, "build_ehf", real)
    batch = ax.export_invoices(con, seeded.admin, out)
    # the failed export used no invoice number or batch id: the series has no gap or reuse
    assert batch.id == 1 and batch.invoice_nos[order_no] == 1
    numbers = [r[0] for r in con.execute("SELECT invoice_no FROM order_invoices").fetchall()]
    assert len(numbers) == len(set(numbers))


def test_unwritable_out_dir_changes_nothing(con, seeded, new_order, refused, tmp_path):
    _ready(con, seeded, new_order)
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    before = sorted(os.listdir(tmp_path))
    with refused(ax.ExportFolderProblem, str(blocker)):
        ax.export_invoices(con, seeded.admin, blocker / "out")
    assert sorted(os.listdir(tmp_path)) == before


def test_failure_after_files_removes_the_temp_folder(con, seeded, new_order, refused, tmp_path):
    order_no = _ready(con, seeded, new_order)
    flow_before = table_snapshot(con)
    # The target status is not reachable from "under arbeid": change_status refuses at the end
    ax.update_settings(con, seeded.admin, invoice_export_status="betalt")
    with refused(ax.InvalidStatusTransition, "Betalt"):
        ax.export_invoices(con, seeded.admin, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    assert _status(con, order_no) == "klar_til_fakturering"
    assert table_snapshot(con)["invoice_batches"] == flow_before["invoice_batches"] == []


def test_an_empty_required_field_holds_the_export_and_changes_nothing(
    con, seeded, new_order, refused, tmp_path
):
    # The bulk status move applies the same rule as change_status: no invoiced status while
    # a required field is empty; the whole export is refused.
    first = _ready(con, seeded, new_order)
    ax.define_custom_field(con, seeded.admin, key="po", label="Innkjøpsnr.", required=True)
    second = _ready(con, seeded, new_order, ready=False)
    ax.set_custom_value(con, seeded.admin, second, "po", "PO-1")
    ax.change_status(con, seeded.admin, second, "klar_til_fakturering")
    with refused(ax.RequiredFieldMissing, f"Ordre {first} ", "Innkjøpsnr."):
        ax.export_invoices(con, seeded.admin, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    ax.set_custom_value(con, seeded.admin, first, "po", "PO-0")
    assert sorted(ax.export_invoices(con, seeded.admin, tmp_path / "out").order_nos) == [
        first,
        second,
    ]
    assert _status(con, first) == _status(con, second) == "fakturert"


def test_a_large_batch_validates_in_worker_processes(
    con, seeded, new_order, refused, tmp_path, monkeypatch
):
    # From PARALLEL_FROM orders the EHF files are validated in a process pool; lowered here so
    # that a handful of orders takes that path: valid files pass, a broken one fails it all.
    monkeypatch.setattr(invoice_files, "PARALLEL_FROM", 1)
    numbers = [_ready(con, seeded, new_order) for _ in range(3)]
    real = invoice_files.build_ehf

    def broken_last(rows, settings, invoice_no, issue_date):
        xml = real(rows, settings, invoice_no, issue_date)
        if rows.header["order_no"] != numbers[-1]:
            return xml
        return re.sub(rb"(<cbc:TaxInclusiveAmount[^>]*>)[^<]*", rb"\g<1>1.00", xml)

    monkeypatch.setattr(invoice_files, "build_ehf", broken_last)
    with refused(ax.EhfInvalid, str(numbers[-1]), "BR-CO-15"):
        ax.export_invoices(con, seeded.admin, tmp_path / "out")
    assert not (tmp_path / "out").exists()
    monkeypatch.setattr(invoice_files, "build_ehf", real)
    batch = ax.export_invoices(con, seeded.admin, tmp_path / "out")
    assert sorted(batch.order_nos) == numbers
    names = sorted(name for name in batch.files if name.startswith("ehf/"))
    assert len(names) == 3
    for name in names:
        assert ehf_validate.validate_file(batch.folder / name).valid


def test_the_validation_pool_gives_the_same_results_in_order():
    example = (ehf_validate.peppol_dir() / "examples" / "Norwegian-example-1.xml").read_bytes()
    original = b'<cbc:TaxAmount currencyID="NOK">365.28</cbc:TaxAmount>'
    changed = example.replace(original, b'<cbc:TaxAmount currencyID="NOK">365.29</cbc:TaxAmount>')
    documents = [("a", example), ("b", changed), ("c", example)]
    # window 1 and batches of 2: a result awaited while submitting, the rest at the drain
    with ehf_validate.ValidationPool(workers=2, window=1, batch=2) as pool:
        results = [pair for key, data in documents for pair in pool.submit(key, data)]
        results += pool.drain()
    assert [key for key, _ in results] == ["a", "b", "c"]
    for (key, result), (_, data) in zip(results, documents, strict=True):
        assert result == ehf_validate.validate_bytes(data), key
    assert not results[1][1].valid and results[0][1].valid
