"""The finance page's builders on a real database: ready orders with the library's blockers,
sums that equal the export's manifest to the øre, a batch made through the form (the way
marimo submits it) and offered as a zip, refusals kept in the form, batches and receivables."""

from __future__ import annotations

import io
import json
import zipfile
from decimal import Decimal

import axos_data as ax
from axos_data import ehf
from axos_data.access import load_actor
from axos_data.app import finance_page, pages
from axos_data.views import invoicing
from tests.conftest import table_snapshot


def _ready(con, seeded, new_order, *, lines=(("KONS-T", "7.5", "12.5"), ("BOK", 3, 0)), **fields):
    order_no = new_order(**fields)
    for product, quantity, discount in lines:
        ax.add_line(
            con, seeded.admin, order_no, product=product, quantity=quantity, discount_pct=discount
        )
    ax.change_status(con, seeded.admin, order_no, "klar_til_fakturering")
    return order_no


def _cast(con, seeded, new_order):
    """Four ready orders: one clean EHF, one e-mail, one EHF to a customer without orgnr, one
    EHF without a buyer reference; and one order still being worked on."""
    contact = {"contact_id": seeded.contact}
    clean = _ready(con, seeded, new_order, invoice_method="ehf", **contact)
    mail = _ready(
        con,
        seeded,
        new_order,
        invoice_method="email",
        our_contact_id=seeded.admin,
        lines=(("MAT-KG", "1.333", 0),),
    )
    no_orgnr = _ready(
        con,
        seeded,
        new_order,
        invoice_method="ehf",
        customer_id=seeded.other_customer,
        contact_id=seeded.other_contact,
    )
    no_ref = _ready(con, seeded, new_order, invoice_method="ehf")
    new_order()  # under arbeid: not ready
    return clean, mail, no_orgnr, no_ref


def _submit(form, values: dict) -> str | None:
    return form.validate(values)


def _values(**over) -> dict:
    return {
        "choice": ["Alle klare uten hindringer"],
        "order_nos": "",
        "reexport": False,
        "status_change": True,
        **over,
    }


def test_the_page_is_in_everyones_menu(con, seeded):
    for who in (seeded.user, seeded.admin):
        assert "okonomi" in [p.slug for p in pages.menu_for(load_actor(con, who))]
    assert pages.by_slug("okonomi").file == "okonomi.py"


def test_blockers_hold_the_ehf_rules_and_the_extra_ones(con, seeded, new_order):
    clean, mail, no_orgnr, no_ref = _cast(con, seeded, new_order)
    empty = new_order(invoice_method="ehf", contact_id=seeded.contact)
    ax.change_status(con, seeded.admin, empty, "klar_til_fakturering")
    rows = {r["order_no"]: r for r in invoicing.ready_for_invoicing(con)}
    assert sorted(rows) == [clean, mail, no_orgnr, no_ref, empty]
    assert rows[clean]["blockers"] == [] and rows[mail]["blockers"] == []
    assert any("mangler organisasjonsnummer" in b for b in rows[no_orgnr]["blockers"])
    assert rows[no_ref]["blockers"] == [
        "EHF-fakturaen får ingen bestillerreferanse: fyll inn kundens referanse eller"
        " velg en kontaktperson."
    ]
    assert rows[empty]["blockers"] == ["Ordren har ingen linjer."]
    # Every EHF rule of the library is among the page's blockers for an EHF order.
    for number in (clean, no_orgnr, no_ref, empty):
        assert set(ehf.ehf_blockers(con, number)) <= set(rows[number]["blockers"])

    ax.update_settings(con, seeded.admin, company_bank_account="")
    again = {r["order_no"]: r for r in invoicing.ready_for_invoicing(con)}
    assert again[mail]["blockers"][0].startswith("Firmaprofilen mangler")
    assert set(ehf.ehf_blockers(con, clean)) <= set(again[clean]["blockers"])


def test_sums_by_customer_and_employee(con, seeded, new_order):
    clean, mail, no_orgnr, no_ref = _cast(con, seeded, new_order)
    rows = invoicing.ready_for_invoicing(con)
    by_customer = {g["id"]: g for g in invoicing.invoicing_sums(rows, "customer")}
    by_employee = {g["id"]: g for g in invoicing.invoicing_sums(rows, "employee")}
    totals = dict(con.execute("SELECT order_no, total FROM orders").fetchall())
    assert by_customer[seeded.customer]["orders"] == 3
    assert by_customer[seeded.customer]["blocked"] == 1
    assert by_customer[seeded.customer]["total"] == totals[clean] + totals[mail] + totals[no_ref]
    assert by_customer[seeded.other_customer]["total"] == totals[no_orgnr]
    assert by_employee[seeded.admin]["total"] == totals[mail]
    assert by_employee[seeded.user]["orders"] == 3
    html = finance_page.sums_table(rows, "customer").text
    assert "Fjordtun Bygg AS" in html and "Čáhppes Sámi Design" in html


def _manifest_totals(data: bytes) -> dict:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {"manifest.json", "lines.csv", "orders.csv"} <= set(archive.namelist())
        return json.loads(archive.read("manifest.json"))


def test_page_totals_equal_the_export_manifest_to_the_ore(con, seeded, new_order):
    _cast(con, seeded, new_order)
    rows = invoicing.ready_for_invoicing(con)
    page = invoicing.invoicing_totals(rows)
    shown = finance_page.ready_section(rows).text
    assert finance_page.ui.nok(page["total"]) in shown

    desk = finance_page.FinanceDesk(con, seeded.admin)
    assert (
        _submit(
            finance_page.export_form(desk), _values(choice=["Alle klare (også med hindringer)"])
        )
        is None
    )
    manifest = _manifest_totals(desk.zip_data)
    assert manifest["order_count"] == page["orders"] == 4
    assert Decimal(manifest["totals"]["net"]) == page["net"]
    assert Decimal(manifest["totals"]["vat"]) == page["vat"]
    assert Decimal(manifest["totals"]["total"]) == page["total"]
    assert invoicing.ready_for_invoicing(con) == []  # all moved to «Fakturert»


def test_default_batch_takes_the_unblocked_orders_and_offers_a_zip(con, seeded, new_order):
    _clean, _mail, no_orgnr, no_ref = _cast(con, seeded, new_order)
    clear = [r for r in invoicing.ready_for_invoicing(con) if not r["blockers"]]
    expected = invoicing.invoicing_totals(clear)
    desk = finance_page.FinanceDesk(con, seeded.user)
    outcome = finance_page.make_batch(desk, _values(choice="unblocked"))
    assert outcome.ok and "Fakturagrunnlag 1 er laget: 2 ordrer" in outcome.text
    desk.finish(outcome)  # what the form's on_change does after a successful submit
    assert desk.zip_name == "fakturagrunnlag-000001.zip"
    manifest = _manifest_totals(desk.zip_data)
    assert Decimal(manifest["totals"]["total"]) == expected["total"]
    with zipfile.ZipFile(io.BytesIO(desk.zip_data)) as archive:
        assert any(n.startswith("ehf/") for n in archive.namelist())
    assert "fakturagrunnlag-000001.zip" in finance_page.export_outcome(desk).text
    left = [r["order_no"] for r in invoicing.ready_for_invoicing(con)]
    assert left == [no_orgnr, no_ref]

    batches = invoicing.invoice_batches(con)
    assert [(b["id"], b["order_count"], b["total"]) for b in batches] == [(1, 2, expected["total"])]
    assert "Ola Hansen" in finance_page.batches_table(con).text


def test_refusals_stay_in_the_form_and_change_nothing(con, seeded, new_order):
    clean, *_ = _cast(con, seeded, new_order)
    desk = finance_page.FinanceDesk(con, seeded.admin)
    listed = _values(choice=["Ordrenumrene under"], order_nos=f"{clean}")
    assert _submit(finance_page.export_form(desk), listed) is None
    before = table_snapshot(con)
    said = _submit(finance_page.export_form(desk), listed)
    assert said and f"Ordre {clean} er eksportert til fakturagrunnlag før" in said
    said = _submit(finance_page.export_form(desk), {**listed, "order_nos": "12x"})
    assert said == "«12x» er ikke et ordrenummer."
    said = _submit(finance_page.export_form(desk), {**listed, "order_nos": "999999"})
    assert said and "999999" in said
    assert table_snapshot(con) == before
    # Re-export keeps the invoice number and makes a new batch.
    assert _submit(finance_page.export_form(desk), {**listed, "reexport": True}) is None
    assert [b["reexported"] for b in invoicing.invoice_batches(con)] == [1, 0]


def test_nothing_ready_is_refused(con, seeded):
    desk = finance_page.FinanceDesk(con, seeded.admin)
    said = _submit(finance_page.export_form(desk), _values())
    assert said == "Ingen ordrer er klare til fakturering uten hindringer."
    assert "Ingen ordrer har status" in finance_page.ready_section([]).text
    assert "Ingen fakturagrunnlag" in finance_page.batches_table(con).text


def test_receivables_sections_show_the_payment_views(con, seeded, new_order):
    clean, mail, *_ = _cast(con, seeded, new_order)
    desk = finance_page.FinanceDesk(con, seeded.admin)
    assert _submit(finance_page.export_form(desk), _values()) is None
    summary = finance_page.summary_table(con).text
    assert "Fakturert" in summary
    total = con.execute(
        "SELECT sum(total) FROM orders WHERE order_no IN (?, ?)", [clean, mail]
    ).fetchone()[0]
    assert finance_page.ui.nok(total) in summary  # both invoiced, nothing paid yet
    assert "0–14" in finance_page.ageing_table(con).text
    assert "Ingen delbetalinger" in finance_page.differences_table(con).text
    assert "Ingen innbetalinger uten treff" in finance_page.unmatched_section(con).text


def test_the_ready_list_names_invoice_methods_by_their_labels(con, seeded, new_order):
    _cast(con, seeded, new_order)
    rows = invoicing.ready_for_invoicing(con)
    assert rows and all(r["invoice_method_label"] for r in rows)
    labels = ax.invoice_methods(con)
    shown = finance_page.ready_section(rows).text
    for row in rows:
        assert f">{labels[row['invoice_method']]}<" in shown
    assert ">email<" not in shown
